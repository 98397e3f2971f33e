"""The actor screen: every sentence that mentions an actor, its mentions by month, its company."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from index import ActorLine, ActorProfile

from ..sanitize import clean_line
from ..sparkline import month_series, sparkline
from ..widgets.article_view import TYPE_COLOURS
from ..words import plural

CONTEXT = 50


class ActorScreen(Screen[None]):
    """Keyword-in-context lines (enter opens the article there) and co-actors (enter adds to the query)."""

    BINDINGS = [
        Binding("escape", "dismiss", "Back"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]
    DEFAULT_CSS = """
    ActorScreen #head { height: auto; padding: 0 1; background: $panel; }
    ActorScreen #spark { height: auto; padding: 0 1; }
    ActorScreen #with { height: auto; max-height: 8; border: round $border-blurred; border-title-color: $text-muted; }
    ActorScreen #with:focus { border: round $border; }
    ActorScreen #lines { height: 1fr; border: round $border-blurred; border-title-color: $text-muted; }
    ActorScreen #lines:focus { border: round $border; }
    """

    @dataclass
    class LineChosen(Message):
        """Open the article at this mention."""

        line: ActorLine

    @dataclass
    class CompanyChosen(Message):
        """Search for articles mentioning both actors."""

        actor: str
        other: str

    def __init__(self, profile: ActorProfile) -> None:
        super().__init__()
        self.profile = profile

    def compose(self) -> ComposeResult:
        yield Static(id="head")
        yield Static(id="spark")
        yield OptionList(id="with")
        yield OptionList(id="lines")
        yield Footer()

    def on_mount(self) -> None:
        p, a = self.profile, self.profile.actor
        colour = self.app.get_css_variables().get(TYPE_COLOURS.get(a.type, "primary"), "")
        head = Text(clean_line(a.name), style=f"bold {colour}")
        head.append(f" · {a.type} · {plural(a.articles, 'article')} · {plural(a.mentions, 'mention')}")
        if a.aliases:
            head.append(" · also written: " + clean_line(", ".join(a.aliases[:8])), style="dim")
        self.query_one("#head", Static).update(head)
        first, last, series = month_series(p.months)
        spark = Text("mentions by month  ", style="dim")
        if series:
            spark.append(f"{first} ", style="dim")
            spark.append(sparkline(series[-200:]), style=colour)
            spark.append(f" {last}", style="dim")
        else:
            spark.append("no dated articles", style="dim")
        self.query_one("#spark", Static).update(spark)
        company = self.query_one("#with", OptionList)
        company.border_title = "Mentioned with (enter: search both)"
        company.add_options([Option(Text(f"{clean_line(f.value)}  {f.count}"), id=f.value) for f in p.with_actors])
        lines = self.query_one("#lines", OptionList)
        lines.border_title = f"{len(p.lines)} sentences (enter: open the article there)"
        lines.add_options([Option(_line(ln), id=str(i)) for i, ln in enumerate(p.lines)])
        lines.focus()
        if p.lines:
            lines.highlighted = 0

    @on(OptionList.OptionSelected, "#lines")
    def _line(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.LineChosen(self.profile.lines[int(event.option.id or 0)]))

    @on(OptionList.OptionSelected, "#with")
    def _company(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.CompanyChosen(self.profile.actor.name, event.option.id))

    def action_cursor_down(self) -> None:
        """Move down in the focused list."""
        if isinstance(self.focused, OptionList):
            self.focused.action_cursor_down()

    def action_cursor_up(self) -> None:
        """Move up in the focused list."""
        if isinstance(self.focused, OptionList):
            self.focused.action_cursor_up()


def _line(line: ActorLine) -> Text:
    row = Text(f"{line.date.isoformat() if line.date else 'undated':<10} {clean_line(line.source)[:10]:<10} ",
               style="dim")
    cut = max(0, line.mark.start - CONTEXT)
    lead = "…" if cut else ""
    offset = len(row.plain) + len(lead) - cut
    row.append(lead + clean_line(line.sentence)[cut:])
    row.stylize("bold reverse", offset + line.mark.start, offset + line.mark.end)
    row.no_wrap = True
    row.overflow = "ellipsis"
    return row
