"""The bookmarks screen: every bookmark, newest first, filtered as you type."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from index import Bookmark

from ..sanitize import clean_line
from ..widgets.inputs import SlashInput


class FilterInput(SlashInput):
    """The filter box: typing filters at once; down or enter moves to the list."""

    BINDINGS = [Binding("down", "screen.focus_list", "List", show=False)]



class BookmarkList(OptionList):
    """The bookmarks: date, title, tags, quote and note."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class BookmarksScreen(Screen[None]):
    """Lists bookmarks; enter opens one, e edits its note, d deletes it (u undoes)."""

    BINDINGS = [
        Binding("e", "edit", "Edit note"),
        Binding("d", "delete", "Delete"),
        Binding("u", "undo", "Undo delete"),
        Binding("slash", "focus_filter", "Filter", show=False),
        Binding("escape", "close", "Back", show=False, priority=True),
    ]
    DEFAULT_CSS = """
    BookmarksScreen #header { height: 1; padding: 0 1; background: $panel; }
    BookmarksScreen Input { border: none; height: 1; padding: 0 1; background: $surface; }
    BookmarksScreen Input:focus { border: none; }
    BookmarksScreen BookmarkList, BookmarksScreen BookmarkList:focus { border: none; height: 1fr; }
    """

    @dataclass
    class FilterChanged(Message):
        """The filter text changed."""

        query: str

    @dataclass
    class Opened(Message):
        """Open the article at this bookmark."""

        bookmark: Bookmark

    @dataclass
    class EditRequested(Message):
        """Edit this bookmark's note."""

        bookmark: Bookmark

    @dataclass
    class DeleteRequested(Message):
        """Delete this bookmark."""

        bookmark: Bookmark

    @dataclass
    class UndoRequested(Message):
        """Put back the last deleted bookmark."""

    def __init__(self) -> None:
        super().__init__()
        self.bookmarks: list[Bookmark] = []
        self.query_text = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="header")
        yield FilterInput(placeholder='type to filter: words, tag:name, actor:"Name"', id="filter")
        yield BookmarkList()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(FilterInput).focus()
        self.post_message(self.FilterChanged(""))

    def show(self, query: str, bookmarks: list[Bookmark]) -> None:
        """Show bookmarks for a filter (ignored if the filter has moved on)."""
        if query != self.query_text:
            return
        self.bookmarks = bookmarks
        header = Text(f" Bookmarks · {len(bookmarks)}", style="bold")
        if query:
            header.append(" · filter: " + clean_line(query))
        header.append("      type to filter · down list · enter open · e edit · d delete · u undo · escape back",
                      style="dim")
        self.query_one("#header", Static).update(header)
        listing = self.query_one(BookmarkList)
        keep = listing.highlighted
        listing.clear_options()
        listing.add_options([Option(_entry(b), id=str(b.id)) for b in bookmarks])
        if bookmarks:
            listing.highlighted = min(keep or 0, len(bookmarks) - 1)

    @property
    def current(self) -> Bookmark | None:
        """The highlighted bookmark."""
        index = self.query_one(BookmarkList).highlighted
        return self.bookmarks[index] if index is not None and index < len(self.bookmarks) else None

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        event.stop()
        self.query_text = event.value
        self.post_message(self.FilterChanged(event.value))

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.action_focus_list()

    def action_focus_list(self) -> None:
        """Move to the list."""
        self.query_one(BookmarkList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        bookmark = self.current
        if bookmark is not None:
            self.post_message(self.Opened(bookmark))

    def action_focus_filter(self) -> None:
        """Type a filter."""
        self.query_one(Input).focus()

    def action_close(self) -> None:
        """Back to the reader."""
        self.dismiss(None)

    def action_edit(self) -> None:
        """Edit the highlighted bookmark's note."""
        if self.current is not None:
            self.post_message(self.EditRequested(self.current))

    def action_delete(self) -> None:
        """Delete the highlighted bookmark (undo with u)."""
        if self.current is not None:
            self.post_message(self.DeleteRequested(self.current))

    def action_undo(self) -> None:
        """Put back the last deleted bookmark."""
        self.post_message(self.UndoRequested())


def _entry(b: Bookmark) -> Group:
    head = Text(b.created[:10] + "  ", style="dim")
    head.append(clean_line(b.title), style="bold")
    if b.tags:
        head.append("  " + clean_line(" ".join(f"#{t}" for t in b.tags)), style="dim")
    if b.orphaned:
        head.append("  (orphaned: the article text changed)", style="bold yellow")
    quote = Text("  “" + clean_line(b.quote) + "”", no_wrap=True, overflow="ellipsis")
    lines = [head, quote]
    if b.note.strip():
        lines.append(Text("  " + clean_line(b.note), style="italic", no_wrap=True, overflow="ellipsis"))
    lines.append(Text(""))
    return Group(*lines)
