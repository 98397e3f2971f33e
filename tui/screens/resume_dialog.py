"""Offers a note left unsaved by an earlier run: resume it or discard it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from index import Draft

from ..sanitize import clean_line


class ResumeDialog(ModalScreen[bool | None]):
    """enter resumes the draft, d discards it, escape decides later (the draft stays)."""

    BINDINGS = [
        Binding("enter,r", "dismiss(True)", "Resume"),
        Binding("d", "dismiss(False)", "Discard"),
        Binding("escape", "later", "Later"),
    ]
    DEFAULT_CSS = """
    ResumeDialog { align: center middle; }
    ResumeDialog Vertical { width: 76; max-width: 95%; height: auto; border: round $warning;
                            background: $surface; padding: 0 1; }
    ResumeDialog #keys { color: $text-muted; }
    """

    def __init__(self, draft: Draft, count: int) -> None:
        super().__init__()
        self.draft, self.count = draft, count

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Unsaved note"
            more = f" (and {self.count - 1} more)" if self.count > 1 else ""
            yield Static(f"A note was being written when newsdesk last stopped{more}:")
            yield Static(Text("  " + clean_line(self.draft.note or "(empty note)")[:200], style="italic"))
            yield Static("enter resume · d discard · escape later", id="keys")

    def action_later(self) -> None:
        """Keep the draft for next time."""
        self.dismiss(None)
