"""The note dialog: the quoted passage, a multi-line note, tags, and the actors it mentions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from index import Article, Draft

from ..messages import forward_worker_events
from ..sanitize import clean_line
from ..texts import meta

#: The passage is shown up to this many characters, so the dialog fits 80x24 whole.
QUOTE_CHARS = 300


@dataclass(frozen=True)
class NoteRequest:
    """A passage to write a note for: a loaded article, offsets, and the note so far."""

    article: Article
    start: int
    end: int
    note: str = ""
    tags: str = ""
    #: The bookmark being edited (None: a new one).
    bookmark_id: int | None = None

    @property
    def key(self) -> str:
        """The draft's key: one draft per bookmark, or per passage for a new one."""
        return f"edit:{self.bookmark_id}" if self.bookmark_id else f"new:{self.article.id}:{self.start}:{self.end}"


@dataclass(frozen=True)
class NoteResult:
    """What the user saved."""

    note: str
    tags: tuple[str, ...]


class NoteDialog(ModalScreen[NoteResult | None]):
    """Writes the note for a bookmark; ctrl+s saves, escape cancels. Every edit is kept as a draft
    (`keep` runs in a thread worker of the dialog)."""

    # Not priority bindings: those would run before keys still queued for the note, and a
    # fast typist's last words would be lost. The note box does not use these keys itself.
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]
    DEFAULT_CSS = """
    NoteDialog { align: center middle; }
    NoteDialog > Vertical { width: 90; max-width: 95%; height: auto; max-height: 100%; border: round $accent;
                            background: $surface; padding: 0 1; border-subtitle-color: $text; }
    NoteDialog #quote { color: $text; }
    NoteDialog #source, NoteDialog #actors, NoteDialog .label { color: $text-muted; }
    NoteDialog TextArea { height: 6; }
    """

    on_worker_state_changed = forward_worker_events

    def __init__(self, request: NoteRequest, keep: Callable[[Draft], None]) -> None:
        super().__init__()
        self.request = request
        self.keep = keep

    @property
    def key(self) -> str:
        """The key of this note's draft."""
        return self.request.key

    def compose(self) -> ComposeResult:
        r = self.request
        quote = " ".join(r.article.text[r.start:r.end].split())
        if len(quote) > QUOTE_CHARS:
            quote = quote[: QUOTE_CHARS - 1] + "…"
        actors = r.article.actors_between(r.start, r.end)
        with Vertical() as box:
            box.border_title = "Edit bookmark" if r.bookmark_id else "Bookmark"
            box.border_subtitle = "ctrl+s save · escape cancel"  # on the border: never scrolled away
            yield Static(Text("“" + clean_line(quote) + "”"), id="quote")
            yield Static(Text(clean_line(r.article.title) + " · " + meta(r.article.source, r.article.date)),
                         id="source")
            yield Static("Note", classes="label")
            yield TextArea(r.note, id="note", soft_wrap=True, show_line_numbers=False)
            yield Static("Tags (space or comma separated)", classes="label")
            yield Input(r.tags, placeholder="deployment, numbers", id="tags")
            yield Static(Text("Actors in this passage: " + (clean_line(" · ".join(actors)) or "none")),
                         id="actors")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @on(TextArea.Changed)
    @on(Input.Changed)
    def _changed(self) -> None:
        r = self.request
        draft = Draft(r.key, r.article.id, r.start, r.end, r.bookmark_id, self.query_one(TextArea).text,
                      self.query_one(Input).value)
        self.run_worker(partial(self.keep, draft), thread=True, group="draft", exit_on_error=False)

    @on(Input.Submitted)
    def _tags_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Save and close."""
        tags = tuple(self.query_one(Input).value.replace(",", " ").split())
        self.dismiss(NoteResult(self.query_one(TextArea).text.strip(), tags))

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
