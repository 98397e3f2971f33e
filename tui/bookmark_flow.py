"""Bookmarking in the app: the note dialog, drafts, the bookmarks screen, undo, export.

A mixin for the App (dialogs and the bookmarks screen post their messages to
the app). Every Library call runs in a thread worker that only posts messages.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App
from textual.message import Message

from index import Bookmark, Draft, NewsdeskError

from .sanitize import clean_line
from .screens.bookmarks import BookmarksScreen
from .screens.input_dialog import InputDialog
from .screens.main import MainScreen
from .screens.note_dialog import NoteDialog, NoteResult
from .screens.resume_dialog import ResumeDialog
from .widgets.article_view import ArticleView

if TYPE_CHECKING:
    from index import Article, Library



@dataclass
class BookmarksLoaded(Message):
    """Bookmarks for the bookmarks screen's filter."""

    query: str
    bookmarks: list[Bookmark]


@dataclass
class ArticleBookmarks(Message):
    """The current bookmarks of one article, after a change."""

    article_id: str
    bookmarks: list[Bookmark]


@dataclass
class BookmarkDeleted(Message):
    """A bookmark was deleted (kept for undo)."""

    bookmark: Bookmark


@dataclass
class NoteWanted(Message):
    """Open the note dialog for a passage (a loaded article, possibly a draft or a bookmark)."""

    article: Article
    start: int
    end: int
    note: str = ""
    tags: str = ""
    bookmark_id: int | None = None


@dataclass
class DraftsFound(Message):
    """Unsaved notes from an earlier run."""

    drafts: list[Draft]


_DRAFT_LOCK = threading.Lock()
#: Draft keys whose note was saved or cancelled in this run.
_FINISHED_DRAFTS: set[str] = set()


