"""The reader driven by keys through Pilot: what a user sees after each step."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from index import Library
from tests.conftest import SEED_ID_PREFIX, drain
from tui.app import NewsdeskApp
from tui.screens.help import HelpScreen
from tui.widgets.article_blocks import BlockView
from tui.widgets.article_view import ArticleView
from tui.widgets.entity_sidebar import EntitySidebar
from tui.widgets.results_list import REST_AFTER
from tui.widgets.search_pane import ResultsList

SEED_ACTORS = {"Kim Jong-un", "Lloyd Austin", "Andriy Kovalenko", "Zelenskyy", "Putin", "North Korea",
               "Russia", "Ukraine", "Kursk"}


async def settle(pilot: Pilot, app: NewsdeskApp) -> None:
    # Work starts more work (indexing -> search -> suggestions): wait until it has all ended.
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def status(app: NewsdeskApp) -> str:
    return str(app.main.query_one("#status").render())


async def type_query(pilot: Pilot, app: NewsdeskApp, text: str) -> None:
    await settle(pilot, app)
    await pilot.press("slash", *text)
    await settle(pilot, app)


async def open_first(pilot: Pilot, app: NewsdeskApp) -> None:
    await pilot.press("enter")  # to the results
    await pilot.press("enter")  # open
    await settle(pilot, app)


async def test_typing_updates_results_without_enter(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        await pilot.pause(REST_AFTER + 0.1)  # the results past the first screenful join once typing pauses
        assert app.main.search_pane.results_list.option_count == 25
        await type_query(pilot, app, "kursk")
        results = app.main.search_pane.results_list
        assert results.option_count == 1
        assert results.get_option_at_index(0).id.startswith(SEED_ID_PREFIX)
        assert status(app).startswith("1 result")


async def test_misspelling_offers_did_you_mean(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await type_query(pilot, app, "nort korea")
        await pilot.pause(0.5)  # the suggestion is looked for once typing pauses
        await settle(pilot, app)
        assert "did you mean north korea" in status(app)


async def test_enter_opens_article_and_sidebar_lists_actors(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await type_query(pilot, app, "kursk")
        await open_first(pilot, app)
        view = app.main.query_one(ArticleView)
        assert view.article is not None and view.article.id.startswith(SEED_ID_PREFIX)
        assert isinstance(app.focused, ArticleView)
        listed = {o.id.split("\x1f")[1] for o in app.main.query_one(EntitySidebar)._options if o.id}
        assert listed >= SEED_ACTORS
        await pilot.press("escape")
        assert isinstance(app.focused, ResultsList)


async def test_n_jumps_between_hits(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await type_query(pilot, app, "troops")
        await open_first(pilot, app)
        view = app.main.query_one(ArticleView)
        assert view.hit_count >= 3
        await pilot.press("n", "n")
        current = [i for i, b in enumerate(view.query(BlockView)) if b.has_class("hit")]
        assert len(current) == 1
        await pilot.press("N")
        again = [i for i, b in enumerate(view.query(BlockView)) if b.has_class("hit")]
        assert again[0] < current[0]


async def test_enter_on_an_actor_searches_for_it(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await type_query(pilot, app, "kursk")
        await open_first(pilot, app)
        sidebar = app.main.query_one(EntitySidebar)
        sidebar.focus()
        index = next(i for i, o in enumerate(sidebar._options) if o.id and o.id.endswith("\x1fKim Jong-un"))
        sidebar.highlighted = index
        await settle(pilot, app)
        assert app.main.query_one(ArticleView).selected_actor == "Kim Jong-un"
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.main.search_pane.query_input.value == 'actor:"Kim Jong-un"'
        assert app.main.search_pane.results_list.option_count == 2


async def test_question_mark_shows_help(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await type_query(pilot, app, "korea")
        await pilot.press("enter", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_narrow_terminal_folds_the_sidebar(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert not app.main.query_one(EntitySidebar).display or \
            app.main.query_one(EntitySidebar).region.width == 0


async def test_hostile_article_text_renders_literally(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "hostile"
    hostile = tmp_path / "in" / "hostile.txt"
    hostile.parent.mkdir()
    hostile.write_text("[bold]Evil[/bold] title\n\nClick [@click=app.quit]here[/] or [link=file:///etc/passwd]"
                       "this[/link]. \x1b[31mRed\x1b[0m \x9b2J gone \u202eesrever\u202c end.\n")
    with Library(home) as library:
        drain(library.add([hostile]))
    app = make_app(home)
    async with app.run_test(size=(140, 45)) as pilot:
        await type_query(pilot, app, "evil")
        await open_first(pilot, app)
        view = app.main.query_one(ArticleView)
        title = str(view.query_one(".title").render())
        body = "".join(str(b.render()) for b in view.query(BlockView))
        assert title == "[bold]Evil[/bold] title"
        assert "[@click=app.quit]here[/]" in body and "[link=file:///etc/passwd]" in body
        assert not any(ch in body for ch in "\x1b\x9b\u202e")
        await pilot.click(BlockView)
        await pilot.pause()
        assert app.is_running


async def test_adding_a_folder_from_the_app_refreshes_and_names_failures(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "flood.txt").write_text("Flood in Dhaka\n\nRivers rose in Dhaka, Bangladesh.\n")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02")
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        await pilot.press("A")  # the results list has the focus at launch: keys work at once
        await pilot.pause()
        await pilot.press(*str(folder), "enter")
        await settle(pilot, app)
        await settle(pilot, app)
        await pilot.pause(REST_AFTER + 0.1)
        assert app.main.search_pane.results_list.option_count == 26
        messages = [n.message for n in app._notifications]
        assert any("added 1" in m and "failed 1" in m for m in messages)
        assert any("new/broken.txt" in m and "binary" in m for m in messages)  # named as added


async def test_painting_held_for_a_keys_results_always_resumes(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await type_query(pilot, app, "kursk")
        assert app._batch_count == 0 and status(app).startswith("1 result")
        await pilot.press("space", *"date:xyz")  # a query that fails: its message is painted, then typing goes on
        await settle(pilot, app)
        assert app._batch_count == 0 and "cannot read 'xyz' as a date" in status(app)
        await pilot.press(*["backspace"] * 3, *"2023")
        await settle(pilot, app)
        assert app._batch_count == 0 and "as a date" not in status(app)


async def test_a_phrase_being_typed_is_searched_as_far_as_it_goes(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await type_query(pilot, app, '"north korea')  # no closing quote yet: no error, the phrase so far
        assert "not closed" not in status(app) and status(app).startswith("2 results")
        await pilot.press('"')
        await settle(pilot, app)
        assert status(app).startswith("2 results")


async def test_lists_stop_at_their_ends(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await type_query(pilot, app, "korea")
        await open_first(pilot, app)
        await pilot.press("a")  # to the actors sidebar
        await pilot.pause()
        sidebar = app.main.query_one(EntitySidebar)
        first = sidebar.highlighted
        await pilot.press("j", "k", "k", "k")  # holding k at the top stays at the top, as does j at the bottom
        assert sidebar.highlighted == first
        await pilot.press(*["j"] * (sidebar.option_count + 3))
        last = sidebar.highlighted
        assert last is not None and last > first  # type: ignore[operator]
        await pilot.press("j")
        assert sidebar.highlighted == last
