"""What the main screen lists instead of a query's results: a watchlist's articles (`watching`) or the
articles most like one (`stories`), until the user types a query.

`Listings` belongs to the main screen: it starts the screen's workers and, when their answers come
back through the screen's handlers, shows them in the search pane (the query box shows a watchlist's
query without searching for it; "more like this" empties it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Input

from index import Article, Library, SearchResults

from ..widgets.search_pane import SearchPane
from . import stories, watching

Listing = watching.Watching | stories.MoreLike
#: What the listing's workers answer.
ListingAnswer = watching.WatchlistListed | watching.WatchlistSeen | stories.SimilarFound


class Listings:
    """The main screen's listing that is no query's results, if any."""

    def __init__(self, screen: Screen[Any], library: Library, listed: Callable[[SearchResults], object]) -> None:
        self.screen = screen
        self.library = library
        #: Told what is listed, as results of a query (the query shown in the box, the words to mark).
        self.listed = listed
        #: What is listed instead of the query's results (None: the query's results).
        self.listing: Listing | None = None

    def end(self) -> None:
        """The user typed a query: its results are listed from now on."""
        self._set(None)

    def again(self) -> bool:
        """List the listing again (after an add, say); False when the query's results are listed."""
        if isinstance(self.listing, watching.Watching):
            watching.list_watchlist(self.screen, self.library, self.listing.name)
        elif isinstance(self.listing, stories.MoreLike):
            stories.find_similar(self.screen, self.library, self.listing)
        return self.listing is not None

    def _set(self, listing: Listing | None) -> None:
        if listing is None and self.listing is None:
            return  # (typing a query: nothing changes, the footer is not rebuilt)
        self.listing = listing
        self.screen.refresh_bindings()  # `S` comes and goes with a watchlist

    def answered(self, event: ListingAnswer) -> None:
        """Show what one of the listing's workers found (if it is still what is listed)."""
        if isinstance(event, watching.WatchlistListed):
            self.watchlist_listed(event)
        elif isinstance(event, watching.WatchlistSeen):
            self.watchlist_seen(event)
        else:
            self.similar_found(event)

    @property
    def pane(self) -> SearchPane:
        """The search pane the listing goes in."""
        return self.screen.query_one(SearchPane)

    def _show(self, name: str, heading: Text, results: SearchResults, badges: dict[str, str]) -> None:
        """List the hits of `results` under a heading; its query goes in the box, not searched for."""
        box = self.pane.query_input
        with box.prevent(Input.Changed):
            box.value = results.query
        self.listed(results)
        self.pane.show_listing(name, heading, results.hits, badges)

    # A watchlist ---------------------------------------------------------------

    @property
    def watched(self) -> watching.Watching | None:
        """The watchlist listed, if one is."""
        return self.listing if isinstance(self.listing, watching.Watching) else None

    def watch(self, name: str, focus: bool = True) -> None:
        """List a watchlist's articles, new ones first and marked (and move to them)."""
        self._set(watching.Watching(name))
        if focus:
            self.screen.set_focus(self.pane.results_list)
        watching.list_watchlist(self.screen, self.library, name)

    def watchlist_listed(self, event: watching.WatchlistListed) -> None:
        """Show a watchlist's articles (or why its query cannot run)."""
        shown = self.watched
        if shown is None or shown.name != event.name:
            return
        shown.results = results = event.results
        query = results.count.watchlist.query
        self._show(shown.listing, shown.heading(), SearchResults(query, results.hits, results.count.total,
                                                                 terms=event.terms),
                   dict.fromkeys(shown.unread(), watching.NEW))
        if results.error is not None:
            self.pane.show_error(f"watchlist {shown.name} cannot run: {results.error} (W, then e: mend its query)")

    def opened(self, article_id: str) -> None:
        """An article was opened: one new to the listed watchlist is read; all read, the watchlist is seen."""
        shown = self.watched
        if shown is None or article_id not in shown.unread():
            return
        shown.opened.add(article_id)
        self.pane.results_list.set_badge(article_id, "")
        self.pane.show_listing_heading(shown.heading())
        if shown.all_read():
            self.mark_seen()

    def mark_seen(self) -> None:
        """Mark the listed watchlist seen, up to what is listed."""
        shown = self.watched
        if shown is not None and shown.results is not None:
            watching.mark_seen(self.screen, self.library, shown.name, shown.results.upto)

    def watchlist_seen(self, event: watching.WatchlistSeen) -> None:
        """A watchlist was marked seen: list it again if it is listed (its marks go; the focus stays)."""
        shown = self.watched
        if shown is not None and shown.name.casefold() == event.name.casefold():
            self.watch(shown.name, focus=False)

    # More like this ------------------------------------------------------------

    def more_like(self, article: Article) -> None:
        """List the articles most like one, its story's other versions first."""
        like = stories.MoreLike(article.id, article.title)
        self._set(like)
        stories.find_similar(self.screen, self.library, like)

    def similar_found(self, event: stories.SimilarFound) -> None:
        """Show the articles most like one."""
        if self.listing != event.like:
            return
        heading, hits, badges = stories.similar_listing(event)
        self._show(event.like.name, heading, SearchResults("", tuple(hits), len(hits)), badges)
        self.screen.set_focus(self.pane.results_list)
