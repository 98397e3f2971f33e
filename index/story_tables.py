"""The proposed SQLite tables for stories, and `group` run against them.

Two tables, meant to live in the article store's file (so a story never
outlives its articles) and to be written in the same transaction as the
articles they describe:

- `stories(row, article_id, story_id, sig)`: every article's story (its own id
  when alone) and its MinHash signature, computed once. `row` is a small
  append-only integer that the buckets point at (a 16-character id in 20 bucket
  rows per article would double the bucket index); `stories_story` makes a
  story's members and size one indexed lookup.
- `story_buckets(band_key, row)`: one row per LSH band; its primary key is the
  index that makes finding candidates one lookup per key.

The class never begins or commits: the caller owns the transaction. Removing an
article goes through `remove` (never a bare DELETE or a cascade) so what is left
of its story is regrouped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

from .stories import SCHEME, Scheme, band_keys
from .story_index import Candidate, Grouping, group, regroup

SCHEMA = """
CREATE TABLE IF NOT EXISTS stories (
    row INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE,
    story_id TEXT NOT NULL,
    sig BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_story ON stories(story_id);
CREATE TABLE IF NOT EXISTS story_buckets (
    band_key INTEGER NOT NULL,
    row INTEGER NOT NULL,
    PRIMARY KEY (band_key, row)
) WITHOUT ROWID;
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

    def candidates(self, keys: Collection[int]) -> Iterator[Candidate]:
        """Every stored article with one of these band keys, once per key: one indexed query per 900 keys."""
        for chunk in _chunks(sorted(keys)):
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                "SELECT b.band_key, s.article_id, s.sig, s.story_id FROM story_buckets b "
                f"JOIN stories s ON s.row = b.row WHERE b.band_key IN ({marks})", chunk)
            yield from map(Candidate._make, rows)

    def add(self, items: Sequence[tuple[str, bytes]]) -> Grouping:
        """Group new (id, signature) pairs with the stored articles and store them."""
        plan = group(items, self, self.scheme)
        self.conn.executemany("UPDATE stories SET story_id = ? WHERE story_id = ?",
                              [(new, old) for old, new in plan.renamed.items()])
        first = self.conn.execute("SELECT coalesce(max(row), 0) + 1 FROM stories").fetchone()[0]
        rows = [(first + n, article_id, plan.stories[article_id], sig) for n, (article_id, sig) in enumerate(items)]
        self.conn.executemany("INSERT INTO stories(row, article_id, story_id, sig) VALUES (?, ?, ?, ?)", rows)
        # In key order, so the inserts walk the bucket index once instead of jumping about it.
        buckets = sorted({(key, row) for row, _, _, sig in rows for key in band_keys(sig, self.scheme)})
        self.conn.executemany("INSERT INTO story_buckets(band_key, row) VALUES (?, ?)", buckets)
        return plan

    def remove(self, ids: Collection[str]) -> dict[str, str]:
        """Forget articles (deleted, or about to be re-added changed); regroup what is left of their stories.

        Returns the articles whose story id changed.
        """
        touched = {story for _, story in self._rows("SELECT article_id, story_id FROM stories "
                                                     "WHERE article_id IN ({})", ids)}
        for row, sig in list(self._rows("SELECT row, sig FROM stories WHERE article_id IN ({})", ids)):
            self.conn.executemany("DELETE FROM story_buckets WHERE band_key = ? AND row = ?",
                                  [(key, row) for key in set(band_keys(sig, self.scheme))])
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            self.conn.execute(f"DELETE FROM stories WHERE article_id IN ({marks})", chunk)
        changed: dict[str, str] = {}
        for story in sorted(touched):
            left = dict(self.conn.execute("SELECT article_id, sig FROM stories WHERE story_id = ?", (story,)))
            for member, new in regroup(left, self.scheme).items():
                if new != story:
                    changed[member] = new
        self.conn.executemany("UPDATE stories SET story_id = ? WHERE article_id = ?",
                              [(new, member) for member, new in changed.items()])
        return changed

    def _rows(self, sql: str, ids: Collection[str]) -> Iterator[tuple[Any, Any]]:
        for chunk in _chunks(ids):
            yield from self.conn.execute(sql.format(",".join("?" * len(chunk))), chunk)

    def members(self, story_id: str) -> list[str]:
        """The members of a story, sorted by id."""
        return [row[0] for row in self.conn.execute(
            "SELECT article_id FROM stories WHERE story_id = ? ORDER BY article_id", (story_id,))]
