"""Feed items and unread articles in the article store (`library.db`, schema 3).

An item is known when any of its identity keys is (`item_keys`); the versions of
items already seen are kept (`item_versions`, with whether that version carried
the full text), so the same item from two feeds or formats is never stored back
and forth; `feed_articles` says which subscription brought which article, and
`unread` holds what a fetch brought that has not been opened. Marking an article
read is not a change of the store (no change number): the index never holds
read state, so nothing is re-indexed; searches read `unread` when asked.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Literal, NamedTuple

from .migrations import write
from .store import Store, StoreWriter
from .store_rows import PathKey

#: Where an article's stored text came from: a file (a page, a text), or a feed item with its full text or
#: only its summary.
Origin = Literal["file", "full", "summary"]


class Summary(NamedTuple):
    """What a line about an article shows."""

    title: str
    source: str
    url: str


class FeedCounts(NamedTuple):
    """How many articles a subscription brought, and how many of them are unread."""

    articles: int
    unread: int


class ItemRecords:
    """Reads and marks feed items and unread articles; safe from several threads (one connection each)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _conn(self) -> sqlite3.Connection:
        return self._store.connection()

    # Items ---------------------------------------------------------------------

    def article_for_keys(self, keys: Sequence[str]) -> str | None:
        """The article an item is stored as, found by the first of its keys that is known."""
        for key in keys:
            row = self._conn().execute("SELECT article_id FROM item_keys WHERE key = ?", (key,)).fetchone()
            if row:
                return str(row[0])
        return None

    def known_keys(self, keys: Sequence[str]) -> set[str]:
        """Which of some keys are stored."""
        marks = ",".join("?" * len(keys))
        return {r[0] for r in self._conn().execute(f"SELECT key FROM item_keys WHERE key IN ({marks})", list(keys))}

    def has_version(self, version: str) -> bool:
        """True when this version of an item was seen before."""
        return self._conn().execute("SELECT 1 FROM item_versions WHERE hash = ?", (version,)).fetchone() is not None

    def origin(self, article_id: str) -> Origin | None:
        """Where an article's stored text came from, or None when it is not stored."""
        row = self._conn().execute(
            "SELECT v.full FROM articles a LEFT JOIN item_versions v ON v.hash = a.content_hash WHERE a.id = ?",
            (article_id,)).fetchone()
        if row is None:
            return None
        return "file" if row[0] is None else "full" if row[0] else "summary"

    def in_feed(self, feed: int, article_id: str) -> bool:
        """True when a subscription is already recorded as bringing an article."""
        return self._conn().execute("SELECT 1 FROM feed_articles WHERE feed = ? AND article_id = ?",
                                    (feed, article_id)).fetchone() is not None

    def feed_file(self, path: PathKey) -> tuple[str, list[str]] | None:
        """(content hash, article ids) of a feed file when it was last added."""
        row = self._conn().execute("SELECT content_hash, article_ids FROM feed_files WHERE path = ?",
                                   (path,)).fetchone()
        return (row[0], list(json.loads(row[1]))) if row else None

    def summaries(self, ids: Sequence[str]) -> dict[str, Summary]:
        """Title, source and URL of some stored articles."""
        out: dict[str, Summary] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            marks = ",".join("?" * len(chunk))
            for aid, title, source, url in self._conn().execute(
                    f"SELECT id, title, source, url FROM articles WHERE id IN ({marks})", chunk):
                out[aid] = Summary(title, source, url)
        return out

    # Subscriptions -------------------------------------------------------------

    def feed_counts(self) -> dict[int, FeedCounts]:
        """Articles and unread articles per subscription id."""
        rows = self._conn().execute(
            "SELECT f.feed, count(*), count(u.article_id) FROM feed_articles f"
            " LEFT JOIN unread u ON u.article_id = f.article_id GROUP BY f.feed")
        return {int(feed): FeedCounts(int(n), int(unread)) for feed, n, unread in rows}

    def feed_article_ids(self, feed: int, limit: int = 200) -> list[str]:
        """The articles a subscription brought, newest first (undated last, then by id)."""
        rows = self._conn().execute(
            "SELECT a.id FROM feed_articles f JOIN articles a ON a.id = f.article_id WHERE f.feed = ?"
            " ORDER BY a.date IS NULL, a.date DESC, a.added DESC, a.id LIMIT ?", (feed, limit))
        return [r[0] for r in rows]

    def forget_feed(self, feed: int) -> int:
        """Forget which articles a subscription brought (they stay in the library); the ones no other
        subscription brought are marked read. Returns how many were marked read."""
        with write(self._conn()) as conn:
            cleared = conn.execute(
                "DELETE FROM unread WHERE article_id IN (SELECT article_id FROM feed_articles WHERE feed = ?)"
                " AND article_id NOT IN (SELECT article_id FROM feed_articles WHERE feed != ?)",
                (feed, feed)).rowcount
            conn.execute("DELETE FROM feed_articles WHERE feed = ?", (feed,))
        return int(cleared)

    # Unread --------------------------------------------------------------------

    def unread_ids(self) -> set[str]:
        """The id of every unread article."""
        return {r[0] for r in self._conn().execute("SELECT article_id FROM unread")}

    def unread_among(self, ids: Sequence[str]) -> set[str]:
        """Which of some articles are unread."""
        if not ids:
            return set()
        marks = ",".join("?" * len(ids))
        return {r[0] for r in self._conn().execute(
            f"SELECT article_id FROM unread WHERE article_id IN ({marks})", list(ids))}

    def unread_count(self) -> int:
        """How many articles are unread."""
        return int(self._conn().execute("SELECT count(*) FROM unread").fetchone()[0])

    def mark_read(self, ids: Iterable[str]) -> int:
        """Mark articles read; returns how many were unread."""
        with write(self._conn()) as conn:
            return sum(conn.execute("DELETE FROM unread WHERE article_id = ?", (i,)).rowcount for i in ids)

    def mark_unread(self, ids: Iterable[str]) -> int:
        """Mark stored articles unread again; returns how many were read."""
        with write(self._conn()) as conn:
            seq = self._store.seq()
            return sum(conn.execute("INSERT OR IGNORE INTO unread(article_id, seq) SELECT id, ? FROM articles"
                                    " WHERE id = ?", (seq, i)).rowcount for i in ids)


