"""Counts of every watchlist (total and new), kept current without re-running every query in full.

The rule (see `watchlists`): an article is new to a watchlist when its `added`
number is above the watchlist's `seen_upto` and it matches the query now. A
`Matcher` answers one question, "how many articles match this query and have
`added` above N", which the search index answers with the query ANDed with a
numeric range on `added`.

After articles are only *added* (numbers above everything counted so far),
nothing that matched before stops matching, so each watchlist needs one
question about the newcomers alone, and a search restricted to a few hundred
fresh numbers is cheap. Anything else that can change what matches (an actor
edit, a re-ingested changed file, a deletion, a rebuilt index) calls for
`recount`. A watchlist whose query or seen mark changed is recounted on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from .errors import NewsdeskError
from .watchlists import Watchlist


class Matcher(Protocol):
    """The search side of counting."""

    def count(self, query: str, after: int) -> int:
        """How many articles match `query` now and have `added` > after.

        Raises:
            NewsdeskError: (QueryError) when the query does not parse; the message is shown.
        """
        ...


@dataclass(frozen=True)
class WatchCount:
    """A watchlist with its counts, or the one-line reason its query cannot run."""

    watchlist: Watchlist
    total: int = 0
    new: int = 0
    error: str | None = None

    def as_json(self) -> dict[str, object]:
        """The JSON object `watch list --json` prints."""
        return {**self.watchlist.as_json(), "total": self.total, "new": self.new, "error": self.error}


class WatchCounter:
    """The last counts, and the highest `added` number they cover."""

    def __init__(self) -> None:
        self._counts: dict[int, WatchCount] = {}
        self.upto = 0

    def recount(self, watchlists: Sequence[Watchlist], matcher: Matcher, upto: int) -> list[WatchCount]:
        """Count every watchlist from scratch; `upto` is the library's highest `added` now."""
        self._counts = {w.id: _full(w, matcher) for w in watchlists}
        self.upto = upto
        return self.counts(watchlists)

    def added(self, watchlists: Sequence[Watchlist], matcher: Matcher, upto: int) -> list[WatchCount]:
        """Bring the counts up to date after articles numbered above `self.upto`, up to `upto`, were added."""
        fresh: dict[int, WatchCount] = {}
        for w in watchlists:
            old = self._counts.get(w.id)
            if old is None or old.watchlist != w or old.error is not None:
                fresh[w.id] = _full(w, matcher)
                continue
            try:
                total = matcher.count(w.query, self.upto)
                # Newcomers are new unless the reader has already been shown them.
                new = total if w.seen_upto <= self.upto else matcher.count(w.query, w.seen_upto)
            except NewsdeskError:
                fresh[w.id] = _full(w, matcher)
                continue
            fresh[w.id] = WatchCount(w, old.total + total, old.new + new)
        self._counts = fresh
        self.upto = max(self.upto, upto)
        return self.counts(watchlists)

    def counts(self, watchlists: Sequence[Watchlist]) -> list[WatchCount]:
        """The counts of these watchlists (each must have been counted), most new first, then by name."""
        rows = [self._counts[w.id] for w in watchlists]
        return sorted(rows, key=lambda c: (c.error is not None, -c.new, c.watchlist.name.casefold()))


def _full(w: Watchlist, matcher: Matcher) -> WatchCount:
    try:
        return WatchCount(w, matcher.count(w.query, 0), matcher.count(w.query, w.seen_upto))
    except NewsdeskError as exc:
        return WatchCount(w, error=str(exc))
