"""SQLite files the way every newsdesk store opens them: one connection per thread,
WAL, `synchronous=FULL` (a kill loses no acknowledged write) and a busy timeout
(two running programs can both write)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from .errors import NewsdeskError

BUSY_TIMEOUT_MS = 10_000


class Connections:
    """Thread-local connections to one SQLite file."""

    def __init__(self, path: Path, error: type[NewsdeskError], autocommit: bool = False) -> None:
        self.path = path
        self._error = error
        self._autocommit = autocommit
        self._local = threading.local()

    def get(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                       isolation_level=None if self._autocommit else "DEFERRED")
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute("PRAGMA foreign_keys = ON")
            except sqlite3.DatabaseError as exc:
                raise self._error(f"{self.path}: {exc}") from None
            self._local.conn = conn
        return conn

    def close(self) -> None:
        """Close this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
