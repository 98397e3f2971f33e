"""Searching the library: parse, expand actors, read the index, make snippets, count facets."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .fulltext import FullText
from .hits import IndexedDoc, find, suggestion
from .library_actors import Actors
from .models import Hit, SearchResults, Sort
from .snippets import best_snippet, lead_snippet
from .store import Store
from .store_items import ItemRecords

if TYPE_CHECKING:
    from .search import QueryParser

FACET_LIMIT = 10


class Searching:
    """Runs the user's queries against one library's index, store and actors."""

    def __init__(self, fulltext: FullText, store: Store, actors: Actors) -> None:
        self._fulltext = fulltext
        self._store = store
        self._actors = actors
        self._items = ItemRecords(store)
        self._parser: QueryParser | None = None

    def parse(self, text: str) -> Any:
        """The Whoosh query for a query string, without its `is:` filter."""
        return self._parsed(text)[0]

    def _parsed(self, text: str) -> tuple[Any, bool | None]:
        """The Whoosh query and the `is:` filter (True unread, False read, None neither); one parser."""
        if self._parser is None:
            from .schema import make_schema
            from .search import QueryParser

            self._parser = QueryParser(make_schema())
        return self._parser.parse_filtered(text)

    def run(self, text: str, limit: int, sort: Sort, facets: bool, suggest: bool) -> SearchResults:
        """The hits of a query with snippets, the total, a suggestion and (optionally) facets."""
        from . import search as language

        q, state = self._parsed(text)
        actors = language.actor_terms(q)
        if actors:
            q = language.expand_actors(q, self._actors.members)
        unread = self._items.unread_ids() if state is not None else None
        found = find(self._fulltext, q, text, limit, sort, with_ids=facets, suggest=suggest,
                     only=unread if state else None, without=unread if state is False else None)
        mention = (lambda aid: self._actors.first_mention(aid, actors)) if actors else (lambda aid: None)
        marked = unread if unread is not None else self._items.unread_among([d.id for d in found.docs])
        hits = tuple(_hit(doc, mention, doc.id in marked) for doc in found.docs)
        actor_facets = self._actors.facets(found.ids, FACET_LIMIT) if facets else ()
        source_facets = tuple(self._store.sources_of(found.ids, FACET_LIMIT)) if facets else ()
        return SearchResults(query=text, hits=hits, total=found.total, suggestion=found.suggestion,
                             actor_facets=actor_facets, source_facets=source_facets,
                             terms=language.query_terms(q))

    def suggest(self, text: str) -> str | None:
        """The query with misspelled words corrected, or None."""
        if not text.strip():
            return None
        return suggestion(self._fulltext, self.parse(text), text)


def _hit(doc: IndexedDoc, first_mention: Callable[[str], tuple[int, int] | None], unread: bool) -> Hit:
    """A hit with its snippet: around the query's words, else the actor's first mention, else the lead."""
    snippet, marks = best_snippet(doc.body, doc.words)
    if not snippet:
        span = first_mention(doc.id)
        snippet, marks = lead_snippet(doc.body, *span) if span else lead_snippet(doc.body)
    return Hit(id=doc.id, title=doc.title, source=doc.source, date=doc.date, url=doc.url, score=doc.score,
               snippet=snippet, marks=tuple(marks), unread=unread)
