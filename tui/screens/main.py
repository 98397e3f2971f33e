"""The main screen: search, article and actors side by side; runs the engine work.

Widgets post requests; this screen runs them in thread workers against the
Library and hands the results back down. Workers only post messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.suggester import Suggester
from textual.timer import Timer
from textual.widgets import Footer, ProgressBar, Static
from textual.worker import get_current_worker

from index import Article, Bookmark, IndexDamaged, Library, NewsdeskError, Progress, SearchResults

from ..sanitize import clean_line
from ..widgets.article_view import ArticleView
from ..widgets.entity_sidebar import EntitySidebar
from ..widgets.search_pane import SearchPane

#: Below this width the actors sidebar folds away.
NARROW = 100
#: Results listed per query; more than a few screenfuls costs typing latency.
RESULTS = 30
#: Seconds of no typing before looking for a "did you mean" (it is the slow part of a search).
SUGGEST_AFTER = 0.3


class MainScreen(Screen[None]):
    """The three panes of the reader."""

    DEFAULT_CSS = """
    MainScreen #header { height: 1; padding: 0 1; background: $panel; color: $text; }
    MainScreen #panes { height: 1fr; }
    MainScreen #progress { height: 1; display: none; padding: 0 1; }
    MainScreen #progress.running { display: block; }
    MainScreen.narrow EntitySidebar { display: none; }
    """

    @dataclass
    class SearchDone(Message):
        """A search finished."""

        results: SearchResults

    @dataclass
    class SearchFailed(Message):
        """A query could not run."""

        message: str

    @dataclass
    class IndexBroken(Message):
        """The index cannot be read: it must be set aside and rebuilt."""

        reason: str

    @dataclass
    class SuggestionFound(Message):
        """A correction for a query that found little."""

        query: str
        suggestion: str

    @dataclass
    class ArticleLoaded(Message):
        """An article was read from the store, with its bookmarks."""

        article: Article
        bookmarks: list[Bookmark]
        passage: tuple[int, int] | None = None

    @dataclass
    class IngestProgress(Message):
        """Ingest or reindex made progress."""

        progress: Progress
        label: str

    @dataclass
    class IngestFinished(Message):
        """Ingest or reindex ended (`progress` is the last step, None if it failed)."""

        progress: Progress | None
        label: str
        articles: int
        error: str = ""

    @dataclass
    class LibraryReady(Message):
        """The library is indexed and searchable (first run, adds and rebuilds)."""

    def __init__(self, library: Library, suggester: Suggester | None = None) -> None:
        super().__init__()
        self.library = library
        self.suggester = suggester
        self.query_text = ""
        self.sort = "relevance"
        self.results: SearchResults | None = None
        self.article_count = 0
        self._suggest_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="header")
        with Horizontal(id="panes"):
            yield SearchPane(self.suggester)
            yield ArticleView()
            yield EntitySidebar()
        yield ProgressBar(id="progress", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        self._update_header()
        self.search_pane.query_input.focus()
        self.call_after_refresh(self._prepare)  # paint first, then open the index

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "narrow")

    # Typed accessors ---------------------------------------------------------

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

    # Workers -----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="ingest", exit_on_error=False)
    def _prepare(self) -> None:
        """Seed an empty library, rebuild a stale index, then show the library."""
        if self.library.is_empty:
            self._drain(self.library.seed(), "Indexing the sample articles")
        else:
            self._drain(self.library.prepare(), "Updating the search index", report=False)

    @work(thread=True, exclusive=True, group="ingest", exit_on_error=False)
    def add_paths(self, paths: list[str]) -> None:
        """Ingest files or folders with progress."""
        self._drain(self.library.add(paths), "Adding")

    @work(thread=True, exclusive=True, group="ingest", exit_on_error=False)
    def rebuild(self) -> None:
        """Rebuild the index from the store."""
        self._drain(self.library.reindex(), "Rebuilding the index")

    @work(thread=True, exclusive=True, group="ingest", exit_on_error=False)
    def repair(self, reason: str) -> None:
        """Set a damaged index aside and rebuild it (the search runs again when it is done)."""
        self._drain(self.library.repair(reason), "Rebuilding the damaged search index", report=False)

    def _drain(self, steps, label: str, report: bool = True) -> None:  # type: ignore[no-untyped-def]
        worker = get_current_worker()
        last = None
        try:
            for last in steps:
                self.post_message(self.IngestProgress(last, label))
                if worker.is_cancelled:
                    break
        except NewsdeskError as exc:
            self.post_message(self.IngestFinished(None, label, self.library.article_count(), str(exc)))
            return
        self.post_message(self.IngestFinished(last if report else None, label, self.library.article_count()))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: str) -> None:
        """Search; a newer keystroke cancels this one before it posts."""
        try:
            results = self.library.search(query, limit=RESULTS, sort=self.sort,  # type: ignore[arg-type]
                                          facets=False, suggest=False, repair=False)
        except IndexDamaged as exc:
            self.post_message(self.IndexBroken(str(exc)))
            return
        except NewsdeskError as exc:
            if not get_current_worker().is_cancelled:
                self.post_message(self.SearchFailed(str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.SearchDone(results))

    @work(thread=True, exclusive=True, group="suggest", exit_on_error=False)
    def find_suggestion(self, query: str) -> None:
        """Look for a "did you mean" once typing has paused."""
        try:
            suggestion = self.library.suggest(query)
        except NewsdeskError:
            return
        if suggestion and not get_current_worker().is_cancelled:
            self.post_message(self.SuggestionFound(query, suggestion))

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def load_article(self, article_id: str, passage: tuple[int, int] | None = None) -> None:
        """Read one article with its entities and bookmarks (optionally to show a passage)."""
        try:
            article = self.library.article(article_id)
            bookmarks = self.library.bookmarks.of_article(article.id)
        except NewsdeskError as exc:
            self.post_message(self.SearchFailed(str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.ArticleLoaded(article, bookmarks, passage))

    # Handlers ----------------------------------------------------------------

    @on(SearchPane.SearchRequested)
    def _search_requested(self, event: SearchPane.SearchRequested) -> None:
        self.query_text = event.query
        self._update_header()
        self.run_search(event.query)

    @on(SearchDone)
    def _search_done(self, event: SearchDone) -> None:
        if event.results.query != self.query_text:
            return
        self.results = event.results
        self.search_pane.show_results(event.results, self.sort)
        if self._suggest_timer is not None:
            self._suggest_timer.stop()
        if event.results.total < RESULTS and self.query_text.strip():
            query = self.query_text
            self._suggest_timer = self.set_timer(SUGGEST_AFTER, lambda: self.find_suggestion(query))

    @on(SuggestionFound)
    def _suggestion_found(self, event: SuggestionFound) -> None:
        if event.query == self.query_text and self.results is not None:
            self.search_pane.show_suggestion(event.suggestion)

    @on(IndexBroken)
    def _index_broken(self, event: IndexBroken) -> None:
        self.repair(event.reason)

    @on(SearchFailed)
    def _search_failed(self, event: SearchFailed) -> None:
        self.search_pane.show_error(event.message)

    @on(SearchPane.ArticleChosen)
    def _article_chosen(self, event: SearchPane.ArticleChosen) -> None:
        self.load_article(event.article_id)

    @on(ArticleLoaded)
    def _article_loaded(self, event: ArticleLoaded) -> None:
        terms = self.results.terms if self.results else ()
        self.article_view.show(event.article, terms, event.bookmarks, event.passage)
        self.sidebar.show(event.article)
        self.article_view.focus()

    @on(EntitySidebar.ActorHighlighted)
    def _actor_highlighted(self, event: EntitySidebar.ActorHighlighted) -> None:
        self.article_view.emphasize(event.actor)

    @on(EntitySidebar.ActorChosen)
    def _actor_chosen(self, event: EntitySidebar.ActorChosen) -> None:
        self.search_for(f'actor:"{event.actor}"')

    @on(ArticleView.LinkRequested)
    def _link(self, event: ArticleView.LinkRequested) -> None:
        if event.url.lower().startswith(("http://", "https://")):
            self.app.open_url(event.url)
        else:
            self.notify(f"Not opening {clean_line(event.url)!r}: only http(s) links open",
                        severity="warning")

    @on(IngestProgress)
    def _ingest_progress(self, event: IngestProgress) -> None:
        bar = self.query_one(ProgressBar)
        bar.add_class("running")
        bar.update(total=event.progress.total or None, progress=event.progress.done)
        self._update_header(f"{event.label}: {event.progress.done}/{event.progress.total}")

    @on(IngestFinished)
    def _ingest_finished(self, event: IngestFinished) -> None:
        self.query_one(ProgressBar).remove_class("running")
        for notice in self.library.notices():
            self.notify(clean_line(notice), title="Library", severity="warning", timeout=15)
        if event.error:
            self.notify(event.error, title=event.label, severity="error", timeout=10)
        elif event.progress is not None and event.label:
            p = event.progress
            self.notify(f"added {p.added}, updated {p.updated}, unchanged {p.unchanged}, "
                        f"duplicates {p.duplicates}, failed {p.failed}", title=event.label)
            for failure in p.failures[:10]:
                self.notify(clean_line(str(failure)), title="Could not add", severity="error", timeout=10)
        self.article_count = event.articles
        self._update_header()
        self.run_search(self.query_text)
        self.post_message(self.LibraryReady())

    # Actions used by the app -------------------------------------------------

    def reload_article(self) -> None:
        """Show the open article again (after actor edits), keeping the passage."""
        view = self.article_view
        if view.article is not None:
            self.load_article(view.article.id, view.passage)

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

    def _update_header(self, status: str = "") -> None:
        text = Text(" newsdesk", style="bold")
        text.append(f"  ·  {self.article_count} articles")
        if self.query_text:
            text.append("  ·  query: ")
            text.append(clean_line(self.query_text)[:60], style="bold")
        if status:
            text.append(f"  ·  {status}")
        text.append("      ? help  ^p commands", style="dim")
        self.query_one("#header", Static).update(text)
