"""The bookmark value objects: a marked passage with its note, and a note still being written.

Frozen dataclasses of plain values; the bookmarks file (`bookmark_store`) and the
Library's bookmarks part hand these out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bookmark:
    """A bookmarked passage: where it is, what it says, the note and what it mentions."""

    id: int
    article_id: str
    quote: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None
    note: str
    tags: tuple[str, ...]
    actors: tuple[str, ...]
    title: str
    source: str
    date: str | None
    url: str
    created: str
    updated: str

    @property
    def orphaned(self) -> bool:
        """True when the quote could not be found again in the article's current text."""
        return self.start is None

    def as_json(self) -> dict[str, object]:
        """The bookmark as `newsdesk bookmarks list --json` prints it."""
        return {"id": self.id, "article_id": self.article_id, "quote": self.quote, "note": self.note,
                "tags": list(self.tags), "actors": list(self.actors), "start": self.start,
                "end": self.end, "orphaned": self.orphaned, "title": self.title, "source": self.source,
                "date": self.date, "url": self.url, "created": self.created, "updated": self.updated}


@dataclass(frozen=True)
class Draft:
    """A note being written, kept until it is saved or discarded."""

    key: str
    article_id: str
    start: int
    end: int
    bookmark_id: int | None
    note: str
    tags: str
    updated: str = ""
