"""Feed subscriptions and how their last fetch went, in their own SQLite file (`subscriptions.db`).

Durable the way bookmarks are: WAL, `synchronous=FULL`, a busy timeout, one
transaction per change, a versioned schema (`user_version`) with a backup before
an upgrade, and a file from a newer newsdesk refused rather than changed.

A fetch is recorded with `record` only after its items are stored: a fetch killed
halfway leaves the old validators, so the next fetch asks again and the items it
already stored are recognised by their keys. Articles will carry a subscription's
`id` and `source` (its title); unread state lives with the articles.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import NewsdeskError
from .migrations import migrate, write
from .opml import OpmlFeed
from .sqlite import Connections
from .subscription_model import FetchRecord, Subscription
from .subscription_schema import MIGRATIONS
from .urls import url_key

if TYPE_CHECKING:
    from .fetch import FetchResult

_COLUMNS = ("id, url, title, folder, site_url, etag, last_modified, content_hash, last_fetch, last_success, "
            "last_status, last_error, failures, not_before, added")


class SubscriptionError(NewsdeskError):
    """A subscription cannot be added, found or changed; the message says why."""


def now() -> str:
    """The current UTC time as ISO 8601, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class SubscriptionStore:
    """The subscriptions of one library home; safe to use from several threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connections = Connections(path, SubscriptionError, autocommit=True)
        migrate(self._conn(), path, MIGRATIONS, SubscriptionError, "subscription")

    def close(self) -> None:
        """Close this thread's connection."""
        self._connections.close()

    # Adding and removing -------------------------------------------------------

    def add(self, url: str, title: str = "", group: str = "", site_url: str = "",
            allow_similar: bool = False) -> Subscription:
        """Subscribe to a feed URL.

        Raises:
            SubscriptionError: if that URL is already subscribed, or (unless allow_similar) the same
                feed under another spelling (http/https, www., a trailing slash, tracking parameters).
        """
        url = url.strip()
        if not url:
            raise SubscriptionError("a subscription needs a feed URL")
        with self._write() as conn:
            self._refuse_duplicate(conn, url, allow_similar)
            cur = conn.execute("INSERT INTO subscriptions(url, url_key, title, folder, site_url, added)"
                               " VALUES (?,?,?,?,?,?)", (url, url_key(url), title.strip(), group.strip(),
                                                         site_url.strip(), now()))
            sub_id = int(cur.lastrowid or 0)
        return self.get(sub_id)

    def add_many(self, feeds: Iterable[OpmlFeed]) -> tuple[list[Subscription], list[Subscription]]:
        """Subscribe to a list (an OPML import) in one transaction.

        Feeds are kept as listed, even two spellings of one feed; a URL already subscribed is skipped.
        Returns (added, already subscribed).
        """
        added: list[int] = []
        existing: list[int] = []
        with self._write() as conn:
            for feed in feeds:
                url = feed.url.strip()
                row = conn.execute("SELECT id FROM subscriptions WHERE url = ?", (url,)).fetchone()
                if row:
                    existing.append(row[0])
                    continue
                cur = conn.execute("INSERT INTO subscriptions(url, url_key, title, folder, site_url, added)"
                                   " VALUES (?,?,?,?,?,?)", (url, url_key(url), feed.title.strip(),
                                                             feed.group.strip(), feed.site_url.strip(), now()))
                added.append(int(cur.lastrowid or 0))
        return [self.get(i) for i in added], [self.get(i) for i in dict.fromkeys(existing)]

    def remove(self, url_or_name: str) -> Subscription:
        """Unsubscribe by URL or title; returns what was removed."""
        found = self.find(url_or_name)
        with self._write() as conn:
            conn.execute("DELETE FROM subscriptions WHERE id = ?", (found.id,))
        return found

    def update(self, sub_id: int, title: str | None = None, group: str | None = None) -> Subscription:
        """Rename a subscription or move it to another group."""
        with self._write() as conn:
            if title is not None:
                conn.execute("UPDATE subscriptions SET title = ? WHERE id = ?", (title.strip(), sub_id))
            if group is not None:
                conn.execute("UPDATE subscriptions SET folder = ? WHERE id = ?", (group.strip(), sub_id))
        return self.get(sub_id)

    # Reading -------------------------------------------------------------------

    def get(self, sub_id: int) -> Subscription:
        """One subscription by id."""
        row = self._conn().execute(f"SELECT {_COLUMNS} FROM subscriptions WHERE id = ?", (sub_id,)).fetchone()
        if row is None:
            raise SubscriptionError(f"no subscription with id {sub_id}")
        return Subscription(*row)

    def find(self, url_or_name: str) -> Subscription:
        """The subscription with this URL (any spelling of it) or this title (any case).

        Raises:
            SubscriptionError: when none matches, or a name matches several.
        """
        wanted = url_or_name.strip()
        conn = self._conn()
        rows = conn.execute(f"SELECT {_COLUMNS} FROM subscriptions WHERE url = ?", (wanted,)).fetchall() or \
            conn.execute(f"SELECT {_COLUMNS} FROM subscriptions WHERE url_key = ? ORDER BY id",
                         (url_key(wanted),)).fetchall() or \
            conn.execute(f"SELECT {_COLUMNS} FROM subscriptions WHERE title = ? COLLATE NOCASE ORDER BY id",
                         (" ".join(wanted.split()),)).fetchall()
        if not rows:
            raise SubscriptionError(f"no subscription with the URL or name '{wanted}'")
        if len(rows) > 1:
            urls = ", ".join(r[1] for r in rows[:3])
            raise SubscriptionError(f"{len(rows)} subscriptions match '{wanted}' ({urls}); give the URL")
        return Subscription(*rows[0])

    def all(self) -> list[Subscription]:
        """Every subscription, by group then title."""
        rows = self._conn().execute(f"SELECT {_COLUMNS} FROM subscriptions "
                                    "ORDER BY folder COLLATE NOCASE, title COLLATE NOCASE, url, id")
        return [Subscription(*r) for r in rows]

    def due(self, at: datetime | None = None) -> list[Subscription]:
        """The subscriptions a fetch should ask now: all but those a server asked to wait."""
        stamp = (at or datetime.now(UTC)).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        return [s for s in self.all() if not s.not_before or s.not_before <= stamp]

    # After a fetch -------------------------------------------------------------

    def record(self, result: FetchResult, title: str = "", site_url: str = "", error: str = "") -> Subscription:
        """Remember how a fetch went, after its items are stored (the result's key is the subscription id).

        Args:
            result: the fetch result.
            title: the feed's title, kept if the subscription has none yet.
            site_url: the feed's site, kept if the subscription has none yet.
            error: a failure found after fetching (the body was not a feed); the validators are then
                not kept, so the next fetch gets the body again instead of a silent 304.
        """
        return self.record_many([FetchRecord(result, title, site_url, error)])[0]

    def record_many(self, records: Sequence[FetchRecord]) -> list[Subscription]:
        """Remember how several fetches went, in one transaction (see `record`); a subscription removed
        meanwhile is left out."""
        for record in records:
            if not isinstance(record.result.request.key, int):
                raise SubscriptionError(f"{record.result.url}: the fetch was not made for a subscription")
        done: list[int] = []
        with self._write() as conn:
            for record in records:
                row = conn.execute(f"SELECT {_COLUMNS} FROM subscriptions WHERE id = ?",
                                   (record.result.request.key,)).fetchone()
                if row is not None:
                    _record_one(conn, Subscription(*row), record)
                    done.append(row[0])
        return [self.get(i) for i in done]

    # Internals -----------------------------------------------------------------

    def _refuse_duplicate(self, conn: sqlite3.Connection, url: str, allow_similar: bool) -> None:
        row = conn.execute("SELECT url, title FROM subscriptions WHERE url = ?", (url,)).fetchone()
        if row is None and not allow_similar:
            row = conn.execute("SELECT url, title FROM subscriptions WHERE url_key = ?", (url_key(url),)).fetchone()
        if row is not None:
            as_what = f" as '{row[1]}'" if row[1] else ""
            same = "" if row[0] == url else f" ({row[0]})"
            raise SubscriptionError(f"already subscribed to {url}{same}{as_what}")

    def _conn(self) -> sqlite3.Connection:
        return self._connections.get()

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        return write(self._conn())


