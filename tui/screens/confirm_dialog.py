"""A small dialog asking yes or no before something that cannot be taken back."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmDialog(ModalScreen[bool]):
    """Returns True for y or enter, False for n or escape; the question is shown as plain text."""

    BINDINGS = [
        Binding("y,enter", "dismiss(True)", "Yes"),
        Binding("n,escape", "dismiss(False)", "No"),
    ]
    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog Vertical { width: 76; max-width: 95%; height: auto; border: round $warning;
                             background: $surface; padding: 0 1; }
    ConfirmDialog #keys { color: $text-muted; }
    """

    def __init__(self, title: str, question: Text) -> None:
        super().__init__()
        self.title_text, self.question = title, question

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            yield Static(self.question, id="question")
            yield Static("y or enter: yes · n or escape: no", id="keys")
