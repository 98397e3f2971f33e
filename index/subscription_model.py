"""The subscription value objects: a feed the user follows, and how one fetch of it went.

Frozen dataclasses the subscriptions file (`subscriptions`) hands out and the
feed fetching (`feed_source`, `library_feeds`) passes back to be recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .opml import OpmlFeed
from .urls import host_of

if TYPE_CHECKING:
    from .fetch import FetchRequest, FetchResult


@dataclass(frozen=True)
class Subscription:
    """A feed the user follows, and how its last fetch went."""

    id: int
    url: str
    title: str
    group: str
    site_url: str
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    last_fetch: str | None
    last_success: str | None
    last_status: int | None
    last_error: str
    failures: int
    not_before: str | None
    added: str
    #: Articles this subscription brought, and how many of them are unread (filled by `library.feeds`).
    articles: int = 0
    unread: int = 0

    @property
    def name(self) -> str:
        """What to call it: its title, or its URL when it has none yet."""
        return self.title or self.url

    @property
    def source(self) -> str:
        """The source its articles carry: its title, or the feed's host."""
        return self.title or host_of(self.url) or self.url

    def request(self) -> FetchRequest:
        """A conditional request for its feed, keyed by its id."""
        from .fetch import FetchRequest

        return FetchRequest(self.url, self.etag, self.last_modified, key=self.id)

    def as_opml(self) -> OpmlFeed:
        """Its OPML outline."""
        return OpmlFeed(self.url, self.title, self.group, self.site_url)

    def as_json(self) -> dict[str, object]:
        """The subscription as `newsdesk subscriptions --json` prints it."""
        return {"id": self.id, "title": self.title, "url": self.url, "group": self.group,
                "site_url": self.site_url, "last_fetch": self.last_fetch, "last_success": self.last_success,
                "last_status": self.last_status, "last_error": self.last_error, "failures": self.failures,
                "not_before": self.not_before, "articles": self.articles, "unread": self.unread}


@dataclass(frozen=True)
class FetchRecord:
    """How one subscription's fetch went: the result, what the feed said about itself, a later error."""

    result: FetchResult
    title: str = ""
    site_url: str = ""
    error: str = ""
