"""The library's watchlists: followed queries and actors, and what is new in each (`watchlists.db`).

The rule (`watchlists`): an article is new to a watchlist when it entered the
library (its `added` number) after the watchlist was last marked seen, and it
matches the query now. So an actor edit changes what an `actor:` watchlist
matches at once, and a changed file added again keeps its number (new only if
it was new before). A new watchlist starts with nothing new.

Queries are parsed when a watchlist is made or changed (a bad one is refused
with the parser's line); one that stops parsing later (a field renamed) is
kept and listed with its error, never dropped. Counts come from `WatchTally`
(kept between commands, brought up to date after adds). Listing or showing a
watchlist records the highest `added` number it covered, and marking it seen
marks up to that, so an article that arrived in between stays new.
"""

from __future__ import annotations

import builtins
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import replace
from pathlib import Path

from .errors import NewsdeskError, QueryError
from .fulltext import FullText
from .models import SearchResults
from .searching import AddedRange, Searching
from .sqlite import open_or_set_aside
from .store import Store
from .watch_counts import WatchCount
from .watch_results import WatchResults
from .watch_tally import WatchTally
from .watchlists import Watchlist, WatchlistStore

#: Articles `show` lists unless told otherwise.
SHOW_LIMIT = 50


class Watchlists:
    """Watchlists of one library: make, list with counts, show, mark seen, rename, remove."""

    def __init__(self, home: Path, store: Store, fulltext: FullText, searching: Searching,
                 unread: Callable[[], set[str]], notice: Callable[[str], None]) -> None:
        self.path = home / "watchlists.db"
        self._store = store
        self._searching = searching
        self._notice = notice
        self._tally = WatchTally(home / "cache", store, fulltext, searching.compile, unread)
        self._db: WatchlistStore | None = None

    @property
    def _lists(self) -> WatchlistStore:
        if self._db is None:
            self._db = open_or_set_aside(self.path, lambda: WatchlistStore(self.path), self._notice,
                                         "your watchlists")
        return self._db

    def close(self) -> None:
        """Close the watchlists file."""
        if self._db is not None:
            self._db.close()

    def add(self, name: str, query: str) -> WatchCount:
        """Follow a query (`actor:"Name"` follows an actor); nothing in the library now counts as new.

        Raises:
            QueryError: when the query does not parse or cannot run (the one-line reason).
            WatchlistError: for a name already taken (any case), empty, too long or with control characters.
            IndexDamaged: when the index cannot be read (nothing is stored).
        """
        upto = self._store.max_added()
        # Counted before it is stored: a query that cannot run (or an index that cannot be read) stores nothing.
        count = self._tally.one(Watchlist(0, name, query, "", upto, None))[0]
        if count.error is not None:
            raise QueryError(count.error)
        return replace(count, watchlist=self._lists.add(name, query, seen_upto=upto))

    def list(self) -> builtins.list[WatchCount]:
        """Every watchlist with its total and new counts (or its error), most new first, then by name.

        Raises:
            IndexDamaged: when the index cannot be read.
        """
        watchlists = self._lists.all()
        if not watchlists:
            return []
        counts, upto = self._tally.count(watchlists)
        self._shown([c.watchlist for c in counts if c.error is None], upto)
        return counts

    def get(self, name: str) -> Watchlist:
        """The watchlist of this name (any case).

        Raises:
            WatchlistNotFound: when there is none.
        """
        return self._lists.get(name)

    def show(self, name: str, new_only: bool = False, limit: int = SHOW_LIMIT, versions: bool = False) -> WatchResults:
        """A watchlist's articles: new ones first, then the others (unless `new_only`), each part newest first.

        Each story appears once (its newest version) unless `versions`. A query that
        does not parse now gives its error and no articles. Pass `upto` of the result
        to `seen` to mark exactly what was shown.
        """
        watchlist = self._lists.get(name)
        count, upto = self._tally.one(watchlist)
        if count.error is not None:
            return WatchResults(count, upto=upto)
        new = self._run(watchlist.query, limit, versions, AddedRange(watchlist.seen_upto, upto)).hits
        hits = builtins.list(new)
        if not new_only and len(hits) < limit:
            told = {h.story for h in hits}
            older = self._run(watchlist.query, limit, versions, AddedRange(None, watchlist.seen_upto)).hits
            hits += [h for h in older if versions or h.story not in told][:limit - len(hits)]
        self._shown([watchlist], upto)
        return WatchResults(count, tuple(hits), frozenset(h.id for h in new), upto)

    def _run(self, query: str, limit: int, versions: bool, added: AddedRange) -> SearchResults:
        return self._searching.run(query, limit, "date", facets=False, suggest=False, versions=versions, added=added)

    def seen(self, name: str, upto: int | None = None) -> Watchlist:
        """Mark a watchlist's articles seen up to `upto` (`WatchResults.upto`), by default up to what its last
        listing or showing covered (everything now when it was never shown); the mark never moves back."""
        watchlist = self._lists.get(name)
        if upto is None:
            upto = watchlist.shown_upto or self._tally.upto()
        return self._lists.mark_seen(watchlist.name, min(upto, self._store.max_added()))

    def rename(self, name: str, new_name: str) -> Watchlist:
        """Give a watchlist another name (its query and seen mark stay)."""
        return self._lists.rename(name, new_name)

    def set_query(self, name: str, query: str) -> Watchlist:
        """Change what a watchlist follows (to mend one that stopped parsing); its seen mark stays.

        Raises:
            QueryError: when the new query does not parse.
        """
        self._searching.compile(query)
        return self._lists.set_query(name, query)

    def remove(self, name: str) -> Watchlist:
        """Stop following a watchlist; returns it."""
        return self._lists.remove(name)

    def _shown(self, watchlists: Sequence[Watchlist], upto: int) -> None:
        """Record what was covered, so `seen` marks that; failing to (a full disk) only keeps more new."""
        behind = [w.id for w in watchlists if w.shown_upto < upto]
        with suppress(NewsdeskError, sqlite3.Error):
            self._lists.mark_shown(behind, upto)
