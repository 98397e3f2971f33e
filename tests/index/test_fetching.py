"""Subscribing and fetching into a library over real HTTP on loopback: every feed's fate is one line,
the others go on, what is stored is never touched by a failure, and what a fetch brings is unread."""

from __future__ import annotations

import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from index import Library, Progress, SubscriptionError
from index.fetch import Fetcher
from index.opml import read_opml
from tests.index.feedgen import Item, atom, items, long_text, page, rss
from tests.index.loopback import LoopbackServer, send
from tests.index.test_fetch import _trickle


class Feed:
    """A feed route with validators: 304 when the client already has this version."""

    def __init__(self, body: bytes, kind: str = "application/rss+xml") -> None:
        self.body, self.kind, self.version = body, kind, 1

    def change(self, body: bytes) -> None:
        self.body, self.version = body, self.version + 1

    def __call__(self, handler: BaseHTTPRequestHandler) -> None:
        etag = f'"v{self.version}"'
        if handler.headers.get("If-None-Match") == etag:
            send(handler, 304, content_type="", headers={"ETag": etag})
        else:
            send(handler, 200, self.body, self.kind, {"ETag": etag})


class Flaky:
    """A feed that works the first time and fails with 500 after."""

    def __init__(self, body: bytes) -> None:
        self.body, self.calls = body, 0

    def __call__(self, handler: BaseHTTPRequestHandler) -> None:
        self.calls += 1
        if self.calls == 1:
            send(handler, 200, self.body, "application/rss+xml")
        else:
            send(handler, 500, b"oops", "text/plain")


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    s = LoopbackServer()
    news = items(4)
    s.routes.update({
        "/news.rss": Feed(rss(news)),
        "/news.atom": Feed(atom(news), "application/atom+xml"),
        "/page": lambda h: send(h, 200, page("Front page", long_text(news[0]), feed_href="/news.rss"), "text/html"),
        "/nofeed": lambda h: send(h, 200, page("No feed here", long_text(news[0])), "text/html"),
        "/image": lambda h: send(h, 200, b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png"),
        "/gone": lambda h: send(h, 410, b"gone", "text/plain"),
        "/busy": lambda h: send(h, 429, b"slow down", "text/plain", {"Retry-After": "3600"}),
        "/slow": _trickle,
        "/big": lambda h: send(h, 200, rss(items(400, "big")), "application/rss+xml"),
        "/moved": lambda h: send(h, 301, content_type="", headers={"Location": "/other.rss"}),
        "/other.rss": Feed(rss(items(2, "other"), title="Other News", site="https://other.example")),
        "/flaky.rss": Flaky(rss(items(2, "flaky"), title="Flaky", site="https://flaky.example")),
    })
    yield s
    s.close()


@pytest.fixture
def lib(library: Library) -> Library:
    library.feeds.fetcher = Fetcher(timeout=1, total_timeout=2, max_bytes=150_000, max_retry_wait=0.5)
    return library


def opml(server: LoopbackServer, groups: dict[str, list[str]]) -> bytes:
    folders = "".join(f'<outline text="{group}">' + "".join(
        f'<outline type="rss" text="{path}" xmlUrl="{server.url(path)}"/>' for path in paths) + "</outline>"
        for group, paths in groups.items())
    return f'<opml version="2.0"><head><title>t</title></head><body>{folders}</body></opml>'.encode()


def fetch(library: Library, *names: str, full_text: bool = False) -> tuple[Progress, list[dict[str, object]]]:
    results: list[dict[str, object]] = []
    last = None
    for last in library.feeds.fetch(list(names) or None, full_text=full_text):
        results.extend(item.as_json() for item in last.items)
    assert last is not None and last.phase == "done"
    return last, results


def test_subscribe_to_a_feed_or_to_the_page_that_links_it(lib: Library, server: LoopbackServer) -> None:
    sub = lib.feeds.subscribe(server.url("/page"), group="World")
    assert (sub.url, sub.title, sub.group, sub.site_url) == (server.url("/news.rss"), "Example News", "World",
                                                             "https://news.example/")
    other = lib.feeds.subscribe(server.url("/moved"), title="Moved")
    assert other.url == server.url("/other.rss") and other.title == "Moved"  # moved for good: the new address
    for url, error in [(server.url("/nofeed"), "names no feed"), ("ftp://example.org/feed", "not a web address"),
                       (server.url("/missing"), r"not found \(HTTP 404\)"),
                       (server.url("/image"), "wrong content type"), (server.url("/news.rss"), "already subscribed")]:
        with pytest.raises(SubscriptionError, match=error):
            lib.feeds.subscribe(url)
    assert [s.url for s in lib.feeds.list()] == [server.url("/other.rss"), server.url("/news.rss")]


def test_opml_import_listing_unsubscribing_and_export_round_trip(lib: Library, server: LoopbackServer) -> None:
    added, existing = lib.feeds.subscribe_opml(opml(server, {"World": ["/news.rss", "/gone"], "Tech": ["/other.rss"]}))
    assert (len(added), len(existing)) == (3, 0)
    subs = lib.feeds.list()
    assert [(s.group, s.url) for s in subs] == [("Tech", server.url("/other.rss")), ("World", server.url("/gone")),
                                                ("World", server.url("/news.rss"))]
    assert set(subs[0].as_json()) == {"id", "title", "url", "group", "site_url", "last_fetch", "last_success",
                                      "last_status", "last_error", "failures", "not_before", "articles", "unread"}
    exported = read_opml(lib.feeds.export_opml())
    assert sorted((f.group, f.url) for f in exported.feeds) == sorted((s.group, s.url) for s in subs)
    assert lib.feeds.unsubscribe(server.url("/gone")).url == server.url("/gone")
    assert lib.feeds.unsubscribe("/other.rss").group == "Tech"  # by name (its OPML title)
    assert [s.url for s in lib.feeds.list()] == [server.url("/news.rss")]
    with pytest.raises(SubscriptionError, match="no subscription"):
        lib.feeds.unsubscribe("Nothing Like It")


def test_a_fetch_gives_one_line_per_failing_feed_and_stores_the_others(lib: Library, server: LoopbackServer) -> None:
    lib.feeds.subscribe_opml(opml(server, {"": ["/news.rss", "/moved", "/flaky.rss", "/missing", "/gone", "/busy",
                                                "/slow", "/big", "/image", "/nofeed"]}))
    started = time.monotonic()
    final, results = fetch(lib)
    assert time.monotonic() - started < 30
    assert (final.added, final.total) == (4 + 2 + 2, 10)
    reasons = {f.path.rsplit("/", 1)[-1]: f.reason for f in final.failures}
    assert len(final.failures) == 7
    assert "not found (HTTP 404)" in reasons["missing"]
    assert "gone (HTTP 410)" in reasons["gone"] and "unsubscribe" in reasons["gone"]
    assert "rate limited (HTTP 429)" in reasons["busy"] and "wait 1 h" in reasons["busy"]
    assert "too slow" in reasons["slow"]
    assert "too large" in reasons["big"]
    assert "wrong content type 'image/png'" in reasons["image"]
    assert reasons["nofeed"] == "an HTML page, not a feed"
    assert [r["error"] for r in results if r["status"] == "failed"] == [f"{f.path}: {f.reason}" for f in final.failures]
    by_url = {s.url: s for s in lib.feeds.list()}
    assert server.url("/other.rss") in by_url  # the permanent redirect moved the subscription
    assert by_url[server.url("/gone")].last_error.startswith("gone")
    flaky = {h.id: lib.article(h.id).text for h in lib.search("source:flaky").hits}
    stored = lib.stats().articles

    again, _ = fetch(lib)
    assert (again.added, again.updated) == (0, 0)
    assert [n.path for n in again.notes] == [server.url("/busy")]  # the server asked to wait: not asked again
    assert server.hits["/busy"] == 1
    assert "server error (HTTP 500)" in {f.path.rsplit("/", 1)[-1]: f.reason for f in again.failures}["flaky.rss"]
    assert {h.id: lib.article(h.id).text for h in lib.search("source:flaky").hits} == flaky  # untouched
    assert lib.stats().articles == stored


def test_the_next_fetch_asks_with_validators_and_takes_what_changed(lib: Library, server: LoopbackServer) -> None:
    feed = server.routes["/news.rss"]
    assert isinstance(feed, Feed)
    lib.feeds.subscribe(server.url("/news.rss"))
    first, results = fetch(lib)
    assert first.added == 4 and {r["status"] for r in results} == {"added"}
    nothing, results = fetch(lib)
    assert (nothing.added, nothing.unchanged, results) == (0, 0, [])
    assert server.headers["/news.rss"][-1]["if-none-match"] == '"v1"'
    news = items(5)
    news[2] = Item(news[2].slug, "Story 2: council moves to Quito", "The council moved its meeting to Quito.")
    feed.change(rss(news))
    changed, results = fetch(lib)
    assert [r["status"] for r in results] == ["unchanged", "unchanged", "updated", "unchanged", "added"]
    assert set(results[0]) == {"status", "id", "source", "title", "url", "error"}
    assert results[2]["source"] == "Example News" and results[2]["url"] == "https://news.example/story-2"
    assert lib.search("quito").hits[0].id == results[2]["id"]
    assert lib.stats().articles == 5


def test_full_text_reads_the_page_of_summary_items_and_keeps_the_summary_when_it_fails(
        lib: Library, server: LoopbackServer) -> None:
    news = items(3, "long")
    site = server.url("/articles")
    server.routes["/summaries.rss"] = Feed(rss(news, title="Summaries", site=site, summary_only=True))
    for item in news[:2]:
        body = page(item.title, long_text(item), url=item.link(site))
        server.routes[f"/articles/{item.slug}"] = lambda h, body=body: send(h, 200, body, "text/html")
    lib.feeds.subscribe(server.url("/summaries.rss"))
    final, results = fetch(lib, full_text=True)
    assert final.added == 3
    texts = {r["url"]: lib.article(str(r["id"])).text for r in results}
    assert "Paragraph 3" in texts[news[0].link(site)] and "Paragraph 3" in texts[news[1].link(site)]
    assert "Paragraph" not in texts[news[2].link(site)]  # no page: the feed's summary, said in one line
    assert "full text not fetched (not found (HTTP 404)" in str(results[2]["error"])
    assert [w.path for w in final.warnings] == [news[2].link(site)]
    again, _ = fetch(lib, full_text=True)
    assert (again.added, again.updated) == (0, 0) and server.hits[f"/articles/{news[0].slug}"] == 1


def test_unread_until_opened_counted_per_subscription_and_usable_in_queries(lib: Library, server: LoopbackServer,
                                                                            tmp_path: Path) -> None:
    lib.feeds.subscribe(server.url("/news.rss"), title="Example RSS")
    lib.feeds.subscribe(server.url("/news.atom"), title="Example Atom")
    final, results = fetch(lib)
    assert (final.added, final.duplicates) == (4, 4)  # the site's two feeds carry the same stories
    (tmp_path / "note.txt").write_text("Harbour news\n\nThe council of Porto met about the harbour.\n")
    for _ in lib.add([tmp_path / "note.txt"]):
        pass
    assert [(s.articles, s.unread) for s in lib.feeds.list()] == [(4, 4), (4, 4)]
    assert (lib.search("is:unread").total, lib.search("is:read").total, lib.unread_count()) == (4, 1, 4)
    hits = lib.search("council").hits
    assert {h.unread for h in hits if h.source.startswith("Example")} == {True}
    assert [h.unread for h in hits if h.title == "Harbour news"] == [False]
    opened = lib.search("lisbon is:unread").hits[0].id
    synced, seq = lib._fulltext.synced(), lib._store.seq()
    assert lib.mark_read(opened) and not lib.mark_read(opened)
    assert (lib._fulltext.synced(), lib._store.seq()) == (synced, seq)  # nothing to re-index
    assert opened not in {h.id for h in lib.search("council is:unread").hits}
    assert opened in {h.id for h in lib.search("council -is:unread").hits}
    assert [(s.articles, s.unread) for s in lib.feeds.list()] == [(4, 3), (4, 3)]
    lib.feeds.unsubscribe("Example Atom")  # its stories also came from the RSS feed: still unread
    assert lib.search("is:unread").total == 3
    lib.feeds.unsubscribe("Example RSS")
    assert (lib.search("is:unread").total, lib.stats().articles) == (0, 5)
    assert lib.mark_read(opened, read=False) and lib.search("is:unread").total == 1
