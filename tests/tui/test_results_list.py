"""The results list on its own: the first screenful goes in before the first paint and the rest once typing
pauses; a dot changed meanwhile is kept; a newer listing is never mixed with the rest of an older one."""

from __future__ import annotations

from rich.console import Console
from textual.app import App, ComposeResult

from index import Hit
from tui.widgets.results_list import FIRST_PAINT, REST_AFTER, ResultsList


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ResultsList(id="results")


def hits(n: int, prefix: str = "Story", unread: bool = True) -> list[Hit]:
    return [Hit(f"{prefix}-{i}", f"{prefix} {i}", "Example News", None, "", 0.0, "text", unread=unread)
            for i in range(n)]


def titles(results: ResultsList) -> list[str]:
    console = Console(width=80, record=True, color_system=None)
    for i in range(results.option_count):
        console.print(results.get_option_at_index(i).prompt)
    return [line for line in console.export_text().splitlines() if "Story" in line or "Other" in line]


async def test_the_rest_follows_the_first_screenful_with_the_dots_changed_meanwhile() -> None:
    app = ListApp()
    async with app.run_test() as pilot:
        results = app.query_one(ResultsList)
        results.show(hits(FIRST_PAINT + 5))
        assert results.option_count == FIRST_PAINT
        results.set_unread(f"Story-{FIRST_PAINT + 2}", False)  # read before it is listed: no error
        await pilot.pause(REST_AFTER + 0.1)
        assert results.option_count == FIRST_PAINT + 5
        shown = titles(results)
        assert shown[FIRST_PAINT + 2] == f"Story {FIRST_PAINT + 2}" and shown[0] == "● Story 0"
        assert results.highlighted_hit is not None and results.highlighted_hit.id == "Story-0"


async def test_a_newer_listing_is_not_mixed_with_an_older_one() -> None:
    app = ListApp()
    async with app.run_test() as pilot:
        results = app.query_one(ResultsList)
        results.show(hits(FIRST_PAINT + 5))
        results.show(hits(3, "Other", unread=False))
        await pilot.pause(REST_AFTER + 0.1)
        assert titles(results) == ["Other 0", "Other 1", "Other 2"]
