"""Actors in the reader: the actor screen, corrections from the sidebar, `actor:` completion."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from tests.tui.test_app import open_first, settle, type_query
from tui.app import NewsdeskApp
from tui.screens.actor import ActorScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.entity_sidebar import EntitySidebar


async def focus_actor(pilot: Pilot, app: NewsdeskApp, name: str) -> EntitySidebar:
    await type_query(pilot, app, "kursk")
    await open_first(pilot, app)
    sidebar = app.main.query_one(EntitySidebar)
    sidebar.focus()
    sidebar.highlighted = next(i for i, o in enumerate(sidebar._options) if o.id and o.id.endswith("\x1f" + name))
    await settle(pilot, app)
    return sidebar


def listed(app: NewsdeskApp) -> set[str]:
    return {o.id.split("\x1f")[1] for o in app.main.query_one(EntitySidebar)._options if o.id}


async def test_actor_screen_lines_open_the_article_and_company_builds_a_query(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await focus_actor(pilot, app, "Kim Jong-un")
        await pilot.press("a")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ActorScreen)
        assert screen.profile.actor.name == "Kim Jong-un" and len(screen.profile.lines) == 4
        line = screen.profile.lines[0]
        await pilot.press("enter")
        await settle(pilot, app)
        view = app.main.query_one(ArticleView)
        assert view.article is not None and view.article.id == line.article_id
        start, end = view.passage
        assert start <= line.start and line.end <= end  # the cursor is on that sentence
        app.main.query_one(EntitySidebar).focus()
        await pilot.press("a")
        await settle(pilot, app)
        company = app.screen.query_one("#with", OptionList)
        company.focus()
        company.highlighted = 0
        await pilot.press("enter")
        await settle(pilot, app)
        query = app.main.search_pane.query_input.value
        assert query.startswith('actor:"Kim Jong-un" AND actor:"')
        assert app.main.search_pane.results_list.option_count >= 1


async def test_hide_and_rename_from_the_sidebar_apply_at_once(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await focus_actor(pilot, app, "Defense")
        await pilot.press("h")
        await settle(pilot, app)
        await settle(pilot, app)
        assert "Defense" not in listed(app)
        await focus_actor(pilot, app, "Lloyd Austin")
        await pilot.press("r")
        await pilot.pause()
        box = app.screen.query_one(Input)
        box.value = "Secretary Austin"
        await pilot.press("enter")
        await settle(pilot, app)
        await settle(pilot, app)
        assert "Secretary Austin" in listed(app) and "Lloyd Austin" not in listed(app)
        assert app.library.search('actor:"Secretary Austin"').total == 1


async def test_a_renamed_actor_is_renamed_again_by_its_new_name(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await focus_actor(pilot, app, "Lloyd Austin")
        for old, new in [("Lloyd Austin", "Secretary Austin"), ("Secretary Austin", "Lloyd Austin")]:
            await pilot.press("r")
            await pilot.pause()
            assert old in str(app.screen.query_one("#hint").render())  # the dialog names the actor as shown
            app.screen.query_one(Input).value = new
            await pilot.press("enter")
            await settle(pilot, app)
            await settle(pilot, app)
            assert new in listed(app) and old not in listed(app)


async def test_actor_prefix_is_completed_in_the_query_box(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        await type_query(pilot, app, "actor:kim")
        await pilot.pause(0.2)
        box = app.main.search_pane.query_input
        assert 'tab: "Kim Jong-un"' in str(app.main.query_one("#status").render())
        await pilot.press("tab")  # accept the completion
        await settle(pilot, app)
        assert box.value == 'actor:"Kim Jong-un"'
        assert app.main.search_pane.results_list.option_count == 2
        box.value = ""
        await pilot.press(*'actor:"north k')
        await pilot.pause(0.2)
        assert box._suggestion == 'actor:"north korea"'  # ghost text extends what was typed
