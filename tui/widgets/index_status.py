"""The line above the footer while the library is being indexed or feeds fetched: what is happening,
and a bar."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from ..indexing import IndexFinished, IndexProgress
from ..sanitize import clean_line


class IndexStatus(Horizontal):
    """Hidden until progress arrives; the work's messages are posted straight to it and go on up to
    the screen and the App (which shows them on another screen's status line too)."""

    DEFAULT_CSS = """
    IndexStatus { height: auto; display: none; padding: 0 1; background: $panel; }
    IndexStatus.running { display: block; }
    IndexStatus #what { width: 1fr; height: auto; }
    IndexStatus ProgressBar { width: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="what")
        yield ProgressBar(show_eta=False)

    @on(IndexProgress)
    def _progress(self, event: IndexProgress) -> None:
        self.show(event)

    @on(IndexFinished)
    def _finished(self) -> None:
        self.remove_class("running")

    def show(self, event: IndexProgress) -> None:
        """Show a step of the work."""
        self.add_class("running")
        self.query_one(ProgressBar).update(total=event.progress.total or None, progress=event.progress.done)
        self.query_one("#what", Static).update(Text(clean_line(event.status)))
