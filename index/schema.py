"""The Whoosh schema, its analyzer, and the document an article becomes."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from whoosh import fields
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer
from whoosh.support.charset import accent_map

from .models import Article

INDEX_NAME = "articles"
#: Bump when the schema or what goes into a document changes: an index of another version is rebuilt.
SCHEMA_VERSION = 2
#: Fields a query may name.
QUERY_FIELDS = ("title", "body", "source", "actor", "date")


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
        # The store's change number when the article first entered the library ("new since").
        # Signed: whoosh-reloaded 2.7.5 matches every document in wide ranges over unsigned numbers.
        added=fields.NUMERIC(int, bits=64, sortable=True, stored=True),
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
        "added": article.added,
    }
    if article.date:
        doc["date"] = datetime.combine(article.date, time())
    return doc
