"""The actors sidebar: the open article's actors, each once, under its type, with counts.

Enter asks for every article that mentions the actor, `a` for its actor view and
`w` to watch it (requests the App carries out); moving over an actor lights it up
in the article.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index import Article

from ..kinds import KINDS, actors_by_kind, theme_colour
from ..messages import ActorRequested, QueryRequested, WatchRequested
from ..sanitize import clean_line
from .lists import PickList


class EntitySidebar(PickList):
    """Lists actors; highlighting one lights it up in the article, enter searches for it."""

    BINDINGS = [
        Binding("a", "open", "Actor view"),
        Binding("w", "watch", "Watch"),
        Binding("r", "edit('rename')", "Rename"),
        Binding("m", "edit('merge')", "Merge"),
        Binding("l", "edit('alias')", "Name"),
        Binding("x", "edit('split')", "Split"),
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
    class EditRequested(Message):
        """Correct this actor: rename, merge, alias, split or hide."""

        actor: str
        edit: str

    def __init__(self) -> None:
        super().__init__()
        self.article: Article | None = None
        self._keep: str | None = None

    def on_mount(self) -> None:
        self.border_title = "Actors"

    def on_resize(self) -> None:
        """Names are cut to the width: list them again at the new one (e.g. when shown over the article)."""
        if self.article is not None:
            self.show(self.article)

    @property
    def current_actor(self) -> str | None:
        """The highlighted actor's name."""
        if self.highlighted is None:
            return None
        return _actor(self.get_option_at_index(self.highlighted).id)

    @property
    def actors(self) -> list[str]:
        """Every actor listed, in order."""
        return [name for option in self.options if (name := _actor(option.id))]

    def action_open(self) -> None:
        """Open the actor view."""
        if self.current_actor:
            self.post_message(ActorRequested(self.current_actor))

    def action_watch(self) -> None:
        """Ask to watch the highlighted actor."""
        if self.current_actor:
            self.post_message(WatchRequested(actor_query(self.current_actor), self.current_actor))

    def action_edit(self, edit: str) -> None:
        """Ask for a correction of the highlighted actor."""
        if self.current_actor:
            self.post_message(self.EditRequested(self.current_actor, edit))

    def keep(self, name: str) -> None:
        """Put the cursor on this actor when the article is listed next (after an edit renamed it)."""
        self._keep = name

    def show(self, article: Article) -> None:
        """List an article's actors by type, most mentioned first."""
        self.article = article
        colours = self.app.get_css_variables()
        width = max(10, self.size.width - 6)
        options: list[Option] = []
        for kind, names in actors_by_kind(article.entities):
            colour = theme_colour(colours, kind)
            options.append(Option(Text(KINDS[kind].heading, style=f"bold {colour}"), disabled=True))
            options += [Option(_entry(name, count, width, colour), id=f"{kind}\x1f{name}") for name, count in names]
        keep = self._keep or (self.current_actor if self.option_count else None)
        self._keep = None
        self.clear_options()
        self.add_options(options)
        index = next((i for i, o in enumerate(options) if keep and _actor(o.id) == keep), None)
        if index is not None:
            self.highlighted = index
        self.ensure_highlight()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.ActorHighlighted(_actor(event.option.id)))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        actor = _actor(event.option.id)
        if actor:
            self.post_message(QueryRequested(actor_query(actor)))


def _entry(name: str, count: int, width: int, colour: str) -> Text:
    """" Name        3", the name cut to fit."""
    label = clean_line(name)
    label = label if len(label) <= width - 4 else label[: width - 5] + "…"
    line = Text(" " + label, style=colour)
    line.append(" " * max(1, width - len(label) - len(str(count))) + str(count), style="dim")
    return line


def actor_query(name: str) -> str:
    """The query for every article that mentions an actor."""
    return f'actor:"{name}"'


def _actor(option_id: str | None) -> str | None:
    return option_id.split("\x1f", 1)[1] if option_id and "\x1f" in option_id else None