def _record_one(conn: sqlite3.Connection, sub: Subscription, record: FetchRecord) -> None:
    """Write one fetch's outcome inside a transaction."""
    result, error = record.result, record.error
    stamp = now()
    failed = result.status == "failed" or bool(error)
    fields: dict[str, object] = {"last_fetch": stamp, "last_status": result.http_status,
                                 "last_error": error or result.error}
    if failed:
        fields["failures"] = sub.failures + 1
        if result.retry_after:
            until = datetime.now(UTC) + timedelta(seconds=result.retry_after)
            fields["not_before"] = until.replace(microsecond=0).isoformat().replace("+00:00", "Z")
    else:
        fields.update(last_success=stamp, failures=0, not_before=None, etag=result.etag,
                      last_modified=result.last_modified)
        if result.status == "ok":
            fields["content_hash"] = result.content_hash
    if record.title and not sub.title:
        fields["title"] = " ".join(record.title.split())
    if record.site_url and not sub.site_url:
        fields["site_url"] = record.site_url
    if result.permanent_url and result.permanent_url != sub.url:
        taken = conn.execute("SELECT id FROM subscriptions WHERE url = ? AND id != ?",
                             (result.permanent_url, sub.id)).fetchone()
        if taken:
            fields["last_error"] = fields["last_error"] or \
                f"moved permanently to {result.permanent_url}, which is another subscription"
        else:
            fields.update(url=result.permanent_url, url_key=url_key(result.permanent_url))
    assignments = ", ".join(f"{name} = ?" for name in fields)
    conn.execute(f"UPDATE subscriptions SET {assignments} WHERE id = ?", (*fields.values(), sub.id))
