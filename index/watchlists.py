"""Watchlists: saved queries the reader follows, in their own SQLite file (`watchlists.db`).

A watchlist is a name, a query and a *seen mark*. Articles get a sequence
number, `added`, when they first enter the library (1, 2, 3, ...; a changed
file keeps its number). The seen mark is the highest `added` the reader had
been shown when the watchlist was last marked seen. The rule:

    an article is new to a watchlist  <=>  article.added > watchlist.seen_upto
                                           and the article matches the query now

"Matches now" is evaluated at counting time, so an actor edit (merge, alias,
split) changes what is new at once; a re-ingested changed file keeps its
`added` and so is new only if it was new before. `seen_upto` never goes down.

The store keeps queries as typed and never parses them: a query that stops
parsing (a field was renamed) is kept and shown with its error by the caller,
never dropped. Same durability as bookmarks: WAL, `synchronous=FULL`, a busy
timeout, one transaction per change, a versioned schema (`user_version`).
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .errors import NewsdeskError, NotFound
from .sqlite import Connections

SCHEMA_VERSION = 2
#: Longest name accepted: it has to fit on one line of a pane.
NAME_MAX = 80

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE watchlists (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        query TEXT NOT NULL,
        created TEXT NOT NULL,
        seen_upto INTEGER NOT NULL DEFAULT 0,
        seen_at TEXT
    );
    """,
    # The highest `added` a list or a show last covered: what "mark seen" marks when not told.
    2: "ALTER TABLE watchlists ADD COLUMN shown_upto INTEGER NOT NULL DEFAULT 0",
}

_COLUMNS = "id, name, query, created, seen_upto, seen_at, shown_upto"


class WatchlistError(NewsdeskError):
    """A watchlist cannot be made or changed; the message says why, in one line."""


class WatchlistNotFound(WatchlistError, NotFound):
    """No watchlist by that name."""


@dataclass(frozen=True)
class Watchlist:
    """One followed query and how far its reader has read."""

    id: int
    name: str
    query: str
    #: When it was made, ISO 8601 UTC.
    created: str
    #: The highest `added` sequence number marked seen (0: nothing seen yet).
    seen_upto: int
    #: When it was last marked seen, ISO 8601 UTC, for display (None: never).
    seen_at: str | None
    #: The highest `added` number its last count or listing covered (0: never shown). Not part of what
    #: the watchlist is: counts kept for it stay valid when only this moves.
    shown_upto: int = field(default=0, compare=False)

    def is_new(self, added: int) -> bool:
        """Whether an article that entered the library as number `added` is new here
        (provided it matches the query now)."""
        return added > self.seen_upto

    def as_json(self) -> dict[str, object]:
        """The watchlist as a JSON object (without counts: those come from a search)."""
        return {"name": self.name, "query": self.query, "created": self.created,
                "seen_upto": self.seen_upto, "seen_at": self.seen_at}


