"""The engine's value objects: what the Library hands to the CLI and the TUI.

Everything here is a frozen dataclass of plain Python values, so no Whoosh or
SQLite object ever crosses from the engine into a user interface.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date as Date
from typing import Literal, overload

#: The entity types newsdesk keeps; dates, times, numbers and money are dropped.
EntityType = Literal["person", "organization", "place", "group", "other"]
ENTITY_TYPES: tuple[EntityType, ...] = ("person", "organization", "place", "group", "other")

def entity_type(value: str) -> EntityType:
    """A type name as one of ENTITY_TYPES ("other" for anything else)."""
    for known in ENTITY_TYPES:
        if value == known:
            return known
    return "other"


#: Orders of search results.
Sort = Literal["relevance", "date"]
SORTS: tuple[Sort, ...] = ("relevance", "date")


@dataclass(frozen=True)
class Entity:
    """One mention of a named thing: offsets into the article text and its actor."""

    start: int
    end: int
    text: str
    type: EntityType
    actor: str

    def as_json(self) -> dict[str, object]:
        """The mention as the JSON object the CLI prints."""
        return {"start": self.start, "end": self.end, "text": self.text,
                "type": self.type, "actor": self.actor}


@dataclass(frozen=True)
class Article:
    """A normalized article as stored: the text is kept exactly as ingested."""

    id: str
    title: str
    text: str
    source: str = ""
    date: Date | None = None
    url: str = ""
    authors: tuple[str, ...] = ()
    format: Literal["text", "markdown"] = "text"
    path: str = ""
    entities: tuple[Entity, ...] = ()
    #: The store's change number when the article first entered the library (0: not stored yet).
    added: int = 0

    def actors_between(self, start: int, end: int) -> list[str]:
        """Canonical actors mentioned inside text[start:end], in order of first mention."""
        seen: dict[str, None] = {}
        for entity in self.entities:
            if entity.start < end and entity.end > start:
                seen.setdefault(entity.actor, None)
        return list(seen)

    def as_json(self) -> dict[str, object]:
        """The article as the JSON object `newsdesk show --json` prints."""
        return {
            "id": self.id, "title": self.title, "source": self.source,
            "date": self.date.isoformat() if self.date else None, "url": self.url,
            "text": self.text, "entities": [e.as_json() for e in self.entities],
        }


@dataclass(frozen=True)
class Span:
    """A half-open character range, used for the marked words of a snippet."""

    start: int
    end: int


@dataclass(frozen=True)
class Hit:
    """One search result with a plain-text snippet and where its matches are."""

    id: str
    title: str
    source: str
    date: Date | None
    url: str
    score: float
    snippet: str
    marks: tuple[Span, ...] = ()
    #: True for an article a fetch brought in that has not been opened yet.
    unread: bool = False
    #: The story the article tells (the smallest id among its versions; its own id when alone).
    story: str = ""
    #: How many articles of the library tell that story (1: no other version).
    story_size: int = 1

    def as_json(self) -> dict[str, object]:
        """The hit as the JSON object `newsdesk search --json` prints."""
        return {
            "id": self.id, "title": self.title, "source": self.source,
            "date": self.date.isoformat() if self.date else None, "url": self.url,
            "score": round(self.score, 4), "snippet": self.snippet,
            "story": self.story or self.id, "story_size": self.story_size,
        }


@dataclass(frozen=True)
class Facet:
    """A value shared by some of the hits (an actor or a source) and how many."""

    value: str
    count: int


@dataclass(frozen=True)
class SearchResults(Sequence[Hit]):
    """The hits of one query, in order, with the total, a suggestion and facets."""

    query: str
    hits: tuple[Hit, ...] = ()
    total: int = 0
    suggestion: str | None = None
    actor_facets: tuple[Facet, ...] = ()
    source_facets: tuple[Facet, ...] = ()
    terms: tuple[str, ...] = ()

    @overload
    def __getitem__(self, index: int) -> Hit: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Hit]: ...
    def __getitem__(self, index: int | slice) -> Hit | Sequence[Hit]:
        return self.hits[index]

    def __len__(self) -> int:
        return len(self.hits)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)


@dataclass(frozen=True)
class Actor:
    """A canonical actor across the library, with the ways the text names it."""

    name: str
    type: EntityType
    articles: int
    mentions: int
    aliases: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        """The actor as the JSON object `newsdesk actors --json` prints."""
        return {"actor": self.name, "type": self.type, "articles": self.articles,
                "mentions": self.mentions, "aliases": list(self.aliases)}


@dataclass(frozen=True)
class Stats:
    """What the library holds and where it lives."""

    home: str
    articles: int
    files: int
    mentions: int
    actors: int
    sources: tuple[Facet, ...]
    index_documents: int
    model: str
    #: True when the index holds every stored change.
    index_current: bool = True
    #: Damaged files kept aside in the home (never deleted by newsdesk), to restore or remove.
    set_aside: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorLine:
    """One sentence that mentions an actor (keyword in context): the first mention's place in the sentence
    (`mark`) and in the article (`start`, `end`), and every mention of the actor in the sentence (`marks`)."""

    article_id: str
    title: str
    source: str
    date: Date | None
    sentence: str
    mark: Span
    start: int
    end: int
    marks: tuple[Span, ...] = ()


@dataclass(frozen=True)
class ActorProfile:
    """An actor across the library: its newest sentences (each once), mentions by month, the actors beside it."""

    actor: Actor
    lines: tuple[ActorLine, ...]
    months: tuple[tuple[str, int], ...]
    #: The actors mentioned beside it, counted over its newest articles.
    with_actors: tuple[Facet, ...]

    def as_json(self) -> dict[str, object]:
        """The profile as `newsdesk actors show --json` prints it."""
        return {
            **self.actor.as_json(),
            "lines_shown": len(self.lines),
            "months": [{"month": m, "mentions": n} for m, n in self.months],
            "with": [{"actor": f.value, "articles": f.count} for f in self.with_actors],
            "lines": [{"article_id": ln.article_id, "title": ln.title, "source": ln.source,
                       "date": ln.date.isoformat() if ln.date else None, "sentence": ln.sentence,
                       "start": ln.mark.start, "end": ln.mark.end,
                       "marks": [[m.start, m.end] for m in ln.marks or (ln.mark,)]} for ln in self.lines],
        }
