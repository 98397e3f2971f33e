"""The dialog that makes or changes a watchlist: its name and/or its query, saved by the dialog's own
thread worker. A refusal (a name already taken, a query that cannot run) is shown in one line and the
dialog stays open to mend it; what was saved is returned.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from index import NewsdeskError

from ..messages import forward_worker_events
from ..sanitize import clean_line

#: Characters of a query a name made from it keeps.
NAME_FROM_QUERY = 40
_ACTOR_QUERY = re.compile(r'\s*actor:"([^"]+)"\s*')


def default_name(query: str) -> str:
    """The name offered for watching a query: the actor's name for `actor:"…"`, else the query itself."""
    actor = _ACTOR_QUERY.fullmatch(query)
    name = actor.group(1) if actor else " ".join(query.split())
    return clean_line(name if len(name) <= NAME_FROM_QUERY else name[:NAME_FROM_QUERY - 1].rstrip() + "…")


class WatchDialog(ModalScreen[object]):
    """Asks for a name (when `name` is not None) and a query (when `query` is not None), then calls
    `save(name, query)` in a worker; returns what it returned, or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]
    DEFAULT_CSS = """
    WatchDialog { align: center middle; }
    WatchDialog Vertical { width: 80; max-width: 95%; height: auto; border: round $accent;
                           background: $surface; padding: 0 1; }
    WatchDialog .label, WatchDialog #keys { color: $text-muted; }
    WatchDialog #error { color: $text-error; text-style: bold; display: none; }
    WatchDialog #error.shown { display: block; }
    """

    @dataclass
    class Refused(Message):
        """The library said no, in one line."""

        reason: str

    @dataclass
    class Saved(Message):
        """The library saved it."""

        result: object

    def __init__(self, title: str, save: Callable[[str, str], object], name: str | None = None,
                 query: str | None = None, hint: Text | None = None) -> None:
        super().__init__()
        self.title_text, self.save = title, save
        self.name_value, self.query_value, self.hint = name, query, hint
        self.saving = False

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            if self.hint is not None:
                yield Static(self.hint, classes="label")
            if self.name_value is not None:
                yield Static("Name:", classes="label")
                yield Input(self.name_value, placeholder="a name for it", id="name")
            if self.query_value is not None:
                yield Static('Query (words, "phrase", actor:"Name", source:, date: …):', classes="label")
                yield Input(self.query_value, placeholder='e.g. actor:"North Korea" OR pyongyang', id="query")
            yield Static(id="error")
            yield Static("enter: save · tab: next box · escape: cancel", id="keys")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.saving:
            return
        name = self.query_one("#name", Input).value if self.name_value is not None else ""
        query = self.query_one("#query", Input).value if self.query_value is not None else ""
        self.saving = True
        self._save(name, query)

    @work(thread=True, exclusive=True, group="watch-save", exit_on_error=False)
    def _save(self, name: str, query: str) -> None:
        try:
            self.post_message(self.Saved(self.save(name, query)))
        except NewsdeskError as exc:
            self.post_message(self.Refused(str(exc)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Pass the worker on to the App; after a failure the user may try again."""
        forward_worker_events(self, event)
        if event.state == WorkerState.ERROR:
            self.saving = False

    @on(Refused)
    def _refused(self, event: Refused) -> None:
        self.saving = False
        error = self.query_one("#error", Static)
        error.update(Text(clean_line(event.reason)))
        error.add_class("shown")

    @on(Saved)
    def _saved(self, event: Saved) -> None:
        self.dismiss(event.result)
