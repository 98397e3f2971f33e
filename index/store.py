"""The article store: the truth about what the library holds (SQLite).

Articles, their entity mentions and the files they came from live here. The
Whoosh index is derived from this store and can always be rebuilt from it.
A generation counter, bumped by every change, tells whether the index is stale.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date as Date
from pathlib import Path

from .errors import NewsdeskError
from .models import Article, Entity, Facet
from .sqlite import Connections

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    date TEXT,
    url TEXT NOT NULL DEFAULT '',
    authors TEXT NOT NULL DEFAULT '[]',
    format TEXT NOT NULL DEFAULT 'text',
    path TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS files_article ON files(article_id);
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
CREATE INDEX IF NOT EXISTS mentions_actor ON mentions(actor);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class StoreError(NewsdeskError):
    """The store cannot be opened or used; the message says which file and why."""


class Store:
    """The SQLite article store of one library home; safe to use from several threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connections = Connections(path, StoreError)
        conn = self._conn()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{path}: made by a newer newsdesk (schema {version}); upgrade newsdesk")
        with conn:
            conn.executescript(_SCHEMA)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _conn(self) -> sqlite3.Connection:
        return self._connections.get()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic change; bumps the generation so the index knows it is stale."""
        conn = self._conn()
        with conn:
            yield conn
            conn.execute(
                "INSERT INTO meta(key, value) VALUES('generation', '1') ON CONFLICT(key) "
                "DO UPDATE SET value = CAST(value AS INTEGER) + 1"
            )

    def generation(self) -> int:
        """A number that changes whenever the store changes."""
        row = self._conn().execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    # Files -----------------------------------------------------------------

    def file_hash(self, path: str) -> tuple[str, str] | None:
        """The content hash and article id last ingested from a path."""
        row = self._conn().execute(
            "SELECT content_hash, article_id FROM files WHERE path = ?", (path,)).fetchone()
        return (row[0], row[1]) if row else None

    def article_for_hash(self, content_hash: str) -> str | None:
        """The id of the article with exactly this content, if stored."""
        row = self._conn().execute(
            "SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    def link_file(self, conn: sqlite3.Connection, path: str, content_hash: str, article_id: str) -> None:
        """Record that a path holds an article's content."""
        conn.execute(
            "INSERT INTO files(path, content_hash, article_id) VALUES(?, ?, ?) ON CONFLICT(path) "
            "DO UPDATE SET content_hash = excluded.content_hash, article_id = excluded.article_id",
            (path, content_hash, article_id))

    # Articles --------------------------------------------------------------

    def put(self, conn: sqlite3.Connection, article: Article, content_hash: str) -> None:
        """Insert or replace an article and its mentions."""
        conn.execute("DELETE FROM mentions WHERE article_id = ?", (article.id,))
        conn.execute(
            "INSERT INTO articles(id, title, text, source, date, url, authors, format, path, content_hash)"
            " VALUES(?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET title=excluded.title,"
            " text=excluded.text, source=excluded.source, date=excluded.date, url=excluded.url,"
            " authors=excluded.authors, format=excluded.format, path=excluded.path,"
            " content_hash=excluded.content_hash",
            (article.id, article.title, article.text, article.source,
             article.date.isoformat() if article.date else None, article.url,
             json.dumps(list(article.authors)), article.format, article.path, content_hash))
        conn.executemany(
            "INSERT INTO mentions(article_id, start, end, text, type, actor) VALUES(?,?,?,?,?,?)",
            [(article.id, e.start, e.end, e.text, e.type, e.actor) for e in article.entities])

    def delete_if_unreferenced(self, conn: sqlite3.Connection, article_id: str) -> bool:
        """Drop an article no file points at any more (its content moved elsewhere)."""
        row = conn.execute("SELECT 1 FROM files WHERE article_id = ?", (article_id,)).fetchone()
        if row:
            return False
        conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return True

    def get(self, article_id: str) -> Article | None:
        """One article with its mentions, or None."""
        conn = self._conn()
        row = conn.execute(
            "SELECT id, title, text, source, date, url, authors, format, path FROM articles WHERE id = ?",
            (article_id,)).fetchone()
        if row is None:
            return None
        return replace(_article(row), entities=tuple(self.mentions(article_id)))

    def mentions(self, article_id: str) -> list[Entity]:
        """The mentions of one article in text order."""
        rows = self._conn().execute(
            "SELECT start, end, text, type, actor FROM mentions WHERE article_id = ? ORDER BY start",
            (article_id,)).fetchall()
        return [Entity(*row) for row in rows]

    def ids_with_prefix(self, prefix: str) -> list[str]:
        """Article ids starting with a prefix, so users can type short ids."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._conn().execute(
            "SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 5",
            (escaped + "%",)).fetchall()
        return [r[0] for r in rows]

    def all(self, batch: int = 500) -> Iterator[Article]:
        """Every article with its mentions, in id order, read in batches."""
        last = ""
        while True:
            rows = self._conn().execute(
                "SELECT id, title, text, source, date, url, authors, format, path FROM articles"
                " WHERE id > ? ORDER BY id LIMIT ?", (last, batch)).fetchall()
            if not rows:
                return
            ids = [r[0] for r in rows]
            by_article: dict[str, list[Entity]] = {i: [] for i in ids}
            marks = ",".join("?" * len(ids))
            for aid, *rest in self._conn().execute(
                    f"SELECT article_id, start, end, text, type, actor FROM mentions"
                    f" WHERE article_id IN ({marks}) ORDER BY article_id, start", ids):
                by_article[aid].append(Entity(*rest))
            for row in rows:
                yield replace(_article(row), entities=tuple(by_article[row[0]]))
            last = ids[-1]

    def count(self, table: str = "articles") -> int:
        """How many rows a table has."""
        if table not in {"articles", "files", "mentions"}:
            raise ValueError(table)
        return int(self._conn().execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def sources(self, limit: int = 10) -> list[Facet]:
        """The most common sources."""
        rows = self._conn().execute(
            "SELECT source, count(*) AS n FROM articles GROUP BY source ORDER BY n DESC, source"
            " LIMIT ?", (limit,)).fetchall()
        return [Facet(r[0] or "(none)", r[1]) for r in rows]

    def actor_names(self) -> list[tuple[str, str, str, int]]:
        """Every stored actor name with its mention type, the text it was written as, and how often."""
        return self._conn().execute(
            "SELECT actor, type, text, count(*) FROM mentions GROUP BY actor, type, text").fetchall()

    def actor_rows(self, ids: Sequence[str] | None = None) -> list[tuple[str, str, str, int]]:
        """(name, type, article id, mentions) for all articles or some of them."""
        if ids is None:
            return self._conn().execute(
                "SELECT actor, type, article_id, count(*) FROM mentions GROUP BY actor, type, article_id"
            ).fetchall()
        with self._ids(ids) as table:
            return self._conn().execute(
                f"SELECT actor, type, article_id, count(*) FROM mentions WHERE article_id IN"
                f" (SELECT id FROM {table}) GROUP BY actor, type, article_id").fetchall()

    def sources_of(self, ids: Sequence[str], limit: int) -> list[Facet]:
        """The most common sources among some articles."""
        with self._ids(ids) as table:
            rows = self._conn().execute(
                f"SELECT source, count(*) AS n FROM articles WHERE id IN (SELECT id FROM {table})"
                " GROUP BY source ORDER BY n DESC, source LIMIT ?", (limit,)).fetchall()
        return [Facet(s or "(none)", n) for s, n in rows]

    def mentions_of(self, names: Sequence[str]) -> list[tuple[str, int, int, str, str | None, str, str]]:
        """(article id, start, end, type, date, title, source) of every mention of some names,
        newest article first."""
        conn = self._conn()
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_names (name TEXT PRIMARY KEY)")
        try:
            conn.executemany("INSERT OR IGNORE INTO wanted_names VALUES (?)", ((n,) for n in names))
            return conn.execute(
                "SELECT m.article_id, m.start, m.end, m.type, a.date, a.title, a.source FROM mentions m"
                " JOIN articles a ON a.id = m.article_id WHERE m.actor IN (SELECT name FROM wanted_names)"
                " ORDER BY a.date IS NULL, a.date DESC, m.article_id, m.start").fetchall()
        finally:
            conn.execute("DELETE FROM wanted_names")
            conn.commit()

    def texts(self, ids: Sequence[str]) -> dict[str, str]:
        """The texts of some articles."""
        with self._ids(ids) as table:
            return dict(self._conn().execute(
                f"SELECT id, text FROM articles WHERE id IN (SELECT id FROM {table})").fetchall())

    @contextmanager
    def _ids(self, ids: Sequence[str]) -> Iterator[str]:
        """A temporary table holding some article ids, emptied afterwards."""
        conn = self._conn()
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_ids (id TEXT PRIMARY KEY)")
        try:
            conn.executemany("INSERT OR IGNORE INTO wanted_ids VALUES (?)", ((i,) for i in ids))
            yield "wanted_ids"
        finally:
            conn.execute("DELETE FROM wanted_ids")
            conn.commit()

    def close(self) -> None:
        """Close this thread's connection."""
        self._connections.close()


def _article(row: tuple) -> Article:  # type: ignore[type-arg]
    aid, title, text, source, date, url, authors, fmt, path = row
    return Article(id=aid, title=title, text=text, source=source,
                   date=Date.fromisoformat(date) if date else None, url=url,
                   authors=tuple(json.loads(authors)), format=fmt, path=path)
