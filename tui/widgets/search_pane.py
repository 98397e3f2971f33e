"""The search pane: the query box, a status line and the results list."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from index import Hit, SearchResults

from ..sanitize import clean_line
from ..texts import MARK, meta
from ..words import plural
from .inputs import SlashInput


class QueryInput(SlashInput):
    """The query box: `down` and `enter` move to the results; tab completes a trailing `actor:`."""

    BINDINGS = [
        Binding("down", "app.focus_results", "Results", show=False),
        Binding("escape", "app.focus_results", "Leave", show=False),
        Binding("tab", "complete", "Complete", show=False),
    ]

    #: (query, what tab turns it into), as the last search found it.
    completion: tuple[str, str] | None = None

    def action_complete(self) -> None:
        """Complete a trailing `actor:` prefix, or else move to the next pane."""
        completion = self.completion[1] if self.completion and self.completion[0] == self.value else None
        if completion and completion != self.value:
            self.value = completion
            self.cursor_position = len(completion)
        else:
            self.screen.focus_next()



class ResultsList(OptionList):
    """Search results: title, source and date, and a snippet with the matched words marked."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("escape", "app.focus_query", "Query", show=False),
    ]


class SearchPane(Vertical):
    """Where the user types a query and picks a result."""

    DEFAULT_CSS = """
    SearchPane { width: 1fr; min-width: 30; border: round $border-blurred; border-title-color: $text-muted; }
    SearchPane:focus-within { border: round $border; border-title-color: $text; }
    SearchPane QueryInput, SearchPane QueryInput:focus { border: none; height: 1; padding: 0 1;
                                                         background: $surface; }
    SearchPane #status { color: $text-muted; height: 1; padding: 0 1; }
    SearchPane ResultsList, SearchPane ResultsList:focus { border: none; height: 1fr; max-height: 100%;
                                                           padding: 0; background: transparent; }
    """

    @dataclass
    class SearchRequested(Message):
        """The user changed the query."""

        query: str

    @dataclass
    class ArticleChosen(Message):
        """The user opened a result."""

        article_id: str

    _status = Text("")

    def __init__(self, suggester: Suggester | None = None) -> None:
        super().__init__()
        self.suggester = suggester

    def compose(self) -> ComposeResult:
        yield QueryInput(placeholder="search: words, \"phrase\", actor:\"Name\", date:2015 …", id="query",
                         suggester=self.suggester)
        yield Static("", id="status")
        yield ResultsList(id="results")

    def on_mount(self) -> None:
        self.border_title = "Search"

    @property
    def query_input(self) -> QueryInput:
        """The query box."""
        return self.query_one(QueryInput)

    @property
    def results_list(self) -> ResultsList:
        """The results list."""
        return self.query_one(ResultsList)

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.SearchRequested(event.value))

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.results_list.option_count:
            self.results_list.focus()

    @on(OptionList.OptionSelected, "#results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.ArticleChosen(event.option.id))

    def show_results(self, results: SearchResults, sort: str, completion: str | None = None) -> None:
        """Replace the list with new results, say how many there are and what tab would complete."""
        order = "newest first" if sort == "date" or not results.query.strip() else "by relevance"
        noun = "article" if not results.query.strip() else "result"
        self._status = Text(f"{plural(results.total, noun)} · {order}")
        self.query_input.completion = (results.query, completion) if completion else None
        if completion and completion != results.query:
            self._status.append(" · tab: ")
            self._status.append(clean_line(completion.rpartition("actor:")[2]), style="bold")
        if results.suggestion:
            self.show_suggestion(results.suggestion)
        else:
            self.query_one("#status", Static).update(self._status)
        options = self.results_list
        options.clear_options()
        options.add_options([Option(_result_text(hit), id=hit.id) for hit in results])
        if results.hits:
            options.highlighted = 0

    def show_suggestion(self, suggestion: str) -> None:
        """Add "did you mean" to the status line."""
        text = self._status.copy()
        text.append(" · did you mean ")
        text.append(clean_line(suggestion), style="bold")
        self.query_one("#status", Static).update(text)

    def show_error(self, message: str) -> None:
        """Say why the query cannot run, keeping the last results."""
        self.query_one("#status", Static).update(Text(clean_line(message), style="bold red"))


def _result_text(hit: Hit) -> Group:
    """Three lines per result (title, source and date, snippet), each cut to the pane's width."""
    title = Text(clean_line(hit.title), style="bold", no_wrap=True, overflow="ellipsis")
    where = Text(meta(hit.source, hit.date), style="dim", no_wrap=True, overflow="ellipsis")
    # Start the snippet a little before the first marked word so it shows on the one line.
    first = hit.marks[0].start if hit.marks else 0
    cut = max(0, first - 12)
    snippet = Text(("…" if cut else "") + clean_line(hit.snippet)[cut:], no_wrap=True, overflow="ellipsis")
    shift = (1 if cut else 0) - cut
    for mark in hit.marks:
        if mark.start + shift >= 0:
            snippet.stylize(MARK, mark.start + shift, mark.end + shift)
    return Group(title, where, snippet, Text(""))
