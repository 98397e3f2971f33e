"""The long work of the main screen: seeding or catching up the index at start, adding files,
rebuilding or repairing the index, and fetching feeds.

One at a time: each runs in a thread worker of the screen (through `tui.indexing.drain`, so its
progress shows on the screen's `IndexStatus` and its `IndexFinished` reaches the screen), and a
request made while one is under way is refused with a notice. Work the reader starts by itself
(the index at start, a repair) replaces what is running instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.screen import Screen

from index import Library, Progress

from ..indexing import IndexFinished, drain, report, report_fetch
from ..widgets.index_status import IndexStatus

#: Worker groups of long work: adding and indexing, and fetching.
INDEXING, FETCHING = "ingest", "fetch"
#: What fetch progress is called on the status line ("Feeds: fetching feeds 2/5 · 4 added").
FEEDS = "Feeds"


class LongWork:
    """Starts a screen's long work, one piece at a time, and reports how each ended."""

    def __init__(self, screen: Screen[Any], library: Library) -> None:
        self.screen = screen
        self.library = library

    def prepare(self) -> None:
        """Seed an empty library, or bring the index up to date."""
        if self.library.is_empty:
            self._start(self.library.seed, "Indexing the sample articles", True)
        else:
            self._start(self.library.prepare, "Updating the search index", False)

    def add(self, paths: list[str]) -> None:
        """Ingest files or folders."""
        if not self.busy():
            self._start(lambda: self.library.add(paths), "Adding", True)

    def rebuild(self) -> None:
        """Rebuild the index from the store."""
        if not self.busy():
            self._start(self.library.reindex, "Rebuilding the index", True)

    def repair(self, reason: str) -> None:
        """Set the damaged index aside and rebuild it."""
        self._start(lambda: self.library.repair(reason), "Rebuilding the damaged search index", False)

    def fetch(self, names: tuple[str, ...] = (), full_text: bool = False) -> None:
        """Fetch subscriptions (all, or those named by URL or title); the reader stays usable meanwhile."""
        if not self.busy():
            steps = partial(self.library.feeds.fetch, list(names) or None, full_text=full_text)
            self._start(steps, FEEDS, True, kind="fetch")

    def busy(self) -> bool:
        """Whether long work is under way (the user is told so)."""
        busy = any(w.node is self.screen and w.group in (INDEXING, FETCHING) and not w.is_finished
                   for w in self.screen.workers)
        if busy:
            self.screen.notify("Wait until the work shown above the footer is done, then try again",
                               title="Busy", severity="warning")
        return busy

    def report(self, event: IndexFinished) -> None:
        """Tell the user what the work did."""
        (report_fetch if event.kind == "fetch" else report)(self.screen, event)

    def _start(self, steps: Callable[[], Iterator[Progress]], label: str, report: bool, kind: str = "index") -> None:
        status = self.screen.query_one(IndexStatus)

        def run() -> None:
            drain(status, self.library, steps(), label, report, kind)

        self.screen.run_worker(run, thread=True, exclusive=True, exit_on_error=False,
                               group=FETCHING if kind == "fetch" else INDEXING,
                               name="Not fetched" if kind == "fetch" else "")