class ItemWriter:
    """Writes item rows inside one `Store.writing()` transaction (after the article they point at)."""

    def __init__(self, writer: StoreWriter) -> None:
        self._conn = writer.conn
        self._seq = writer.seq

    def keys(self, article_id: str, keys: Iterable[str]) -> None:
        """Record identity keys of an item; a key already known keeps its article."""
        # Only for a stored article: a row about an article that is not there would break the transaction.
        self._conn.executemany("INSERT OR IGNORE INTO item_keys(key, article_id) SELECT ?, id FROM articles"
                               " WHERE id = ?", [(k, article_id) for k in keys])

    def version(self, article_id: str, version: str, full: bool) -> None:
        """Record that a version of an item was seen."""
        self._conn.execute("INSERT OR IGNORE INTO item_versions(hash, article_id, full) SELECT ?, id, ?"
                           " FROM articles WHERE id = ?", (version, int(full), article_id))

    def feed(self, feed: int, article_id: str) -> None:
        """Record that a subscription brought an article."""
        self._conn.execute("INSERT OR IGNORE INTO feed_articles(feed, article_id) SELECT ?, id FROM articles"
                           " WHERE id = ?", (feed, article_id))

    def unread(self, article_id: str) -> None:
        """Mark a new article unread."""
        self._conn.execute("INSERT OR IGNORE INTO unread(article_id, seq) SELECT id, ? FROM articles WHERE id = ?",
                           (self._seq, article_id))

    def feed_file(self, path: PathKey, content_hash: str, article_ids: Sequence[str]) -> None:
        """Record what a feed file held when it was added (its items are stored by then)."""
        self._conn.execute(
            "INSERT INTO feed_files(path, content_hash, article_ids) VALUES (?, ?, ?) ON CONFLICT(path) DO UPDATE"
            " SET content_hash = excluded.content_hash, article_ids = excluded.article_ids",
            (path, content_hash, json.dumps(list(dict.fromkeys(article_ids)))))
