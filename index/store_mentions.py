"""Actor and mention queries over the article store (`library.db`): who is named where, and how often.

The store's companion for the actor list, the actor view and facets: it reads the
`mentions` and `names` tables (and the articles they point at) through the store's
per-thread connection and writes nothing but a temporary mapping table.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Sequence

from .models import Facet
from .store import JSON_LIST, Store
from .store_rows import ActorRow, MentionRow, MentionSummary, NameRow

#: Newest article first, undated ones last (the order of the `articles_date` index, walked backwards).
_NEWEST = "a.date DESC, a.id DESC"


class MentionRecords:
    """Reads actor names and mentions; safe from several threads (one connection each)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _conn(self) -> sqlite3.Connection:
        return self._store.connection()

    def actor_names(self) -> list[NameRow]:
        """Every stored actor name with its mention type, the text it was written as, and how often."""
        return [NameRow(*r) for r in self._conn().execute("SELECT actor, type, text, n FROM names")]

    def name_rows(self, pairs: Collection[tuple[str, str]]) -> list[NameRow]:
        """The stored rows of some (name, type) pairs."""
        wanted = set(pairs)
        rows = self._conn().execute(f"SELECT actor, type, text, n FROM names WHERE actor IN {JSON_LIST}",
                                    (json.dumps(sorted({name for name, _ in wanted})),))
        return [NameRow(*r) for r in rows if (r[0], r[1]) in wanted]

    def actor_rows(self, ids: Sequence[str] | None = None) -> list[ActorRow]:
        """(name, type, article id, mentions) for all articles or some of them."""
        if ids is None:
            rows = self._conn().execute(
                "SELECT actor, type, article_id, count(*) FROM mentions GROUP BY actor, type, article_id")
            return [ActorRow(*r) for r in rows]
        rows = self._conn().execute(
            f"SELECT actor, type, article_id, count(*) FROM mentions WHERE article_id IN {JSON_LIST}"
            " GROUP BY actor, type, article_id", (json.dumps(list(ids)),))
        return [ActorRow(*r) for r in rows]

    def count_by_actor(self, mapping: Sequence[tuple[str, str, str]]) -> dict[str, tuple[int, int]]:
        """(articles, mentions) per actor, given which actor each stored (name, type) belongs to."""
        conn = self._conn()
        conn.execute("BEGIN")
        try:
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS actor_map (actor TEXT, type TEXT, name TEXT,"
                         " PRIMARY KEY (actor, type)) WITHOUT ROWID")
            conn.execute("DELETE FROM actor_map")
            conn.executemany("INSERT OR IGNORE INTO actor_map VALUES (?, ?, ?)", mapping)
            rows = conn.execute(
                "SELECT a.name, count(DISTINCT m.article_id), count(*) FROM mentions m JOIN actor_map a"
                " ON a.actor = m.actor AND a.type = m.type GROUP BY a.name").fetchall()
            conn.execute("DELETE FROM actor_map")
        finally:
            conn.execute("COMMIT")
        return {name: (int(articles), int(mentions)) for name, articles, mentions in rows}

    def sources_of(self, ids: Sequence[str], limit: int) -> list[Facet]:
        """The most common sources among some articles."""
        rows = self._conn().execute(
            f"SELECT source, count(*) AS n FROM articles WHERE id IN {JSON_LIST}"
            " GROUP BY source ORDER BY n DESC, source LIMIT ?", (json.dumps(list(ids)), limit)).fetchall()
        return [Facet(s or "(none)", n) for s, n in rows]

    def mentions_of(self, names: Sequence[str], articles: int) -> list[MentionRow]:
        """Mentions of some stored names in the newest `articles` articles that have any, newest first."""
        ids = self.articles_mentioning(names, articles)
        rows = self._conn().execute(
            "SELECT m.article_id, m.start, m.end, m.type, a.date, a.title, a.source FROM mentions m"
            f" JOIN articles a ON a.id = m.article_id WHERE m.article_id IN {JSON_LIST} AND m.actor IN {JSON_LIST}"
            f" ORDER BY {_NEWEST}, m.start", (json.dumps(ids), json.dumps(list(names)))).fetchall()
        return [MentionRow(*r) for r in rows]

    def mention_summary(self, names: Sequence[str]) -> MentionSummary:
        """How often some stored names are mentioned, in how many articles, and by month."""
        conn, wanted = self._conn(), (json.dumps(list(names)),)
        mentions, articles = conn.execute(
            f"SELECT count(*), count(DISTINCT article_id) FROM mentions WHERE actor IN {JSON_LIST}", wanted).fetchone()
        months = conn.execute(
            "SELECT substr(a.date, 1, 7) AS month, count(*) FROM mentions m JOIN articles a ON a.id = m.article_id"
            f" WHERE m.actor IN {JSON_LIST} AND a.date IS NOT NULL GROUP BY month ORDER BY month", wanted).fetchall()
        return MentionSummary(int(mentions), int(articles), tuple((m, int(n)) for m, n in months))

    def articles_mentioning(self, names: Sequence[str], limit: int) -> list[str]:
        """Ids of the newest articles that mention any of some stored names (undated ones last).

        A name in many articles is found by walking the articles newest first until `limit` have it; a rarer
        one by gathering its articles and sorting them: each way costs milliseconds where the other would
        cost a second at 45,000 articles.
        """
        conn, wanted = self._conn(), json.dumps(list(names))
        mentions = conn.execute(f"SELECT coalesce(sum(n), 0) FROM names WHERE actor IN {JSON_LIST}",
                                (wanted,)).fetchone()[0]
        if (mentions // 2) ** 2 > limit * self._store.count():  # (about two mentions to an article)
            query = (f"SELECT a.id FROM articles a INDEXED BY articles_date WHERE EXISTS (SELECT 1 FROM mentions m"
                     f" WHERE m.article_id = a.id AND m.actor IN {JSON_LIST}) ORDER BY {_NEWEST} LIMIT ?")
        else:
            query = (f"SELECT a.id FROM articles a WHERE a.id IN (SELECT article_id FROM mentions WHERE actor IN"
                     f" {JSON_LIST}) ORDER BY {_NEWEST} LIMIT ?")
        return [r[0] for r in conn.execute(query, (wanted, limit))]
