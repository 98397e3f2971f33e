"""SVG snapshots of the main states (regenerate with --snapshot-update after a deliberate change)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from tests.tui.test_feeds_ui import MakeApp, fixed_feeds

SIZE = (140, 45)


async def _settle(pilot: Pilot) -> None:
    # Work starts more work (indexing -> search -> suggestions): wait until it has all ended.
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    _steady_cursor(pilot)


def _steady_cursor(pilot: Pilot) -> None:
    """A blinking cursor is on or off depending on timing: show it steadily for the picture."""
    for box in pilot.app.screen.query("Input"):
        box.cursor_blink = False
        box._cursor_visible = True


async def _search(pilot: Pilot, text: str) -> None:
    await _settle(pilot)
    await pilot.press("slash", *text)
    await _settle(pilot)


def test_empty_search(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await _settle(pilot)  # as the app starts: the library listed, the list focused, q ? / shown

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_results(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await _search(pilot, "korea")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_article_with_highlights(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await _search(pilot, "kursk")
        await pilot.press("enter", "enter")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_help(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await _settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_narrow_article_with_the_actors_over_it(snap_compare, make_app) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await _search(pilot, "kursk")
        await pilot.press("enter", "enter")
        await _settle(pilot)
        await pilot.press("a", "j")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_article_without_colour(snap_compare, make_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot: Pilot) -> None:
        await _search(pilot, "troops")
        await pilot.press("enter", "enter")
        await _settle(pilot)
        await pilot.press("n", "j", "tab", "j")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)



def test_subscriptions_with_counts_and_errors(snap_compare: Callable[..., bool], make_app: MakeApp,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    async def run_before(pilot: Pilot) -> None:
        await _settle(pilot)
        await pilot.press("F")
        await _settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    with fixed_feeds(make_app, monkeypatch) as app:
        assert snap_compare(app, terminal_size=(100, 24), run_before=run_before)
