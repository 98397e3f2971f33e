"""The search pane: the query box, a status line and the results list (a search's results, one feed's
articles, or a listing such as a watchlist's articles), unread stories marked with a dot; a story is
listed once with "+N sources" and `v` shows its versions. The query box itself is `query_input`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, OptionList, Static

from index import Hit, SearchResults

from ..messages import WatchRequested
from ..sanitize import clean_line
from ..words import plural
from .query_input import QueryInput
from .results_list import ResultsList


class SearchPane(Vertical):
    """Where the user types a query and picks a result."""

    DEFAULT_CSS = """
    SearchPane { width: 1fr; min-width: 30; border: round $border-blurred; border-title-color: $text-muted; }
    SearchPane:focus-within { border: round $border; border-title-color: $text; }
    SearchPane QueryInput, SearchPane QueryInput:focus { border: none; height: 1; padding: 0 1;
                                                         background: $surface; }
    SearchPane #status { color: $text-muted; height: auto; padding: 0 1; }
    SearchPane #status.error { color: $text-error; text-style: bold; }
    SearchPane ResultsList, SearchPane ResultsList:focus { border: none; height: 1fr; max-height: 100%;
                                                           padding: 0; background: transparent; }
    SearchPane ResultsList.stale { text-opacity: 50%; }
    """

    @dataclass
    class SearchRequested(Message):
        """The user changed the query."""

        query: str

    @dataclass
    class ArticleChosen(Message):
        """The user opened a result."""

        article_id: str

    @dataclass
    class MarkRequested(Message):
        """The user wants a result marked read or unread (`u`)."""

        article_id: str
        read: bool

    @dataclass
    class VersionsRequested(Message):
        """The user wants to see the other versions of a listed story (`v`)."""

        article_id: str

    @dataclass
    class QueryCommitted(Message):
        """The user settled on a query (enter, leaving the box, opening a result): keep it in the history."""

        query: str

    BINDINGS = [
        Binding("u", "toggle_read", "Unread", show=False),
        Binding("w", "watch", "Watch"),
        Binding("ctrl+s", "watch_typed", "Watch"),
        Binding("v", "versions", "Versions"),
    ]

    _status = Text("")

    def __init__(self, suggester: Suggester | None = None) -> None:
        super().__init__()
        self.suggester = suggester
        #: The query the listed results are for.
        self.listed_query: str | None = None
        #: What a listing that is no query's results is ("watchlist Korea"), when one is listed.
        self.listing: str | None = None

    def compose(self) -> ComposeResult:
        yield QueryInput(self.suggester)
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

    @property
    def status(self) -> Static:
        """The line (or lines) under the box: counts, hints, errors."""
        return self.query_one("#status", Static)

    def leave_query(self) -> None:
        """Move from the box to the results, keeping the query in the history."""
        self._commit()
        self.screen.set_focus(self.results_list)  # now, not later: "escape q" must not type the q

    def _commit(self) -> None:
        if self.query_input.value.strip():
            self.post_message(self.QueryCommitted(self.query_input.value))

    def clear_query(self) -> None:
        """Empty the box without searching (a feed's articles are about to be listed)."""
        with self.query_input.prevent(Input.Changed):
            self.query_input.value = ""

    def action_toggle_read(self) -> None:
        """Ask for the highlighted result to be marked unread (or, if it is unread, read)."""
        hit = self.results_list.highlighted_hit
        if hit is not None:
            self.post_message(self.MarkRequested(hit.id, read=hit.unread))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`ctrl+s` is the search box's way to watch the query (`w` is text there), `w` the results'."""
        return action != "watch_typed" or isinstance(self.app.focused, QueryInput)

    def action_watch(self) -> None:
        """Ask to watch the query in the box."""
        self.post_message(WatchRequested(self.query_input.value))

    def action_watch_typed(self) -> None:
        """Ask to watch the query being typed."""
        self.action_watch()

    def action_versions(self) -> None:
        """Show (or fold away again) the other versions of the highlighted story."""
        results = self.results_list
        option = results.highlighted_option
        hit_id = results.story_of(option.id) if option is not None and option.id else None
        if hit_id is None:
            return
        if hit_id in results.expanded:
            results.show_versions(hit_id, ())
        elif results.hits[hit_id].story_size > 1:
            self.post_message(self.VersionsRequested(hit_id))
        else:
            self.notify("No other source tells this story", timeout=3)

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.SearchRequested(event.value))

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.results_list.option_count:
            self.leave_query()
        else:
            self._commit()

    @on(OptionList.OptionSelected, "#results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self._commit()
            self.post_message(self.ArticleChosen(event.option.id))

    def show_results(self, results: SearchResults, sort: str, completion: str | None = None,
                     feed: str | None = None) -> None:
        """Replace the list with new results (or a feed's articles), say how many there are and what tab
        would complete."""
        order = "newest first" if sort == "date" or not results.query.strip() else "by relevance"
        noun = "article" if not results.query.strip() else "result"
        self._status = Text(f"{plural(results.total, noun)} · {order}")
        if feed is not None:
            self._status = Text(f"{clean_line(feed)} · {plural(results.total, 'article')} · newest first")
        self.query_input.completion = (results.query, completion) if completion else None
        if completion and completion != results.query:
            self._status.append(" · tab: ")
            self._status.append(clean_line(completion.rpartition("actor:")[2]), style="bold")
        if results.suggestion:
            self.show_suggestion(results.suggestion)
        else:
            self._set_status(self._status)
        self.listed_query, self.listing = (results.query, None) if feed is None else (None, clean_line(feed))
        self.results_list.remove_class("stale")
        self.results_list.show(results.hits)

    def show_listing(self, name: str, heading: Text, hits: Sequence[Hit], badges: Mapping[str, str]) -> None:
        """List articles that are no query's results (a watchlist's, "more like this"): `name` says what they
        are, `heading` goes on the status line, `badges` beside some titles ("new")."""
        self.query_input.completion = None
        self.listed_query, self.listing = None, name
        self.show_listing_heading(heading)
        self.results_list.remove_class("stale")
        self.results_list.show(hits, badges)

    def show_listing_heading(self, heading: Text) -> None:
        """Say something new about the listing on the status line (how many new ones are read)."""
        if self.listing is not None:
            self._status = heading
            self._set_status(heading)

    def show_suggestion(self, suggestion: str) -> None:
        """Add "did you mean" to the status line."""
        text = self._status.copy()
        text.append(" · did you mean ")
        text.append(clean_line(suggestion), style="bold")
        self._set_status(text)

    def show_error(self, message: str) -> None:
        """Say why the query cannot run; the results still listed are marked as being for another query."""
        text = Text(clean_line(message))
        if self.results_list.option_count and (self.listed_query is not None or self.listing):
            shown = (self.listing or "" if self.listed_query is None
                     else clean_line(self.listed_query) if self.listed_query.strip() else "the whole library")
            text.append(f" · the results below are for {shown}")
            self.results_list.add_class("stale")
        self._set_status(text, error=True)

    def _set_status(self, text: Text, error: bool = False) -> None:
        self.status.set_class(error, "error")
        # One line that stays one line needs no new layout (a layout per key repaints more of the screen).
        self.status.update(text, layout=error or text.cell_len >= self.status.size.width or "\n" in text.plain)
