"""The schema of `subscriptions.db` and its migrations, one SQL script per `user_version`.

Kept apart from the store that reads it (`subscriptions`) so an upgrade is read in one place.
"""

from __future__ import annotations

# Every column but the id, as schema 1 made them.
_TABLE = """
        url TEXT NOT NULL UNIQUE,
        url_key TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        folder TEXT NOT NULL DEFAULT '',
        site_url TEXT NOT NULL DEFAULT '',
        etag TEXT,
        last_modified TEXT,
        content_hash TEXT,
        last_fetch TEXT,
        last_success TEXT,
        last_status INTEGER,
        last_error TEXT NOT NULL DEFAULT '',
        failures INTEGER NOT NULL DEFAULT 0,
        not_before TEXT,
        added TEXT NOT NULL
"""
_INDEXES = """
    CREATE INDEX subscriptions_key ON subscriptions(url_key);
    CREATE INDEX subscriptions_title ON subscriptions(title COLLATE NOCASE);
"""
MIGRATIONS: dict[int, str] = {
    1: f"CREATE TABLE subscriptions (id INTEGER PRIMARY KEY, {_TABLE}); {_INDEXES}",
    # Ids are never reused: the article store remembers which subscription id brought which article.
    2: f"""
    CREATE TABLE subscriptions_v2 (id INTEGER PRIMARY KEY AUTOINCREMENT, {_TABLE});
    INSERT INTO subscriptions_v2 SELECT * FROM subscriptions;
    DROP TABLE subscriptions;
    ALTER TABLE subscriptions_v2 RENAME TO subscriptions;
    {_INDEXES}
    """,
}
