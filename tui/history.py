"""Queries typed in the reader, kept per library in `search-history.json` in its home.

The file is rewritten atomically (temporary file, fsync, rename, folder fsync):
a crash leaves the old list or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

FILE = "search-history.json"
#: Queries kept, newest last.
LIMIT = 200


class QueryHistory:
    """A library's earlier queries, oldest first; read and written in worker threads."""

    def __init__(self, home: Path) -> None:
        self.path = home / FILE
        self.queries: list[str] = []

    def load(self) -> list[str]:
        """Read the kept queries (none when the file is missing or unreadable)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = []
        self.queries = [q for q in data if isinstance(q, str)][-LIMIT:] if isinstance(data, list) else []
        return list(self.queries)

    def remember(self, query: str) -> list[str] | None:
        """Make `query` the newest entry; returns the new list to save, or None when nothing changed."""
        query = query.strip()
        if not query or "\n" in query or self.queries[-1:] == [query]:
            return None
        self.queries = [q for q in self.queries if q != query][-(LIMIT - 1):] + [query]
        return list(self.queries)

    def save(self, queries: Sequence[str]) -> None:
        """Write a list of queries atomically."""
        tmp = self.path.with_name(f".{FILE}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(list(queries), fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        folder = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
