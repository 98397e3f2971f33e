"""The actors sidebar: the open article's actors grouped by type, with counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index import Article

from ..kinds import KINDS, theme_colour
from ..sanitize import clean_line


class EntitySidebar(OptionList):
    """Lists actors; highlighting one lights it up in the article, enter searches for it."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("a", "open", "Actor view"),
        Binding("r", "edit('rename')", "Rename"),
        Binding("m", "edit('merge')", "Merge"),
        Binding("l", "edit('alias')", "Add name"),
        Binding("x", "edit('split')", "Split", show=False),
        Binding("h", "edit('hide')", "Hide"),
        Binding("escape", "app.focus_article", "Back", show=False),
    ]
    DEFAULT_CSS = """
    EntitySidebar { width: 30; height: 1fr; max-height: 100%; border: round $border-blurred;
                    border-title-color: $text-muted; padding: 0; }
    EntitySidebar:focus { border: round $border; border-title-color: $text; }
    """

    @dataclass
    class ActorHighlighted(Message):
        """The cursor is on an actor (None: on nothing)."""

        actor: str | None

    @dataclass
    class ActorChosen(Message):
        """The user wants every article that mentions this actor."""

        actor: str

    @dataclass
    class ActorOpened(Message):
        """Show everything about this actor."""

        actor: str

    @dataclass
    class EditRequested(Message):
        """Correct this actor: rename, merge, alias, split or hide."""

        actor: str
        edit: str

    def on_mount(self) -> None:
        self.border_title = "Actors"

    @property
    def current_actor(self) -> str | None:
        """The highlighted actor's name."""
        if self.highlighted is None:
            return None
        return _actor(self.get_option_at_index(self.highlighted).id)

    def action_open(self) -> None:
        """Open the actor view."""
        if self.current_actor:
            self.post_message(self.ActorOpened(self.current_actor))

    def action_edit(self, edit: str) -> None:
        """Ask for a correction of the highlighted actor."""
        if self.current_actor:
            self.post_message(self.EditRequested(self.current_actor, edit))

    def show(self, article: Article) -> None:
        """List an article's actors by type, most mentioned first."""
        counts = Counter((e.type, e.actor) for e in article.entities)
        colours = self.app.get_css_variables()
        options: list[Option] = []
        for kind, shown in KINDS.items():
            names = sorted(((n, c) for (k, n), c in counts.items() if k == kind), key=lambda x: (-x[1], x[0]))
            if not names:
                continue
            colour = theme_colour(colours, kind)
            options.append(Option(Text(shown.heading, style=f"bold {colour}"), disabled=True))
            width = max(10, self.size.width - 6)
            for name, count in names:
                label = clean_line(name)
                label = label if len(label) <= width - 4 else label[: width - 5] + "…"
                line = Text(" " + label, style=colour)
                line.append(" " * max(1, width - len(label) - len(str(count))) + str(count), style="dim")
                options.append(Option(line, id=f"{kind}\x1f{name}"))
        keep = self.current_actor if self.option_count else None
        self.clear_options()
        self.add_options(options)
        if keep:
            index = next((i for i, o in enumerate(options) if _actor(o.id) == keep), None)
            if index is not None:
                self.highlighted = index

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.ActorHighlighted(_actor(event.option.id)))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        actor = _actor(event.option.id)
        if actor:
            self.post_message(self.ActorChosen(actor))


def _actor(option_id: str | None) -> str | None:
    return option_id.split("\x1f", 1)[1] if option_id and "\x1f" in option_id else None
