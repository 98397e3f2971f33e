"""What the main screen's search pane lists: the query's results (searched as typed, by relevance or newest
first, a "did you mean" once typing pauses), one feed's articles, or a listing (`listings`), and the
query history.

`Searching` belongs to the main screen: it holds what is listed and starts the screen's workers (the
search itself runs in the screen's exclusive `run_search` worker); their answers come back through the
screen's handlers and are shown in the search pane and the header.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen
from textual.timer import Timer

from index import Article, Library, SearchResults, Sort

from ..history import QueryHistory
from ..widgets.header import ReaderHeader
from ..widgets.search_pane import SearchPane
from . import main_work as jobs
from . import unread
from .listings import Listings

#: Seconds of no typing before looking for a "did you mean" (it is the slow part of a search).
SUGGEST_AFTER = 0.3
#: Longest a typed key's echo waits for its results, so that both reach the screen in one frame.
HOLD_PAINT = 0.03
#: Seconds from showing the results to painting them.
RELEASE_AFTER = 0.004


class Searching:
    """The main screen's query, its results, the feed listed instead, and the query history."""

    def __init__(self, screen: Screen[Any], library: Library, search: Callable[[str], object]) -> None:
        self.screen = screen
        self.library = library
        #: Runs a search in the screen's worker (a newer one cancels it).
        self.search = search
        self.query_text = ""
        self.sort: Sort = "relevance"
        self.results: SearchResults | None = None
        #: The subscription whose articles are listed instead of a query's results: (URL, name).
        self.feed: tuple[str, str] | None = None
        #: What is listed instead of the query's results (a watchlist, more like an article), if anything.
        self.lists = Listings(screen, library, self.listed)
        self._suggest_timer: Timer | None = None
        self._held: Timer | None = None
        self.history = QueryHistory(library.home)

    @property
    def pane(self) -> SearchPane:
        """The search pane."""
        return self.screen.query_one(SearchPane)

    @property
    def header(self) -> ReaderHeader:
        """The top line (it shows the query)."""
        return self.screen.query_one(ReaderHeader)

    def terms(self) -> tuple[str, ...]:
        """The words the listed results matched (the article marks them)."""
        return self.results.terms if self.results else ()

    def requested(self, query: str) -> None:
        """The user changed the query: its results are listed from now on."""
        self.feed = None
        self.lists.end()
        self.query_text = self.header.search = query
        self.search(query)

    def hold_paint(self) -> None:
        """Paint nothing until the results come (at most HOLD_PAINT seconds): one frame per key, not two
        (a frame of the reader costs 5-15 ms; the search itself a few). The query box calls it as its text
        changes (every search it requests follows), before the changed text can be painted on its own."""
        if self._held is None:
            app = self.screen.app
            app._begin_batch()  # (what App.batch_update and App.delay_update do, ended by the results)
            self._held = app.set_timer(HOLD_PAINT, self.release_paint, name="hold paint")

    def release_paint(self) -> None:
        """Paint again (results came, the search failed, or HOLD_PAINT passed)."""
        if self._held is not None:
            self._held.stop()
            self._held = None
            self.screen.app._end_batch()
            self.screen.check_idle()  # what waits is painted at the next frame (only what changed)

    def again(self) -> None:
        """List again what is listed (the query's results, a feed's or a watchlist's articles, more like an
        article) and count the unread."""
        unread.count(self.screen, self.library)
        if self.lists.again():
            return
        if self.feed is None:
            self.search(self.query_text)
        else:
            jobs.start(self.screen, self.library, jobs.feed_articles, self.feed[0])

    def done(self, event: jobs.SearchDone) -> None:
        """Show a search's results (or a feed's articles) unless something else is listed by now; when the
        query found little, look for a "did you mean" once typing pauses."""
        feed = self.feed
        if self.lists.listing is not None or event.feed != (feed[0] if feed else None) \
                or (feed is None and event.results.query != self.query_text):
            return
        self.results = event.results
        self.pane.show_results(event.results, self.sort, event.completion, feed[1] if feed else None)
        # Painting resumes a moment later, once the results list and status line have asked to be painted
        # (through their own message queues): released at once, the text typed is painted one frame and
        # the results 15-25 ms later in the next.
        self.screen.app.set_timer(RELEASE_AFTER, self.release_paint)
        if self._suggest_timer is not None:
            self._suggest_timer.stop()
        if event.results.total < jobs.RESULTS and self.query_text.strip() and feed is None:
            query = self.query_text
            self._suggest_timer = self.screen.set_timer(
                SUGGEST_AFTER, lambda: jobs.start(self.screen, self.library, jobs.suggestion, query))

    def suggestion_found(self, event: jobs.SuggestionFound) -> None:
        """Offer a correction, if its query is still the one listed."""
        if event.query == self.query_text and self.results is not None:
            self.pane.show_suggestion(event.suggestion)

    def search_for(self, query: str) -> None:
        """Put a query in the box and run it."""
        box = self.pane.query_input
        box.value = query
        box.cursor_position = len(query)
        self.screen.set_focus(self.pane.results_list)
        self.screen.post_message(SearchPane.QueryCommitted(query))

    def remember(self, query: str) -> None:
        """Keep a query the user settled on in the history (saved in a worker)."""
        queries = self.history.remember(query)
        if queries is not None:
            self.pane.query_input.history = queries
            self.screen.run_worker(lambda: self.history.save(queries), thread=True, group="history", exclusive=True,
                                   name="Search history not saved", exit_on_error=False)

    def toggle_sort(self) -> None:
        """Switch between relevance and newest first (a feed's articles are always newest first)."""
        self.sort = "date" if self.sort == "relevance" else "relevance"
        self.again()

    def listed(self, results: SearchResults) -> None:
        """A listing is shown as the results of its query (a watchlist's; "" for more like an article)."""
        self.query_text = self.header.search = results.query
        self.results = results

    def show_feed(self, url: str, name: str) -> None:
        """List one subscription's articles, newest first, instead of a query's results."""
        self.feed = (url, name)
        self.lists.end()
        self.pane.clear_query()
        self.query_text = self.header.search = ""
        self.screen.set_focus(self.pane.results_list)
        jobs.start(self.screen, self.library, jobs.feed_articles, url)

    def show_unread(self) -> None:
        """List the unread stories, newest first."""
        self.sort = "date"
        self.search_for("is:unread")
        self.search("is:unread")  # also when the box already held it (and only the sort changed)

    def show_watchlist(self, name: str) -> None:
        """List a watchlist's articles, new ones first and marked."""
        self.feed = None
        self.lists.watch(name)

    def show_similar(self, article: Article) -> None:
        """List the articles most like one, its story's other versions first."""
        self.feed = None
        self.lists.more_like(article)
