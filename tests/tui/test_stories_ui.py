"""Stories in the reader: a story listed once with "+N sources", `v` shows its versions in place, the
article names the other versions and opens one, `M` lists more like this (the story's own first)."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import OptionList

from index import Library
from tests.tui.test_app import open_first, settle, status, type_query
from tui.app import NewsdeskApp
from tui.screens.versions_dialog import VersionsDialog
from tui.widgets.article_view import ArticleView


def grouped_app(make_app, grouped_home: Path, tmp_path: Path) -> NewsdeskApp:  # type: ignore[no-untyped-def]
    home = tmp_path / "grouped"
    shutil.copytree(grouped_home, home)
    return make_app(home)


def rows(app: NewsdeskApp) -> list[str]:
    """Each listed option as plain text (lines joined by " | ")."""
    results = app.main.search_pane.results_list
    return [" | ".join(str(line) for line in results.get_option_at_index(i).prompt.renderables if str(line))
            for i in range(results.option_count)]


def story_of(library: Library, title: str) -> set[str]:
    hit = next(h for h in library.search("", limit=100, versions=True) if h.title == title)
    return {m.id for m in library.story(hit.id).members}


async def test_a_story_is_listed_once_and_v_shows_its_versions_in_place(make_app, grouped_home,  # type: ignore[no-untyped-def]
                                                                      tmp_path) -> None:
    app = grouped_app(make_app, grouped_home, tmp_path)
    members = story_of(app.library, "Defector tells all")
    async with app.run_test(size=(140, 45)) as pilot:
        await type_query(pilot, app, "defector")
        listed = rows(app)
        tellers = [r for r in listed if "+3 sources" in r]
        assert len(tellers) == 1  # one story, four articles: listed once
        results = app.main.search_pane.results_list
        first = results.option_count
        await pilot.press("enter")  # to the results
        results.highlighted = next(i for i, r in enumerate(listed) if "+3 sources" in r)
        await pilot.press("v")
        await settle(pilot, app)
        assert results.option_count == first + 3
        versions = [results.get_option_at_index(i) for i in range(results.highlighted + 1, results.highlighted + 4)]
        assert {v.id for v in versions} | {results.highlighted_option.id} == members
        assert all(r.startswith("  ↳ ") for r in rows(app)[results.highlighted + 1:results.highlighted + 4])
        results.highlighted += 2  # on a version: enter opens that version
        chosen = results.highlighted_option.id
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.main.query_one(ArticleView).article.id == chosen
        await pilot.press("escape")
        await pilot.press("v")  # on a version row: the story folds away again
        await settle(pilot, app)
        assert results.option_count == first
        assert results.highlighted_option.id in members


async def test_the_article_names_the_other_versions_and_v_opens_one(make_app, grouped_home,  # type: ignore[no-untyped-def]
                                                                  tmp_path) -> None:
    app = grouped_app(make_app, grouped_home, tmp_path)
    async with app.run_test(size=(140, 45)) as pilot:
        await type_query(pilot, app, "defector")
        await open_first(pilot, app)
        view = app.main.query_one(ArticleView)
        first = view.article.id
        note = str(view._versions.render())
        assert note.startswith("Also told by 3 other versions (v: open one)")
        assert "Defector tells all" in note or view.article.title == "Defector tells all"
        await pilot.press("v")
        await settle(pilot, app)
        assert isinstance(app.screen, VersionsDialog)
        picker = app.screen.query_one(OptionList)
        assert picker.option_count == 3
        picker.highlighted = 1
        wanted = picker.highlighted_option.id
        await pilot.press("enter")
        await settle(pilot, app)
        assert view.article.id == wanted != first
        assert "Also told by 3 other versions" in str(view._versions.render())


async def test_an_article_told_once_names_no_versions(make_app, grouped_home, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = grouped_app(make_app, grouped_home, tmp_path)
    async with app.run_test(size=(140, 45)) as pilot:
        await type_query(pilot, app, "debate")
        await open_first(pilot, app)
        view = app.main.query_one(ArticleView)
        assert not view._versions.has_class("shown")
        await pilot.press("v")
        await pilot.pause()
        assert app.screen is app.main
        assert any("No other source" in n.message for n in app._notifications)


async def test_M_lists_more_like_this_with_the_story_first(make_app, grouped_home, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = grouped_app(make_app, grouped_home, tmp_path)
    async with app.run_test(size=(140, 45)) as pilot:
        await type_query(pilot, app, "defector")
        await open_first(pilot, app)
        opened = app.main.query_one(ArticleView).article
        members = story_of(app.library, "Defector tells all") - {opened.id}
        await pilot.press("M")
        await settle(pilot, app)
        results = app.main.search_pane.results_list
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert set(ids[:3]) == members and opened.id not in ids
        assert len(ids) > 3  # then the closest other stories
        listed = rows(app)
        assert all(r.startswith("same story ") for r in listed[:3])
        assert not any(r.startswith("same story") for r in listed[3:])
        assert status(app).startswith("more like " + opened.title[:20])
        assert app.main.search_pane.query_input.value == ""
        assert app.focused is results
        await pilot.press("enter")  # open one of them
        await settle(pilot, app)
        assert app.main.query_one(ArticleView).article.id == ids[0]
        await pilot.press("slash", *"kursk")  # typing a query ends the listing
        await settle(pilot, app)
        assert status(app).startswith("1 result")
