"""Site pages -> the feeds they advertise with `<link rel="alternate" type="...">`.

So a user can subscribe to `https://example.com/` and get its feed. Links are
resolved against the page's URL (or its `<base href>`), duplicates dropped, and
comment feeds put after the site's own feeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from .decoding import decode
from .urls import absolute, is_web_url, normalize_url

#: Content types that announce a feed, and the format each names.
FEED_TYPES = {
    "application/rss+xml": "rss", "application/atom+xml": "atom", "application/feed+json": "json",
    "application/rdf+xml": "rss", "application/x.atom+xml": "atom", "application/x-atom+xml": "atom",
    "application/json": "json",
}


@dataclass(frozen=True)
class FeedLink:
    """A feed a page links to."""

    url: str
    title: str = ""
    format: str = ""


def find_feed_links(data: bytes, base_url: str = "", http_charset: str | None = None) -> list[FeedLink]:
    """The feeds an HTML page advertises, site feeds first, in page order.

    Args:
        data: the page as served or saved.
        base_url: the page's URL, to resolve relative links.
        http_charset: the `charset` of the HTTP Content-Type, if it was fetched.
    """
    parser = _LinkParser()
    try:
        parser.feed(decode(data[:2_000_000], http_charset).text)
        parser.close()
    except (AssertionError, ValueError):
        pass
    base = absolute(parser.base, base_url) if parser.base else base_url
    found: dict[str, FeedLink] = {}
    for href, kind, title in parser.links:
        url = absolute(href, base)
        if not is_web_url(url) and base:
            continue
        url = normalize_url(url) if is_web_url(url) else url
        found.setdefault(url, FeedLink(url, " ".join(title.split()), FEED_TYPES[kind]))
    links = list(found.values())
    # WordPress and others list "Comments Feed" beside the site's feed.
    return sorted(links, key=lambda link: "comment" in link.title.lower() or "/comments/" in link.url)


class _LinkParser(HTMLParser):
    """Collects `<link rel="alternate">` (and `<a rel="alternate">`) feed links and `<base href>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []
        self.base = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("link", "base", "a"):
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "base" and values.get("href") and not self.base:
            self.base = values["href"].strip()
            return
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        href = values.get("href", "").strip()
        # JSON is only a feed when a link says it is an alternate of this page.
        if href and "alternate" in rels and kind in FEED_TYPES:
            self.links.append((href, kind, values.get("title", "")))

    handle_startendtag = handle_starttag
