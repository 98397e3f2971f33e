"""Following feeds in the reader, driven by keys through Pilot against a real HTTP server on loopback:
subscribing, fetching with progress while the reader stays usable, failures in one line each, unread
dots that go as stories are opened, unsubscribing after a yes, renaming, OPML in and out."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input

from index import subscriptions
from index.fetch import Fetcher
from index.opml import read_opml
from tests.conftest import drain
from tests.index.feedgen import items, long_text, page, rss
from tests.index.loopback import LoopbackServer, send
from tests.tui.test_app import settle
from tui.app import NewsdeskApp
from tui.screens.confirm_dialog import ConfirmDialog
from tui.screens.input_dialog import InputDialog
from tui.screens.main import MainScreen
from tui.screens.subscriptions import SubscriptionsScreen
from tui.widgets.header import ReaderHeader
from tui.widgets.index_status import IndexStatus
from tui.widgets.subscription_list import SubscriptionList

SIZE = (120, 40)
MakeApp = Callable[..., NewsdeskApp]


def _slow(body: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    def route(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(1.5)  # long enough to see the fetch under way and use the reader meanwhile
        send(handler, 200, body, "application/rss+xml")
    return route


def _held(body: bytes, release: threading.Event) -> Callable[[BaseHTTPRequestHandler], None]:
    def route(handler: BaseHTTPRequestHandler) -> None:
        release.wait(20)  # until the test has seen the fetch under way, however slow the machine
        send(handler, 200, body, "application/rss+xml")
    return route


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    s = LoopbackServer()
    s.routes.update({
        "/news.rss": lambda h: send(h, 200, rss(items(4)), "application/rss+xml"),
        "/slow.rss": _slow(rss(items(3, "slow"), title="Slow News", site="https://slow.example")),
        "/evil.rss": lambda h: send(h, 200, rss(items(1, "evil"), title="[bold]Evil[/bold] \x1b[31mNews",
                                                site="https://evil.example"), "application/rss+xml"),
        "/gone": lambda h: send(h, 410, b"gone", "text/plain"),
    })
    yield s
    s.close()


def app_on(make_app: MakeApp) -> NewsdeskApp:
    app = make_app()
    app.library.feeds.fetcher = Fetcher(timeout=3, total_timeout=6)
    return app


def opml(server: LoopbackServer, groups: dict[str, list[str]]) -> bytes:
    folders = "".join(f'<outline text="{group}">' + "".join(
        f'<outline type="rss" text="{path.strip("/")}" xmlUrl="{server.url(path)}"/>' for path in paths)
        + "</outline>" for group, paths in groups.items())
    return f'<opml version="2.0"><head><title>t</title></head><body>{folders}</body></opml>'.encode()


@contextmanager
def fixed_feeds(make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> Iterator[NewsdeskApp]:
    """An app on a library that fetched three feeds (one gone) from made-up hosts at a fixed time, so a
    picture of it never changes: a real loopback server answers as the HTTP proxy for those hosts."""
    server = LoopbackServer()
    server.routes.update({
        "http://world.test/feed.rss": lambda h: send(h, 200, rss(items(4)), "application/rss+xml"),
        "http://tech.test/atom.xml": lambda h: send(h, 200, rss(items(2, "tech"), title="Tech Today", site="https://tech.example"),
                                                    "application/rss+xml"),
        "http://gone.test/feed.rss": lambda h: send(h, 410, b"gone", "text/plain"),
    })
    for name in ("HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, server.base)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "")
    monkeypatch.setattr(subscriptions, "now", lambda: "2026-11-05T10:00:00Z")
    zone = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        app = make_app()
        app.library.feeds.subscribe_opml(
            b'<opml version="2.0"><body><outline text="World"><outline type="rss" text="World Wire" '
            b'xmlUrl="http://world.test/feed.rss"/><outline type="rss" text="Gone Gazette" '
            b'xmlUrl="http://gone.test/feed.rss"/></outline><outline type="rss" text="Tech Today" '
            b'xmlUrl="http://tech.test/atom.xml"/></body></opml>')
        drain(app.library.feeds.fetch())
        app.library.mark_read(app.library.feeds.articles("Tech Today")[0].id)
        yield app
    finally:
        server.close()
        if zone is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = zone
        time.tzset()


def notices(app: NewsdeskApp, title: str | None = None) -> list[str]:
    return [n.message for n in app._notifications if title is None or n.title == title]


def plain(prompt: object) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(prompt)
    return console.export_text()


def subscriptions_text(app: NewsdeskApp) -> str:
    listing = app.screen.query_one(SubscriptionList)
    return "".join(plain(listing.get_option_at_index(i).prompt) for i in range(listing.option_count))


def result_titles(app: NewsdeskApp) -> list[str]:
    results = app.main.search_pane.results_list
    return [plain(results.get_option_at_index(i).prompt).splitlines()[0] for i in range(results.option_count)]


async def open_subscriptions(pilot: Pilot, app: NewsdeskApp) -> SubscriptionsScreen:
    await settle(pilot, app)
    await pilot.press("F")
    await settle(pilot, app)
    assert isinstance(app.screen, SubscriptionsScreen)
    return app.screen


async def test_subscribe_from_the_dialog_then_fetch_with_progress_while_searching(
        make_app: MakeApp, server: LoopbackServer) -> None:
    app = app_on(make_app)
    app.library.feeds.subscribe(server.url("/news.rss"))  # listed first: the cursor starts on it
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_subscriptions(pilot, app)
        assert "F" not in screen.active_bindings and "A" not in screen.active_bindings  # the footer fits
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)
        await pilot.press(*server.url("/slow.rss"), "enter")
        await settle(pilot, app)
        assert "Subscribed to Slow News: f fetches it now" in notices(app, "Subscriptions")
        assert "Slow News   no articles yet" in subscriptions_text(app)
        assert screen.current is not None and screen.current.name == "Slow News"  # so f fetches the new one

        release = threading.Event()
        server.routes["/slow.rss"] = _held(rss(items(3, "slow"), title="Slow News", site="https://slow.example"),
                                           release)
        await pilot.press("f")  # fetch it: the server answers when released
        status = screen.query_one(IndexStatus)
        for _ in range(50):
            await pilot.pause(0.05)
            if status.has_class("running"):
                break
        assert str(status.query_one("#what").render()).startswith("Feeds: ")  # the progress, on this screen too
        assert app.main.query_one(IndexStatus).has_class("running")
        await pilot.press("escape", "slash", *"budgets")  # the reader is usable meanwhile
        await pilot.pause(0.3)
        assert isinstance(app.screen, MainScreen) and app.main.search_pane.results_list.option_count == 0
        release.set()
        await settle(pilot, app)
        assert "fetched 1 feed: added 3, updated 0, unchanged 0, duplicates 0, failed 0" in notices(app, "Feeds")
        assert result_titles(app) == ["● Slow 0: council meets in Lisbon", "● Slow 1: council meets in Oslo",
                                      "● Slow 2: council meets in Nairobi"]  # the search ran again
        assert app.main.query_one(ReaderHeader).unread == 3 and app.main.query_one(ReaderHeader).articles == 28
        assert not app.main.query_one(IndexStatus).has_class("running")


async def test_a_failing_feed_is_one_line_and_the_others_are_stored(make_app: MakeApp,
                                                                      server: LoopbackServer) -> None:
    app = app_on(make_app)
    app.library.feeds.subscribe_opml(opml(server, {"World": ["/news.rss", "/gone", "/missing"]}))
    async with app.run_test(size=SIZE) as pilot:
        await open_subscriptions(pilot, app)
        await pilot.press("R")
        await settle(pilot, app)
        failures = notices(app, "Could not fetch")
        assert sorted(failures) == [
            f"{server.url('/gone')}: gone (HTTP 410): the publisher removed it for good; unsubscribe from it",
            f"{server.url('/missing')}: not found (HTTP 404): check the URL"]
        assert "fetched 3 feeds: added 4, updated 0, unchanged 0, duplicates 0, failed 2" in notices(app, "Feeds")
        assert app.library.feeds.get(server.url("/news.rss")).articles == 4
        shown = subscriptions_text(app)  # the screen was read again when the fetch ended
        assert "● news.rss   4 unread · 4 articles" in shown
        assert "✗ last fetch failed: gone (HTTP 410)" in shown and "✗ last fetch failed: not found (HTTP 404)" in shown
        header = str(app.screen.query_one("#header").render())
        assert header.startswith(" Subscriptions · 3 feeds · 4 unread · 2 failing")


async def test_opening_a_story_clears_its_dot_and_u_brings_it_back(make_app: MakeApp, server: LoopbackServer,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_on(make_app)
    library = app.library
    library.feeds.subscribe(server.url("/news.rss"))
    drain(library.feeds.fetch())
    assert library.search("is:unread").total == 4
    async with app.run_test(size=SIZE) as pilot:
        await open_subscriptions(pilot, app)
        await pilot.press("enter")  # the feed's articles, in the main screen's results
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert result_titles(app)[0] == "● Story 0: council meets in Lisbon" and len(result_titles(app)) == 4
        assert "Example News · 4 articles · newest first" in str(app.main.search_pane.status.render())
        calls: list[object] = []
        monkeypatch.setattr(app.main.search_pane, "show_results", lambda *args, **kwargs: calls.append(args))
        await pilot.press("enter")  # open it
        await settle(pilot, app)
        assert result_titles(app)[0] == "Story 0: council meets in Lisbon" and calls == []  # no search again
        assert library.search("is:unread").total == 3 and app.main.header.unread == 3
        await pilot.press("u")  # in the article: unread again
        await settle(pilot, app)
        assert result_titles(app)[0] == "● Story 0: council meets in Lisbon"
        assert library.search("is:unread").total == 4 and app.main.header.unread == 4


async def test_unsubscribe_asks_first(make_app: MakeApp, server: LoopbackServer) -> None:
    app = app_on(make_app)
    app.library.feeds.subscribe(server.url("/news.rss"))
    async with app.run_test(size=SIZE) as pilot:
        await open_subscriptions(pilot, app)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Stop following Example News" in str(app.screen.query_one("#question").render())
        await pilot.press("n")
        await settle(pilot, app)
        assert [s.url for s in app.library.feeds.list()] == [server.url("/news.rss")]
        await pilot.press("d", "y")
        await settle(pilot, app)
        assert app.library.feeds.list() == [] and "Unsubscribed from Example News" in notices(app)
        assert isinstance(app.screen, SubscriptionsScreen) and app.screen.has_class("empty")


async def test_rename_and_group_and_hostile_titles_stay_text(make_app: MakeApp, server: LoopbackServer) -> None:
    app = app_on(make_app)
    sub = app.library.feeds.subscribe(server.url("/evil.rss"))
    assert sub.title == "[bold]Evil[/bold] [31mNews"  # the engine drops the ESC of a feed's title
    app.library.feeds.rename(sub.url, title="[bold]Evil[/bold] \x1b[31mNews \u202eesrever")  # a title may have it
    async with app.run_test(size=SIZE) as pilot:
        await open_subscriptions(pilot, app)
        shown = subscriptions_text(app)
        assert "[bold]Evil[/bold] \ufffd[31mNews \ufffdesrever" in shown and "\x1b" not in shown
        await pilot.press("r")
        await pilot.pause()
        box = app.screen.query_one(Input)
        assert box.value.startswith("[bold]Evil[/bold]")  # the title to edit
        box.value = ""
        await pilot.press(*"Calm [i]News[/i]", "enter")
        await settle(pilot, app)
        renamed = [n for n in app._notifications if n.message == "Renamed to Calm [i]News[/i]"]
        assert renamed and not renamed[0].markup  # shown as text, not markup (checked before it times out)
        await pilot.press("g", *"World", "enter")
        await settle(pilot, app)
        sub = app.library.feeds.get(server.url("/evil.rss"))
        assert (sub.title, sub.group) == ("Calm [i]News[/i]", "World")
        assert plain(app.screen.query_one(SubscriptionList).get_option_at_index(0).prompt).strip() == "World"
        await pilot.press("a", *server.url("/gone?[@click=app.quit]x[/]"), "enter")  # an error names the URL
        await settle(pilot, app)
        assert app.is_running and len(app.library.feeds.list()) == 1
        [refused] = [n for n in app._notifications if n.title == "Not subscribed"]
        assert refused.message.startswith(server.url("/gone?[@click=app.quit]x[/]: gone (HTTP 410)"))
        assert "\n" not in refused.message
        assert not refused.markup  # shown as text, not markup


async def test_opml_import_and_export_from_the_palette(make_app: MakeApp, server: LoopbackServer,
                                                       tmp_path: Path) -> None:
    source = tmp_path / "in.opml"
    source.write_bytes(opml(server, {"Tech": ["/news.rss"], "World": ["/slow.rss"]}))
    exported = tmp_path / "out.opml"
    app = app_on(make_app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        for command, path in (("Import OPML", source), ("Export OPML", exported)):
            await pilot.press("ctrl+p", *command)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, InputDialog)
            app.screen.query_one(Input).value = str(path)
            await pilot.press("enter")
            await settle(pilot, app)
        assert "Subscribed to 2 feeds in 2 groups; R fetches them" in notices(app, "Subscriptions")
        assert isinstance(app.screen, SubscriptionsScreen) and "slow.rss   no articles yet" in subscriptions_text(app)
        assert sorted((f.group, f.url) for f in read_opml(exported.read_bytes()).feeds) == [
            ("Tech", server.url("/news.rss")), ("World", server.url("/slow.rss"))]


async def test_fetch_with_full_text_from_the_palette_reads_the_pages(make_app: MakeApp,
                                                                     server: LoopbackServer) -> None:
    news = items(2, "long")
    site = server.url("/articles")
    server.routes["/summaries.rss"] = lambda h: send(h, 200, rss(news, title="Summaries", site=site,
                                                                 summary_only=True), "application/rss+xml")
    for item in news:
        body = page(item.title, long_text(item), url=item.link(site))
        server.routes[f"/articles/{item.slug}"] = lambda h, body=body: send(h, 200, body, "text/html")
    app = app_on(make_app)
    app.library.feeds.subscribe(server.url("/summaries.rss"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p", *"Fetch feeds now with full text")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot, app)
        assert "fetched 1 feed: added 2, updated 0, unchanged 0, duplicates 0, failed 0" in notices(app, "Feeds")
        assert all(server.hits.get(f"/articles/{item.slug}") == 1 for item in news)
        [hit] = app.library.search('"long 1" paragraph').hits
        assert "Paragraph 3" in app.library.article(hit.id).text
