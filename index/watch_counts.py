"""Counts of every watchlist (total and new), kept current without re-running every query in full.

The rule (see `watchlists`): an article is new to a watchlist when its `added`
number is above the watchlist's `seen_upto` and it matches the query now. A
`Matcher` answers one question, "how many articles match this query and have
`added` above N", which the search index answers with the query ANDed with a
numeric range on `added`.

After articles are only *added* (numbers above everything counted so far),
nothing that matched before stops matching, so each watchlist needs one
question about the newcomers alone, and a search restricted to a few hundred
fresh numbers is cheap. Anything else that can change what matches (a
re-ingested changed file, a deletion) calls for `recount`. A watchlist whose
query or seen mark changed is recounted on its own, and so is one whose query
means something else now (`Matcher.key`: an actor edit changed the names an
`actor:` query stands for, a relative date moved on, or its `is:` filter
depends on what was read).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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

    def key(self, query: str) -> str | None:
        """What `query` stands for now; counts kept under another key are recounted.

        None when its matches can change without the library changing (it is counted
        in full every time).

        Raises:
            NewsdeskError: (QueryError) when the query does not parse.
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
    """The last counts, the key each was counted under, and the highest `added` number they cover."""

    def __init__(self, counted: Iterable[tuple[WatchCount, str | None]] = (), upto: int = 0) -> None:
        self._counts: dict[int, WatchCount] = {}
        self._keys: dict[int, str | None] = {}
        for count, key in counted:
            self._counts[count.watchlist.id] = count
            self._keys[count.watchlist.id] = key
        self.upto = upto

    def counted(self) -> list[tuple[WatchCount, str | None]]:
        """Every count with its key (to keep them for the next process: `WatchCounter(counted, upto)`)."""
        return [(count, self._keys.get(wid)) for wid, count in sorted(self._counts.items())]

    def recount(self, watchlists: Sequence[Watchlist], matcher: Matcher, upto: int) -> list[WatchCount]:
        """Count every watchlist from scratch; `upto` is the library's highest `added` now."""
        self._counts, self._keys = {}, {}
        for w in watchlists:
            self._counts[w.id], self._keys[w.id] = _full(w, matcher)
        self.upto = upto
        return self.counts(watchlists)

    def added(self, watchlists: Sequence[Watchlist], matcher: Matcher, upto: int) -> list[WatchCount]:
        """Bring the counts up to date after articles numbered above `self.upto`, up to `upto`, were added."""
        fresh: dict[int, WatchCount] = {}
        keys: dict[int, str | None] = {}
        for w in watchlists:
            old = self._counts.get(w.id)
            try:
                key = matcher.key(w.query)
                if old is None or old.watchlist != w or old.error is not None or key is None \
                        or key != self._keys.get(w.id):
                    fresh[w.id], keys[w.id] = _full(w, matcher)
                    continue
                total = matcher.count(w.query, self.upto)
                # Newcomers are new unless the reader has already been shown them.
                new = total if w.seen_upto <= self.upto else matcher.count(w.query, w.seen_upto)
            except NewsdeskError:
                fresh[w.id], keys[w.id] = _full(w, matcher)
                continue
            fresh[w.id], keys[w.id] = WatchCount(w, old.total + total, old.new + new), key
        self._counts, self._keys = fresh, keys
        self.upto = max(self.upto, upto)
        return self.counts(watchlists)

    def counts(self, watchlists: Sequence[Watchlist]) -> list[WatchCount]:
        """The counts of these watchlists (each must have been counted), most new first, then by name."""
        rows = [self._counts[w.id] for w in watchlists]
        return sorted(rows, key=lambda c: (c.error is not None, -c.new, c.watchlist.name.casefold()))


def _full(w: Watchlist, matcher: Matcher) -> tuple[WatchCount, str | None]:
    try:
        key = matcher.key(w.query)
        return WatchCount(w, matcher.count(w.query, 0), matcher.count(w.query, w.seen_upto)), key
    except NewsdeskError as exc:
        return WatchCount(w, error=str(exc)), None
