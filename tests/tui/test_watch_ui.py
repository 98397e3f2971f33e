"""Watchlists in the reader: `w` (and ctrl+s in the box) watches the query, `w` an actor; `W` lists the
watchlists with their counts (a broken one with its error) and follows adds in the running app; enter
lists one's articles with the new ones marked; reading them, or `S`, marks it seen; rename and delete."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Input, OptionList, Static

from index import Library
from index.watchlists import WatchlistStore
from tests.conftest import drain
from tests.index.feedgen import items, rss
from tests.index.loopback import LoopbackServer, send
from tests.tui.test_actors_ui import focus_actor
from tests.tui.test_app import open_first, settle, status, type_query
from tests.tui.test_feeds_ui import app_on
from tests.tui.test_stories_ui import rows
from tui.app import NewsdeskApp
from tui.screens.actor import ActorScreen
from tui.screens.confirm_dialog import ConfirmDialog
from tui.screens.help import HelpScreen
from tui.screens.watch_dialog import WatchDialog
from tui.screens.watchlists import WatchlistsScreen
from tui.widgets.article_view import ArticleView


def notices(app: NewsdeskApp) -> list[str]:
    return [n.message for n in app._notifications]


def dialog_error(app: NewsdeskApp) -> str:
    return str(app.screen.query_one("#error", Static).render())


def boxes(app: NewsdeskApp) -> dict[str, str]:
    return {box.id or "": box.value for box in app.screen.query(Input)}


def listed(app: NewsdeskApp) -> list[str]:
    """The watchlists screen's rows as plain text."""
    options = app.screen.query_one(OptionList)
    return [" | ".join(str(line) for line in options.get_option_at_index(i).prompt.renderables if str(line))
            for i in range(options.option_count)]


def dhaka_folder(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True)
    for name in names:
        (folder / f"{name}.txt").write_text(f"Flood in Dhaka {name}\n\nRivers rose in Dhaka, Bangladesh, after the "
                                            f"monsoon; the {name} district was cut off.\n")
    return folder


