"""SQLite files the way every newsdesk store opens them.

One connection per thread, WAL, `synchronous=FULL` (a kill loses no acknowledged
write) and a busy timeout (two running programs can both write). Opening never
writes unless the schema must change, so a library on a full disk can still be
read. A file that is not a database any more can be set aside (never
overwritten) and started afresh, for stores the user can live without for a
while (bookmarks, actor edits); the article store itself is never set aside.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from .errors import NewsdeskError

T = TypeVar("T")

BUSY_TIMEOUT_MS = 10_000
#: Suffixes of the files SQLite keeps beside a database in WAL mode.
SIDE_FILES = ("-wal", "-shm")


def is_disk_full(exc: BaseException) -> bool:
    """True when an error says the disk (or the user's quota) is full."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc).lower()
    return "disk is full" in text or "no space left" in text or "disk quota" in text


#: Below this much free space, a database that will not open is opened for reading only.
NEARLY_FULL = 1024 * 1024


def disk_nearly_full(path: Path) -> bool:
    """True when the file system holding `path` has almost no space left."""
    try:
        info = os.statvfs(path.parent)
    except OSError:
        return False
    return info.f_bavail * info.f_frsize < NEARLY_FULL


def has_data(path: Path) -> bool:
    """True when a database file exists and holds something (SQLite makes empty files on a failed start)."""
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def describe(path: Path, exc: BaseException, doing: str) -> str:
    """One line for a failed SQLite operation: the file, what failed and why."""
    if is_disk_full(exc) or "readonly database" in str(exc).lower() and disk_nearly_full(path):
        return f"{path}: the disk is full; {doing} failed and nothing was changed (free some space and retry)"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"{path}: {doing} failed ({text})"


class _Locked(Exception):
    """The file was locked while being opened (tried again)."""


class Connections:
    """Thread-local connections to one SQLite file."""

    def __init__(self, path: Path, error: type[NewsdeskError], autocommit: bool = False) -> None:
        self.path = path
        self._error = error
        self._autocommit = autocommit
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        #: True when the disk was full at opening: the file is read as it is and nothing can be saved.
        self.reading_only = False

    def get(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
            with self._all_lock:
                self._all.append(conn)
        return conn

    def _open(self) -> sqlite3.Connection:
        """A connection set up for WAL; another process opening the file at the same moment (SQLite answers
        "locked" at once while it recovers the WAL, without waiting) is waited for up to the busy timeout."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                return self._open_once()
            except _Locked:
                if time.monotonic() > deadline:
                    raise self._error(f"{self.path}: opening failed (database is locked by another program)") \
                        from None
                time.sleep(0.05)

    def _open_once(self) -> sqlite3.Connection:
        conn = None
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False,
                                   isolation_level=None if self._autocommit else "DEFERRED")
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Reading the mode first: setting WAL on a file already in WAL still takes a write lock.
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise _Locked from None
            if self.path.exists() and (is_disk_full(exc) or disk_nearly_full(self.path)):
                return self._open_for_reading()
            raise self._error(describe(self.path, exc, "opening")) from None
        return conn

    def _open_for_reading(self) -> sqlite3.Connection:
        """On a full disk, WAL's shared-memory file cannot be made: read the file as it is, write nothing."""
        self.reading_only = True
        uri = f"file:{quote(str(self.path))}?immutable=1"
        try:
            return sqlite3.connect(uri, uri=True, check_same_thread=False,
                                   isolation_level=None if self._autocommit else "DEFERRED")
        except sqlite3.DatabaseError as exc:
            raise self._error(describe(self.path, exc, "opening")) from None

    def close(self) -> None:
        """Close every connection this object opened (call when no thread uses them any more)."""
        with self._all_lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()


def user_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in a database file."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def is_damaged(exc: BaseException) -> bool:
    """True for the errors SQLite gives for a file that is not (or no longer) a database."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and (
        "not a database" in text or "malformed" in text or "file is encrypted" in text)


def set_aside(path: Path) -> Path:
    """Move a damaged database (and its WAL files) to a dated name beside it; returns the new path."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    os.replace(path, target)
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


def open_or_set_aside(path: Path, opener: Callable[[], T], notice: Callable[[str], None], what: str) -> T:
    """Run `opener`; if the file turns out not to be a database, set it aside, tell, and open afresh.

    Args:
        path: the database file.
        opener: builds the store object (opening and migrating the file).
        notice: receives the one-line message for the user.
        what: what the file holds, for the message ("your bookmarks").
    """
    try:
        return opener()
    except (NewsdeskError, sqlite3.DatabaseError) as exc:
        cause = exc.__cause__ or exc.__context__
        if not (is_damaged(exc) or (cause is not None and is_damaged(cause))):
            raise
    moved = set_aside(path)
    notice(f"{path} was damaged and could not be read; it was kept as {moved.name} and a fresh file was "
           f"started. To try to recover {what}: quit newsdesk, then `sqlite3 {moved} .recover | sqlite3 {path}`")
    return opener()
