"""Versioned SQLite schemas, the way bookmarks.db does it, for stores that open a `Connections` file.

The schema version lives in `PRAGMA user_version`. Upgrading runs each missing
step in one `BEGIN IMMEDIATE` transaction after a consistent backup copy of the
file (`<name>.v<old>.bak`); a file from a newer newsdesk is refused, not changed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import NewsdeskError


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One transaction that takes the write lock at once (so busy waits happen up front).

    The connection must be in autocommit mode (`Connections(..., autocommit=True)`).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def migrate(conn: sqlite3.Connection, path: Path, steps: dict[int, str], error: type[NewsdeskError],
            what: str) -> None:
    """Bring a file to the newest schema in `steps` (version -> SQL script).

    Raises:
        error: when the file was made by a newer newsdesk.
    """
    newest = max(steps)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > newest:
        raise error(f"{path}: made by a newer newsdesk ({what} schema {version}, this one knows {newest}); "
                    "upgrade newsdesk to use it")
    if version == newest:
        return
    if version > 0:
        backup = sqlite3.connect(path.with_name(f"{path.name}.v{version}.bak"))
        with backup:
            conn.backup(backup)
        backup.close()
    with write(conn) as c:
        # Re-read inside the lock: another process may have migrated meanwhile.
        current = c.execute("PRAGMA user_version").fetchone()[0]
        for step in range(current + 1, newest + 1):
            for statement in steps[step].split(";"):
                if statement.strip():
                    c.execute(statement)
        c.execute(f"PRAGMA user_version = {newest}")
