"""The article store's schema and its migrations, one transaction per upgrade."""

from __future__ import annotations

import sqlite3

from .story_tables import SCHEMA as STORY_TABLES

SCHEMA_VERSION = 5

_V1 = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    date TEXT,
    url TEXT NOT NULL DEFAULT '',
    authors TEXT NOT NULL DEFAULT '[]',
    format TEXT NOT NULL DEFAULT 'text',
    path TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS files_article ON files(article_id);
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
CREATE INDEX IF NOT EXISTS mentions_actor ON mentions(actor);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# Change numbers: `seq` of each article's last write, `added` of its first; tombstones of removals.
_V2 = """
ALTER TABLE articles ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN added INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN added_at TEXT;
UPDATE articles SET seq = rowid, added = rowid;
CREATE INDEX articles_seq ON articles(seq);
CREATE INDEX articles_added ON articles(added);
CREATE TABLE removed (id TEXT PRIMARY KEY, seq INTEGER NOT NULL);
CREATE INDEX removed_seq ON removed(seq);
INSERT INTO meta(key, value) SELECT 'seq', CAST(coalesce(max(rowid), 0) AS TEXT) FROM articles WHERE true
    ON CONFLICT(key) DO UPDATE SET value = excluded.value;
DELETE FROM meta WHERE key = 'generation';
"""

# Feeds and pages: the identity keys of items (an item is known when any of its keys is), the versions of
# items seen (so the same item from two feeds or formats is not stored back and forth), which subscription
# brought which article, what a fetch brought that is not opened yet, and the feed files added. Articles
# from feed items carry `content_hash` = the hash of the item version they were stored from.
_V3 = """
CREATE TABLE item_keys (
    key TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX item_keys_article ON item_keys(article_id);
CREATE TABLE item_versions (
    hash TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    full INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX item_versions_article ON item_versions(article_id);
CREATE TABLE feed_articles (
    feed INTEGER NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (feed, article_id)
) WITHOUT ROWID;
CREATE INDEX feed_articles_article ON feed_articles(article_id);
CREATE TABLE unread (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL
);
CREATE TABLE feed_files (
    path TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    article_ids TEXT NOT NULL DEFAULT '[]'
);
"""

# Every stored name with how often it is written each way, kept by triggers as mentions come and go,
# so actors are worked out from a few thousand rows instead of a million mentions. One statement each:
# trigger bodies hold semicolons.
_V4 = [
    "CREATE TABLE names (actor TEXT NOT NULL, type TEXT NOT NULL, text TEXT NOT NULL, n INTEGER NOT NULL,"
    " PRIMARY KEY (actor, type, text)) WITHOUT ROWID",
    "INSERT INTO names(actor, type, text, n) SELECT actor, type, text, count(*) FROM mentions"
    " GROUP BY actor, type, text",
    "CREATE TRIGGER names_add AFTER INSERT ON mentions BEGIN"
    " INSERT INTO names(actor, type, text, n) VALUES (new.actor, new.type, new.text, 1)"
    " ON CONFLICT(actor, type, text) DO UPDATE SET n = n + 1; END",
    "CREATE TRIGGER names_remove AFTER DELETE ON mentions BEGIN"
    " UPDATE names SET n = n - 1 WHERE actor = old.actor AND type = old.type AND text = old.text;"
    " DELETE FROM names WHERE actor = old.actor AND type = old.type AND text = old.text AND n <= 0; END",
]

# Stories: each article's MinHash signature, its story, and its LSH bucket keys (`story_tables`). Written in
# the transaction that stores the articles; articles stored before this version are grouped by the first
# writer or `prepare` afterwards (`story_store.backfill`, with progress), not here: at 45,000 articles that
# is most of a minute, and a migration shows no progress.
_V5 = [*(s for s in STORY_TABLES.split(";") if s.strip()),
       "INSERT INTO meta(key, value) SELECT 'stories_pending', '1' WHERE EXISTS (SELECT 1 FROM articles)"]

_STEPS: dict[int, str | list[str]] = {1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5}


def migrate(conn: sqlite3.Connection, version: int) -> None:
    """Bring a store from `version` to SCHEMA_VERSION in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated while we waited for the lock.
        current = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if current == 0 and conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles'").fetchone():
            current = 1  # made before versions were recorded
        for step in range(current + 1, SCHEMA_VERSION + 1):
            statements = _STEPS[step]
            for statement in statements.split(";") if isinstance(statements, str) else statements:
                if statement.strip():
                    conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
