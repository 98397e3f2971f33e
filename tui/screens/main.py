"""The main screen: search, article and actors side by side; runs the work for its own panes.

Its widgets post requests; this screen runs them in thread workers against the
Library and hands the results back down. Workers only post messages. Long work
(adding, indexing, fetching feeds) takes turns and shows its progress above the footer.
Besides a query's results, the search pane may list a feed's articles, a watchlist's
(`watching`) or the articles most like one (`stories`) until the user types a query.
The screen routes its messages; what they do is in the objects it owns: `searching` (the
query and what is listed, with `listings`), `reading` (the open article) and `long_work`.
"""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input

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
from .listings import ListingAnswer
from .long_work import LongWork
from .notes import DraftsFound, NoteRequested, find_drafts, offer_draft, write_note
from .prompts import ask_actor_edit
from .reading import Reading, ReadingAnswer
from .searching import Searching

#: Below this width the actors sidebar folds away.
NARROW = 100


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
        #: The query and what is listed for it (its results, a feed's articles, a listing).
        self.searching = Searching(self, self.library, self.run_search)
        #: What is listed instead of the query's results (a watchlist, more like an article), if anything.
        self.lists = self.searching.lists
        #: Adding, indexing and fetching, one at a time.
        self.work = LongWork(self, self.library)
        #: The article open, its bookmarks and its actors.
        self.reading = Reading(self, session, self.load_article, self.lists.opened, self.searching.terms)

    def compose(self) -> ComposeResult:
        yield ReaderHeader()
        with Horizontal(id="panes"):
            yield SearchPane(self.session.completer)
            yield ArticleView()
            yield EntitySidebar()
        yield IndexStatus()
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.search_pane.query_input.on_edit = self.searching.hold_paint
        self.call_after_refresh(self.work.prepare)  # paint first, then open the index
        find_drafts(self, self.library)
        jobs.start(self, self.library, jobs.history, self.searching.history)
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
        return self.reading.view

    @property
    def sidebar(self) -> EntitySidebar:
        """The actors sidebar."""
        return self.reading.sidebar

    # Long work ---------------------------------------------------------------

    @on(IndexFinished)
    def _index_finished(self, event: IndexFinished) -> None:
        self.work.report(event)
        self.header.articles = event.articles
        self.refresh_results()
        jobs.start(self, self.library, jobs.actors)

    @on(jobs.IndexBroken)
    def _index_broken(self, event: jobs.IndexBroken) -> None:
        self.work.repair(event.reason)

    # Searching (`searching`) --------------------------------------------------

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: str) -> None:
        """Search; a newer keystroke cancels this one before it posts."""
        jobs.search(self, self.library, self.session.completer, query, self.searching.sort)

    @on(SearchPane.SearchRequested)
    def _search_requested(self, event: SearchPane.SearchRequested) -> None:
        self.searching.requested(event.query)

    def refresh_results(self) -> None:
        """List again what is listed (the query's results, a feed's or a watchlist's articles, more like an
        article) and count the unread."""
        self.searching.again()

    @on(jobs.SearchDone)
    def _search_done(self, event: jobs.SearchDone) -> None:
        self.searching.done(event)

    @on(jobs.SuggestionFound)
    def _suggestion_found(self, event: jobs.SuggestionFound) -> None:
        self.searching.suggestion_found(event)

    @on(jobs.SearchFailed)
    def _search_failed(self, event: jobs.SearchFailed) -> None:
        self.search_pane.show_error(event.message)
        self.searching.release_paint()

    def search_for(self, query: str) -> None:
        """Put a query in the box and run it."""
        self.searching.search_for(query)

    @on(jobs.HistoryLoaded)
    def _history_loaded(self, event: jobs.HistoryLoaded) -> None:
        self.search_pane.query_input.history = event.queries

    @on(SearchPane.QueryCommitted)
    def _remember(self, event: SearchPane.QueryCommitted) -> None:
        self.searching.remember(event.query)

    def toggle_sort(self) -> None:
        """Switch between relevance and newest first (a feed's articles are always newest first)."""
        self.searching.toggle_sort()

    # The article -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def load_article(self, article_id: str, passage: tuple[int, int] | None = None, focus: bool = True) -> None:
        """Read one article with its entities and bookmarks (optionally to show a passage)."""
        jobs.article(self, self.library, article_id, passage, focus)

    @on(SearchPane.ArticleChosen)
    def _article_chosen(self, event: SearchPane.ArticleChosen) -> None:
        self.load_article(event.article_id)

    @on(jobs.ArticleLoaded)
    @on(jobs.BookmarksLoaded)
    @on(jobs.ActorsLoaded)
    def _reading_answered(self, event: ReadingAnswer) -> None:
        self.reading.answered(event)

    @on(ArticleView.LinkRequested)
    def _link(self, event: ArticleView.LinkRequested) -> None:
        open_link(self, event.url)

    @on(LinkNotOpened)
    def _link_not_opened(self, event: LinkNotOpened) -> None:
        show_link(self, event.url)

    # Bookmarks ---------------------------------------------------------------

    @on(ArticleView.BookmarkRequested)
    def _bookmark_requested(self, event: ArticleView.BookmarkRequested) -> None:
        self.reading.bookmark(event)

    @on(NoteRequested)
    def _note_requested(self, event: NoteRequested) -> None:
        write_note(self, self.session, event.request)

    def refresh_bookmarks(self, article_id: str) -> None:
        """One article's bookmarks changed: show them again if it is open."""
        self.reading.refresh_bookmarks(article_id)

    @on(DraftsFound)
    def _drafts_found(self, event: DraftsFound) -> None:
        offer_draft(self, self.session, event.drafts)

    # Actors ------------------------------------------------------------------

    @on(ActorsChanged)
    def _actors_changed(self, event: ActorsChanged) -> None:
        self.reading.actors_changed(event.actor)

    @on(EntitySidebar.ActorHighlighted)
    def _actor_highlighted(self, event: EntitySidebar.ActorHighlighted) -> None:
        self.article_view.emphasize(event.actor)

    @on(EntitySidebar.EditRequested)
    def _edit_requested(self, event: EntitySidebar.EditRequested) -> None:
        ask_actor_edit(self, self.library, event.actor, event.edit)

    # Feeds and unread --------------------------------------------------------

    def show_feed(self, url: str, name: str) -> None:
        """List one subscription's articles, newest first, instead of a query's results."""
        self.searching.show_feed(url, name)

    def show_unread(self) -> None:
        """List the unread stories, newest first."""
        self.searching.show_unread()

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
        self.searching.show_watchlist(name)

    @on(watching.WatchlistListed)
    @on(watching.WatchlistSeen)
    @on(stories.SimilarFound)
    def _listing_answered(self, event: ListingAnswer) -> None:
        self.lists.answered(event)

    def action_mark_seen(self) -> None:
        """Mark the listed watchlist seen, up to what is listed."""
        self.lists.mark_seen()

    @on(ArticleView.SimilarRequested)
    def _similar_requested(self, event: ArticleView.SimilarRequested) -> None:
        self.searching.show_similar(event.article)

    @on(SearchPane.VersionsRequested)
    def _versions_requested(self, event: SearchPane.VersionsRequested) -> None:
        stories.load_versions(self, self.library, event.article_id)

    @on(stories.VersionsLoaded)
    def _versions_loaded(self, event: stories.VersionsLoaded) -> None:
        self.search_pane.results_list.show_versions(event.article_id, event.story.others(event.article_id))

    @on(ArticleView.VersionsRequested)
    def _open_version(self, event: ArticleView.VersionsRequested) -> None:
        stories.pick_version(self, event.story, event.article_id, self.load_article)