async def test_w_and_ctrl_s_watch_the_query_and_a_taken_name_is_refused(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await type_query(pilot, app, "troops")
        await pilot.press("ctrl+s")  # in the search box, where w is a letter
        await settle(pilot, app)
        assert isinstance(app.screen, WatchDialog)
        assert boxes(app) == {"name": "troops", "query": "troops"}
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.screen is app.main
        assert app.library.watchlists.get("troops").query == "troops"
        assert any("Watching 'troops'" in n and "new ones count from now on" in n for n in notices(app))
        await pilot.press("enter")  # to the results
        await pilot.press("w")
        await settle(pilot, app)
        await pilot.press("enter")  # the same name again
        await settle(pilot, app)
        assert isinstance(app.screen, WatchDialog)  # still open, saying why
        assert dialog_error(app) == "a watchlist named 'troops' already exists"
        app.screen.query_one("#name", Input).value = "Troops abroad"
        app.screen.query_one("#name", Input).focus()
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.screen is app.main
        assert {w.watchlist.name for w in app.library.watchlists.list()} == {"troops", "Troops abroad"}


async def test_a_query_that_cannot_run_is_refused_in_the_dialog(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await type_query(pilot, app, 'title:[a to b]')
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, WatchDialog)
        error = dialog_error(app)
        assert error and "\n" not in error and "range" in error
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main and app.library.watchlists.list() == []


async def test_w_on_an_actor_in_the_sidebar_or_the_actor_view_watches_it(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await focus_actor(pilot, app, "Kim Jong-un")
        await pilot.press("w")
        await settle(pilot, app)
        assert boxes(app) == {"name": "Kim Jong-un", "query": 'actor:"Kim Jong-un"'}
        await pilot.press("enter")
        await settle(pilot, app)
        count = app.library.watchlists.list()[0]
        assert (count.watchlist.name, count.total, count.new) == ("Kim Jong-un", 2, 0)
        await pilot.press("a")  # the actor view
        await settle(pilot, app)
        assert isinstance(app.screen, ActorScreen)
        await pilot.press("w")
        await settle(pilot, app)
        assert boxes(app) == {"name": "Kim Jong-un", "query": 'actor:"Kim Jong-un"'}
        await pilot.press("enter")
        await settle(pilot, app)
        assert "already exists" in dialog_error(app)


async def test_watchlists_count_what_an_add_brings_while_the_screen_is_open(make_app, seeded_home,  # type: ignore[no-untyped-def]
                                                                          tmp_path) -> None:
    home = tmp_path / "home"
    shutil.copytree(seeded_home, home)
    with Library(home) as library:
        library.watchlists.add("Floods", "dhaka OR flood")
        library.watchlists.add("Korea", 'actor:"North Korea"')
    WatchlistStore(home / "watchlists.db").add("Politics", "section:politics")  # a field that does not exist
    folder = dhaka_folder(tmp_path / "new", "north", "south")
    app = make_app(home)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        await pilot.press("W")
        await settle(pilot, app)
        assert isinstance(app.screen, WatchlistsScreen)
        before = listed(app)
        assert before[0].startswith("no new  Floods  0 articles in all")
        assert before[-1].startswith("cannot run  Politics") and "unknown field 'section:'" in before[-1]
        await pilot.press("A")  # add files from the watchlists screen: the counts follow
        await pilot.pause()
        await pilot.press(*str(folder), "enter")
        await settle(pilot, app)
        await settle(pilot, app)
        assert isinstance(app.screen, WatchlistsScreen)
        assert listed(app)[0].startswith("2 new  Floods  2 articles in all")
        assert any(r.startswith("cannot run  Politics") for r in listed(app))  # never hidden
        await pilot.press("enter")  # list its articles on the main screen
        await settle(pilot, app)
        assert app.screen is app.main
        assert status(app).startswith("watchlist Floods · 2 new of 2 articles")
        assert app.main.search_pane.query_input.value == "dhaka OR flood"
        assert all(r.startswith("new Flood in Dhaka") for r in rows(app))
        await pilot.press("enter")  # read the first: its mark goes, the watchlist is not seen yet
        await settle(pilot, app)
        assert not rows(app)[0].startswith("new ") and rows(app)[1].startswith("new ")
        assert "1 read" in status(app)
        assert app.library.watchlists.list()[0].new == 2
        await pilot.press("escape", "j", "enter")  # read the second: every new one is read, so it is seen
        await settle(pilot, app)
        await settle(pilot, app)
        assert [c.new for c in app.library.watchlists.list() if c.watchlist.name == "Floods"] == [0]
        assert status(app).startswith("watchlist Floods · 0 new of 2 articles")
        assert any("Marked 'Floods' seen" in n for n in notices(app))


async def test_S_marks_seen_and_the_screen_renames_and_deletes(make_app, seeded_home, tmp_path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    shutil.copytree(seeded_home, home)
    with Library(home) as library:
        library.watchlists.add("Floods", "dhaka")
        library.watchlists.add("Rain", "monsoon")
        drain(library.add([dhaka_folder(tmp_path / "new", "east", "west")]))
    app = make_app(home)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        await pilot.press("W")
        await settle(pilot, app)
        assert [r.split("  ")[:2] for r in listed(app)] == [["2 new", "Floods"], ["2 new", "Rain"]]
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.main.check_action("mark_seen", ()) is True  # S is offered while a watchlist is listed
        await pilot.press("S")
        await settle(pilot, app)
        await settle(pilot, app)
        assert status(app).startswith("watchlist Floods · 0 new of 2 articles")
        assert not any(r.startswith("new ") for r in rows(app))
        await pilot.press("W")
        await settle(pilot, app)
        assert [r.split("  ")[:2] for r in listed(app)] == [["2 new", "Rain"], ["no new", "Floods"]]
        await pilot.press("S")  # on the screen: Rain
        await settle(pilot, app)
        await settle(pilot, app)
        assert [r.split("  ")[:2] for r in listed(app)] == [["no new", "Floods"], ["no new", "Rain"]]
        assert app.screen.query_one(OptionList).highlighted == 1  # the cursor stays on Rain
        await pilot.press("k", "r")
        await settle(pilot, app)
        assert isinstance(app.screen, WatchDialog) and boxes(app) == {"name": "Floods"}
        app.screen.query_one("#name", Input).value = "Rain"
        await pilot.press("enter")
        await settle(pilot, app)
        assert "already exists" in dialog_error(app)
        app.screen.query_one("#name", Input).value = "Dhaka floods"
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, WatchlistsScreen)
        assert any("Dhaka floods" in r for r in listed(app))
        app.screen.query_one(OptionList).highlighted = next(i for i, r in enumerate(listed(app)) if "Rain" in r)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot, app)
        await settle(pilot, app)
        assert [c.watchlist.name for c in app.library.watchlists.list()] == ["Dhaka floods"]
        assert len(listed(app)) == 1


async def test_a_broken_watchlist_is_mended_from_the_screen_and_listed_with_its_error(make_app, seeded_home,  # type: ignore[no-untyped-def]
                                                                                    tmp_path) -> None:
    home = tmp_path / "home"
    shutil.copytree(seeded_home, home)
    WatchlistStore(home / "watchlists.db").add("Politics", "section:politics")
    app = make_app(home)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        await pilot.press("W")
        await settle(pilot, app)
        await pilot.press("enter")  # its articles: none, and why
        await settle(pilot, app)
        assert "watchlist Politics cannot run" in status(app) and "unknown field 'section:'" in status(app)
        await pilot.press("W", "e")
        await settle(pilot, app)
        assert boxes(app) == {"query": "section:politics"}
        app.screen.query_one("#query", Input).value = "source:wikinews"
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, WatchlistsScreen)
        assert listed(app)[0].startswith("24 new  Politics  24 articles in all")  # made with nothing seen


