"""A watchlist listed on the main screen: its articles, new ones first and marked "new", read in a
thread worker of the screen, which posts the answer back.

Opening a new article takes its mark away; once every new article is read (all of them listed), or
when the user presses `S`, the watchlist is marked seen up to what was listed (`WatchResults.upto`),
so an article that arrived meanwhile stays new.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual.message import Message
from textual.screen import Screen

from index import Library, WatchResults

from ..sanitize import clean_line
from ..words import plural

#: The badge of an article new to the listed watchlist.
NEW = "new"


@dataclass
class WatchlistListed(Message):
    """A watchlist's articles, and the words its query matches (to mark them in an article)."""

    name: str
    results: WatchResults
    terms: tuple[str, ...] = ()


@dataclass
class WatchlistSeen(Message):
    """A watchlist was marked seen."""

    name: str


@dataclass
class Watching:
    """The watchlist listed on the main screen, its articles once read, and which new ones were opened."""

    name: str
    results: WatchResults | None = None
    opened: set[str] = field(default_factory=set)

    @property
    def listing(self) -> str:
        """The listing in words (for the status line when a query error covers it)."""
        return f"watchlist {self.name}"

    def unread(self) -> set[str]:
        """The new articles listed and not opened yet."""
        return set(self.results.new_ids) - self.opened if self.results is not None else set()

    def all_read(self) -> bool:
        """Every new article was listed and has been opened."""
        r = self.results
        return r is not None and bool(r.new_ids) and len(r.new_ids) >= r.count.new and not self.unread()

    def heading(self) -> Text:
        """"watchlist Korea · 2 new of 12 articles · 1 read · S: mark seen" (new ones are listed first)."""
        text = Text("watchlist ")
        text.append(clean_line(self.name), style="bold")
        r = self.results
        if r is None or r.error is not None:
            return text
        count = r.count
        text.append(f" · {count.new} new of {plural(count.total, 'article')}")
        if len(r.new_ids) < count.new:
            text.append(f" ({len(r.new_ids)} new listed)")
        if self.opened & r.new_ids:
            text.append(f" · {len(self.opened & r.new_ids)} read")
        if count.new:
            text.append(" · S: mark seen", style="dim")
        return text


def list_watchlist(screen: Screen[Any], library: Library, name: str) -> None:
    """Read a watchlist's articles (and the words its query matches), then post `WatchlistListed`."""

    def run() -> None:
        results = library.watchlists.show(name)
        terms: tuple[str, ...] = ()
        if results.error is None:
            terms = library.search(results.count.watchlist.query, limit=1, facets=False, suggest=False).terms
        screen.post_message(WatchlistListed(name, results, terms))

    screen.run_worker(run, thread=True, group="watchlist", exclusive=True, name="Watchlist not shown",
                      exit_on_error=False)


def mark_seen(screen: Screen[Any], library: Library, name: str, upto: int) -> None:
    """Mark a watchlist seen up to `upto`, say so, then post `WatchlistSeen`."""

    def run() -> None:
        marked = library.watchlists.seen(name, upto)
        screen.notify(clean_line(f"Marked {marked.name!r} seen"), title="Watchlists", markup=False)
        screen.post_message(WatchlistSeen(marked.name))

    screen.run_worker(run, thread=True, group="watch-seen", name="Not marked seen", exit_on_error=False)
