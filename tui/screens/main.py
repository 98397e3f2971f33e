"""The main screen: search, article and actors side by side; runs the work for its own panes.

Its widgets post requests; this screen runs them in thread workers against the
Library and hands the results back down. Workers only post messages. Long work
(adding, indexing, fetching feeds) takes turns and shows its progress above the footer.
Besides a query's results, the search pane may list a feed's articles, a watchlist's
(`watching`) or the articles most like one (`stories`) until the user types a query.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import partial

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from index import SearchResults, Sort

from ..history import QueryHistory
from ..indexing import IndexFinished
from ..links import LinkNotOpened, open_link, show_link
from ..messages import ActorsChanged, forward_worker_events
from ..session import Session
from ..widgets.article_view import ArticleView
from ..widgets.entity_sidebar import EntitySidebar
from ..widgets.footer import ReaderFooter
from ..widgets.header import ReaderHeader
from ..widgets.index_status import IndexStatus
from ..widgets.search_pane import SearchPane
from . import main_work as jobs
from . import stories, unread, watching
from .listings import Listings
from .long_work import LongWork
from .note_dialog import NoteRequest
from .notes import DraftsFound, NoteRequested, find_drafts, offer_draft, write_note
from .prompts import ask_actor_edit

#: Below this width the actors sidebar folds away.
NARROW = 100
#: Seconds of no typing before looking for a "did you mean" (it is the slow part of a search).
SUGGEST_AFTER = 0.3


class MainScreen(Screen[None]):
    """The three panes of the reader; below NARROW columns the actors sidebar shows only when asked for
    (`a`), over the search pane, so the article beside it still shows the actor's mentions."""

    BINDINGS = [Binding("a", "show_actors", "Actors"), Binding("S", "mark_seen", "Mark seen")]
    #: The app starts on the results list: q, ? and / work at once; / goes to the search box.
    AUTO_FOCUS = "#results"
    DEFAULT_CSS = """
    MainScreen { layers: base overlay; }
    MainScreen #panes { height: 1fr; }
    MainScreen.narrow EntitySidebar { display: none; }
    MainScreen.narrow.actors-shown EntitySidebar { display: block; layer: overlay; dock: left; width: 30;
                                                    background: $surface; }
    """

    on_worker_state_changed = forward_worker_events

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.library = session.library
        self.query_text = ""
        self.sort: Sort = "relevance"
        self.results: SearchResults | None = None
        #: The subscription whose articles are listed instead of a query's results: (URL, name).
        self.feed: tuple[str, str] | None = None
        #: What is listed instead of the query's results (a watchlist, more like an article), if anything.
        self.lists = Listings(self, self.library, self._listed)
        self._suggest_timer: Timer | None = None
        self.history = QueryHistory(self.library.home)
        #: Adding, indexing and fetching, one at a time.
        self.work = LongWork(self, self.library)

    def compose(self) -> ComposeResult:
        yield ReaderHeader()
        with Horizontal(id="panes"):
            yield SearchPane(self.session.completer)
            yield ArticleView()
            yield EntitySidebar()
        yield IndexStatus()
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(self.work.prepare)  # paint first, then open the index
        find_drafts(self, self.library)
        self._run(jobs.history, self.history)
        unread.count(self, self.library)

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "narrow")  # (a class added only when needed: no restyle)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The sidebar shown over the article goes away when the focus moves on."""
        if not isinstance(event.widget, EntitySidebar):
            self.remove_class("actors-shown")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`a` is offered once an article is open, `S` while a watchlist is listed (and not typing)."""
        if action == "mark_seen":
            return self.lists.watched is not None and not isinstance(self.focused, Input)
        return action != "show_actors" or self.article_view.article is not None

    def action_show_actors(self) -> None:
        """Go to the actors sidebar (over the search pane in a narrow terminal)."""
        self.add_class("actors-shown")
        self.set_focus(self.sidebar)  # at once, so the keys typed next reach it

    def _run(self, job: Callable[..., None], *args: object) -> None:
        """Run one of `main_work`'s jobs in a thread worker; a newer run of the same job cancels the older."""
        self.run_worker(partial(job, self, self.library, *args), thread=True, group=job.__name__, exclusive=True,
                        exit_on_error=False)

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

    # Long work ---------------------------------------------------------------

    @on(IndexFinished)
    def _index_finished(self, event: IndexFinished) -> None:
        self.work.report(event)
        self.header.articles = event.articles
        self.refresh_results()
        self._run(jobs.actors)

    @on(jobs.IndexBroken)
    def _index_broken(self, event: jobs.IndexBroken) -> None:
        self.work.repair(event.reason)

    # Searching ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: str) -> None:
        """Search; a newer keystroke cancels this one before it posts."""
        jobs.search(self, self.library, self.session.completer, query, self.sort)

    @on(SearchPane.SearchRequested)
    def _search_requested(self, event: SearchPane.SearchRequested) -> None:
        self.feed = None
        self.lists.end()
        self.query_text = self.header.search = event.query
        self.run_search(event.query)

    def refresh_results(self) -> None:
        """List again what is listed (the query's results, a feed's or a watchlist's articles, more like an
        article) and count the unread."""
        unread.count(self, self.library)
        if self.lists.again():
            return
        if self.feed is None:
            self.run_search(self.query_text)
        else:
            self._run(jobs.feed_articles, self.feed[0])

    @on(jobs.SearchDone)
    def _search_done(self, event: jobs.SearchDone) -> None:
        feed = self.feed
        if self.lists.listing is not None or event.feed != (feed[0] if feed else None) \
                or (feed is None and event.results.query != self.query_text):
            return
        self.results = event.results
        self.search_pane.show_results(event.results, self.sort, event.completion, feed[1] if feed else None)
        if self._suggest_timer is not None:
            self._suggest_timer.stop()
        if event.results.total < jobs.RESULTS and self.query_text.strip() and feed is None:
            query = self.query_text
            self._suggest_timer = self.set_timer(SUGGEST_AFTER, lambda: self._run(jobs.suggestion, query))

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
        self.set_focus(self.search_pane.results_list)
        self.post_message(SearchPane.QueryCommitted(query))

    @on(jobs.HistoryLoaded)
    def _history_loaded(self, event: jobs.HistoryLoaded) -> None:
        self.search_pane.query_input.history = event.queries

    @on(SearchPane.QueryCommitted)
    def _remember(self, event: SearchPane.QueryCommitted) -> None:
        queries = self.history.remember(event.query)
        if queries is not None:
            self.search_pane.query_input.history = queries
            self.run_worker(lambda: self.history.save(queries), thread=True, group="history", exclusive=True,
                            name="Search history not saved", exit_on_error=False)

    def toggle_sort(self) -> None:
        """Switch between relevance and newest first (a feed's articles are always newest first)."""
        self.sort = "date" if self.sort == "relevance" else "relevance"
        self.refresh_results()

    def _listed(self, results: SearchResults) -> None:
        """A listing is shown as the results of its query (a watchlist's; "" for more like an article)."""
        self.query_text = self.header.search = results.query
        self.results = results

    # The article -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def load_article(self, article_id: str, passage: tuple[int, int] | None = None, focus: bool = True) -> None:
        """Read one article with its entities and bookmarks (optionally to show a passage)."""
        jobs.article(self, self.library, article_id, passage, focus)

    @on(SearchPane.ArticleChosen)
    def _article_chosen(self, event: SearchPane.ArticleChosen) -> None:
        self.load_article(event.article_id)

    @on(jobs.ArticleLoaded)
    def _article_loaded(self, event: jobs.ArticleLoaded) -> None:
        terms = self.results.terms if self.results else ()
        self.article_view.show(event.article, terms, event.bookmarks, event.passage)
        if event.story is not None:
            self.article_view.show_versions(event.story)
        self.sidebar.show(event.article)
        self.refresh_bindings()
        if event.focus:  # opened by the user (not shown again after a correction): it is read now
            self.article_view.focus()
            self.lists.opened(event.article.id)
            unread.mark(self, self.library, event.article.id, read=True)

    @on(ArticleView.LinkRequested)
    def _link(self, event: ArticleView.LinkRequested) -> None:
        open_link(self, event.url)

    @on(LinkNotOpened)
    def _link_not_opened(self, event: LinkNotOpened) -> None:
        show_link(self, event.url)

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
            self._run(jobs.bookmarks, article_id)

    @on(jobs.BookmarksLoaded)
    def _bookmarks_loaded(self, event: jobs.BookmarksLoaded) -> None:
        view = self.article_view
        if view.article is not None and view.article.id == event.article_id:
            view.set_bookmarks(event.bookmarks)

    @on(DraftsFound)
    def _drafts_found(self, event: DraftsFound) -> None:
        offer_draft(self, self.session, event.drafts)

    # Actors ------------------------------------------------------------------

    @on(jobs.ActorsLoaded)
    def _actors_loaded(self, event: jobs.ActorsLoaded) -> None:
        self.session.actors_loaded(event.actors)
        # What is loaded by now (index readers, the actor resolver, names) lives as long as the reader: out of
        # the collector's sight, a full collection no longer walks it between two keystrokes (40-60 ms on BBC).
        # Once only: what later loads replace (a resolver after an edit) must stay collectable.
        if not gc.get_freeze_count():
            gc.freeze()

    @on(ActorsChanged)
    def _actors_changed(self, event: ActorsChanged) -> None:
        if event.actor:
            self.sidebar.keep(event.actor)
        self._run(jobs.actors)
        view = self.article_view
        if view.article is not None:  # show it again with the new names, at the same passage
            self.load_article(view.article.id, view.passage, focus=False)

    @on(EntitySidebar.ActorHighlighted)
    def _actor_highlighted(self, event: EntitySidebar.ActorHighlighted) -> None:
        self.article_view.emphasize(event.actor)

    @on(EntitySidebar.EditRequested)
    def _edit_requested(self, event: EntitySidebar.EditRequested) -> None:
        ask_actor_edit(self, self.library, event.actor, event.edit)

    # Feeds and unread --------------------------------------------------------

    def show_feed(self, url: str, name: str) -> None:
        """List one subscription's articles, newest first, instead of a query's results."""
        self.feed = (url, name)
        self.lists.end()
        self.search_pane.clear_query()
        self.query_text = self.header.search = ""
        self.set_focus(self.search_pane.results_list)
        self._run(jobs.feed_articles, url)

    def show_unread(self) -> None:
        """List the unread stories, newest first."""
        self.sort = "date"
        self.search_for("is:unread")
        self.run_search("is:unread")  # also when the box already held it (and only the sort changed)

    @on(SearchPane.MarkRequested)
    @on(ArticleView.MarkRequested)
    def _mark_requested(self, event: SearchPane.MarkRequested | ArticleView.MarkRequested) -> None:
        unread.mark(self, self.library, event.article_id, event.read)
        self.notify("Marked read" if event.read else "Marked unread (u again: read)")

    @on(unread.UnreadChanged)
    def _unread_changed(self, event: unread.UnreadChanged) -> None:
        unread.show(event, self.header, self.search_pane, self.article_view)

    # Watchlists and stories (`listings`) --------------------------------------

    def show_watchlist(self, name: str) -> None:
        """List a watchlist's articles, new ones first and marked."""
        self.feed = None
        self.lists.watch(name)

    @on(watching.WatchlistListed)
    def _watchlist_listed(self, event: watching.WatchlistListed) -> None:
        self.lists.watchlist_listed(event)

    @on(watching.WatchlistSeen)
    def _watchlist_seen(self, event: watching.WatchlistSeen) -> None:
        self.lists.watchlist_seen(event)

    def action_mark_seen(self) -> None:
        """Mark the listed watchlist seen, up to what is listed."""
        self.lists.mark_seen()

    @on(ArticleView.SimilarRequested)
    def _similar_requested(self, event: ArticleView.SimilarRequested) -> None:
        self.feed = None
        self.lists.more_like(event.article)

    @on(stories.SimilarFound)
    def _similar_found(self, event: stories.SimilarFound) -> None:
        self.lists.similar_found(event)

    @on(SearchPane.VersionsRequested)
    def _versions_requested(self, event: SearchPane.VersionsRequested) -> None:
        stories.load_versions(self, self.library, event.article_id)

    @on(stories.VersionsLoaded)
    def _versions_loaded(self, event: stories.VersionsLoaded) -> None:
        self.search_pane.results_list.show_versions(event.article_id, event.story.others(event.article_id))

    @on(ArticleView.VersionsRequested)
    def _open_version(self, event: ArticleView.VersionsRequested) -> None:
        stories.pick_version(self, event.story, event.article_id, self.load_article)
