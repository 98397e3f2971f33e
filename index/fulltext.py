"""The Whoosh index: its schema, and opening, writing and rebuilding it on disk.

The index is derived from the store. It records the store generation it was
built from; an index that is missing, damaged or stale is rebuilt from the
store rather than trusted.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime, time
from pathlib import Path
from typing import Any

from whoosh import fields, index
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer
from whoosh.support.charset import accent_map

from .models import Article

INDEX_NAME = "articles"


def _analyzer() -> Any:
    # No stop words: Whoosh would renumber positions and "x y" would match "x the y".
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def make_schema() -> fields.Schema:
    """Fields searched by text (title, body, source), by actor and by date."""
    text = _analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        title=fields.TEXT(stored=True, analyzer=text, field_boost=2.0),
        body=fields.TEXT(stored=True, analyzer=text, chars=True),
        source=fields.TEXT(stored=True, analyzer=text),
        date=fields.DATETIME(stored=True),
        # Day number for sorting, 0 when undated, so "newest first" puts undated last.
        day=fields.NUMERIC(int, bits=32, sortable=True, signed=False),
        url=fields.STORED(),
        actor=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
    )


def document(article: Article) -> dict[str, Any]:
    """The Whoosh document for an article."""
    names = sorted({e.actor.replace(",", " ") for e in article.entities})
    doc: dict[str, Any] = {
        "id": article.id, "title": article.title, "body": article.text,
        "source": article.source, "url": article.url,
        "actor": ",".join(names),
        "day": article.date.toordinal() if article.date else 0,
    }
    if article.date:
        doc["date"] = datetime.combine(article.date, time())
    return doc


class FullText:
    """The index directory of one library home."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._generation_file = path / "generation"

    def open(self, generation: int) -> index.Index | None:
        """The index if it opens and matches the store generation; None means rebuild."""
        try:
            if not index.exists_in(str(self.path), INDEX_NAME):
                return None
            if self.built_from() != generation:
                return None
            ix = index.open_dir(str(self.path), indexname=INDEX_NAME)
            ix.doc_count()
            return ix
        except Exception:  # noqa: BLE001 - a damaged index raises many types; rebuild instead
            return None

    def built_from(self) -> int | None:
        """The store generation the index was last committed at."""
        try:
            return int(self._generation_file.read_text().strip())
        except (OSError, ValueError):
            return None

    def mark(self, generation: int) -> None:
        """Record, atomically, that the index now matches a store generation."""
        tmp = self._generation_file.with_suffix(".tmp")
        with open(tmp, "w") as fh:
            fh.write(str(generation))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self._generation_file)

    def create(self) -> index.Index:
        """A new empty index in a fresh directory beside the live one."""
        tmp = self.path.with_name(self.path.name + ".new")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        return index.create_in(str(tmp), make_schema(), indexname=INDEX_NAME)

    def swap_in(self, generation: int) -> index.Index:
        """Replace the live index with the one `create` built."""
        tmp = self.path.with_name(self.path.name + ".new")
        old = self.path.with_name(self.path.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.path.exists():
            os.replace(self.path, old)
        os.replace(tmp, self.path)
        shutil.rmtree(old, ignore_errors=True)
        self.mark(generation)
        return index.open_dir(str(self.path), indexname=INDEX_NAME)
