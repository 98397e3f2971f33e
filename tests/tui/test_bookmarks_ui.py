"""Bookmarking in the reader: passage keys, the note dialog, the bookmarks screen, drafts, mouse."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import TextArea

from tests.conftest import SEED_ID_PREFIX
from tests.tui.test_app import open_first, settle, type_query
from tui.app import NewsdeskApp
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.note_dialog import NoteDialog
from tui.screens.resume_dialog import ResumeDialog
from tui.widgets.article_blocks import BlockView
from tui.widgets.article_view import ArticleView

SECOND_AND_THIRD = ("Approximately 10,000 soldiers from North Korea have been sent to Russia, particularly "
                    "around the Kursk region, where they are anticipated to engage alongside Russian forces "
                    "against Ukraine. This move follows increasing pressures on Moscow's military "
                    "capabilities amid significant Ukrainian advances.")


async def open_seed(pilot: Pilot, app: NewsdeskApp) -> ArticleView:
    await type_query(pilot, app, "kursk")
    await open_first(pilot, app)
    return app.main.query_one(ArticleView)


async def bookmark_passage(pilot: Pilot, app: NewsdeskApp, note: str) -> None:
    await pilot.press("b")
    await pilot.pause()
    assert isinstance(app.screen, NoteDialog)
    await pilot.press(*note)
    await pilot.press("ctrl+s")
    await settle(pilot, app)


async def test_j_J_b_bookmarks_the_second_and_third_sentences(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        view = await open_seed(pilot, app)
        await pilot.press("j", "J")
        start, end = view.passage
        assert view.article is not None and view.article.text[start:end] == SECOND_AND_THIRD
        await bookmark_passage(pilot, app, "first hard number")
        [saved] = app.library.bookmarks.list()
        assert (saved.quote, saved.note) == (SECOND_AND_THIRD, "first hard number")
        assert {"North Korea", "Russia", "Ukraine"} <= set(saved.actors)
        assert [b.id for b in view.bookmarks] == [saved.id]  # stays marked in the article
        assert view.border_subtitle == "note: first hard number"
        await pilot.press("j", "j")
        assert view.border_subtitle == ""


async def test_bookmarks_screen_filters_opens_edits_deletes_and_undoes(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    library = app.library
    first = library.bookmarks.add(SEED_ID_PREFIX, quote="Lloyd Austin has warned", note="austin", tags=["us"])
    library.bookmarks.add(SEED_ID_PREFIX, quote="Putin might hope", note="putin's hopes")
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot, app)
        await pilot.press("B")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        assert [b.note for b in screen.bookmarks] == ["putin's hopes", "austin"]
        await pilot.press(*"tag:us")  # the filter has the focus: typing filters
        await settle(pilot, app)
        assert [b.id for b in screen.bookmarks] == [first.id]
        await pilot.press("enter", "e")  # to the list, edit
        await settle(pilot, app)
        assert isinstance(app.screen, NoteDialog)
        app.screen.query_one(TextArea).text = "austin, edited"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert library.bookmarks.list("tag:us")[0].note == "austin, edited"
        await pilot.press("d")
        await settle(pilot, app)
        assert library.bookmarks.list("tag:us") == []
        await pilot.press("u")
        await settle(pilot, app)
        assert [b.note for b in library.bookmarks.list("tag:us")] == ["austin, edited"]
        await pilot.press("enter")
        await settle(pilot, app)
        view = app.main.query_one(ArticleView)
        assert view.article is not None and view.article.id == first.article_id
        start, end = view.passage
        assert start <= (first.start or 0) and (first.end or 0) <= end


async def test_mouse_selection_is_bookmarked(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        view = await open_seed(pilot, app)
        block = view.query(BlockView)[1]
        await pilot.mouse_down(block, offset=(1, 0))
        await pilot.hover(block, offset=(25, 0))
        await pilot.mouse_up(block, offset=(25, 0))
        await pilot.pause()
        selected = app.screen.get_selected_text()
        assert selected and len(selected.strip()) > 10
        view.focus()
        await bookmark_passage(pilot, app, "mouse")
        [saved] = app.library.bookmarks.list()
        assert " ".join(saved.quote.split()) == " ".join(selected.split())


async def test_an_unsaved_note_is_offered_on_the_next_start(make_app, seeded_home, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    home = app.library.home
    async with app.run_test(size=(140, 45)) as pilot:
        await open_seed(pilot, app)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press(*"half a thought")
        await settle(pilot, app)
        # The app goes away with the dialog open, as if killed: no save, no cancel.
    again = make_app(home)
    async with again.run_test(size=(140, 45)) as pilot:
        await settle(pilot, again)
        assert isinstance(again.screen, ResumeDialog)
        await pilot.press("enter")
        await settle(pilot, again)
        assert isinstance(again.screen, NoteDialog)
        assert again.screen.query_one(TextArea).text == "half a thought"
        await pilot.press("ctrl+s")
        await settle(pilot, again)
        assert [b.note for b in again.library.bookmarks.list()] == ["half a thought"]
        assert again.library.bookmarks.drafts() == []
