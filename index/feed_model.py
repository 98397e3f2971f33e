"""What a feed is once read, whatever its format, and how its items get their identity.

RSS, Atom and JSON Feed readers (`feeds`, `jsonfeed`) fill `RawItem`s; `finish_items`
gives each the keys that recognise it when it comes again, in this order:

- `url:<url_key>` from its link, tracking parameters, scheme and `www.` ignored, so
  the same item in the site's RSS and Atom feeds, or with `utm_*` added, has the
  same first key (guids differ between formats: a number in RSS, a tag URI in Atom);
- `guid:<site>:<guid>` from the item's guid/id (scoped by the site's host, since
  guids like "1234" are only unique within one feed; a guid that is a web URL is
  treated as a URL), which still matches if the link changes (a new slug);
- `hash:<sha256>` of its title and text when it has neither.

A link shared by several items of one feed (a feed linking every item to its home
page) or a guid reused for different links identifies nothing and is not used.
The item id (16 hex characters, like file articles) derives from the first key;
a store should treat an item as known when any of its keys is known.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime
from typing import Literal

from .errors import NewsdeskError
from .formats import derive_title
from .urls import host_of, is_web_url, url_key

FeedFormat = Literal["rss", "atom", "json"]


class FeedError(NewsdeskError):
    """A feed that cannot be read; the message says why in one line."""


class NotAFeed(FeedError):
    """Input that is no feed at all: an HTML page, an empty file, binary data, other XML or JSON."""

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message)
        #: What it is instead: "html", "opml", "empty", "binary", "json", "xml" or "text".
        self.kind = kind


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed, ready to become an article."""

    id: str
    keys: tuple[str, ...]
    title: str
    text: str
    url: str = ""
    published: datetime | None = None
    authors: tuple[str, ...] = ()
    full_content: bool = False
    guid: str = ""
    categories: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The main identity key (the one the id derives from)."""
        return self.keys[0]

    @property
    def date(self) -> Date | None:
        """The publication day as the publisher wrote it (in their time zone)."""
        return self.published.date() if self.published else None


@dataclass(frozen=True)
class Feed:
    """A feed: what it is called, where its site is, and its items in feed order."""

    title: str
    link: str
    format: FeedFormat
    version: str
    items: tuple[FeedItem, ...]
    url: str = ""
    language: str = ""
    problem: str = ""

    @property
    def malformed(self) -> bool:
        """True when the document was broken and `items` is what could be salvaged."""
        return bool(self.problem)


@dataclass
class RawItem:
    """An item as a format reader found it, with text already converted from HTML."""

    guid: str = ""
    link: str = ""
    title: str = ""
    text: str = ""
    full_content: bool = False
    published: datetime | None = None
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = field(default_factory=tuple)


def finish_items(raws: list[RawItem], site_link: str = "", feed_url: str = "") -> tuple[FeedItem, ...]:
    """Give each raw item its keys, id and a title (derived from the text when missing)."""
    scope = host_of(site_link) or host_of(feed_url)
    home = {url_key(u) for u in (site_link, feed_url) if u}
    link_keys = [url_key(r.link) if is_web_url(r.link) else "" for r in raws]
    guid_keys = [_guid_key(r.guid, scope) for r in raws]
    link_counts = Counter(k for k in link_keys if k)
    guid_links: dict[str, set[str]] = {}
    for guid, link in zip(guid_keys, link_keys, strict=True):
        if guid:
            guid_links.setdefault(guid, set()).add(link)
    items = []
    for raw, link, guid in zip(raws, link_keys, guid_keys, strict=True):
        keys: list[str] = []
        if link and link_counts[link] == 1 and link not in home:
            keys.append(f"url:{link}")
        if guid and len(guid_links[guid]) == 1 and guid not in keys:
            keys.append(guid)
        if not keys:
            keys.append("hash:" + _digest(f"{' '.join(raw.title.split())}\n{' '.join(raw.text.split())}")[:32])
        items.append(FeedItem(
            id=_digest(keys[0])[:16], keys=tuple(keys), title=raw.title or derive_title(raw.text),
            text=raw.text, url=raw.link if is_web_url(raw.link) else "", published=raw.published,
            authors=raw.authors, full_content=raw.full_content, guid=raw.guid, categories=raw.categories))
    return tuple(items)


def _guid_key(guid: str, scope: str) -> str:
    guid = guid.strip()
    if not guid:
        return ""
    if is_web_url(guid):
        return f"url:{url_key(guid)}"
    return f"guid:{scope}:{guid}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def names(values: object) -> tuple[str, ...]:
    """Distinct non-empty names, in order, from a list of strings or of {"name": ...} objects."""
    found: list[str] = []
    for value in values if isinstance(values, list) else [values]:
        name = value.get("name") if isinstance(value, dict) else value
        if isinstance(name, str) and name.strip():
            found.append(" ".join(name.split()))
    return tuple(dict.fromkeys(found))