def now() -> str:
    """The current UTC time as ISO 8601, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def name_key(name: str) -> str:
    """What makes two names the same: case and runs of spaces do not count."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def clean_name(name: str) -> str:
    """A name as stored: trimmed; refused if empty, too long or holding control characters."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise WatchlistError("a watchlist needs a name")
    if len(cleaned) > NAME_MAX:
        raise WatchlistError(f"watchlist name {cleaned[:20]!r}... is longer than {NAME_MAX} characters")
    if any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in cleaned):
        raise WatchlistError(f"watchlist name {cleaned!r} contains control characters")
    return cleaned


def clean_query(query: str, name: str) -> str:
    """A query as stored: trimmed, never empty, otherwise exactly as typed."""
    if not query.strip():
        raise WatchlistError(f"watchlist {name!r} needs a query")
    return query.strip()


class WatchlistStore:
    """The watchlists of one library home; safe to use from several threads and processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connections = Connections(path, WatchlistError, autocommit=True)
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
            raise WatchlistError(f"{self.path}: made by a newer newsdesk (watchlist schema {version}, "
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
            c.execute(f"PRAGMA user_version = {max(current, SCHEMA_VERSION)}")

    def add(self, name: str, query: str, seen_upto: int = 0) -> Watchlist:
        """Make a watchlist.

        Args:
            name: unique, whatever the case.
            query: stored as typed; the caller decides whether it parses.
            seen_upto: articles up to this `added` number count as seen: pass the
                library's highest `added` so only what arrives from now on is new.
        """
        name = clean_name(name)
        query = clean_query(query, name)
        try:
            with self._write() as conn:
                cur = conn.execute(
                    "INSERT INTO watchlists(name, name_key, query, created, seen_upto) VALUES (?,?,?,?,?)",
                    (name, name_key(name), query, now(), max(0, seen_upto)))
        except sqlite3.IntegrityError:
            raise WatchlistError(f"a watchlist named {self.get(name).name!r} already exists") from None
        return self._by_id(int(cur.lastrowid or 0))

    def get(self, name: str) -> Watchlist:
        """The watchlist of this name (any case)."""
        row = self._conn().execute(f"SELECT {_COLUMNS} FROM watchlists WHERE name_key = ?",
                                   (name_key(name),)).fetchone()
        if row is None:
            raise WatchlistNotFound(f"no watchlist named {' '.join(name.split())!r}")
        return Watchlist(*row)

    def _by_id(self, watchlist_id: int) -> Watchlist:
        row = self._conn().execute(f"SELECT {_COLUMNS} FROM watchlists WHERE id = ?", (watchlist_id,)).fetchone()
        return Watchlist(*row)

    def all(self) -> list[Watchlist]:
        """Every watchlist, by name (case ignored)."""
        rows = self._conn().execute(f"SELECT {_COLUMNS} FROM watchlists ORDER BY name_key, id")
        return [Watchlist(*row) for row in rows]

    def remove(self, name: str) -> Watchlist:
        """Delete a watchlist and return it."""
        watchlist = self.get(name)
        with self._write() as conn:
            conn.execute("DELETE FROM watchlists WHERE id = ?", (watchlist.id,))
        return watchlist

    def rename(self, name: str, new_name: str) -> Watchlist:
        """Give a watchlist another name (its query and seen mark stay)."""
        watchlist = self.get(name)
        new_name = clean_name(new_name)
        try:
            with self._write() as conn:
                conn.execute("UPDATE watchlists SET name = ?, name_key = ? WHERE id = ?",
                             (new_name, name_key(new_name), watchlist.id))
        except sqlite3.IntegrityError:
            raise WatchlistError(f"a watchlist named {self.get(new_name).name!r} already exists") from None
        return self._by_id(watchlist.id)

    def set_query(self, name: str, query: str) -> Watchlist:
        """Change what a watchlist follows (e.g. to fix a query that no longer parses)."""
        watchlist = self.get(name)
        query = clean_query(query, watchlist.name)
        with self._write() as conn:
            conn.execute("UPDATE watchlists SET query = ? WHERE id = ?", (query, watchlist.id))
        return self._by_id(watchlist.id)

    def mark_seen(self, name: str, upto: int) -> Watchlist:
        """Mark every article with `added` <= upto as seen.

        Pass the highest `added` of the results the reader was shown (not the
        library's highest now: an article that arrived meanwhile stays new). The
        mark never moves back, so two programs marking at once keep the later one.
        """
        watchlist = self.get(name)
        with self._write() as conn:
            conn.execute("UPDATE watchlists SET seen_upto = max(seen_upto, ?), seen_at = ? WHERE id = ?",
                         (upto, now(), watchlist.id))
        return self._by_id(watchlist.id)

    def mark_shown(self, ids: Sequence[int], upto: int) -> None:
        """Record that the counts or results of some watchlists (by id) covered articles up to `upto`."""
        if not ids:
            return
        with self._write() as conn:
            conn.executemany("UPDATE watchlists SET shown_upto = ? WHERE id = ? AND shown_upto < ?",
                             [(upto, i, upto) for i in ids])

    def close(self) -> None:
        """Close this thread's connection."""
        self._connections.close()
