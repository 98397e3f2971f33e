"""Fetching over real HTTP on loopback: validators, redirects, errors, limits, slow and broken servers."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

from index.discovery import find_feed_links
from index.feeds import NotAFeed, parse_feed
from index.fetch import Fetcher, FetchRequest
from index.responses import describe_error, retry_after_seconds
from tests.index.loopback import LoopbackServer, send

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Loopback News</title><link>http://example.org/</link>
<item><title>First</title><link>http://example.org/1</link><guid>one</guid><description>One.</description></item>
<item><title>Second</title><link>http://example.org/2</link><guid>two</guid><description>Two.</description></item>
</channel></rss>"""
ETAG = '"v1"'
MODIFIED = "Wed, 29 May 2019 10:16:00 GMT"


def _feed(handler: BaseHTTPRequestHandler) -> None:
    if handler.headers.get("If-None-Match") == ETAG or handler.headers.get("If-Modified-Since") == MODIFIED:
        send(handler, 304, content_type="", headers={"ETag": ETAG})
    else:
        send(handler, 200, FEED, "application/rss+xml; charset=utf-8", {"ETag": ETAG, "Last-Modified": MODIFIED})


def _redirect(status: int, to: str) -> object:
    return lambda h: send(h, status, content_type="", headers={"Location": to})


