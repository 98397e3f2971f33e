"""What showing a watchlist gives: its counts, its articles (new ones first) and the mark to set when read."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Hit
from .watch_counts import WatchCount


@dataclass(frozen=True)
class WatchResults:
    """A watchlist's articles, new ones first, each part newest first; each story once unless asked."""

    count: WatchCount
    hits: tuple[Hit, ...] = ()
    #: Ids of the hits that are new (entered the library after the watchlist was last marked seen).
    new_ids: frozenset[str] = frozenset()
    #: The highest `added` number these results cover: pass it to `seen` to mark what was shown, and
    #: nothing that arrived after.
    upto: int = 0

    @property
    def error(self) -> str | None:
        """Why the watchlist's query cannot run now (one line), or None."""
        return self.count.error

    def is_new(self, hit: Hit) -> bool:
        """True when a hit is new to this watchlist."""
        return hit.id in self.new_ids

    def as_json(self) -> dict[str, object]:
        """The object `newsdesk watch show --json` prints."""
        return {**self.count.as_json(), "upto": self.upto,
                "results": [{**hit.as_json(), "new": self.is_new(hit)} for hit in self.hits]}
