"""Stories in the article store: grouped as articles are written, read for search, `show` and "more like this".

The tables (`story_tables`, store schema 5) live in `library.db` beside the
articles, so a story never outlives its members. The pipeline signs every
article it stores and groups it in the same transaction (`record`); a changed
article leaves its old story first (what is left is regrouped), and a removed
one leaves through `StoryTables.remove` in the store. Articles stored before
schema 5 are grouped once by `StoryRecords.backfill` (the first writer, or
`Library.prepare`), in batches, with progress; until then an article without a
row is a story of its own. Grouping is not a change of the store (no change
number): the search index holds no story, so nothing is re-indexed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from datetime import date as Date
from typing import NamedTuple

from .migrations import write
from .progress_models import Progress
from .store import Store
from .story_models import StoryMember
from .story_tables import StoryTables

#: The `meta` key that says some articles still wait for their story (set by the schema 5 migration).
PENDING = "stories_pending"
#: Articles signed and grouped per transaction while backfilling.
BATCH = 500
_IDS = "(SELECT value FROM json_each(?))"


class StoryOf(NamedTuple):
    """The story an article belongs to and how many articles tell it."""

    story: str
    size: int


def sign(texts: Mapping[str, str]) -> dict[str, bytes]:
    """The story signature of each text (id -> text), to compute before a write transaction begins."""
    from .stories import signature

    return {article_id: signature(text) for article_id, text in texts.items()}


def record(conn: sqlite3.Connection, sigs: Mapping[str, bytes]) -> None:
    """Group articles just written, inside the caller's write transaction.

    A new article joins (or starts) a story; a changed one whose signature moved
    leaves its story first, so what is left is regrouped; an unchanged one stays.
    """
    present = {r[0] for r in conn.execute(f"SELECT id FROM articles WHERE id IN {_IDS}",
                                          (json.dumps(list(sigs)),))}
    sigs = {i: sig for i, sig in sigs.items() if i in present}  # one removed later in the batch has no story
    if not sigs:
        return
    tables = StoryTables(conn)
    stored = dict(conn.execute(f"SELECT article_id, sig FROM stories WHERE article_id IN {_IDS}",
                               (json.dumps(list(sigs)),)).fetchall())
    changed = sorted(i for i, sig in sigs.items() if i in stored and stored[i] != sig)
    if changed:
        tables.remove(changed)
    fresh = [(i, sig) for i, sig in sorted(sigs.items()) if i not in stored or i in changed]
    if fresh:
        tables.add(fresh)


class StoryRecords:
    """Reads the stories of one store (one connection per thread), and groups articles stored before them."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _conn(self) -> sqlite3.Connection:
        return self._store.connection()

    def of(self, ids: Sequence[str]) -> dict[str, StoryOf]:
        """The story and its size of each of some articles (an article not grouped yet stands alone)."""
        if not ids:
            return {}
        rows = self._conn().execute(
            "SELECT s.article_id, s.story_id, (SELECT count(*) FROM stories t WHERE t.story_id = s.story_id)"
            f" FROM stories s WHERE s.article_id IN {_IDS}", (json.dumps(list(ids)),)).fetchall()
        found = {article_id: StoryOf(story, int(size)) for article_id, story, size in rows}
        return {i: found.get(i, StoryOf(i, 1)) for i in ids}

    def members(self, article_id: str) -> list[StoryMember]:
        """Every article of an article's story (itself included), oldest first, undated last, then by id."""
        rows = self._conn().execute(
            "SELECT a.id, a.title, a.source, a.date FROM stories s JOIN articles a ON a.id = s.article_id"
            " WHERE s.story_id = (SELECT story_id FROM stories WHERE article_id = ?)"
            " ORDER BY a.date IS NULL, a.date, a.id", (article_id,)).fetchall()
        if not rows:
            rows = self._conn().execute("SELECT id, title, source, date FROM articles WHERE id = ?",
                                        (article_id,)).fetchall()
        return [StoryMember(i, title, source, Date.fromisoformat(d) if d else None) for i, title, source, d in rows]

    def describe(self, ids: Sequence[str]) -> dict[str, tuple[str, str, Date | None, str]]:
        """Title, source, date and URL of some stored articles."""
        rows = self._conn().execute(f"SELECT id, title, source, date, url FROM articles WHERE id IN {_IDS}",
                                    (json.dumps(list(ids)),)).fetchall()
        return {i: (title, source, Date.fromisoformat(d) if d else None, url) for i, title, source, d, url in rows}

    def signatures(self, article_id: str) -> dict[str, bytes]:
        """The signatures of the members of an article's story (empty when it is not grouped yet)."""
        return dict(self._conn().execute(
            "SELECT article_id, sig FROM stories WHERE story_id = (SELECT story_id FROM stories"
            " WHERE article_id = ?)", (article_id,)).fetchall())

    def pending(self) -> bool:
        """True when some articles stored before stories existed are not grouped yet."""
        return self._conn().execute("SELECT 1 FROM meta WHERE key = ?", (PENDING,)).fetchone() is not None

    def backfill(self) -> Iterator[Progress]:
        """Group the articles stored before stories existed, BATCH per transaction, yielding progress.

        Safe beside other writers: signatures are computed outside the transaction,
        and each batch stores only articles that still have no story by then (a
        writer that changed one meanwhile grouped it itself). Stopping half-way
        keeps what was grouped; the next call goes on.
        """
        if not self.pending():
            return
        conn = self._conn()
        missing = "NOT EXISTS (SELECT 1 FROM stories s WHERE s.article_id = a.id)"
        total = int(conn.execute(f"SELECT count(*) FROM articles a WHERE {missing}").fetchone()[0])
        done, last = 0, ""
        yield Progress("index", 0, total, "grouping the stored articles into stories")
        while True:
            rows = conn.execute(f"SELECT a.id, a.text FROM articles a WHERE a.id > ? AND {missing}"
                                " ORDER BY a.id LIMIT ?", (last, BATCH)).fetchall()
            if not rows:
                break
            sigs = sign(dict(rows))
            with write(conn):
                still = {r[0] for r in conn.execute(f"SELECT a.id FROM articles a WHERE a.id IN {_IDS} AND {missing}",
                                                    (json.dumps(list(sigs)),))}
                StoryTables(conn).add([(i, sig) for i, sig in sigs.items() if i in still])
            done, last = done + len(rows), rows[-1][0]
            yield Progress("index", min(done, total), total, "grouping the stored articles into stories")
        with write(conn):
            if conn.execute(f"SELECT 1 FROM articles a WHERE {missing} LIMIT 1").fetchone() is None:
                conn.execute("DELETE FROM meta WHERE key = ?", (PENDING,))

