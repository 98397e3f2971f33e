"""The note dialog: the quoted passage, a multi-line note, tags, and the actors it mentions."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from index import Article, Draft

from ..sanitize import clean_line

QUOTE_CHARS = 400


@dataclass(frozen=True)
class NoteResult:
    """What the user saved."""

    note: str
    tags: tuple[str, ...]


class NoteDialog(ModalScreen[NoteResult | None]):
    """Writes the note for a bookmark; ctrl+s saves, escape cancels. Every edit is kept as a draft."""

    # Not priority bindings: those would run before keys still queued for the note, and a
    # fast typist's last words would be lost. The note box does not use these keys itself.
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]
    DEFAULT_CSS = """
    NoteDialog { align: center middle; }
    NoteDialog > Vertical { width: 90; max-width: 95%; height: auto; max-height: 90%; border: round $accent;
                            background: $surface; padding: 0 1; }
    NoteDialog #quote { color: $text; margin-bottom: 1; }
    NoteDialog #source, NoteDialog #actors, NoteDialog .label { color: $text-muted; }
    NoteDialog TextArea { height: 8; }
    NoteDialog Input { margin-bottom: 1; }
    NoteDialog #keys { color: $text-muted; text-align: right; }
    """

    @dataclass
    class DraftChanged(Message):
        """The note or tags changed: keep them in case the program dies."""

        draft: Draft

    def __init__(self, article: Article, start: int, end: int, note: str = "", tags: str = "",
                 bookmark_id: int | None = None) -> None:
        super().__init__()
        self.article, self.start, self.end = article, start, end
        self.note, self.tags, self.bookmark_id = note, tags, bookmark_id
        self.key = f"edit:{bookmark_id}" if bookmark_id else f"new:{article.id}:{start}:{end}"

    def compose(self) -> ComposeResult:
        quote = " ".join(self.article.text[self.start:self.end].split())
        if len(quote) > QUOTE_CHARS:
            quote = quote[: QUOTE_CHARS - 1] + "…"
        meta = [clean_line(self.article.title), clean_line(self.article.source) or "unknown source",
                self.article.date.isoformat() if self.article.date else "undated"]
        actors = self.article.actors_between(self.start, self.end)
        with Vertical() as box:
            box.border_title = "Edit bookmark" if self.bookmark_id else "Bookmark"
            yield Static(Text("“" + clean_line(quote) + "”"), id="quote")
            yield Static(Text(" · ".join(meta)), id="source")
            yield Static("Note", classes="label")
            yield TextArea(self.note, id="note", soft_wrap=True, show_line_numbers=False)
            yield Static("Tags (space or comma separated)", classes="label")
            yield Input(self.tags, placeholder="deployment, numbers", id="tags")
            yield Static(Text("Actors in this passage: " + (clean_line(" · ".join(actors)) or "none")),
                         id="actors")
            yield Static("ctrl+s save    escape cancel", id="keys")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @on(TextArea.Changed)
    @on(Input.Changed)
    def _changed(self) -> None:
        self.post_message(self.DraftChanged(Draft(self.key, self.article.id, self.start, self.end,
                                                  self.bookmark_id, self.query_one(TextArea).text,
                                                  self.query_one(Input).value)))

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
