"""The main screen: search, article and actors side by side; runs the work for its own panes.

Its widgets post requests; this screen runs them in thread workers against the
Library and hands the results back down. Workers only post messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, ProgressBar

from index import Progress, SearchResults, Sort

from ..indexing import IndexFinished, IndexProgress, drain
from ..messages import ActorRequested, ActorsChanged, forward_worker_events
from ..sanitize import clean_line
from ..session import Session
from ..widgets.article_view import ArticleView
from ..widgets.entity_sidebar import EntitySidebar
from ..widgets.header import ReaderHeader
from ..widgets.search_pane import SearchPane
from ..words import summary
from . import main_work as jobs
from .note_dialog import NoteRequest
from .notes import DraftsFound, NoteRequested, offer_draft, write_note
from .prompts import ask_actor_edit, ask_paths

#: Below this width the actors sidebar folds away.
NARROW = 100
#: Seconds of no typing before looking for a "did you mean" (it is the slow part of a search).
SUGGEST_AFTER = 0.3


class MainScreen(Screen[None]):
    """The three panes of the reader."""

    DEFAULT_CSS = """
    MainScreen #panes { height: 1fr; }
    MainScreen #progress { height: 1; display: none; padding: 0 1; }
    MainScreen #progress.running { display: block; }
    MainScreen.narrow EntitySidebar { display: none; }
    """

    on_worker_state_changed = forward_worker_events

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.library = session.library
        self.query_text = ""
        self.sort: Sort = "relevance"
        self.results: SearchResults | None = None
        self._suggest_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield ReaderHeader()
        with Horizontal(id="panes"):
            yield SearchPane(self.session.completer)
            yield ArticleView()
            yield EntitySidebar()
        yield ProgressBar(id="progress", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        self.search_pane.query_input.focus()
        self.call_after_refresh(self._prepare)  # paint first, then open the index
        self._find_drafts()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "narrow")

    # Typed accessors ---------------------------------------------------------

    @property
    def header(self) -> ReaderHeader:
        """The top line."""
        return self.query_one(ReaderHeader)

    @property
    def search_pane(self) -> SearchPane:
        """The search pane."""
        return self.query_one(SearchPane)

    @property
    def article_view(self) -> ArticleView:
        """The article view."""
        return self.query_one(ArticleView)

    @property
    def sidebar(self) -> EntitySidebar:
        """The actors sidebar."""
        return self.query_one(EntitySidebar)

    # Indexing ----------------------------------------------------------------

    def _prepare(self) -> None:
        """Seed an empty library, or bring the index up to date, then show the library."""
        if self.library.is_empty:
            self._index(self.library.seed, "Indexing the sample articles", True)
        else:
            self._index(self.library.prepare, "Updating the search index", False)

    def add_paths(self, paths: list[str]) -> None:
        """Ingest files or folders with progress."""
        self._index(lambda: self.library.add(paths), "Adding", True)

    def rebuild(self) -> None:
        """Rebuild the index from the store."""
        self._index(self.library.reindex, "Rebuilding the index", True)

    def ask_to_add(self) -> None:
        """Ask for a path, then add it."""
        ask_paths(self, self.add_paths)

    @work(thread=True, exclusive=True, group="ingest", exit_on_error=False)
    def _index(self, steps: Callable[[], Iterator[Progress]], label: str, report: bool) -> None:
        drain(self, self.library, steps(), label, report)

    @on(IndexProgress)
    def _index_progress(self, event: IndexProgress) -> None:
        bar = self.query_one(ProgressBar)
        bar.add_class("running")
        bar.update(total=event.progress.total or None, progress=event.progress.done)
        self.header.status = event.status

    @on(IndexFinished)
    def _index_finished(self, event: IndexFinished) -> None:
        self.query_one(ProgressBar).remove_class("running")
        if event.progress is not None:
            p = event.progress
            self.notify(summary(p), title=event.label)
            for failure in p.failures[:10]:
                self.notify(clean_line(str(failure)), title="Could not add", severity="error", timeout=10)
        self.header.articles, self.header.status = event.articles, ""
        self.run_search(self.query_text)
        self._load_actors()

    @on(jobs.IndexBroken)
    def _index_broken(self, event: jobs.IndexBroken) -> None:
        reason = event.reason
        self._index(lambda: self.library.repair(reason), "Rebuilding the damaged search index", False)

    # Searching ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: str) -> None:
        """Search; a newer keystroke cancels this one before it posts."""
        jobs.search(self, self.library, self.session.completer, query, self.sort)

    @work(thread=True, exclusive=True, group="suggest", exit_on_error=False)
    def _find_suggestion(self, query: str) -> None:
        """Look for a "did you mean" once typing has paused."""
        jobs.suggestion(self, self.library, query)

    @on(SearchPane.SearchRequested)
    def _search_requested(self, event: SearchPane.SearchRequested) -> None:
        self.query_text = self.header.search = event.query
        self.run_search(event.query)

    @on(jobs.SearchDone)
    def _search_done(self, event: jobs.SearchDone) -> None:
        if event.results.query != self.query_text:
            return
        self.results = event.results
        self.search_pane.show_results(event.results, self.sort, event.completion)
        if self._suggest_timer is not None:
            self._suggest_timer.stop()
        if event.results.total < jobs.RESULTS and self.query_text.strip():
            query = self.query_text
            self._suggest_timer = self.set_timer(SUGGEST_AFTER, lambda: self._find_suggestion(query))

    @on(jobs.SuggestionFound)
    def _suggestion_found(self, event: jobs.SuggestionFound) -> None:
        if event.query == self.query_text and self.results is not None:
            self.search_pane.show_suggestion(event.suggestion)

    @on(jobs.SearchFailed)
    def _search_failed(self, event: jobs.SearchFailed) -> None:
        self.search_pane.show_error(event.message)

    def search_for(self, query: str) -> None:
        """Put a query in the box and run it."""
        box = self.search_pane.query_input
        box.value = query
        box.cursor_position = len(query)
        self.search_pane.results_list.focus()

    def toggle_sort(self) -> None:
        """Switch between relevance and newest first."""
        self.sort = "date" if self.sort == "relevance" else "relevance"
        self.run_search(self.query_text)

    # The article -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def load_article(self, article_id: str, passage: tuple[int, int] | None = None) -> None:
        """Read one article with its entities and bookmarks (optionally to show a passage)."""
        jobs.article(self, self.library, article_id, passage)

    @on(SearchPane.ArticleChosen)
    def _article_chosen(self, event: SearchPane.ArticleChosen) -> None:
        self.load_article(event.article_id)

    @on(jobs.ArticleLoaded)
    def _article_loaded(self, event: jobs.ArticleLoaded) -> None:
        terms = self.results.terms if self.results else ()
        self.article_view.show(event.article, terms, event.bookmarks, event.passage)
        self.sidebar.show(event.article)
        self.article_view.focus()

    def reload_article(self) -> None:
        """Show the open article again (after actor edits), keeping the passage."""
        view = self.article_view
        if view.article is not None:
            self.load_article(view.article.id, view.passage)

    @on(ArticleView.LinkRequested)
    def _link(self, event: ArticleView.LinkRequested) -> None:
        if event.url.lower().startswith(("http://", "https://")):
            self.app.open_url(event.url)
        else:
            self.notify(f"Not opening {clean_line(event.url)!r}: only http(s) links open", severity="warning")

    # Bookmarks ---------------------------------------------------------------

    @on(ArticleView.BookmarkRequested)
    def _bookmark_requested(self, event: ArticleView.BookmarkRequested) -> None:
        b = event.existing
        write_note(self, self.session, NoteRequest(event.article, event.start, event.end, b.note if b else "",
                                                   " ".join(b.tags) if b else "", b.id if b else None))

    @on(NoteRequested)
    def _note_requested(self, event: NoteRequested) -> None:
        write_note(self, self.session, event.request)

    def refresh_bookmarks(self, article_id: str) -> None:
        """One article's bookmarks changed: show them again if it is open."""
        view = self.article_view
        if view.article is not None and view.article.id == article_id:
            self._load_bookmarks(article_id)

    @work(thread=True, group="bookmarks", exit_on_error=False)
    def _load_bookmarks(self, article_id: str) -> None:
        jobs.bookmarks(self, self.library, article_id)

    @on(jobs.BookmarksLoaded)
    def _bookmarks_loaded(self, event: jobs.BookmarksLoaded) -> None:
        view = self.article_view
        if view.article is not None and view.article.id == event.article_id:
            view.set_bookmarks(event.bookmarks)

    @work(thread=True, group="drafts", exit_on_error=False)
    def _find_drafts(self) -> None:
        """Look for notes left unsaved by an earlier run."""
        drafts = self.library.bookmarks.drafts()
        if drafts:
            self.post_message(DraftsFound(drafts))

    @on(DraftsFound)
    def _drafts_found(self, event: DraftsFound) -> None:
        offer_draft(self, self.session, event.drafts)

    # Actors ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="actor-names", exit_on_error=False)
    def _load_actors(self) -> None:
        jobs.actors(self, self.library)

    @on(jobs.ActorsLoaded)
    def _actors_loaded(self, event: jobs.ActorsLoaded) -> None:
        self.session.actors_loaded(event.actors)

    @on(ActorsChanged)
    def _actors_changed(self) -> None:
        self._load_actors()
        self.reload_article()

    @on(EntitySidebar.ActorHighlighted)
    def _actor_highlighted(self, event: EntitySidebar.ActorHighlighted) -> None:
        self.article_view.emphasize(event.actor)

    @on(EntitySidebar.ActorChosen)
    def _actor_chosen(self, event: EntitySidebar.ActorChosen) -> None:
        self.search_for(f'actor:"{event.actor}"')

    @on(EntitySidebar.ActorOpened)
    def _actor_opened(self, event: EntitySidebar.ActorOpened) -> None:
        self.post_message(ActorRequested(event.actor))

    @on(EntitySidebar.EditRequested)
    def _edit_requested(self, event: EntitySidebar.EditRequested) -> None:
        ask_actor_edit(self, self.library, event.actor, event.edit)
