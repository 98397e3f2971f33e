"""The article store: the truth about what the library holds (SQLite, `library.db`).

Articles, their entity mentions and the files they came from live here. Every
write transaction takes the next change number (`seq`) and stamps the rows it
writes with it; a removed article leaves a tombstone with its change number.
The search index records the change number it has caught up to, so bringing it
up to date means applying exactly the changes after that number, whoever made
them and whenever they were interrupted.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date as Date
from pathlib import Path
from typing import Any

from .errors import NewsdeskError
from .models import Article, Entity, Facet
from .sqlite import Connections, describe, user_version
from .store_rows import FileRecord, PathKey
from .store_schema import SCHEMA_VERSION, migrate
from .story_tables import StoryTables

_ARTICLE_COLUMNS = "id, title, text, source, date, url, authors, format, path, added"
#: A list of values given as one JSON parameter: `IN (SELECT value FROM json_each(?))`, no temporary table.
JSON_LIST = "(SELECT value FROM json_each(?))"


class StoreError(NewsdeskError):
    """The store cannot be opened or used; the message says which file and why."""


class Store:
    """The SQLite article store of one library home; safe to use from several threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connections = Connections(path, StoreError, autocommit=True)
        conn = self._conn()
        try:
            version = user_version(conn)
            if version > SCHEMA_VERSION:
                raise StoreError(f"{path}: made by a newer newsdesk (schema {version}); upgrade newsdesk")
            if version < SCHEMA_VERSION:
                migrate(conn, version)
        except sqlite3.DatabaseError as exc:
            raise StoreError(describe(path, exc, "opening the article store")) from None

    def _conn(self) -> sqlite3.Connection:
        return self._connections.get()

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, for the store's companion modules (`store_items`)."""
        return self._connections.get()

    @contextmanager
    def writing(self) -> Iterator[StoreWriter]:
        """One atomic change under the next change number.

        Raises:
            StoreError: when the change cannot be written (a full disk, a damaged file).
        """
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
            seq = self.seq() + 1
            conn.execute("INSERT INTO meta(key, value) VALUES('seq', ?) ON CONFLICT(key) "
                         "DO UPDATE SET value = excluded.value", (str(seq),))
            yield StoreWriter(conn, seq)
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                raise StoreError(describe(self.path, exc, "saving articles")) from None
            raise

    def seq(self) -> int:
        """The number of the last change written."""
        row = self._conn().execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()
        return int(row[0]) if row else 0

    def max_added(self) -> int:
        """The highest `added` number of a stored article (0 when empty): the newest to enter the library."""
        return int(self._conn().execute("SELECT coalesce(max(added), 0) FROM articles").fetchone()[0])

    # Files -----------------------------------------------------------------

    def file_record(self, path: PathKey) -> FileRecord | None:
        """What a path held when it was last ingested."""
        row = self._conn().execute(
            "SELECT content_hash, article_id FROM files WHERE path = ?", (path,)).fetchone()
        return FileRecord(*row) if row else None

    def article_for_hash(self, content_hash: str) -> str | None:
        """The id of the article with exactly this content, if stored."""
        row = self._conn().execute(
            "SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    # Articles --------------------------------------------------------------

    def get(self, article_id: str) -> Article | None:
        """One article with its mentions, or None."""
        row = self._conn().execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?",
                                   (article_id,)).fetchone()
        if row is None:
            return None
        return replace(_article(row), entities=tuple(self.mentions(article_id)))

    def exists(self, article_id: str) -> bool:
        """True when an article with this id is stored."""
        return self._conn().execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def mentions(self, article_id: str) -> list[Entity]:
        """The mentions of one article in text order."""
        rows = self._conn().execute(
            "SELECT start, end, text, type, actor FROM mentions WHERE article_id = ? ORDER BY start",
            (article_id,)).fetchall()
        return [Entity(*row) for row in rows]

    def ids_with_prefix(self, prefix: str, limit: int = 6) -> list[str]:
        """Article ids starting with a prefix, so users can type short ids."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._conn().execute(
            "SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?",
            (escaped + "%", limit)).fetchall()
        return [r[0] for r in rows]

    def all(self, batch: int = 500) -> Iterator[Article]:
        """Every article with its mentions, in id order, read in batches."""
        last = ""
        while True:
            rows = self._conn().execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                                        (last, batch)).fetchall()
            if not rows:
                return
            yield from self._with_mentions(rows)
            last = rows[-1][0]

    def changes(self, after: int, upto: int, batch: int = 500) -> Iterator[Article]:
        """Articles written by changes after:upto (after < seq <= upto), with their mentions."""
        last = ""
        while True:
            rows = self._conn().execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE seq > ? AND seq <= ? AND id > ?"
                " ORDER BY id LIMIT ?", (after, upto, last, batch)).fetchall()
            if not rows:
                return
            yield from self._with_mentions(rows)
            last = rows[-1][0]

    def count_changes(self, after: int, upto: int) -> int:
        """How many articles were written or removed by changes after:upto."""
        conn = self._conn()
        written = conn.execute("SELECT count(*) FROM articles WHERE seq > ? AND seq <= ?", (after, upto)).fetchone()
        gone = conn.execute("SELECT count(*) FROM removed WHERE seq > ? AND seq <= ?", (after, upto)).fetchone()
        return int(written[0]) + int(gone[0])

    def removed(self, after: int, upto: int) -> list[str]:
        """Ids of articles removed by changes after:upto."""
        rows = self._conn().execute("SELECT id FROM removed WHERE seq > ? AND seq <= ? ORDER BY id",
                                    (after, upto)).fetchall()
        return [r[0] for r in rows]

    def ids(self) -> set[str]:
        """The id of every stored article."""
        return {r[0] for r in self._conn().execute("SELECT id FROM articles")}

    def _with_mentions(self, rows: list[tuple[Any, ...]]) -> Iterator[Article]:
        ids = [r[0] for r in rows]
        by_article: dict[str, list[Entity]] = {i: [] for i in ids}
        marks = ",".join("?" * len(ids))
        for aid, *rest in self._conn().execute(
                f"SELECT article_id, start, end, text, type, actor FROM mentions"
                f" WHERE article_id IN ({marks}) ORDER BY article_id, start", ids):
            by_article[aid].append(Entity(*rest))
        for row in rows:
            yield replace(_article(row), entities=tuple(by_article[row[0]]))

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

    def texts(self, ids: Sequence[str]) -> dict[str, str]:
        """The texts of some articles."""
        return dict(self._conn().execute(
            f"SELECT id, text FROM articles WHERE id IN {JSON_LIST}",
            (json.dumps(list(ids)),)).fetchall())

    def close(self) -> None:
        """Close the store's connections."""
        self._connections.close()


