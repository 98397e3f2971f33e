"""The bookmarks screen: every bookmark, newest first, filtered as you type.

It loads, deletes and restores bookmarks in its own workers, opens the note
dialog to edit one, and asks the App to open an article at a bookmark.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from index import Bookmark

from ..messages import ArticleRequested, BookmarksChanged, forward_worker_events
from ..sanitize import clean_line
from ..session import Session
from ..texts import bookmark_entry
from ..widgets.footer import ReaderFooter
from ..widgets.inputs import SlashInput
from ..widgets.lists import PickList
from ..words import plural
from .notes import NoteRequested, editing, write_note


class FilterInput(SlashInput):
    """The filter box: typing filters at once; down or enter moves to the list."""

    BINDINGS = [Binding("down", "screen.focus_list", "List", show=False)]



class BookmarkList(PickList):
    """The bookmarks: date, title, tags, quote and note."""


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
    BookmarksScreen #header { height: auto; padding: 0 1; background: $panel; }
    BookmarksScreen Input { border: none; height: 1; padding: 0 1; background: $surface; }
    BookmarksScreen Input:focus { border: none; }
    BookmarksScreen BookmarkList, BookmarksScreen BookmarkList:focus { border: none; height: 1fr; }
    """

    on_worker_state_changed = forward_worker_events

    @dataclass
    class Loaded(Message):
        """Bookmarks for a filter."""

        query: str
        bookmarks: list[Bookmark]

    @dataclass
    class Deleted(Message):
        """A bookmark was deleted (kept for undo)."""

        bookmark: Bookmark

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.library = session.library
        self.bookmarks: list[Bookmark] = []
        self.query_text = ""
        self.last_deleted: Bookmark | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="header")
        yield FilterInput(placeholder='type to filter: words, tag:name, actor:"Name"', id="filter")
        yield BookmarkList()
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.query_one(FilterInput).focus()
        self._load("")

    # Work --------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="bookmark-list", exit_on_error=False)
    def _load(self, query: str) -> None:
        self.post_message(self.Loaded(query, self.library.bookmarks.list(query)))

    @work(thread=True, group="bookmark", exit_on_error=False)
    def _delete(self, bookmark: Bookmark) -> None:
        deleted = self.library.bookmarks.delete(bookmark.id)
        self.post_message(self.Deleted(deleted))
        self.post_message(BookmarksChanged(deleted.article_id))

    @work(thread=True, group="bookmark", exit_on_error=False)
    def _restore(self, bookmark: Bookmark) -> None:
        self.library.bookmarks.restore(bookmark)
        self.notify("Bookmark restored")
        self.post_message(BookmarksChanged(bookmark.article_id))

    @work(thread=True, group="bookmark", exit_on_error=False)
    def _edit(self, bookmark: Bookmark) -> None:
        request = editing(self.library, bookmark)
        if bookmark.orphaned:
            self.notify("Orphaned bookmark: the note is kept, the passage is no longer in the text")
        self.post_message(NoteRequested(request))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.show(event.query, event.bookmarks)

    @on(Deleted)
    def _deleted(self, event: Deleted) -> None:
        self.last_deleted = event.bookmark
        self.notify(f"Deleted “{clean_line(event.bookmark.quote)[:50]}” (u to undo)", markup=False)

    @on(BookmarksChanged)
    def _changed(self) -> None:
        self._load(self.query_text)  # and the message goes on to the App

    @on(NoteRequested)
    def _note_requested(self, event: NoteRequested) -> None:
        write_note(self, self.session, event.request)

    # Showing -----------------------------------------------------------------

    def show(self, query: str, bookmarks: list[Bookmark]) -> None:
        """Show bookmarks for a filter (ignored if the filter has moved on)."""
        if query != self.query_text:
            return
        self.bookmarks = bookmarks
        header = Text(f" Bookmarks · {plural(len(bookmarks), 'bookmark')}", style="bold")
        if query:
            header.append(" · filter: " + clean_line(query))
        header.append("   type to filter · down: the list · enter: open · escape: back", style="dim")
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
        self._load(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.action_focus_list()

    def action_focus_list(self) -> None:
        """Move to the list."""
        self.set_focus(self.query_one(BookmarkList))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        b = self.current
        if b is not None:
            if b.orphaned:
                self.notify("This passage is no longer in the article's text; opening the article",
                            severity="warning")
            self.post_message(ArticleRequested(b.article_id, None if b.orphaned else (b.start or 0, b.end or 0)))

    def action_focus_filter(self) -> None:
        """Type a filter."""
        self.set_focus(self.query_one(Input))

    def action_close(self) -> None:
        """Back to the reader."""
        self.dismiss(None)

    def action_edit(self) -> None:
        """Edit the highlighted bookmark's note."""
        if self.current is not None:
            self._edit(self.current)

    def action_delete(self) -> None:
        """Delete the highlighted bookmark (undo with u)."""
        if self.current is not None:
            self._delete(self.current)

    def action_undo(self) -> None:
        """Put back the last deleted bookmark."""
        if self.last_deleted is None:
            self.notify("Nothing to undo")
            return
        self._restore(self.last_deleted)
        self.last_deleted = None



def _entry(b: Bookmark) -> Group:
    head, quote, *note = bookmark_entry(b)
    for line in (quote, *note):
        line.no_wrap, line.overflow = True, "ellipsis"
    return Group(head, quote, *note, Text(""))
