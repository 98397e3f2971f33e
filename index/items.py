"""Feed items -> pipeline units: new, changed, or already known by one of their keys.

Decided against the store and against the items already decided in this run
(which may not be stored yet), so the same item twice in one add or fetch (a
site's RSS and Atom feeds, a feed added twice) becomes one article. The rules:

- no key known: a new article, under the item's own id;
- known and decided earlier in this run (another feed, format or file): a
  duplicate (the first one stands; a better version is taken on a later fetch);
- this very version seen before: unchanged;
- known, but the article came from a file (a saved page), or holds a full text
  and this version is only a summary: a duplicate, left as it is;
- otherwise the item changed: its article is updated under the same id.

Known items still record what is new about them: keys not stored yet, the
subscription that brought them.

Versions are hashed with the article id, so two items with the same words are
still two versions, and a version is never mistaken for a file's content hash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from .feed_model import FeedItem
from .models import Article
from .pipeline import Note, Pending
from .progress_models import ItemResult
from .store import Store, StoreWriter
from .store_items import ItemRecords, ItemWriter


class ItemSource(NamedTuple):
    """Where items come from: the source their articles carry, the subscription, if new ones are unread."""

    name: str
    feed: int | None = None
    unread: bool = False
    location: str = ""


def version_of(article_id: str, item: FeedItem) -> str:
    """The hash of one version of an item as its article would store it."""
    date = item.published.isoformat() if item.published else ""
    text = "\x1f".join((article_id, item.title, item.text, item.url, date, "\x1e".join(item.authors)))
    return "item:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ItemDecider:
    """Turns items into units for one run (an add or a fetch)."""

    def __init__(self, store: Store) -> None:
        self.records = ItemRecords(store)
        self._keys: dict[str, str] = {}  # key -> article id, for items decided in this run
        self._new: set[str] = set()  # articles this run decided to add or update (maybe not stored yet)

    def known(self, keys: tuple[str, ...]) -> str | None:
        """The article some keys belong to, in this run or in the store."""
        for key in keys:
            if key in self._keys:
                return self._keys[key]
        return self.records.article_for_keys(keys) if keys else None

    def claim(self, keys: tuple[str, ...], article_id: str) -> None:
        """Remember that this run stores an article under these keys (a page)."""
        self._remember(keys, article_id)
        self._new.add(article_id)

    def decide(self, item: FeedItem, source: ItemSource) -> Pending | Note:
        """What to do with one item."""
        article_id = self.known(item.keys)
        if article_id is None:
            return self._pending(item, source, item.id, replaces=False)
        version = version_of(article_id, item)
        result = ItemResult("duplicate", article_id, source.name, item.title, item.url)
        self._remember(item.keys, article_id)
        if article_id in self._new:
            return Note(result, self._linker(article_id, item.keys, source.feed))
        if self.records.has_version(version):
            return Note(replace(result, status="unchanged"), self._linker(article_id, item.keys, source.feed))
        origin = self.records.origin(article_id)
        if origin == "file" or (origin == "full" and not item.full_content):
            return Note(result, self._linker(article_id, item.keys, source.feed, (version, item.full_content)))
        return self._pending(item, source, article_id, replaces=origin is not None)

    def _pending(self, item: FeedItem, source: ItemSource, article_id: str, replaces: bool) -> Pending:
        version = version_of(article_id, item)
        self._remember(item.keys, article_id)
        self._new.add(article_id)
        article = Article(id=article_id, title=item.title, text=item.text, source=source.name, date=item.date,
                          url=item.url, authors=item.authors, path=source.location)
        return Pending(article, version, replaces, item.title, keys=item.keys, version=version,
                       full=item.full_content, feed=source.feed, unread=source.unread and not replaces)

    def _remember(self, keys: tuple[str, ...], article_id: str) -> None:
        for key in keys:
            self._keys.setdefault(key, article_id)

    def _linker(self, article_id: str, keys: tuple[str, ...], feed: int | None,
                version: tuple[str, bool] | None = None) -> Callable[[StoreWriter], None] | None:
        """The rows a known item still needs (keys not yet stored, the feed's link, a version), or None."""
        stored = self.records.known_keys(keys) if keys else set()
        new_keys = tuple(k for k in keys if k not in stored)
        link = feed is not None and not self.records.in_feed(feed, article_id)
        if not new_keys and not link and version is None:
            return None

        def write(writer: StoreWriter) -> None:
            items = ItemWriter(writer)
            if new_keys:
                items.keys(article_id, new_keys)
            if link and feed is not None:
                items.feed(feed, article_id)
            if version is not None:
                items.version(article_id, *version)

        return write

