"""The main screen's engine work: each function runs in one of its thread workers (`start`) and only
posts messages (defined here) back to the screen; none touches a widget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from index import Actor, Article, Bookmark, IndexDamaged, Library, NewsdeskError, QueryError, SearchResults, Sort, Story

from ..completion import ActorCompleter
from ..history import QueryHistory

#: Results listed per query; more than a few screenfuls costs typing latency.
RESULTS = 30
#: Actors offered in the command palette.
PALETTE_ACTORS = 200


@dataclass
class SearchDone(Message):
    """A search finished (with the completion of a trailing `actor:` prefix, if any), or a feed's
    articles were listed (`feed` is its URL)."""

    results: SearchResults
    completion: str | None = None
    feed: str | None = None


@dataclass
class SearchFailed(Message):
    """A query could not run, or an article could not be read."""

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
    #: Move the focus to the article (not when it is shown again after a correction).
    focus: bool = True
    #: The story it tells, with every version.
    story: Story | None = None


@dataclass
class BookmarksLoaded(Message):
    """The current bookmarks of one article, after a change."""

    article_id: str
    bookmarks: list[Bookmark]


@dataclass
class ActorsLoaded(Message):
    """The library's most mentioned actors (for the palette)."""

    actors: list[Actor]


@dataclass
class HistoryLoaded(Message):
    """The library's earlier queries, oldest first."""

    queries: list[str]


def start(screen: Screen[Any], library: Library, job: Callable[..., None], *args: object) -> None:
    """Run one of these jobs in a thread worker of `screen`; a newer run of the same job cancels the older."""
    screen.run_worker(partial(job, screen, library, *args), thread=True, group=job.__name__, exclusive=True,
                      exit_on_error=False)


def _post_unless_cancelled(node: DOMNode, message: Message) -> None:
    """A newer request cancelled this worker: its answer is stale and is dropped."""
    if not get_current_worker().is_cancelled:
        node.post_message(message)


def search(node: DOMNode, library: Library, completer: ActorCompleter, query: str, sort: Sort) -> None:
    """Search for the query as typed (no facets, no suggestion: those cost typing latency)."""
    try:
        results = _as_typed(library, query, sort)
    except IndexDamaged as exc:
        node.post_message(IndexBroken(str(exc)))
        return
    except NewsdeskError as exc:
        _post_unless_cancelled(node, SearchFailed(str(exc)))
        return
    _post_unless_cancelled(node, SearchDone(results, completer.complete(query)))


def _as_typed(library: Library, query: str, sort: Sort) -> SearchResults:
    """The results of a query being typed: a phrase whose closing quote is not typed yet is searched as far
    as it goes (rather than an error on every key until the quote)."""
    try:
        return library.search(query, limit=RESULTS, sort=sort, facets=False, suggest=False, repair=False)
    except QueryError:
        if query.count('"') % 2 == 0:
            raise
        closed = library.search(query + '"', limit=RESULTS, sort=sort, facets=False, suggest=False, repair=False)
        return replace(closed, query=query)


def suggestion(node: DOMNode, library: Library, query: str) -> None:
    """Look for a "did you mean"."""
    try:
        found = library.suggest(query)
    except NewsdeskError:
        return  # the search itself says what is wrong with the query
    if found:
        _post_unless_cancelled(node, SuggestionFound(query, found))


def article(node: DOMNode, library: Library, article_id: str, passage: tuple[int, int] | None,
            focus: bool = True) -> None:
    """Read one article with its entities and bookmarks."""
    try:
        found = library.article(article_id)
        bookmarks = library.bookmarks.of_article(found.id)
        story = library.story(found.id)
    except NewsdeskError as exc:
        node.post_message(SearchFailed(str(exc)))
        return
    _post_unless_cancelled(node, ArticleLoaded(found, bookmarks, passage, focus, story))


def feed_articles(node: DOMNode, library: Library, url: str) -> None:
    """List one subscription's articles, newest first (as results whose query is empty)."""
    hits = library.feeds.articles(url)
    _post_unless_cancelled(node, SearchDone(SearchResults("", tuple(hits), len(hits)), feed=url))


def bookmarks(node: DOMNode, library: Library, article_id: str) -> None:
    """Read one article's bookmarks again."""
    node.post_message(BookmarksLoaded(article_id, library.bookmarks.of_article(article_id)))


def actors(node: DOMNode, library: Library) -> None:
    """Read the most mentioned actors."""
    node.post_message(ActorsLoaded(library.actors.list(PALETTE_ACTORS)))


def history(node: DOMNode, library: Library, kept: QueryHistory) -> None:
    """Read the library's earlier queries."""
    node.post_message(HistoryLoaded(kept.load()))
