"""A small dialog listing the other versions of the open article's story: enter opens one."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from index import Story

from ..sanitize import clean_line
from ..texts import meta
from ..widgets.lists import PickList
from ..words import plural


class VersionsDialog(ModalScreen[str | None]):
    """Returns the id of the version chosen, or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]
    DEFAULT_CSS = """
    VersionsDialog { align: center middle; }
    VersionsDialog Vertical { width: 90; max-width: 95%; height: auto; max-height: 80%; border: round $accent;
                              background: $surface; padding: 0 1; }
    VersionsDialog PickList, VersionsDialog PickList:focus { border: none; height: auto; max-height: 20;
                                                            background: transparent; }
    VersionsDialog #keys { color: $text-muted; }
    """

    def __init__(self, story: Story, article_id: str) -> None:
        super().__init__()
        self.versions = story.others(article_id)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"Also told by {plural(len(self.versions), 'other version')}"
            yield PickList(*[Option(_entry(m.title, meta(m.source, m.date, m.id)), id=m.id) for m in self.versions])
            yield Static("enter: open it · escape: back", id="keys")

    def on_mount(self) -> None:
        self.query_one(PickList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


def _entry(title: str, where: str) -> Group:
    return Group(Text(clean_line(title), style="bold", no_wrap=True, overflow="ellipsis"),
                 Text(where, style="dim", no_wrap=True, overflow="ellipsis"))
