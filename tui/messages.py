"""Requests that cross screens, and the way worker events reach the App.

Screens and the palette post these; they bubble to the App, which decides
which screen shows what. Messages about one widget live on that widget.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import Worker, WorkerState


@dataclass
class QueryRequested(Message):
    """Show the main screen and search for this query."""

    query: str


@dataclass
class ArticleRequested(Message):
    """Show the main screen with this article open (at a passage, given as offsets)."""

    article_id: str
    passage: tuple[int, int] | None = None


@dataclass
class ActorRequested(Message):
    """Open the actor view of this actor."""

    name: str


@dataclass
class ExportRequested(Message):
    """Ask where to write the bookmarks (`md` or `json`), then write them."""

    fmt: str


@dataclass
class BookmarksChanged(Message):
    """One article's bookmarks changed (saved, edited, deleted or restored)."""

    article_id: str


@dataclass
class WatchRequested(Message):
    """Ask for a name (and the query), then watch the query: `actor:"…"` for an actor."""

    query: str
    #: The name offered (else one made from the query).
    name: str = ""


@dataclass
class WatchlistRequested(Message):
    """Show the main screen with a watchlist's articles listed, new ones first and marked."""

    name: str


@dataclass
class ActorsChanged(Message):
    """Actor names changed (an edit): what shows them must be refreshed."""

    #: The edited actor's name now (the cursor stays on it), or None when it is no longer shown (hidden).
    actor: str | None = None


@dataclass
class FetchRequested(Message):
    """Fetch subscriptions now (all, or those named by URL or title), in the background."""

    names: tuple[str, ...] = ()
    full_text: bool = False


@dataclass
class FeedRequested(Message):
    """Show the main screen with one subscription's articles listed, newest first."""

    url: str
    name: str


@dataclass
class FeedsChanged(Message):
    """Subscriptions or unread states changed (subscribed, unsubscribed, imported): what counts them
    must count again."""

    #: The subscription the change was about, for the cursor (a new subscription: f fetches it).
    url: str | None = None


def forward_worker_events(node: DOMNode, event: Worker.StateChanged) -> None:
    """Pass a screen's finished and failed workers to the App's one handler.

    `Worker.StateChanged` does not bubble; a screen that runs workers sets
    `on_worker_state_changed = forward_worker_events`.
    """
    if node is not node.app and event.state in (WorkerState.SUCCESS, WorkerState.ERROR):
        node.app.post_message(event)
