"""The reader as a new user meets it (issue 10): keys that do what the screen says, nothing cut off,
every distinction visible without colour."""

from __future__ import annotations

import math
import webbrowser
from pathlib import Path

import pytest
from textual.widgets import OptionList
from textual.widgets._footer import FooterKey

from index import Library, Progress
from tests.conftest import drain
from tests.tui.test_app import open_first, settle, status, type_query
from tui.app import NewsdeskApp
from tui.indexing import IndexProgress
from tui.kinds import KINDS, theme_colour
from tui.messages import ActorRequested
from tui.screens.actor import ActorScreen
from tui.screens.help import HelpScreen
from tui.widgets.article_blocks import BlockView
from tui.widgets.article_view import ArticleView
from tui.widgets.entity_sidebar import EntitySidebar
from tui.widgets.search_pane import ResultsList

NARROW = (80, 24)
WIDE = (120, 40)


def footer_keys(app: NewsdeskApp) -> list[tuple[str, int]]:
    """(key, right edge) of each key the footer shows, left to right."""
    keys = sorted(app.screen.query(FooterKey), key=lambda k: k.region.x)
    return [(k.key, k.region.right) for k in keys if k.region.width]


async def test_q_and_question_mark_work_at_launch(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "q")
        await pilot.pause()
        assert app.main.search_pane.query_input.value == ""
    assert app.return_code == 0 and not app.is_running


