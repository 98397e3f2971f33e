"""Passage bookmarks with notes, in their own SQLite file (`bookmarks.db`).

Bookmarks never depend on the index: each keeps its article id, the exact
quote, some context either side and character offsets, plus a copy of the
article's title, source, date and url so exports work even if the article goes.
Every write is one transaction in WAL mode with `synchronous=FULL`, and a busy
timeout lets two running programs save at once. Unsaved notes live as drafts.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from .errors import NewsdeskError
from .models import Article, Bookmark, Draft
from .sqlite import Connections

SCHEMA_VERSION = 1
#: Characters of context kept either side of a quote to find it again.
CONTEXT = 32

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
        """One transaction that takes the write lock at once (so busy waits happen up front)."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

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


def _bookmark(row: tuple) -> Bookmark:  # type: ignore[type-arg]
    (bid, aid, quote, prefix, suffix, start, end, note, tags, actors, title, source, date, url,
     created, updated) = row
    return Bookmark(id=bid, article_id=aid, quote=quote, prefix=prefix, suffix=suffix, start=start,
                    end=end, note=note, tags=tuple(json.loads(tags)), actors=tuple(json.loads(actors)),
                    title=title, source=source, date=date, url=url, created=created, updated=updated)


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """The text just before and after a passage."""
    return text[max(0, start - CONTEXT):start], text[end:end + CONTEXT]


def anchor(text: str, bookmark: Bookmark) -> tuple[int, int] | None:
    """Where a bookmark's quote is in a text: the occurrence whose context matches best."""
    quote = bookmark.quote
    if bookmark.start is not None and text[bookmark.start:bookmark.end] == quote:
        before, after = context(text, bookmark.start, bookmark.start + len(quote))
        if before == bookmark.prefix and after == bookmark.suffix:
            return bookmark.start, bookmark.start + len(quote)
    best: tuple[int, int, int] | None = None
    position = text.find(quote)
    while position >= 0:
        before, after = context(text, position, position + len(quote))
        score = _common_suffix(before, bookmark.prefix) + _common_prefix(after, bookmark.suffix)
        distance = abs(position - (bookmark.start or 0))
        if best is None or (score, -distance) > (best[0], -best[1]):
            best = (score, distance, position)
        position = text.find(quote, position + 1)
    return (best[2], best[2] + len(quote)) if best else None


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def clean_tags(tags: Sequence[str]) -> list[str]:
    """Tags without '#', spaces or duplicates, in the order given."""
    seen: dict[str, None] = {}
    for tag in tags:
        for part in tag.replace(",", " ").split():
            part = part.strip().lstrip("#")
            if part:
                seen.setdefault(part, None)
    return list(seen)


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where a quote first occurs in a text, exactly or with any run of white space for a space."""
    position = text.find(quote)
    if position >= 0:
        return position, position + len(quote)
    words = quote.split()
    if not words:
        return None
    match = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (match.start(), match.end()) if match else None


_FILTER_TOKEN = re.compile(r'(\w+):"([^"]*)"|(\w+):(\S+)|"([^"]*)"|(\S+)')


def filter_bookmarks(bookmarks: Sequence[Bookmark], query: str) -> list[Bookmark]:
    """Bookmarks matching every part of a filter: words, "phrases", tag:x, actor:"Name"."""
    words: list[str] = []
    tags: list[str] = []
    actors: list[str] = []
    for m in _FILTER_TOKEN.finditer(query):
        field, value = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if field and field.lower() == "tag":
            tags.append(value.lstrip("#").lower())
        elif field and field.lower() == "actor":
            actors.append(value.lower())
        else:
            words.append((m.group(5) or m.group(6) or m.group(0)).lower())
    chosen = []
    for b in bookmarks:
        haystack = " ".join([b.quote, b.note, b.title]).lower()
        if (all(w in haystack for w in words)
                and all(t in {x.lower() for x in b.tags} for t in tags)
                and all(a in {x.lower() for x in b.actors} for a in actors)):
            chosen.append(b)
    return chosen
