"""The query box of the search pane: up/down recall earlier queries, tab completes a trailing `actor:`,
escape and enter leave it for the results.

It knows its pane only as a `QueryPane` (where leaving goes, and whether anything is listed), so the
pane imports the box and not the other way round.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from textual.binding import Binding
from textual.suggester import Suggester

from .inputs import SlashInput
from .results_list import ResultsList


@runtime_checkable
class QueryPane(Protocol):
    """What a query box sits in (the search pane)."""

    def leave_query(self) -> None:
        """Move from the box to the results, keeping the query in the history."""

    @property
    def results_list(self) -> ResultsList:
        """The results of the box's query."""


class QueryInput(SlashInput):
    """The query box: up/down recall earlier queries, escape and enter leave, tab completes `actor:`."""

    BINDINGS = [
        Binding("escape", "leave", "Leave"),
        Binding("up", "older", "Earlier queries", show=False),
        Binding("down", "newer", "Results", show=False),
        Binding("tab", "complete", "Complete", show=False),
    ]

    #: (query, what tab turns it into), as the last search found it.
    completion: tuple[str, str] | None = None
    #: What the empty box says when it has the focus, and when it has not.
    HINTS = ('words, "phrase", actor:"Name", date:2015 …', "press / to search")

    def __init__(self, suggester: Suggester | None) -> None:
        super().__init__(placeholder=self.HINTS[1], id="query", suggester=suggester)
        #: Earlier queries of this library, oldest first.
        self.history: list[str] = []
        self._browsing: int | None = None
        self._draft = ""
        #: Called as the text changes, before anything is painted (the screen holds painting for the results).
        self.on_edit: Callable[[], None] | None = None

    def watch_value(self) -> None:
        if self.on_edit is not None:
            self.on_edit()

    def on_focus(self) -> None:
        self.placeholder = self.HINTS[0]

    def on_blur(self) -> None:
        self.placeholder = self.HINTS[1]

    @property
    def pane(self) -> QueryPane:
        """The pane this box belongs to (the search pane)."""
        pane = self.query_ancestor("SearchPane")
        assert isinstance(pane, QueryPane)
        return pane

    def action_leave(self) -> None:
        """Leave the box for the results, even when there are none."""
        self.pane.leave_query()

    def action_older(self) -> None:
        """Show the query typed before this one."""
        if not self.history:
            return
        if self._browsing is None or self.value != self.history[self._browsing]:
            self._browsing, self._draft = len(self.history), self.value
        self._browsing = max(0, self._browsing - 1)
        self._show(self.history[self._browsing])

    def action_newer(self) -> None:
        """Show the query typed after this one; past the newest, go to the results."""
        if self._browsing is None or self.value != self.history[self._browsing]:
            self._browsing = None
            if self.pane.results_list.option_count:
                self.pane.leave_query()
            return
        self._browsing += 1
        if self._browsing >= len(self.history):
            self._browsing = None
            self._show(self._draft)
        else:
            self._show(self.history[self._browsing])

    def _show(self, query: str) -> None:
        self.value = query
        self.cursor_position = len(query)

    def action_complete(self) -> None:
        """Complete a trailing `actor:` prefix, or else move to the next pane."""
        completion = self.completion[1] if self.completion and self.completion[0] == self.value else None
        if completion and completion != self.value:
            self._show(completion)
        else:
            self.screen.focus_next()
