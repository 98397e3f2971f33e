"""The article open on the main screen: showing it once it is read (with its story and actors), its
bookmarks (a new one, and all of them again after a change), and the actor names again after a correction.

`Reading` belongs to the main screen: it starts the screen's workers (`main_work`) and, when their answers
come back through the screen's handlers, shows them in the article view and the actors sidebar. The
article itself is read by the screen's `load_article` worker.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from typing import Any

from textual.screen import Screen

from ..session import Session
from ..widgets.article_view import ArticleView
from ..widgets.entity_sidebar import EntitySidebar
from . import main_work as jobs
from . import unread
from .note_dialog import NoteRequest
from .notes import write_note

#: Reads an article (its id, the passage to show, whether to move the focus to it) in a worker.
Loader = Callable[[str, tuple[int, int] | None, bool], object]
#: What the workers started for the open article answer.
ReadingAnswer = jobs.ArticleLoaded | jobs.BookmarksLoaded | jobs.ActorsLoaded


class Reading:
    """Shows the main screen's open article, its bookmarks and its actors."""

    def __init__(self, screen: Screen[Any], session: Session, load: Loader, opened: Callable[[str], object],
                 terms: Callable[[], Sequence[str]]) -> None:
        self.screen = screen
        self.session = session
        self.library = session.library
        #: Reads an article again (after a correction of its actors' names).
        self.load = load
        #: Told which article the user opened (a listing marks it read).
        self.opened = opened
        #: The words the listed results matched (marked in the article).
        self.terms = terms

    @property
    def view(self) -> ArticleView:
        """The article view."""
        return self.screen.query_one(ArticleView)

    @property
    def sidebar(self) -> EntitySidebar:
        """The actors sidebar."""
        return self.screen.query_one(EntitySidebar)

    def answered(self, event: ReadingAnswer) -> None:
        """Show what one of the workers found: the article, its bookmarks again, or the actors."""
        if isinstance(event, jobs.ArticleLoaded):
            self.show(event)
        elif isinstance(event, jobs.BookmarksLoaded):
            self.bookmarks_loaded(event)
        else:
            self.actors_loaded(event)

    def show(self, event: jobs.ArticleLoaded) -> None:
        """Show an article that was read, with the query's words marked; opened by the user, it is read now."""
        self.view.show(event.article, self.terms(), event.bookmarks, event.passage)
        if event.story is not None:
            self.view.show_versions(event.story)
        self.sidebar.show(event.article)
        self.screen.refresh_bindings()
        if event.focus:  # opened by the user (not shown again after a correction): it is read now
            self.view.focus()
            self.opened(event.article.id)
            unread.mark(self.screen, self.library, event.article.id, read=True)

    def bookmark(self, event: ArticleView.BookmarkRequested) -> None:
        """Open the note dialog for a passage (its bookmark's note and tags, if it has one)."""
        b = event.existing
        write_note(self.screen, self.session, NoteRequest(event.article, event.start, event.end,
                                                          b.note if b else "", " ".join(b.tags) if b else "",
                                                          b.id if b else None))

    def refresh_bookmarks(self, article_id: str) -> None:
        """One article's bookmarks changed: read them again if it is open."""
        view = self.view
        if view.article is not None and view.article.id == article_id:
            jobs.start(self.screen, self.library, jobs.bookmarks, article_id)

    def bookmarks_loaded(self, event: jobs.BookmarksLoaded) -> None:
        """Show an article's bookmarks again (if it is still open)."""
        view = self.view
        if view.article is not None and view.article.id == event.article_id:
            view.set_bookmarks(event.bookmarks)

    def actors_loaded(self, event: jobs.ActorsLoaded) -> None:
        """Offer the most mentioned actors (palette, completion)."""
        self.session.actors_loaded(event.actors)
        # What is loaded by now (index readers, the actor resolver, names) lives as long as the reader: out of
        # the collector's sight, a full collection no longer walks it between two keystrokes (40-60 ms on BBC).
        # Once only: what later loads replace (a resolver after an edit) must stay collectable.
        if not gc.get_freeze_count():
            gc.freeze()

    def actors_changed(self, actor: str | None = None) -> None:
        """Actor names changed: read the actors again, and show the open article again at the same passage
        (the sidebar's cursor on `actor`, the edited actor's name now, when given)."""
        if actor:
            self.screen.query_one(EntitySidebar).keep(actor)
        jobs.start(self.screen, self.library, jobs.actors)
        view = self.view
        if view.article is not None:
            self.load(view.article.id, view.passage, False)
