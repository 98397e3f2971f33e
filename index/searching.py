"""Searching the library: parse, expand actors, read the index, make snippets, count facets,
and show each story once (its best-ranked version, with how many tell it)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .fulltext import FullText
from .hits import IndexedDoc, find, suggestion
from .library_actors import Actors
from .models import Hit, SearchResults, Sort
from .snippets import best_snippet, lead_snippet
from .store import Store
from .store_items import ItemRecords
from .store_mentions import MentionRecords
from .story_store import StoryOf, StoryRecords

if TYPE_CHECKING:
    from .search import QueryParser

FACET_LIMIT = 10
#: Extra hits read beyond the limit so that a page still has `limit` stories when some are versions of one.
STORY_SLACK = 5
#: Parsed queries kept (the oldest goes first).
PARSES_KEPT = 256
#: An `actor:` term of a query as typed: a quoted name or one word.
_ACTOR_NAME = re.compile(r'actor:(?:"([^"]*)"|([^\s"()]+))', re.IGNORECASE)


@dataclass(frozen=True)
class Compiled:
    """A query ready to run: the Whoosh query with actors expanded, and its `is:` filter."""

    query: Any
    #: True: unread articles only; False: read ones only; None: either.
    state: bool | None
    #: The actor names the query asks for (lowercase), for snippets.
    actors: tuple[str, ...]


@dataclass(frozen=True)
class AddedRange:
    """Articles by when they entered the library: `added` above `after` and at most `upto` (None: open)."""

    after: int | None = None
    upto: int | None = None

    def narrow(self, q: Any) -> Any:
        """The query restricted to this range."""
        from whoosh import query

        low = None if self.after is None else self.after + 1
        return query.And([q, query.NumericRange("added", low, self.upto)])


class Searching:
    """Runs the user's queries against one library's index, store and actors."""

    def __init__(self, fulltext: FullText, store: Store, actors: Actors) -> None:
        self._fulltext = fulltext
        self._store = store
        self._actors = actors
        self._items = ItemRecords(store)
        self._mentions = MentionRecords(store)
        self._stories = StoryRecords(store)
        self._parser: QueryParser | None = None
        self._parses: dict[str, tuple[Any, bool | None]] = {}
        self._parses_lock = threading.Lock()

    def parse(self, text: str) -> Any:
        """The Whoosh query for a query string, without its `is:` filter."""
        return self._parsed(text)[0]

    def _parsed(self, text: str) -> tuple[Any, bool | None]:
        """The Whoosh query and the `is:` filter (True unread, False read, None neither); one parser.

        Parses are kept (watchlists ask for the same queries after every add), except those with
        dates: `date:yesterday` means another day tomorrow.
        """
        with self._parses_lock:
            kept = self._parses.get(text)
        if kept is not None:
            return kept
        if self._parser is None:
            from .schema import make_schema
            from .search import QueryParser

            self._parser = QueryParser(make_schema())
        parsed = self._parser.parse_filtered(text)
        if "date:" not in text.lower():
            with self._parses_lock:
                if len(self._parses) >= PARSES_KEPT:
                    self._parses.pop(next(iter(self._parses)))
                self._parses[text] = parsed
        return parsed

    def compile(self, text: str) -> Compiled:
        """Parse a query and expand its actors (as the library names them now).

        Raises:
            QueryError: when the query cannot be parsed.
        """
        from . import search as language

        q, state = self._parsed(text)
        actors = language.actor_terms(q)
        if actors:
            q = language.expand_actors(q, self._actors.members)
        return Compiled(q, state, actors)

    def run(self, text: str, limit: int, sort: Sort, facets: bool, suggest: bool, versions: bool = False,
            added: AddedRange | None = None) -> SearchResults:
        """The hits of a query with snippets, the total, a suggestion and (optionally) facets.

        Each story appears once, as its best-ranked version, unless `versions`;
        `added` narrows to articles by when they entered the library.
        """
        from . import search as language

        compiled = self.compile(text)
        q = added.narrow(compiled.query) if added is not None else compiled.query
        unread = self._items.unread_ids() if compiled.state is not None else None
        want = limit if versions else limit + STORY_SLACK
        while True:
            found = find(self._fulltext, q, text, want, sort, with_ids=facets, suggest=suggest,
                         only=unread if compiled.state else None,
                         without=unread if compiled.state is False else None)
            stories = self._stories.of([d.id for d in found.docs])
            docs = list(found.docs) if versions else first_of_each(found.docs, stories)
            if versions or len(docs) >= limit or len(found.docs) >= found.total:
                break
            want = min(found.total, want * 4)  # many versions of few stories: read further
        docs = docs[:limit]
        actors = compiled.actors
        mention = (lambda aid: self._actors.first_mention(aid, actors)) if actors else (lambda aid: None)
        marked = unread if unread is not None else self._items.unread_among([d.id for d in docs])
        hits = tuple(_hit(doc, mention, doc.id in marked, stories[doc.id]) for doc in docs)
        actor_facets = self._actors.facets(found.ids, FACET_LIMIT) if facets else ()
        source_facets = tuple(self._mentions.sources_of(found.ids, FACET_LIMIT)) if facets else ()
        hint = found.suggestion if found.total < limit else None
        if suggest and not found.total:  # an actor no one goes by finds nothing, whatever the words
            hint = self._actor_suggestion(text, actors) or hint
        return SearchResults(query=text, hits=hits, total=found.total, suggestion=hint,
                             actor_facets=actor_facets, source_facets=source_facets,
                             terms=language.query_terms(compiled.query))

    def suggest(self, text: str) -> str | None:
        """The query with misspelled words (or actor names no actor goes by) corrected, or None."""
        if not text.strip():
            return None
        from . import search as language

        q = self.parse(text)
        return self._actor_suggestion(text, language.actor_terms(q)) or suggestion(self._fulltext, q, text)

    def _actor_suggestion(self, text: str, names: Sequence[str]) -> str | None:
        """The query with each `actor:` name no actor goes by replaced by the closest actor's, or None."""
        fixed = {name: self._actors.closest(name) for name in names}
        if not any(fixed.values()):
            return None

        def replaced(match: re.Match[str]) -> str:
            better = fixed.get((match.group(1) or match.group(2)).lower())
            return f'actor:"{better}"' if better else match.group(0)

        return _ACTOR_NAME.sub(replaced, text)


def first_of_each(docs: Sequence[IndexedDoc], stories: Mapping[str, StoryOf]) -> list[IndexedDoc]:
    """The documents in order, keeping only the first (best-ranked) of each story."""
    seen: set[str] = set()
    out = []
    for doc in docs:
        story = stories[doc.id].story
        if story not in seen:
            seen.add(story)
            out.append(doc)
    return out


def _hit(doc: IndexedDoc, first_mention: Callable[[str], tuple[int, int] | None], unread: bool,
         story: StoryOf) -> Hit:
    """A hit with its snippet: around the query's words, else the actor's first mention, else the lead."""
    snippet, marks = best_snippet(doc.body, doc.words)
    if not snippet:
        span = first_mention(doc.id)
        snippet, marks = lead_snippet(doc.body, *span) if span else lead_snippet(doc.body)
    return Hit(id=doc.id, title=doc.title, source=doc.source, date=doc.date, url=doc.url, score=doc.score,
               snippet=snippet, marks=tuple(marks), unread=unread, story=story.story, story_size=story.size)