def _trickle(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    for _ in range(200):  # one byte every 50 ms: never a read timeout, never done
        handler.wfile.write(b"<")
        handler.wfile.flush()
        time.sleep(0.05)


def _stall(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(2)
    send(handler, 200, FEED)


def _endless(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/xml")
    handler.end_headers()  # no length: read until the server closes, which it never does on its own
    chunk = b"<item>" + b"x" * 65536 + b"</item>"
    for _ in range(1000):
        handler.wfile.write(chunk)


class _Busy:
    """429 with a one-second Retry-After the first time, the feed after."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, handler: BaseHTTPRequestHandler) -> None:
        self.calls += 1
        if self.calls == 1:
            send(handler, 429, b"slow down", "text/plain", {"Retry-After": "1"})
        else:
            _feed(handler)


PAGE = b"""<!doctype html><html><head><title>Loopback News</title>
<link rel="alternate" type="application/rss+xml" title="Loopback News" href="/feed.xml">
<link rel="alternate" type="application/rss+xml" title="Comments Feed" href="/comments/feed.xml">
</head><body><p>Welcome.</p></body></html>"""


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer()
    srv.routes.update({
        "/feed.xml": _feed,
        "/moved-301": _redirect(301, "/feed.xml"),
        "/moved-308": _redirect(308, "/feed.xml"),
        "/temporary": _redirect(302, "/feed.xml"),
        "/moved-then-temporary": _redirect(301, "/temporary"),
        "/loop": _redirect(301, "/loop"),
        "/missing": lambda h: send(h, 404, b"not here", "text/html"),
        "/gone": lambda h: send(h, 410, b"gone", "text/html"),
        "/busy": _Busy(),
        "/busy-for-an-hour": lambda h: send(h, 429, b"", "text/plain", {"Retry-After": "3600"}),
        "/unavailable": lambda h: send(h, 503, b"", "text/plain"),
        "/gzip": lambda h: send(h, 200, gzip.compress(FEED), "application/rss+xml", {"Content-Encoding": "gzip"}),
        "/trickle": _trickle,
        "/stall": _stall,
        "/declared-huge": lambda h: send(h, 200, b"x" * 2_000_000, "application/xml"),
        "/endless": _endless,
        "/bomb": lambda h: send(h, 200, gzip.compress(b"\0" * 20_000_000), "application/xml",
                                {"Content-Encoding": "gzip"}),
        "/image": lambda h: send(h, 200, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png"),
        "/html-feed": lambda h: send(h, 200, PAGE, "text/html; charset=utf-8"),
        "/site/": lambda h: send(h, 200, PAGE, "text/html; charset=utf-8"),
        "/latin1": lambda h: send(h, 200, "<rss version='2.0'><channel><title>Café</title><item><title>Été"
                                          "</title><guid>x</guid></item></channel></rss>".encode("latin-1"),
                                  "text/xml; charset=iso-8859-1"),
    })
    yield srv
    srv.close()


@pytest.fixture()
def fetcher() -> Fetcher:
    return Fetcher(timeout=1.0, total_timeout=2.0, max_bytes=1_000_000, max_retry_wait=2.0, concurrency=4)


def test_a_feed_is_fetched_with_its_validators_then_not_modified(server: LoopbackServer, fetcher: Fetcher) -> None:
    first = fetcher.fetch(server.url("/feed.xml"))
    assert first.status == "ok" and first.http_status == 200
    assert first.etag == ETAG and first.last_modified == MODIFIED
    assert first.charset == "utf-8" and first.content_type == "application/rss+xml"
    assert len(parse_feed(first.content or b"", first.final_url).items) == 2

    again = fetcher.fetch(FetchRequest(server.url("/feed.xml"), first.etag, first.last_modified))
    assert again.status == "not-modified" and again.content is None and again.etag == ETAG
    assert server.headers["/feed.xml"][-1]["if-none-match"] == ETAG

    by_date = fetcher.fetch(FetchRequest(server.url("/feed.xml"), last_modified=MODIFIED))
    assert by_date.status == "not-modified"


@pytest.mark.parametrize("path", ["/moved-301", "/moved-308"])
def test_a_permanent_redirect_gives_the_new_url(server: LoopbackServer, fetcher: Fetcher, path: str) -> None:
    result = fetcher.fetch(server.url(path))
    assert result.status == "ok"
    assert result.permanent_url == server.url("/feed.xml") == result.final_url


def test_a_temporary_redirect_keeps_the_url(server: LoopbackServer, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server.url("/temporary"))
    assert result.status == "ok" and result.final_url == server.url("/feed.xml")
    assert result.permanent_url is None
    # Permanent up to the first temporary hop: the stored URL moves only that far.
    chained = fetcher.fetch(server.url("/moved-then-temporary"))
    assert chained.permanent_url == server.url("/temporary")


@pytest.mark.parametrize(("path", "status", "words"), [
    ("/missing", 404, "not found"),
    ("/gone", 410, "unsubscribe"),
    ("/unavailable", 503, "unavailable"),
    ("/loop", None, "too many redirects"),
    ("/image", 200, "wrong content type 'image/png'"),
    ("/declared-huge", 200, "too large: 1.9 MB"),
    ("/endless", 200, "too large: more than"),
    ("/bomb", 200, "too large: more than"),
])
def test_failures_are_one_line(server: LoopbackServer, fetcher: Fetcher, path: str, status: int | None,
                               words: str) -> None:
    result = fetcher.fetch(server.url(path))
    assert result.status == "failed" and result.content is None
    assert result.http_status == status
    assert words in result.error and "\n" not in result.error
    assert result.line().startswith(server.url(path) + ": ")


def test_410_is_gone(server: LoopbackServer, fetcher: Fetcher) -> None:
    assert fetcher.fetch(server.url("/gone")).gone


def test_gzip_is_decompressed(server: LoopbackServer, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server.url("/gzip"))
    assert result.status == "ok" and result.content == FEED


def test_retry_after_is_waited_once_when_short(server: LoopbackServer, fetcher: Fetcher) -> None:
    started = time.monotonic()
    result = Fetcher(timeout=0.5, total_timeout=5, max_retry_wait=2).fetch(server.url("/busy"))
    assert result.status == "ok"
    assert 0.9 < time.monotonic() - started < 3


def test_a_long_retry_after_is_reported_not_slept(server: LoopbackServer, fetcher: Fetcher) -> None:
    started = time.monotonic()
    result = fetcher.fetch(server.url("/busy-for-an-hour"))
    assert time.monotonic() - started < 1
    assert result.status == "failed" and result.http_status == 429 and result.retry_after == 3600
    assert "wait 1 h" in result.error


def test_a_trickling_server_is_cut_off_at_the_total_cap(server: LoopbackServer, fetcher: Fetcher) -> None:
    started = time.monotonic()
    result = fetcher.fetch(server.url("/trickle"))
    assert time.monotonic() - started < 3.5
    assert result.status == "failed" and "too slow: gave up after 2 s" in result.error


def test_a_silent_server_times_out(server: LoopbackServer, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server.url("/stall"))
    assert result.status == "failed" and "timed out" in result.error


def test_a_refused_connection_is_one_line(fetcher: Fetcher) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = fetcher.fetch(f"http://127.0.0.1:{port}/feed.xml")
    assert result.status == "failed" and result.error == "connection refused (nothing is listening there)"


def test_tls_to_a_plain_http_server_is_a_tls_error(server: LoopbackServer, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server.url("/feed.xml").replace("http://", "https://"))
    assert result.status == "failed" and result.error.startswith("TLS error")


def test_dns_failures_and_bad_urls_are_named() -> None:
    # A real lookup would leave the machine; the error httpx raises for one is built here instead.
    lookup = httpx.ConnectError("[Errno -2] Name or service not known")
    lookup.__cause__ = socket.gaierror(-2, "Name or service not known")
    assert describe_error(lookup, 1) == "DNS lookup failed: no such host"
    result = Fetcher(timeout=0.5).fetch("ftp://example.org/feed")
    assert result.status == "failed" and "only http:// and https://" in result.error


def test_retry_after_dates_and_seconds() -> None:
    from datetime import UTC, datetime

    now = datetime(2019, 5, 29, 10, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Wed, 29 May 2019 10:16:00 GMT", now) == 960
    assert retry_after_seconds("soon") is None


def test_many_feeds_at_once_one_result_each_failures_do_not_stop_the_others(
        server: LoopbackServer, fetcher: Fetcher) -> None:
    paths = ["/feed.xml", "/missing", "/gzip", "/trickle", "/gone", "/moved-301", "/image", "/stall"] * 2
    requests = [FetchRequest(server.url(p), key=i) for i, p in enumerate(paths)]
    started = time.monotonic()
    results = list(fetcher.fetch_all(requests))
    assert time.monotonic() - started < 4
    assert sorted(r.request.key for r in results) == list(range(len(paths)))  # type: ignore[type-var]
    ok = {r.url for r in results if r.status == "ok"}
    assert ok == {server.url(p) for p in ("/feed.xml", "/gzip", "/moved-301")}


def test_stopping_early_cancels_the_rest(server: LoopbackServer) -> None:
    fetcher = Fetcher(timeout=5, total_timeout=10, concurrency=2)
    requests = [FetchRequest(server.url("/feed.xml"))] + [FetchRequest(server.url("/trickle"))] * 4
    started = time.monotonic()
    results = fetcher.fetch_all(requests)
    first = next(results)
    results.close()
    assert first.status == "ok" and time.monotonic() - started < 2
    assert not any(t.name == "newsdesk-fetch" for t in threading.enumerate())


def test_a_site_page_leads_to_its_feed(server: LoopbackServer, fetcher: Fetcher) -> None:
    page = fetcher.fetch(server.url("/site/"))
    with pytest.raises(NotAFeed) as error:
        parse_feed(page.content or b"", page.final_url, page.charset)
    assert error.value.kind == "html"
    links = find_feed_links(page.content or b"", page.final_url, page.charset)
    assert [link.url for link in links] == [server.url("/feed.xml"), server.url("/comments/feed.xml")]
    feed = fetcher.fetch(links[0].url)
    assert parse_feed(feed.content or b"", feed.final_url).title == "Loopback News"


def test_the_http_charset_decodes_a_latin1_feed(server: LoopbackServer, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server.url("/latin1"))
    feed = parse_feed(result.content or b"", result.final_url, result.charset)
    assert feed.title == "Café" and feed.items[0].title == "Été"


def test_an_article_page_is_fetched_as_a_page(server: LoopbackServer, fetcher: Fetcher) -> None:
    page = fetcher.fetch(server.url("/site/"), kind="page")
    assert page.status == "ok" and page.content == PAGE
    assert "text/html" in server.headers["/site/"][-1]["accept"]
    feed_as_page = fetcher.fetch(server.url("/image"), kind="page")
    assert "expected a web page" in feed_as_page.error


def test_the_feed_modules_import_their_heavy_libraries_only_when_used() -> None:
    import subprocess
    import sys

    code = ("import sys; import index.pages, index.feeds, index.opml, index.fetch, index.subscriptions, "
            "index.discovery; print(sorted(m for m in ('trafilatura', 'feedparser', 'httpx', 'dateparser', "
            "'charset_normalizer', 'lxml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