class BookmarkFlow(App[None]):
    """App behaviour for bookmarks; `NewsdeskApp` builds on it (Textual finds `@on`
    handlers only on message pump classes, so this is an App, not a plain mixin)."""

    library: Library

    @property
    def main(self) -> MainScreen:
        """The main screen (always at the bottom of the stack)."""
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))
    last_deleted: Bookmark | None = None

    # Writing a note ----------------------------------------------------------------

    @on(ArticleView.BookmarkRequested)
    def _bookmark_requested(self, event: ArticleView.BookmarkRequested) -> None:
        b = event.existing
        self.post_message(NoteWanted(event.article, event.start, event.end, b.note if b else "",
                                     " ".join(b.tags) if b else "", b.id if b else None))

    @on(NoteWanted)
    def _note_wanted(self, event: NoteWanted) -> None:
        dialog = NoteDialog(event.article, event.start, event.end, event.note, event.tags, event.bookmark_id)

        def done(result: NoteResult | None) -> None:
            if result is None:
                self._discard_draft(dialog.key)
            else:
                self._save_bookmark(event.article.id, event.start, event.end, event.bookmark_id, result,
                                    dialog.key)

        self.push_screen(dialog, done)

    @on(NoteDialog.DraftChanged)
    def _draft_changed(self, event: NoteDialog.DraftChanged) -> None:
        self._save_draft(event.draft)

    @work(thread=True, group="draft", exit_on_error=False)
    def _save_draft(self, draft: Draft) -> None:
        with _DRAFT_LOCK:
            # A write that arrives after its note was saved or cancelled must not bring it back.
            if draft.key not in _FINISHED_DRAFTS:
                self.library.bookmarks.save_draft(draft)

    @work(thread=True, group="draft", exit_on_error=False)
    def _discard_draft(self, key: str) -> None:
        with _DRAFT_LOCK:
            _FINISHED_DRAFTS.add(key)
            self.library.bookmarks.discard_draft(key)

    @work(thread=True, group="bookmark", exit_on_error=False)
    def _save_bookmark(self, article_id: str, start: int, end: int, bookmark_id: int | None,
                       result: NoteResult, draft_key: str) -> None:
        try:
            if bookmark_id:
                self.library.bookmarks.update(bookmark_id, result.note, result.tags)
            else:
                self.library.bookmarks.add(article_id, start=start, end=end, note=result.note, tags=result.tags)
        except NewsdeskError as exc:
            self.notify(str(exc), title="Bookmark not saved; the draft is kept", severity="error")
            return
        self._discard_draft(draft_key)
        self.notify("Saved" if bookmark_id else "Bookmarked")
        self.post_message(ArticleBookmarks(article_id, self.library.bookmarks.of_article(article_id)))
        self._reload_bookmarks()

    @on(ArticleBookmarks)
    def _article_bookmarks(self, event: ArticleBookmarks) -> None:
        view = self.main.article_view
        if view.article is not None and view.article.id == event.article_id:
            view.set_bookmarks(event.bookmarks)

    # Drafts left by a crash ----------------------------------------------------------

    @work(thread=True, group="drafts", exit_on_error=False)
    def find_drafts(self) -> None:
        """Look for notes left unsaved by an earlier run."""
        drafts = self.library.bookmarks.drafts()
        if drafts:
            self.post_message(DraftsFound(drafts))

    @on(DraftsFound)
    def _drafts_found(self, event: DraftsFound) -> None:
        draft = event.drafts[0]

        def answer(resume: bool | None) -> None:
            if resume:
                self._resume(draft)
            else:
                self._discard_draft(draft.key)

        self.push_screen(ResumeDialog(draft, len(event.drafts)), answer)

    @work(thread=True, group="bookmark", exit_on_error=False)
    def _resume(self, draft: Draft) -> None:
        try:
            article = self.library.article(draft.article_id)
        except NewsdeskError as exc:
            self.notify(f"Cannot resume the note: {exc}", severity="error")
            return
        self.post_message(NoteWanted(article, draft.start, draft.end, draft.note, draft.tags,
                                     draft.bookmark_id))

    # The bookmarks screen ------------------------------------------------------------

    def action_bookmarks(self) -> None:
        """Show every bookmark."""
        if not isinstance(self.screen, BookmarksScreen):
            self.push_screen(BookmarksScreen())

    @on(BookmarksScreen.FilterChanged)
    def _filter_changed(self, event: BookmarksScreen.FilterChanged) -> None:
        self._load_bookmarks(event.query)

    def _reload_bookmarks(self) -> None:
        screens = [s for s in self.screen_stack if isinstance(s, BookmarksScreen)]
        if screens:
            self._load_bookmarks(screens[-1].query_text)

    @work(thread=True, exclusive=True, group="bookmark-list", exit_on_error=False)
    def _load_bookmarks(self, query: str) -> None:
        self.post_message(BookmarksLoaded(query, self.library.bookmarks.list(query)))

    @on(BookmarksLoaded)
    def _bookmarks_loaded(self, event: BookmarksLoaded) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, BookmarksScreen):
                screen.show(event.query, event.bookmarks)

    @on(BookmarksScreen.Opened)
    def _opened(self, event: BookmarksScreen.Opened) -> None:
        b = event.bookmark
        self.pop_screen()
        if b.orphaned:
            self.notify("This passage is no longer in the article's text; opening the article",
                        severity="warning")
        self.main.load_article(b.article_id, None if b.orphaned else (b.start, b.end))

    @on(BookmarksScreen.EditRequested)
    def _edit(self, event: BookmarksScreen.EditRequested) -> None:
        self._open_editor(event.bookmark)

    @work(thread=True, group="bookmark", exit_on_error=False)
    def _open_editor(self, b: Bookmark) -> None:
        try:
            article = self.library.article(b.article_id)
        except NewsdeskError as exc:
            self.notify(str(exc), severity="error")
            return
        start, end = (b.start, b.end) if b.start is not None and b.end is not None else (0, 0)
        if b.orphaned:
            self.notify("Orphaned bookmark: the note is kept, the passage is no longer in the text")
        self.post_message(NoteWanted(article, start, end, b.note, " ".join(b.tags), b.id))

    @on(BookmarksScreen.DeleteRequested)
    def _delete_requested(self, event: BookmarksScreen.DeleteRequested) -> None:
        self._delete(event.bookmark)

    @work(thread=True, group="bookmark", exit_on_error=False)
    def _delete(self, bookmark: Bookmark) -> None:
        deleted = self.library.bookmarks.delete(bookmark.id)
        self.post_message(BookmarkDeleted(deleted))
        self.post_message(ArticleBookmarks(deleted.article_id, self.library.bookmarks.of_article(deleted.article_id)))
        self._reload_bookmarks()

    @on(BookmarkDeleted)
    def _deleted(self, event: BookmarkDeleted) -> None:
        self.last_deleted = event.bookmark
        self.notify(f"Deleted “{clean_line(event.bookmark.quote)[:50]}” (u to undo)")

    @on(BookmarksScreen.UndoRequested)
    def _undo(self) -> None:
        if self.last_deleted is None:
            self.notify("Nothing to undo")
            return
        self._restore(self.last_deleted)
        self.last_deleted = None

    @work(thread=True, group="bookmark", exit_on_error=False)
    def _restore(self, bookmark: Bookmark) -> None:
        self.library.bookmarks.restore(bookmark)
        self.notify("Bookmark restored")
        self.post_message(ArticleBookmarks(bookmark.article_id, self.library.bookmarks.of_article(bookmark.article_id)))
        self._reload_bookmarks()

    # Export ----------------------------------------------------------------------------

    def export_bookmarks(self, fmt: str) -> None:
        """Ask where to write, then export in the background."""
        suffix = "md" if fmt == "md" else "json"

        def chosen(path: str | None) -> None:
            if path:
                self._export(path, fmt)

        self.push_screen(InputDialog(f"Export bookmarks ({'Markdown' if fmt == 'md' else 'W3C JSON'})",
                                    "File to write (it is replaced if it exists):",
                                    value=f"~/newsdesk-bookmarks.{suffix}"), chosen)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, path: str, fmt: str) -> None:
        try:
            count = self.library.bookmarks.write(path, fmt)
        except NewsdeskError as exc:
            self.notify(str(exc), title="Export failed", severity="error")
            return
        self.notify(f"Wrote {count} bookmarks to {path}", title="Exported")
