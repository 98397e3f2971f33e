"""The search pane: the query box, a status line and the results list (a query's results, or a listing
such as a watchlist's articles); a story is listed once with "+N sources" and `v` shows its versions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from index import Hit, SearchResults, StoryMember

from ..messages import WatchRequested
from ..sanitize import clean_line
from ..words import plural
from .inputs import SlashInput
from .lists import PickList
from .result_rows import result_text, version_text

#: Results put in the list before the first paint; the others follow when typing pauses (REST_AFTER).
FIRST_PAINT = 10
#: Seconds after the first screenful of results before the rest join them (a newer search makes it moot).
REST_AFTER = 0.15

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

    def on_focus(self) -> None:
        self.placeholder = self.HINTS[0]

    def on_blur(self) -> None:
        self.placeholder = self.HINTS[1]

    @property
    def pane(self) -> SearchPane:
        """The pane this box belongs to."""
        return self.query_ancestor(SearchPane)

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


class ResultsList(PickList):
    """Search results: title, source and date, and a snippet with the matched words marked."""

    BINDINGS = [Binding("escape", "app.focus_query", "Query", show=False)]


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
    class VersionsRequested(Message):
        """The user wants to see the other versions of a listed story (`v`)."""

        article_id: str

    @dataclass
    class QueryCommitted(Message):
        """The user settled on a query (enter, leaving the box, opening a result): keep it in the history."""

        query: str

    BINDINGS = [
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
        #: The listed hits by article id, in order; a badge ("new") beside some titles.
        self.hits: dict[str, Hit] = {}
        self.badges: dict[str, str] = {}
        #: Stories shown with their versions under them: hit id -> the other versions listed.
        self.expanded: dict[str, tuple[StoryMember, ...]] = {}
        self._listed: tuple[Hit, ...] = ()

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
        option = self.results_list.highlighted_option
        hit_id = self.story_of(option.id) if option is not None and option.id else None
        if hit_id is None:
            return
        if hit_id in self.expanded:
            self.show_versions(hit_id, ())
        elif self.hits[hit_id].story_size > 1:
            self.post_message(self.VersionsRequested(hit_id))
        else:
            self.notify("No other source tells this story", timeout=3)

    def story_of(self, option_id: str) -> str | None:
        """The listed hit an option belongs to (itself, or the story a version row is under)."""
        if option_id in self.hits:
            return option_id
        return next((hit_id for hit_id, versions in self.expanded.items()
                     if any(v.id == option_id for v in versions)), None)

    def _commit(self) -> None:
        if self.query_input.value.strip():
            self.post_message(self.QueryCommitted(self.query_input.value))

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

    def show_results(self, results: SearchResults, sort: str, completion: str | None = None) -> None:
        """Replace the list with new results, say how many there are and what tab would complete."""
        order = "newest first" if sort == "date" or not results.query.strip() else "by relevance"
        noun = "article" if not results.query.strip() else "result"
        self._status = Text(f"{plural(results.total, noun)} · {order}")
        if len(results.hits) < results.total and any(hit.story_size > 1 for hit in results.hits):
            self._status.append(" · each story once")
        self.query_input.completion = (results.query, completion) if completion else None
        if completion and completion != results.query:
            self._status.append(" · tab: ")
            self._status.append(clean_line(completion.rpartition("actor:")[2]), style="bold")
        if results.suggestion:
            self.show_suggestion(results.suggestion)
        else:
            self._set_status(self._status)
        self.listed_query, self.listing = results.query, None
        self._fill(results.hits, {})

    def show_listing(self, name: str, heading: Text, hits: Sequence[Hit], badges: Mapping[str, str]) -> None:
        """List articles that are no query's results (a watchlist's, "more like this"): `name` says what they
        are, `heading` goes on the status line, `badges` beside some titles ("new")."""
        self._status = heading
        self._set_status(heading)
        self.query_input.completion = None
        self.listed_query, self.listing = None, name
        self._fill(tuple(hits), dict(badges))

    def show_listing_heading(self, heading: Text) -> None:
        """Say something new about the listing on the status line (how many new ones are read)."""
        if self.listing is not None:
            self._status = heading
            self._set_status(heading)

    def _fill(self, hits: tuple[Hit, ...], badges: dict[str, str]) -> None:
        self.hits, self.badges, self.expanded = {hit.id: hit for hit in hits}, badges, {}
        self._listed = hits
        options = self.results_list
        options.remove_class("stale")
        options.clear_options()
        options.add_options(self._options(hits[:FIRST_PAINT]))
        if hits:
            options.highlighted = 0
        if len(hits) > FIRST_PAINT:  # the rest once typing pauses: each key paints only a screenful
            self.set_timer(REST_AFTER, partial(self._add_rest, hits))

    def _add_rest(self, hits: tuple[Hit, ...]) -> None:
        if self._listed is hits and self.results_list.option_count == FIRST_PAINT:
            self.results_list.add_options(self._options(hits[FIRST_PAINT:]))

    def _options(self, hits: Iterable[Hit]) -> list[Option]:
        """Each hit (with its badge), and the versions of an expanded story under it."""
        options = []
        for hit in hits:
            versions = self.expanded.get(hit.id, ())
            options.append(Option(result_text(hit, self.badges.get(hit.id, ""), gap=not versions), id=hit.id))
            options += [Option(version_text(v, last=i == len(versions) - 1), id=v.id) for i, v in enumerate(versions)]
        return options

    def show_versions(self, hit_id: str, versions: Sequence[StoryMember]) -> None:
        """List a story's other versions under it (none: fold them away again); the cursor stays on it."""
        if hit_id not in self.hits:
            return
        listed = set(self.hits) | {v.id for k, shown in self.expanded.items() if k != hit_id for v in shown}
        shown = tuple(v for v in versions if v.id not in listed)
        if versions and not shown:
            self.notify("Its other versions are listed already", timeout=3)
            return
        if shown:
            self.expanded[hit_id] = shown
        else:
            self.expanded.pop(hit_id, None)
        options = self.results_list
        options.clear_options()
        options.add_options(self._options(self.hits.values()))
        options.highlighted = options.get_option_index(hit_id)
        if shown:
            options.scroll_to_highlight()

    def set_badge(self, hit_id: str, badge: str) -> None:
        """Show a new badge beside a listed title ("": none)."""
        hit = self.hits.get(hit_id)
        if hit is None or self.badges.get(hit_id, "") == badge:
            return
        self.badges[hit_id] = badge
        with suppress(OptionDoesNotExist):  # not on the list yet: it will be put there with its badge
            self.results_list.replace_option_prompt(hit_id, result_text(hit, badge, gap=hit_id not in self.expanded))

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
            shown = (clean_line(self.listing or "") if self.listed_query is None
                     else clean_line(self.listed_query) if self.listed_query.strip() else "the whole library")
            text.append(f" · the results below are for {shown}")
            self.results_list.add_class("stale")
        self._set_status(text, error=True)

    def _set_status(self, text: Text, error: bool = False) -> None:
        self.status.set_class(error, "error")
        self.status.update(text)

