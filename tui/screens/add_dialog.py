"""A small dialog asking which file or folder to add."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class AddDialog(ModalScreen[str | None]):
    """Returns a path to add, or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]
    DEFAULT_CSS = """
    AddDialog { align: center middle; }
    AddDialog Vertical { width: 80; max-width: 95%; height: auto; border: round $accent;
                         background: $surface; padding: 0 1; }
    AddDialog #hint { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Add files or a folder"
            yield Static("Path of a .txt or .md file, or of a folder (searched recursively):", id="hint")
            yield Input(placeholder="~/articles", id="path")
            yield Static("enter add · escape cancel", id="keys")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            return
        if not Path(value).expanduser().exists():
            self.query_one("#hint", Static).update(f"No such file or folder: {value}")
            return
        self.dismiss(value)
