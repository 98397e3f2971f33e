"""Fetched feeds -> pipeline units, one feed at a time as its download finishes.

All subscriptions are fetched concurrently (`Fetcher.fetch_all`, in a helper
thread) while the feeds that have arrived are parsed here and their items go
down the one extract-and-store stream. Each feed's units end with a `Settled`
carrying its `FetchRecord`, so its validators, last fetch and error are
recorded only once all its items are stored: a fetch killed halfway leaves the
old validators, the next fetch gets the feed again and finds the items already
stored by their keys. A failed feed, a 304 or a body that is no feed is one
`Settled` and (for failures) one line; nothing stored is touched.

With `full_text`, each new or changed item that carries only a summary has its
page fetched (concurrently, per feed) and read with `pages.extract_page`; when
that fails the summary is kept and a warning says why.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from .fetch import Fetcher, FetchRequest, FetchResult
from .items import ItemDecider, ItemSource
from .pipeline import Pending, Settled, Tally, Unit
from .progress_models import Failure
from .subscription_model import FetchRecord, Subscription
from .urls import url_key


class FeedSource:
    """The units of fetching some subscriptions; `done` counts the feeds handled so far."""

    def __init__(self, subscriptions: list[Subscription], fetcher: Fetcher, decider: ItemDecider, tally: Tally,
                 full_text: bool = False) -> None:
        self._subs = {s.id: s for s in subscriptions}
        self._fetcher, self._decider, self._tally, self._full_text = fetcher, decider, tally, full_text
        self.total = len(subscriptions)
        self.done = 0

    def units(self) -> Iterator[Unit]:
        """Every feed's units, in the order the downloads finish."""
        results = self._fetcher.fetch_all([s.request() for s in self._subs.values()])
        try:
            for result in results:
                sub = self._subs[int(result.request.key or 0)]
                self._tally.current = sub.name
                yield from self._feed(sub, result)
                self.done += 1
        finally:
            results.close()  # a stopped fetch cancels the downloads still running

    def _feed(self, sub: Subscription, result: FetchResult) -> Iterator[Unit]:
        tally = self._tally
        if result.status == "failed":
            tally.fail(sub.url, result.error, sub.source, sub.url)
            yield Settled(FetchRecord(result))
            return
        if result.status == "not-modified" or (sub.content_hash and result.content_hash == sub.content_hash):
            yield Settled(FetchRecord(result))
            return
        from .feeds import FeedError, parse_feed

        try:
            feed = parse_feed(result.content or b"", result.final_url or sub.url, result.charset)
        except Exception as exc:  # noqa: BLE001 - one feed's surprise must not stop the others
            error = str(exc) if isinstance(exc, FeedError) else f"cannot be read as a feed ({type(exc).__name__})"
            tally.fail(sub.url, error, sub.source, sub.url)
            yield Settled(FetchRecord(result, error=error))
            return
        if feed.problem:
            tally.warnings.append(Failure(sub.url, feed.problem))
        source = ItemSource(sub.title or feed.title or sub.source, feed=sub.id, unread=True)
        units = [self._decider.decide(item, source) for item in feed.items]
        if self._full_text:
            self._fetch_pages([u for u in units if isinstance(u, Pending) and not u.full and u.article.url])
        yield from units
        yield Settled(FetchRecord(result, feed.title, feed.link))

    def _fetch_pages(self, wanted: list[Pending]) -> None:
        """Replace summaries by the text of their pages, keeping the summary (with a warning) on failure."""
        if not wanted:
            return
        from .pages import PageError, extract_page

        requests = [FetchRequest(p.article.url, key=n) for n, p in enumerate(wanted)]
        for page in self._fetcher.fetch_all(requests, kind="page"):
            pending = wanted[int(page.request.key or 0)]
            self._tally.current = pending.shown
            if page.status != "ok" or page.content is None:
                self._keep_summary(pending, page.error or "the server sent nothing")
                continue
            try:
                found = extract_page(page.content, page.final_url or page.url, page.charset)
            except Exception as exc:  # noqa: BLE001 - one page's surprise must not stop the fetch
                self._keep_summary(pending, str(exc) if isinstance(exc, PageError) else type(exc).__name__)
                continue
            article = pending.article
            pending.article = replace(article, text=found.text, date=article.date or found.date,
                                      authors=article.authors or found.authors)
            pending.full = True
            if found.url and f"url:{url_key(found.url)}" not in pending.keys:
                pending.keys = (*pending.keys, f"url:{url_key(found.url)}")

    def _keep_summary(self, pending: Pending, reason: str) -> None:
        pending.problem = f"full text not fetched ({reason}); kept the feed's summary"
        self._tally.warnings.append(Failure(pending.article.url, pending.problem))
