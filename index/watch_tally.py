"""Watchlist counts kept between counts and between commands: derived, and invalidated by the store's changes.

A count covers one snapshot of the search index: its highest `added` number
(`upto`) and the index's change number read just before (`since`). The next
count is incremental (`WatchCounter.added`: one question per watchlist about
the newcomers) when the store changed only by adding articles since then;
a changed or removed article means everything is counted again. A watchlist
that changed (query, seen mark) or whose query stands for something else now
(an actor edit) is recounted on its own (`Matcher.key`).

The counts are kept in memory and in `cache/watch-counts.marshal`, written
atomically, so the next command starts from them. The file is derived: an
unreadable, stale or foreign one is ignored.
"""

from __future__ import annotations

import marshal
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .fulltext import FullText
from .searching import Compiled
from .store import Store
from .watch_counts import WatchCount, WatchCounter
from .watch_matcher import IndexMatcher
from .watchlists import Watchlist

#: Bump when the layout of the kept counts changes.
FORMAT = 1


class WatchTally:
    """The counts of a library's watchlists, brought up to date on demand."""

    def __init__(self, folder: Path, store: Store, fulltext: FullText, compile_query: Callable[[str], Compiled],
                 unread: Callable[[], set[str]]) -> None:
        self.path = folder / "watch-counts.marshal"
        self._store = store
        self._fulltext = fulltext
        self._compile = compile_query
        self._unread = unread
        self._lock = threading.Lock()
        self._counter: WatchCounter | None = None
        self._since: int | None = None

    def count(self, watchlists: Sequence[Watchlist]) -> tuple[list[WatchCount], int]:
        """Every watchlist's total and new counts, and the highest `added` number they cover.

        Raises:
            IndexDamaged: when the index cannot be read.
        """
        with self._lock:
            since = self._fulltext.synced()
            counter, kept_since = (self._counter, self._since) if self._counter is not None else self._load()
            with self._fulltext.reading() as searcher:
                matcher = IndexMatcher(searcher, self._compile, self._unread)
                if counter is not None and kept_since is not None and self._only_added(kept_since, counter.upto):
                    counts = counter.added(watchlists, matcher, matcher.upto(counter.upto))
                else:
                    counter = WatchCounter()
                    counts = counter.recount(watchlists, matcher, matcher.upto())
            self._counter, self._since = counter, since
            self._save(counter, since)
            return counts, counter.upto

    def one(self, watchlist: Watchlist) -> tuple[WatchCount, int]:
        """One watchlist's counts now and the highest `added` they cover (the kept counts are left alone)."""
        with self._fulltext.reading() as searcher:
            matcher = IndexMatcher(searcher, self._compile, self._unread)
            upto = matcher.upto()
            return WatchCounter().recount([watchlist], matcher, upto)[0], upto

    def upto(self) -> int:
        """The highest `added` number the index holds now."""
        with self._fulltext.reading() as searcher:
            return IndexMatcher(searcher, self._compile, self._unread).upto()

    def _only_added(self, since: int, upto: int) -> bool:
        """True when, after change `since`, the store only gained articles numbered above `upto`."""
        conn = self._store.connection()
        if conn.execute("SELECT 1 FROM removed WHERE seq > ? LIMIT 1", (since,)).fetchone():
            return False
        # `+added`: walk the few rows written since (by `seq`), never the index of every `added` number.
        return conn.execute("SELECT 1 FROM articles WHERE seq > ? AND +added <= ? LIMIT 1",
                            (since, upto)).fetchone() is None

    def _load(self) -> tuple[WatchCounter | None, int | None]:
        try:
            fmt, since, upto, rows = marshal.loads(self.path.read_bytes())
            if fmt != FORMAT:
                return None, None
            counted = [(WatchCount(Watchlist(*w), total, new, error), key) for w, total, new, error, key in rows]
            return WatchCounter(counted, int(upto)), int(since)
        except (OSError, EOFError, ValueError, TypeError):
            return None, None

    def _save(self, counter: WatchCounter, since: int | None) -> None:
        """Write atomically; a failure (a full disk, a read-only home) only costs the next command time."""
        if since is None:
            return
        rows: list[Any] = [((c.watchlist.id, c.watchlist.name, c.watchlist.query, c.watchlist.created,
                             c.watchlist.seen_upto, c.watchlist.seen_at), c.total, c.new, c.error, key)
                           for c, key in counter.counted()]
        tmp = self.path.with_suffix(f".tmp{os.getpid()}")
        try:
            self.path.parent.mkdir(exist_ok=True)
            tmp.write_bytes(marshal.dumps((FORMAT, since, counter.upto, rows)))
            os.replace(tmp, self.path)
        except (OSError, ValueError):
            tmp.unlink(missing_ok=True)