async def test_help_and_the_palette_offer_the_new_keys(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        titles = [c.title for c in app.palette_commands()]
        assert "Watchlists" in titles and "Watch this query…" in titles
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = app.screen.query_one(Static).content
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(shown)
        text = console.export_text()
        for key, words in [("W", "watchlists"), ("ctrl+s", "watch the query"), ("v", "other versions"),
                           ("M", "more like this"), ("S", "mark it seen"), ("w", "watch the actor")]:
            assert any(line.lstrip().startswith(key) and words in line for line in text.splitlines()), key


async def test_the_article_view_keys_work_after_reading_a_watchlist(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await type_query(pilot, app, "kursk")
        await open_first(pilot, app)
        assert isinstance(app.focused, ArticleView)
        assert app.main.check_action("mark_seen", ()) is False  # no watchlist listed: S is not offered


async def test_names_and_queries_that_look_like_markup_show_literally(make_app, seeded_home, tmp_path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    shutil.copytree(seeded_home, home)
    name = "[@click=app.quit]Quit[/] [bold]x"
    WatchlistStore(home / "watchlists.db").add(name, '"[link=file:///etc/passwd]"')
    app = make_app(home)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        await pilot.press("W")
        await settle(pilot, app)
        assert name in listed(app)[0] and '"[link=file:///etc/passwd]"' in listed(app)[0]
        await pilot.press("S", "enter")
        await settle(pilot, app)
        await settle(pilot, app)
        assert app.is_running and app.screen is app.main
        assert status(app).startswith(f"watchlist {name} · 0 new")
        assert any(name in n for n in notices(app))


async def test_a_listed_watchlist_follows_an_add_and_a_on_the_screen_watches_a_new_query(make_app, seeded_home,  # type: ignore[no-untyped-def]
                                                                                       tmp_path) -> None:
    home = tmp_path / "home"
    shutil.copytree(seeded_home, home)
    folder = dhaka_folder(tmp_path / "new", "central")
    app = make_app(home)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        await pilot.press("W", "a")  # a new watchlist from the screen: both boxes empty
        await settle(pilot, app)
        assert boxes(app) == {"name": "", "query": ""}
        await pilot.press(*"Floods", "tab", *"dhaka", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, WatchlistsScreen)
        assert listed(app)[0].startswith("no new  Floods  0 articles in all")
        await pilot.press("enter")
        await settle(pilot, app)
        assert status(app).startswith("watchlist Floods · 0 new of 0 articles")
        await pilot.press("A")
        await pilot.pause()
        await pilot.press(*str(folder), "enter")
        await settle(pilot, app)
        await settle(pilot, app)
        assert status(app).startswith("watchlist Floods · 1 new of 1 article")  # listed again after the add
        assert rows(app)[0].startswith("new Flood in Dhaka central")
        app.main.search_pane.query_input.value = "kursk"  # typing a query ends the listing
        await settle(pilot, app)
        assert status(app).startswith("1 result") and app.main.check_action("mark_seen", ()) is False


async def test_the_palette_watches_the_query_in_the_box(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await type_query(pilot, app, "kursk")
        next(c for c in app.palette_commands() if c.title == "Watch this query…").run()
        await settle(pilot, app)
        assert isinstance(app.screen, WatchDialog) and boxes(app) == {"name": "kursk", "query": "kursk"}


@pytest.fixture
def feed_server() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    server.routes["/news.rss"] = lambda h: send(h, 200, rss(items(4)), "application/rss+xml")
    yield server
    server.close()


async def test_the_watchlists_screen_counts_what_a_fetch_brings(make_app, feed_server) -> None:  # type: ignore[no-untyped-def]
    app = app_on(make_app)
    app.library.watchlists.add("Council", "\"council would meet again\"")
    app.library.feeds.subscribe(feed_server.url("/news.rss"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("W")
        await settle(pilot, app)
        assert listed(app)[0].startswith("no new  Council  0 articles in all")
        await pilot.press("R")  # fetch every feed, from the watchlists screen
        await settle(pilot, app)
        await settle(pilot, app)
        assert isinstance(app.screen, WatchlistsScreen)
        assert listed(app)[0].startswith("4 new  Council  4 articles in all")
