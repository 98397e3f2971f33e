"""A URL a user gives to subscribe to -> the feed to follow: the URL itself, or a feed its page links.

Fetched once to find out. A feed answers with itself (its permanent new
address when it moved for good); a web page is searched for `<link
rel="alternate">` feeds (`discovery`), and the first that reads as a feed wins.
Everything else is one line naming the URL and what it is instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .feed_model import Feed, FeedError, NotAFeed
from .subscriptions import SubscriptionError
from .urls import is_web_url

if TYPE_CHECKING:
    from .fetch import Fetcher, FetchResult

#: Feeds of one page tried before giving up.
MAX_LINKS = 3


@dataclass(frozen=True)
class FoundFeed:
    """A feed to subscribe to: where it lives, and what it says about itself."""

    url: str
    title: str
    site_url: str
    items: int


def find_feed(url: str, fetcher: Fetcher) -> FoundFeed:
    """The feed behind a URL.

    Raises:
        SubscriptionError: for a URL that cannot be fetched, or that neither is nor links a feed.
    """
    if not is_web_url(url):
        raise SubscriptionError(f"{url or 'an empty URL'}: not a web address (give the http:// or https:// URL "
                                "of a feed, or of a page that links one)")
    result = _get(fetcher, url)
    try:
        return _found(url, result)
    except NotAFeed as exc:
        if exc.kind != "html":
            raise SubscriptionError(f"{url}: {exc}") from None
    from .discovery import find_feed_links

    links = find_feed_links(result.content or b"", result.final_url or url, result.charset)
    if not links:
        raise SubscriptionError(f"{url}: a web page that names no feed (no <link rel=\"alternate\"> to RSS, "
                                "Atom or JSON Feed); give the feed's own URL")
    problems = []
    for link in links[:MAX_LINKS]:
        try:
            return _found(link.url, _get(fetcher, link.url))
        except NotAFeed as exc:
            problems.append(f"{link.url}: {exc}")
        except SubscriptionError as exc:
            problems.append(str(exc))
    raise SubscriptionError(f"{url}: the page links {len(links)} feed{'s' if len(links) != 1 else ''} but none "
                            f"could be read ({problems[0]})")


def _get(fetcher: Fetcher, url: str) -> FetchResult:
    result = fetcher.fetch(url)
    if result.status != "ok" or result.content is None:
        raise SubscriptionError(f"{url}: {result.error or 'the server sent nothing'}")
    return result


def _found(url: str, result: FetchResult) -> FoundFeed:
    """The feed a response holds, under its permanent address; NotAFeed or SubscriptionError if none."""
    from .feeds import parse_feed

    try:
        feed: Feed = parse_feed(result.content or b"", result.final_url or url, result.charset)
    except NotAFeed:
        raise
    except FeedError as exc:
        raise SubscriptionError(f"{url}: {exc}") from None
    return FoundFeed(result.permanent_url or url, feed.title, feed.link, len(feed.items))
