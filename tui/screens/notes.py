"""Writing a note for a passage: the note dialog, its draft, saving it, and drafts left by a crash.

Any screen that lets the user bookmark calls `write_note`; the save runs in that
screen's thread worker and ends with a `BookmarksChanged` posted to the screen
(it bubbles on to the App, which tells the main screen).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.message import Message
from textual.screen import Screen

from index import Bookmark, Draft, Library

from ..messages import BookmarksChanged
from ..session import Session
from .note_dialog import NoteDialog, NoteRequest, NoteResult
from .resume_dialog import ResumeDialog


@dataclass
class NoteRequested(Message):
    """Open the note dialog for this passage (posted by a worker once the article is loaded)."""

    request: NoteRequest


@dataclass
class DraftsFound(Message):
    """Unsaved notes from an earlier run."""

    drafts: list[Draft]


def write_note(screen: Screen[Any], session: Session, request: NoteRequest) -> None:
    """Open the note dialog; when it closes, save the bookmark or drop the draft (in `screen`'s workers)."""

    def closed(result: NoteResult | None) -> None:
        if result is None:
            screen.run_worker(partial(session.drafts.finish, request.key), thread=True, group="draft",
                              exit_on_error=False)
        else:
            screen.run_worker(partial(_save, screen, session, request, result), thread=True, group="bookmark",
                              name="Bookmark not saved; the draft is kept", exit_on_error=False)

    screen.app.push_screen(NoteDialog(request, session.drafts.keep), closed)


def _save(screen: Screen[Any], session: Session, request: NoteRequest, result: NoteResult) -> None:
    """Save the note as a bookmark (thread); the draft goes only once the bookmark is safe."""
    bookmarks = session.library.bookmarks
    if request.bookmark_id:
        bookmarks.update(request.bookmark_id, result.note, result.tags)
    else:
        bookmarks.add(request.article.id, start=request.start, end=request.end, note=result.note,
                      tags=result.tags)
    session.drafts.finish(request.key)
    screen.notify("Saved" if request.bookmark_id else "Bookmarked")
    screen.post_message(BookmarksChanged(request.article.id))


def editing(library: Library, bookmark: Bookmark) -> NoteRequest:
    """The note request that edits a bookmark (thread: reads its article)."""
    article = library.article(bookmark.article_id)
    b = bookmark
    start, end = (b.start, b.end) if b.start is not None and b.end is not None else (0, 0)
    return NoteRequest(article, start, end, b.note, " ".join(b.tags), b.id)


def find_drafts(screen: Screen[Any], library: Library) -> None:
    """Look for notes left unsaved by an earlier run; `DraftsFound` is posted to `screen` if there are any."""

    def look() -> None:
        drafts = library.bookmarks.drafts()
        if drafts:
            screen.post_message(DraftsFound(drafts))

    screen.run_worker(look, thread=True, group="drafts", exit_on_error=False)


def offer_draft(screen: Screen[Any], session: Session, drafts: list[Draft]) -> None:
    """Ask whether to resume the first unsaved note; resuming opens it on `screen`."""
    draft = drafts[0]

    def answer(resume: bool | None) -> None:
        if resume:
            screen.run_worker(partial(_resume, screen, session.library, draft), thread=True, group="bookmark",
                              name="Cannot resume the note", exit_on_error=False)
        elif resume is False:
            screen.run_worker(partial(session.drafts.finish, draft.key), thread=True, group="draft",
                              exit_on_error=False)

    screen.app.push_screen(ResumeDialog(draft, len(drafts)), answer)


def _resume(screen: Screen[Any], library: Library, draft: Draft) -> None:
    article = library.article(draft.article_id)
    screen.post_message(NoteRequested(NoteRequest(article, draft.start, draft.end, draft.note, draft.tags,
                                                  draft.bookmark_id)))