async def test_escape_leaves_the_search_box_even_without_results(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await type_query(pilot, app, "zzzz")
        assert app.main.search_pane.results_list.option_count == 0
        await pilot.press("escape", "q")
        await pilot.pause()
        assert app.main.search_pane.query_input.value == "zzzz"
    assert not app.is_running


@pytest.mark.parametrize("size", [NARROW, WIDE])
async def test_the_footer_shows_help_and_quit_first_in_every_focus(make_app, size) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        seen = {"results": footer_keys(app)}
        await type_query(pilot, app, "kursk")
        seen["search box"] = footer_keys(app)
        await open_first(pilot, app)
        seen["article"] = footer_keys(app)
        await pilot.press("a")
        await settle(pilot, app)
        seen["actors"] = footer_keys(app)
    for focus, keys in seen.items():
        first = {key for key, _ in keys[:2]}
        assert first in ({"question_mark", "q"}, {"f1", "ctrl+q"}), (focus, keys)
        assert all(right <= size[0] for _, right in keys[:2]), (focus, keys)
    assert {key for key, _ in seen["search box"]}.isdisjoint({"q", "question_mark", "slash"})  # text while typing


async def test_f1_and_ctrl_q_work_while_typing(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await type_query(pilot, app, "kursc")
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.main.search_pane.query_input.has_focus
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_a_focused_list_always_has_a_highlighted_item(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await type_query(pilot, app, "kursk")
        await open_first(pilot, app)
        await pilot.press("tab")  # from the article to the sidebar, as a user would
        await settle(pilot, app)
        sidebar = app.main.query_one(EntitySidebar)
        assert app.focused is sidebar and sidebar.highlighted is not None
        assert app.main.query_one(ArticleView).selected_actor == sidebar.current_actor
        await pilot.press("a")
        await settle(pilot, app)
        assert isinstance(app.screen, ActorScreen)
        await pilot.press("shift+tab")  # to "Mentioned with"
        company = app.screen.query_one("#with", OptionList)
        assert app.focused is company and company.highlighted is not None
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.main.search_pane.query_input.value.startswith('actor:"')


async def test_up_and_down_recall_earlier_queries_of_this_library(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    home = app.library.home
    async with app.run_test(size=WIDE) as pilot:
        for query in ("korea", "stampede"):
            await type_query(pilot, app, query)
            await pilot.press("enter")
            await settle(pilot, app)
            app.main.search_pane.query_input.value = ""
    again = make_app(home)
    async with again.run_test(size=WIDE) as pilot:
        await type_query(pilot, again, "troops")
        box = again.main.search_pane.query_input
        await pilot.press("up")
        assert box.value == "stampede"
        await pilot.press("up", "up")
        assert box.value == "korea"
        await pilot.press("down", "down")
        assert box.value == "troops"  # back to what was being typed
        await pilot.press("down")
        assert isinstance(again.focused, ResultsList)


async def test_status_messages_are_whole_at_80_columns(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await type_query(pilot, app, "nort korea")
        await pilot.pause(0.5)  # the suggestion is looked for once typing pauses
        await settle(pilot, app)
        shown = app.main.search_pane.status
        assert "did you mean north korea" in status(app)
        assert shown.size.height >= math.ceil(len(status(app)) / shown.size.width)
        app.main.search_pane.query_input.value = "date:notadate"
        await settle(pilot, app)
        assert "cannot read 'notadate' as a date" in status(app)
        assert shown.size.height >= math.ceil(len(status(app)) / shown.size.width)


async def test_an_error_marks_the_old_results_as_stale(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await type_query(pilot, app, "korea")
        results = app.main.search_pane.results_list
        assert results.option_count == 3 and not results.has_class("stale")
        app.main.search_pane.query_input.value = "korea date:nope"  # as pasted
        await settle(pilot, app)
        assert results.has_class("stale")
        assert "the results below are for korea" in status(app)
        app.main.search_pane.query_input.value = "korea"
        await settle(pilot, app)
        assert not results.has_class("stale")


async def test_one_actor_is_one_sidebar_entry_under_its_own_type(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await type_query(pilot, app, "kursk")
        await open_first(pilot, app)
        sidebar = app.main.query_one(EntitySidebar)
        names = sidebar.actors
        assert len(names) == len(set(names))
        heading = ""
        under: dict[str, str] = {}
        for option in sidebar.options:
            if option.disabled:
                heading = str(option.prompt)
            else:
                under[option.id.split("\x1f")[1]] = heading  # type: ignore[union-attr]
        assert under["North Korea"] == under["Russia"] == "Places"
        mentions = [e for e in app.main.query_one(ArticleView).article.entities if e.actor == "North Korea"]
        assert {e.type for e in mentions} == {"place", "group"}  # "North Korean" still reads as a group


async def test_distinctions_are_visible_without_colour(make_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        colours = app.get_css_variables()
        assert len({theme_colour(colours, kind) for kind in KINDS}) == len(KINDS)  # people and groups differ
        await type_query(pilot, app, "troops")
        await open_first(pilot, app)
        view = app.main.query_one(ArticleView)
        await pilot.press("n", "n")
        app.main.query_one(EntitySidebar).focus()
        view.emphasize("North Korea")
        await pilot.pause()
        styles = {str(span.style) for block in view._blocks for span in block.text.spans}
        assert any("reverse" in s for s in styles)  # search hits
        assert any("underline2" in s and "reverse" not in s for s in styles)  # the sidebar's actor
        hit = next(b for b in view.query(BlockView) if b.has_class("hit") and not b.has_class("passage"))
        passage = next(b for b in view.query(BlockView) if b.has_class("passage") and not b.has_class("hit"))
        assert hit.styles.border_left[0] != passage.styles.border_left[0]  # different gutter shapes
    monkeypatch.setenv("NO_COLOR", "1")
    mono = make_app()
    async with mono.run_test(size=WIDE) as pilot:
        await type_query(pilot, mono, "kursk")
        await open_first(pilot, mono)
        view = mono.main.query_one(ArticleView)
        assert mono.no_color
        styles = [str(span.style) for block in view._blocks for span in block.text.spans]
        assert "italic" in styles  # the passage under the cursor, without its background colour


async def test_a_narrow_terminal_reaches_the_sidebar_and_its_corrections(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await type_query(pilot, app, "kursk")
        await open_first(pilot, app)
        sidebar = app.main.query_one(EntitySidebar)
        assert sidebar.region.width == 0  # folded away
        await pilot.press("a")
        await settle(pilot, app)
        assert sidebar.region.width > 20 and app.focused is sidebar
        titles = [c.title for c in app.palette_commands()]
        assert "Rename actor: Kim Jong-un…" in titles and "Hide actor: Defense…" in titles
        sidebar.highlighted = next(i for i, o in enumerate(sidebar.options) if o.id and o.id.endswith("\x1fDefense"))
        await pilot.press("h")
        await settle(pilot, app)
        await settle(pilot, app)
        assert "Defense" not in sidebar.actors
        await pilot.press("escape")
        await pilot.pause()
        assert sidebar.region.width == 0 and isinstance(app.focused, ArticleView)


async def test_the_actor_view_shows_titles_and_each_sentence_once(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    story = tmp_path / "in" / "summit.txt"
    story.parent.mkdir()
    story.write_text("Summit in Hanoi\n\nKim Jong-un met Donald Trump in Hanoi, and Kim Jong-un left early. "
                     "Trump spoke later.\n")
    with Library(home) as library:
        drain(library.add([story]))
    app = make_app(home)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot, app)
        app.post_message(ActorRequested("Kim Jong-un"))
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ActorScreen)
        assert len(screen.profile.lines) == len(screen.lines) == 1  # two mentions, one sentence
        prompt = screen.query_one("#lines", OptionList).get_option_at_index(0).prompt
        head, sentence = prompt.renderables  # type: ignore[union-attr]
        assert "Summit in Hanoi" in str(head)
        assert [str(sentence)[s.start:s.end] for s in sentence.spans] == ["Kim Jong-un", "Kim Jong-un"]


async def test_first_run_says_the_model_is_loading(make_app) -> None:  # type: ignore[no-untyped-def]
    from tui.widgets.index_status import IndexStatus

    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot, app)
        shown = app.main.query_one(IndexStatus)
        shown.post_message(IndexProgress(Progress("extract", 0, 25, "loading the entity model"),
                                         "Indexing the sample articles"))
        await pilot.pause()
        text = str(shown.query_one("#what").render())
        assert text == "Indexing the sample articles: loading the entity model"
        assert shown.display and shown.size.height * shown.size.width >= len(text)


async def test_o_without_a_browser_shows_and_copies_the_link(make_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BROWSER", "false")  # a "browser" that always fails
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # read $BROWSER again
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await type_query(pilot, app, "stampede")
        await open_first(pilot, app)
        await pilot.press("o")
        await settle(pilot, app)
        url = "https://en.wikinews.org/wiki/Hundreds_dead_in_Hajj_stampede"
        assert any(n.message == url for n in app._notifications)
        assert app.clipboard == url


async def test_adding_a_folder_names_the_files_it_skipped(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "README.TXT").write_text("About this corpus\n\nThese files are news articles.\n")
    (folder / "flood.txt").write_text("Flood in Dhaka\n\nRivers rose in Dhaka, Bangladesh.\n")
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        app.main.work.add([str(folder)])
        await settle(pilot, app)
        messages = [(n.title, n.message) for n in app._notifications]
        assert any("added 1" in m and "skipped 1" in m for _, m in messages)
        assert any(t == "Skipped" and "README.TXT" in m for t, m in messages)


def test_query_box_history_is_kept_atomically_in_the_library_home(tmp_path: Path) -> None:
    from tui.history import FILE, QueryHistory

    kept = QueryHistory(tmp_path)
    assert kept.load() == []
    for query in ("korea", "stampede", "korea", "  "):
        changed = kept.remember(query)
        if changed is not None:
            kept.save(changed)
    assert QueryHistory(tmp_path).load() == ["stampede", "korea"]
    assert [p.name for p in tmp_path.iterdir()] == [FILE]  # no temporary file left behind


async def test_without_colour_the_focused_pane_and_the_cursor_show_by_shape(make_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await type_query(pilot, app, "kursk")
        pane = app.main.search_pane
        assert pane.styles.border_top[0] == "double"
        await open_first(pilot, app)
        assert pane.styles.border_top[0] != "double"
        assert app.main.query_one(ArticleView).styles.border_top[0] == "double"
        cursor = app.main.search_pane.results_list.get_component_styles("option-list--option-highlighted")
        assert "reverse" in str(cursor.text_style)
