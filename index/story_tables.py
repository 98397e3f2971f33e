"""The proposed SQLite tables for stories, and `group` run against them.

Three tables, meant to live in the article store's file (so a story never
outlives its articles) and to be written in the same transaction as the
articles they describe:

- `story_signatures(row, article_id, sig)`: the MinHash signature, computed once;
  `row` is a small append-only integer the buckets point at (a 16-character id
  in 20 bucket rows per article would double the bucket index).
- `story_buckets(band_key, row)`: one row per LSH band; its primary key is the
  index that makes finding candidates one lookup per key.
- `stories(article_id, story_id)`: every article's story (its own id when alone),
  indexed by story so a story's members and size are one indexed lookup.

The class never begins or commits: the caller owns the transaction. Removing an
article goes through `remove` (never a bare DELETE or a cascade) so what is left
of its story is regrouped.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any

from .stories import SCHEME, Scheme, band_keys
from .story_index import Grouping, group, regroup

SCHEMA = """
CREATE TABLE IF NOT EXISTS story_signatures (
    row INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE,
    sig BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS story_buckets (
    band_key INTEGER NOT NULL,
    row INTEGER NOT NULL,
    PRIMARY KEY (band_key, row)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stories (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS stories_story ON stories(story_id);
"""

#: Parameters per statement, well under SQLite's limit of 32,766.
_CHUNK = 900


def _chunks(values: Iterable[object]) -> Iterator[list[object]]:
    items = list(values)
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


class StoryTables:
    """Stories in SQLite through one connection; implements `StoredStories` for `group`."""

    def __init__(self, conn: sqlite3.Connection, scheme: Scheme = SCHEME) -> None:
        self.conn = conn
        self.scheme = scheme

    def create(self) -> None:
        """Create the tables if missing (the lead folds SCHEMA into the store's migrations)."""
        for statement in SCHEMA.split(";"):
            if statement.strip():
                self.conn.execute(statement)

    def bucket_members(self, keys: Collection[int]) -> Mapping[int, Sequence[str]]:
        """For each key in use, the stored articles with it."""
        found: dict[int, list[str]] = defaultdict(list)
        for chunk in _chunks(keys):
            marks = ",".join("?" * len(chunk))
            for key, article_id in self.conn.execute(
                    f"SELECT b.band_key, s.article_id FROM story_buckets b JOIN story_signatures s "
                    f"ON s.row = b.row WHERE b.band_key IN ({marks})", chunk):
                found[key].append(article_id)
        return found

    def signatures(self, ids: Collection[str]) -> Mapping[str, bytes]:
        """The stored signatures of these articles."""
        return dict(self._rows("SELECT article_id, sig FROM story_signatures WHERE article_id IN ({})", ids))

    def story_ids(self, ids: Collection[str]) -> Mapping[str, str]:
        """The story id of each of these articles."""
        return dict(self._rows("SELECT article_id, story_id FROM stories WHERE article_id IN ({})", ids))

    def _rows(self, sql: str, ids: Collection[str]) -> Iterator[tuple[Any, Any]]:
        for chunk in _chunks(ids):
            yield from self.conn.execute(sql.format(",".join("?" * len(chunk))), chunk)

    def add(self, items: Sequence[tuple[str, bytes]]) -> Grouping:
        """Group new (id, signature) pairs with the stored articles and store them."""
        plan = group(items, self, self.scheme)
        self.conn.executemany("UPDATE stories SET story_id = ? WHERE story_id = ?",
                              [(new, old) for old, new in plan.renamed.items()])
        for article_id, sig in items:
            row = self.conn.execute("INSERT INTO story_signatures(article_id, sig) VALUES (?, ?)",
                                    (article_id, sig)).lastrowid
            self.conn.executemany("INSERT OR IGNORE INTO story_buckets(band_key, row) VALUES (?, ?)",
                                  [(key, row) for key in band_keys(sig, self.scheme)])
        self.conn.executemany("INSERT INTO stories(article_id, story_id) VALUES (?, ?)", plan.stories.items())
        return plan

    def remove(self, ids: Collection[str]) -> dict[str, str]:
        """Forget articles (deleted, or about to be re-added changed); regroup what is left of their stories.

        Returns the articles whose story id changed.
        """
        touched = set(self.story_ids(ids).values())
        rows = list(self._rows("SELECT row, sig FROM story_signatures WHERE article_id IN ({})", ids))
        for row, sig in rows:
            self.conn.executemany("DELETE FROM story_buckets WHERE band_key = ? AND row = ?",
                                  [(key, row) for key in band_keys(sig, self.scheme)])
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            self.conn.execute(f"DELETE FROM story_signatures WHERE article_id IN ({marks})", chunk)
            self.conn.execute(f"DELETE FROM stories WHERE article_id IN ({marks})", chunk)
        changed: dict[str, str] = {}
        for story in sorted(touched):
            left = [row[0] for row in self.conn.execute("SELECT article_id FROM stories WHERE story_id = ?",
                                                        (story,))]
            for member, new in regroup(self.signatures(left), self.scheme).items():
                if new != story:
                    changed[member] = new
        self.conn.executemany("UPDATE stories SET story_id = ? WHERE article_id = ?",
                              [(new, member) for member, new in changed.items()])
        return changed

    def members(self, story_id: str) -> list[str]:
        """The members of a story, sorted by id."""
        return [row[0] for row in self.conn.execute(
            "SELECT article_id FROM stories WHERE story_id = ? ORDER BY article_id", (story_id,))]
