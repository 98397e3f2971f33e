"""The library's subscriptions (`subscriptions.db`) and fetching them into the library.

`library.feeds` subscribes to feeds (a feed URL, or a page that links its
feed), imports and exports OPML, lists subscriptions with their article and
unread counts, and fetches: every subscription's new items go through the same
extract-and-store pipeline as added files (see `pipeline` and `feed_source`).
Which subscription brought which article, and what is unread, live in the
article store; the subscriptions file holds the feeds and how their last
fetch went. A damaged `subscriptions.db` is set aside and a fresh one started
(the articles are safe in the store; an OPML export restores the list).
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .models import Hit
from .pipeline import Tally, Unit
from .progress_models import Progress
from .sqlite import open_or_set_aside
from .store import Store
from .store_items import ItemRecords
from .subscription_model import FetchRecord, Subscription
from .subscriptions import SubscriptionError, SubscriptionStore

if TYPE_CHECKING:
    from .fetch import Fetcher

#: Runs units through the library's pipeline: (units, tally, report, settle) -> progress.
Runner = Callable[[Iterable[Unit], Tally, Callable[[], Progress], Callable[[list[object]], None]], Iterator[Progress]]


class Feeds:
    """Subscriptions and fetching, for one library."""

    def __init__(self, home: Path, store: Store, run: Runner, notice: Callable[[str], None]) -> None:
        self.path = home / "subscriptions.db"
        self._store = store
        self._records = ItemRecords(store)
        self._run = run
        self._notice = notice
        self._db: SubscriptionStore | None = None
        self._fetcher: Fetcher | None = None

    @property
    def fetcher(self) -> Fetcher:
        """The `Fetcher` used for subscribing and fetching (replaceable, e.g. with shorter timeouts)."""
        if self._fetcher is None:
            from .fetch import Fetcher

            self._fetcher = Fetcher()
        return self._fetcher

    @fetcher.setter
    def fetcher(self, fetcher: Fetcher) -> None:
        self._fetcher = fetcher

    @property
    def _subs(self) -> SubscriptionStore:
        if self._db is None:
            self._db = open_or_set_aside(self.path, lambda: SubscriptionStore(self.path),  # type: ignore[assignment]
                                         self._notice, "your subscriptions")
        assert self._db is not None
        return self._db

    def close(self) -> None:
        """Close the subscriptions file."""
        if self._db is not None:
            self._db.close()

    # Subscribing ---------------------------------------------------------------

    def subscribe(self, url: str, group: str = "", title: str = "") -> Subscription:
        """Subscribe to a feed URL, or to the feed a web page links to (fetched once to find out).

        Raises:
            SubscriptionError: for a URL that cannot be fetched, gives no feed, or is already subscribed.
        """
        from .feed_finder import find_feed

        found = find_feed(url.strip(), self.fetcher)
        sub = self._subs.add(found.url, title=title or found.title, group=group, site_url=found.site_url)
        return self._counted([sub])[0]

    def subscribe_opml(self, source: bytes | str | os.PathLike[str]) -> tuple[list[Subscription],
                                                                             list[Subscription]]:
        """Subscribe to every feed of an OPML list (its folders become groups).

        Returns (added, already subscribed).

        Raises:
            OpmlError: for a file that is not OPML; SubscriptionError when it cannot be read.
        """
        from .opml import read_opml

        if isinstance(source, bytes):
            data = source
        else:
            try:
                data = Path(source).expanduser().read_bytes()
            except OSError as exc:
                raise SubscriptionError(f"{source}: {exc.strerror or exc}") from None
        return self._subs.add_many(read_opml(data).feeds)

    def unsubscribe(self, url_or_name: str) -> Subscription:
        """Stop following a feed; its articles stay in the library, those only it brought marked read.

        Raises:
            SubscriptionError: when no subscription (or several) match.
        """
        sub = self.get(url_or_name)
        self._records.forget_feed(sub.id)  # first: a crash in between leaves a subscription that relinks
        return self._subs.remove(sub.url)

    def rename(self, url_or_name: str, title: str | None = None, group: str | None = None) -> Subscription:
        """Give a subscription another title (the source of its new articles) or group."""
        return self._counted([self._subs.update(self.get(url_or_name).id, title, group)])[0]

    # Reading -------------------------------------------------------------------

    def list(self) -> builtins.list[Subscription]:
        """Every subscription by group then title, with its article and unread counts."""
        return self._counted(self._subs.all())

    def get(self, url_or_name: str) -> Subscription:
        """One subscription by URL (any spelling) or title (any case), with its counts.

        Raises:
            SubscriptionError: when none matches, or a title matches several.
        """
        return self._counted([self._subs.find(url_or_name)])[0]

    def articles(self, url_or_name: str, limit: int = 200) -> builtins.list[Hit]:
        """A subscription's articles, newest first, as hits with the lead as snippet and unread marked."""
        from .snippets import lead_snippet

        ids = self._records.feed_article_ids(self.get(url_or_name).id, limit)
        unread = self._records.unread_among(ids)
        hits = []
        for article_id in ids:
            article = self._store.get(article_id)
            if article is not None:
                snippet, marks = lead_snippet(article.text)
                hits.append(Hit(article.id, article.title, article.source, article.date, article.url, 0.0,
                                snippet, tuple(marks), unread=article.id in unread))
        return hits

    def export_opml(self) -> bytes:
        """Every subscription as an OPML 2.0 document, groups as folders."""
        from .opml import write_opml

        return write_opml(s.as_opml() for s in self._subs.all())

    def _counted(self, subs: Sequence[Subscription]) -> builtins.list[Subscription]:
        counts = self._records.feed_counts()
        return [replace(s, articles=counts[s.id].articles, unread=counts[s.id].unread) if s.id in counts else s
                for s in subs]

    # Fetching ------------------------------------------------------------------

    def fetch(self, names: Sequence[str] | None = None, full_text: bool = False) -> Iterator[Progress]:
        """Fetch subscriptions (all, or those named by URL or title) and store their new items.

        Yields progress (phase "fetch", feeds done of all) with the item results as they settle; the
        last step has phase "done", and by then every stored article is searchable. A feed that fails
        is one failure and never stops the others; one whose server asked to wait is skipped until then.

        Raises:
            SubscriptionError: for a name that matches no subscription (before anything is fetched).
        """
        from .feed_source import FeedSource
        from .items import ItemDecider

        tally = Tally()
        chosen = self._chosen(names, tally)
        source = FeedSource(chosen, self.fetcher, ItemDecider(self._store), tally, full_text)
        yield tally.progress("fetch", 0, source.total, "connecting")
        yield from self._run(source.units(), tally, lambda: tally.progress("fetch", source.done, source.total),
                             self._settle)
        yield tally.progress("done", source.total, source.total, "")

    def _chosen(self, names: Sequence[str] | None, tally: Tally) -> builtins.list[Subscription]:
        """The subscriptions to fetch now; those a server asked to wait for are noted and left out."""
        from .progress_models import Failure

        subs = list({s.id: s for s in (self._subs.find(n) for n in names)}.values()) if names else self._subs.all()
        due = {s.id for s in self._subs.due()}
        for sub in subs:
            if sub.id not in due:
                tally.notes.append(Failure(sub.url, f"the server asked to wait until {sub.not_before}"))
                tally.skipped += 1
        return [s for s in subs if s.id in due]

    def _settle(self, payloads: builtins.list[object]) -> None:
        """Record fetches whose items are all stored (one transaction)."""
        self._subs.record_many([p for p in payloads if isinstance(p, FetchRecord)])

