"""Passage bookmarks with notes, in their own SQLite file (`bookmarks.db`).

Bookmarks never depend on the index: each keeps its article id, the exact
quote, some context either side and character offsets, plus a copy of the
article's title, source, date and url so exports work even if the article goes.
Every write is one transaction in WAL mode with `synchronous=FULL`, and a busy
timeout lets two running programs save at once. Unsaved notes live as drafts.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .anchoring import anchor, context
from .bookmark_filter import clean_tags
from .bookmark_models import Bookmark, Draft
from .errors import NewsdeskError
from .models import Article
from .sqlite import Connections, describe

SCHEMA_VERSION = 1

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE bookmarks (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL,
        quote TEXT NOT NULL,
        prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '',
        start INTEGER,
        end INTEGER,
        note TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        actors TEXT NOT NULL DEFAULT '[]',
        title TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        date TEXT,
        url TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE INDEX bookmarks_article ON bookmarks(article_id);
    CREATE TABLE drafts (
        key TEXT PRIMARY KEY,
        article_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        bookmark_id INTEGER,
        note TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '',
        updated TEXT NOT NULL
    );
    """,
}


class BookmarkError(NewsdeskError):
    """A bookmark cannot be made or changed; the message says why."""


def now() -> str:
    """The current UTC time as ISO 8601, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class BookmarkStore:
    """The bookmarks of one library home."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connections = Connections(path, BookmarkError, autocommit=True)
        self._migrate()

    def _conn(self) -> sqlite3.Connection:
        return self._connections.get()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction that takes the write lock at once (so busy waits happen up front).

        Raises:
            BookmarkError: when it cannot be written (a full disk says so); nothing is half-saved.
        """
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                raise BookmarkError(describe(self.path, exc, "saving to the bookmarks")) from None
            raise

    def _migrate(self) -> None:
        conn = self._conn()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise BookmarkError(f"{self.path}: made by a newer newsdesk (bookmark schema {version}, "
                                f"this one knows {SCHEMA_VERSION}); upgrade newsdesk to use it")
        if version == SCHEMA_VERSION:
            return
        if version > 0:
            # A consistent copy of the old file before changing its schema.
            backup = sqlite3.connect(self.path.with_name(f"{self.path.name}.v{version}.bak"))
            with backup:
                conn.backup(backup)
            backup.close()
        with self._write() as c:
            # Re-read inside the lock: another process may have migrated meanwhile.
            current = c.execute("PRAGMA user_version").fetchone()[0]
            for step in range(current + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[step].split(";"):
                    if statement.strip():
                        c.execute(statement)
            c.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # Bookmarks ---------------------------------------------------------------

    def add(self, article: Article, start: int, end: int, note: str = "",
            tags: Sequence[str] = ()) -> Bookmark:
        """Bookmark article.text[start:end]; returns the stored bookmark."""
        if not 0 <= start < end <= len(article.text):
            raise BookmarkError(f"passage {start}-{end} is outside article {article.id}")
        quote = article.text[start:end]
        if not quote.strip():
            raise BookmarkError("the passage is empty")
        stamp = now()
        row = (article.id, quote, *context(article.text, start, end), start, end, note,
               json.dumps(clean_tags(tags)), json.dumps(article.actors_between(start, end)),
               article.title, article.source, article.date.isoformat() if article.date else None,
               article.url, stamp, stamp)
        with self._write() as conn:
            cur = conn.execute(
                "INSERT INTO bookmarks(article_id, quote, prefix, suffix, start, end, note, tags, actors,"
                " title, source, date, url, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", row)
            bookmark_id = int(cur.lastrowid or 0)
        return self.get(bookmark_id)

    def restore(self, bookmark: Bookmark) -> Bookmark:
        """Put back a deleted bookmark exactly as it was (undo)."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO bookmarks(id, article_id, quote, prefix, suffix, start, end, note, tags, actors,"
                " title, source, date, url, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (bookmark.id, bookmark.article_id, bookmark.quote, bookmark.prefix, bookmark.suffix,
                 bookmark.start, bookmark.end, bookmark.note, json.dumps(list(bookmark.tags)),
                 json.dumps(list(bookmark.actors)), bookmark.title, bookmark.source,
                 bookmark.date, bookmark.url, bookmark.created, bookmark.updated))
        return self.get(bookmark.id)

    def get(self, bookmark_id: int) -> Bookmark:
        """One bookmark."""
        row = self._conn().execute(f"SELECT {_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,)).fetchone()
        if row is None:
            raise BookmarkError(f"no bookmark with id {bookmark_id}")
        return _bookmark(row)

    def all(self) -> list[Bookmark]:
        """Every bookmark, newest first."""
        rows = self._conn().execute(f"SELECT {_COLUMNS} FROM bookmarks ORDER BY created DESC, id DESC")
        return [_bookmark(r) for r in rows]

    def for_article(self, article_id: str) -> list[Bookmark]:
        """The bookmarks of one article, in text order (orphans last)."""
        rows = self._conn().execute(
            f"SELECT {_COLUMNS} FROM bookmarks WHERE article_id = ? ORDER BY start IS NULL, start, id",
            (article_id,))
        return [_bookmark(r) for r in rows]

    def update(self, bookmark_id: int, note: str, tags: Sequence[str]) -> Bookmark:
        """Change a bookmark's note and tags."""
        with self._write() as conn:
            cur = conn.execute("UPDATE bookmarks SET note = ?, tags = ?, updated = ? WHERE id = ?",
                               (note, json.dumps(clean_tags(tags)), now(), bookmark_id))
            if cur.rowcount == 0:
                raise BookmarkError(f"no bookmark with id {bookmark_id}")
        return self.get(bookmark_id)

    def delete(self, bookmark_id: int) -> Bookmark:
        """Remove a bookmark and return it (so it can be restored)."""
        bookmark = self.get(bookmark_id)
        with self._write() as conn:
            conn.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
        return bookmark

    def reanchor(self, article_id: str, article: Article | None) -> tuple[int, int]:
        """Find each bookmark of an article again after its text changed.

        Returns (moved, orphaned). A quote that cannot be found keeps its note as an orphan.
        """
        moved = orphaned = 0
        with self._write() as conn:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM bookmarks WHERE article_id = ?", (article_id,))
            for bookmark in [_bookmark(r) for r in rows]:
                found = anchor(article.text, bookmark) if article else None
                if found == (bookmark.start, bookmark.end):
                    continue
                if found is None:
                    if bookmark.start is not None:
                        conn.execute("UPDATE bookmarks SET start = NULL, end = NULL WHERE id = ?", (bookmark.id,))
                        orphaned += 1
                    continue
                assert article is not None
                start, end = found
                conn.execute(
                    "UPDATE bookmarks SET start = ?, end = ?, prefix = ?, suffix = ?, actors = ? WHERE id = ?",
                    (start, end, *context(article.text, start, end),
                     json.dumps(article.actors_between(start, end)), bookmark.id))
                moved += 1
        return moved, orphaned

    def article_ids(self) -> list[str]:
        """Ids of the articles that have bookmarks."""
        return [r[0] for r in self._conn().execute("SELECT DISTINCT article_id FROM bookmarks")]

    # Drafts ------------------------------------------------------------------

    def save_draft(self, draft: Draft) -> None:
        """Keep a note being written, so a crash does not lose it."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO drafts(key, article_id, start, end, bookmark_id, note, tags, updated)"
                " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET note = excluded.note,"
                " tags = excluded.tags, updated = excluded.updated",
                (draft.key, draft.article_id, draft.start, draft.end, draft.bookmark_id, draft.note,
                 draft.tags, now()))

    def drafts(self) -> list[Draft]:
        """Unsaved notes, newest first."""
        rows = self._conn().execute(
            "SELECT key, article_id, start, end, bookmark_id, note, tags, updated FROM drafts"
            " ORDER BY updated DESC")
        return [Draft(*r) for r in rows]

    def discard_draft(self, key: str) -> None:
        """Forget a draft (saved or abandoned)."""
        with self._write() as conn:
            conn.execute("DELETE FROM drafts WHERE key = ?", (key,))

    def close(self) -> None:
        """Close this thread's connection."""
        self._connections.close()


_COLUMNS = ("id, article_id, quote, prefix, suffix, start, end, note, tags, actors, title, source, date,"
            " url, created, updated")


def _bookmark(row: tuple[Any, ...]) -> Bookmark:
    (bid, aid, quote, prefix, suffix, start, end, note, tags, actors, title, source, date, url,
     created, updated) = row
    return Bookmark(id=bid, article_id=aid, quote=quote, prefix=prefix, suffix=suffix, start=start,
                    end=end, note=note, tags=tuple(json.loads(tags)), actors=tuple(json.loads(actors)),
                    title=title, source=source, date=date, url=url, created=created, updated=updated)
