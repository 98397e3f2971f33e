"""A small dialog asking for one line of text: a path, a name, a URL.

The hint may name things from articles or feeds: it is shown as plain text (a `Text`), never as markup.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..widgets.inputs import LineInput


class InputDialog(ModalScreen[str | None]):
    """Returns the text, or None when cancelled; `must_exist` checks a path is there, `allow_empty` lets
    an empty line through."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]
    DEFAULT_CSS = """
    InputDialog { align: center middle; }
    InputDialog Vertical { width: 80; max-width: 95%; height: auto; border: round $accent;
                          background: $surface; padding: 0 1; }
    InputDialog #hint { color: $text-muted; }
    """

    def __init__(self, title: str, hint: str | Text, value: str = "", placeholder: str = "",
                 must_exist: bool = False, allow_empty: bool = False) -> None:
        super().__init__()
        self.title_text, self.value = title, value
        self.hint = hint if isinstance(hint, Text) else Text(hint)
        self.placeholder, self.must_exist, self.allow_empty = placeholder, must_exist, allow_empty

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            yield Static(self.hint, id="hint")
            yield LineInput(self.value, placeholder=self.placeholder, id="path")
            yield Static("enter ok · escape cancel", id="keys")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value and not self.allow_empty:
            return
        if self.must_exist and not Path(value).expanduser().exists():
            self.query_one("#hint", Static).update(Text(f"No such file or folder: {value}"))
            return
        self.dismiss(value)