class StoreWriter:
    """Writes inside one `Store.writing()` transaction; every row it writes gets its change number."""

    def __init__(self, conn: sqlite3.Connection, seq: int) -> None:
        self._conn = conn
        self.seq = seq

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection of this transaction, for the store's companion modules (`store_items`)."""
        return self._conn

    def put(self, article: Article, content_hash: str, added_at: str) -> None:
        """Insert or replace an article and its mentions (an article keeps when it was first added)."""
        conn = self._conn
        conn.execute("DELETE FROM mentions WHERE article_id = ?", (article.id,))
        conn.execute("DELETE FROM removed WHERE id = ?", (article.id,))
        conn.execute(
            "INSERT INTO articles(id, title, text, source, date, url, authors, format, path, content_hash,"
            " seq, added, added_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
            " title=excluded.title, text=excluded.text, source=excluded.source, date=excluded.date,"
            " url=excluded.url, authors=excluded.authors, format=excluded.format, path=excluded.path,"
            " content_hash=excluded.content_hash, seq=excluded.seq",
            (article.id, article.title, article.text, article.source,
             article.date.isoformat() if article.date else None, article.url,
             json.dumps(list(article.authors)), article.format, article.path, content_hash,
             self.seq, self.seq, added_at))
        conn.executemany(
            "INSERT INTO mentions(article_id, start, end, text, type, actor) VALUES(?,?,?,?,?,?)",
            [(article.id, e.start, e.end, e.text, e.type, e.actor) for e in article.entities])

    def link(self, path: PathKey, content_hash: str, article_id: str) -> None:
        """Record that a path holds an article's content."""
        self._conn.execute(
            "INSERT INTO files(path, content_hash, article_id) VALUES(?, ?, ?) ON CONFLICT(path) "
            "DO UPDATE SET content_hash = excluded.content_hash, article_id = excluded.article_id",
            (path, content_hash, article_id))

    def drop_if_unreferenced(self, article_id: str) -> bool:
        """Remove an article no file points at any more (its content moved elsewhere), unless a feed brought it."""
        if self._conn.execute("SELECT 1 FROM files WHERE article_id = ? UNION ALL SELECT 1 FROM item_versions"
                              " WHERE article_id = ? LIMIT 1", (article_id, article_id)).fetchone():
            return False
        if self._conn.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount:
            self._conn.execute("INSERT INTO removed(id, seq) VALUES(?, ?) ON CONFLICT(id) DO UPDATE SET"
                               " seq = excluded.seq", (article_id, self.seq))
            StoryTables(self._conn).remove([article_id])  # what is left of its story is regrouped
        return True


def _article(row: tuple[Any, ...]) -> Article:
    aid, title, text, source, date, url, authors, fmt, path, added = row
    return Article(id=aid, title=title, text=text, source=source,
                   date=Date.fromisoformat(date) if date else None, url=url,
                   authors=tuple(json.loads(authors)), format=fmt, path=path, added=added)
