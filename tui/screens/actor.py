"""The actor screen: every sentence that mentions an actor, its mentions by month, its company.

It loads the actor's profile in its own worker; choosing a line or a co-actor
posts a request that the App carries out on the main screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from index import ActorLine, ActorProfile, Library, Span

from ..kinds import theme_colour
from ..messages import ArticleRequested, QueryRequested, forward_worker_events
from ..sanitize import clean_line
from ..sparkline import month_series, sparkline
from ..texts import actor_header, actor_line, sentences_once
from ..widgets.footer import ReaderFooter
from ..widgets.lists import PickList
from ..words import plural

#: Sentences put on the screen per paint.
LINES_AT_ONCE = 40


class ActorScreen(Screen[None]):
    """Keyword-in-context lines (enter opens the article there) and co-actors (enter adds to the query)."""

    BINDINGS = [Binding("escape", "dismiss", "Back")]
    DEFAULT_CSS = """
    ActorScreen #head { height: auto; padding: 0 1; background: $panel; }
    ActorScreen #spark { height: auto; padding: 0 1; }
    ActorScreen #with { height: auto; max-height: 8; border: round $border-blurred; border-title-color: $text-muted; }
    ActorScreen #with:focus { border: round $border; }
    ActorScreen #lines { height: 1fr; border: round $border-blurred; border-title-color: $text-muted; }
    ActorScreen #lines:focus { border: round $border; }
    """

    @dataclass
    class ProfileLoaded(Message):
        """The actor's profile, ready to show."""

        profile: ActorProfile

    def __init__(self, library: Library, name: str) -> None:
        super().__init__()
        self.library = library
        self.name_asked = name
        self.profile: ActorProfile | None = None
        #: Each sentence once, with the mentions in it.
        self.lines: list[tuple[ActorLine, list[Span]]] = []

    def compose(self) -> ComposeResult:
        yield Static(id="head")
        yield Static(id="spark")
        yield PickList(id="with")
        yield PickList(id="lines")
        yield ReaderFooter()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="actor", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(self.ProfileLoaded(self.library.actors.profile(self.name_asked)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Pass the worker on to the App; with no actor to show, go back."""
        forward_worker_events(self, event)
        if event.state == WorkerState.ERROR and self.profile is None:
            self.dismiss(None)

    @on(ProfileLoaded)
    def _show(self, event: ProfileLoaded) -> None:
        self.profile = p = event.profile
        colour = theme_colour(self.app.get_css_variables(), p.actor.type)
        self.query_one("#head", Static).update(actor_header(p.actor, colour))
        self.query_one("#spark", Static).update(_spark(p, colour))
        company = self.query_one("#with", PickList)
        company.border_title = "Mentioned with (enter: search both)"
        company.add_options([Option(Text(f"{clean_line(f.value)}  {f.count}"), id=f.value) for f in p.with_actors])
        self.lines = sentences_once(p.lines)
        lines = self.query_one("#lines", PickList)
        lines.border_title = f"{plural(len(self.lines), 'sentence')} (enter: open the article there)"
        self._add_lines(0)
        lines.focus()

    def _add_lines(self, start: int) -> None:
        """Show sentences from `start` on, a screenful first and the rest after each paint (a long list
        measured all at once would keep the screen blank)."""
        chunk = self.lines[start:start + LINES_AT_ONCE]
        self.query_one("#lines", PickList).add_options(
            [Option(Group(*actor_line(ln, marks)), id=str(start + i)) for i, (ln, marks) in enumerate(chunk)])
        if start + LINES_AT_ONCE < len(self.lines):
            self.call_after_refresh(self._add_lines, start + LINES_AT_ONCE)

    @on(OptionList.OptionSelected, "#lines")
    def _line(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.lines:
            line = self.lines[int(event.option.id or 0)][0]
            self.post_message(ArticleRequested(line.article_id, (line.start, line.end)))

    @on(OptionList.OptionSelected, "#with")
    def _company(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and self.profile is not None:
            self.post_message(QueryRequested(f'actor:"{self.profile.actor.name}" AND actor:"{event.option.id}"'))


def _spark(profile: ActorProfile, colour: str) -> Text:
    """"mentions by month  2004-01 ▁▃█ 2005-12"."""
    first, last, series = month_series(profile.months)
    spark = Text("mentions by month  ", style="dim")
    if not series:
        spark.append("no dated articles", style="dim")
        return spark
    spark.append(f"{first} ", style="dim")
    spark.append(sparkline(series[-200:]), style=colour)
    spark.append(f" {last}", style="dim")
    return spark
