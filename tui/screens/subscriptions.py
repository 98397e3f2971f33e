"""The subscriptions screen: the feeds the user follows, by group, with unread counts, last fetch and
last error; from here a feed's articles are listed, a feed fetched, added, renamed, regrouped or
unsubscribed.

It loads the list in its own worker and runs its changes through `feed_prompts`; listing a feed's
articles and fetching are requests the App carries out on the main screen (fetching goes on when
this screen is closed). The App shows the progress of long work here too, and tells this screen
when it ends so the counts are read again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static

from index import Library

from ..indexing import IndexFinished, IndexProgress
from ..messages import FeedRequested, FeedsChanged, FetchRequested, forward_worker_events
from ..widgets.footer import ReaderFooter
from ..widgets.index_status import IndexStatus
from ..widgets.subscription_list import SubscriptionList
from ..words import plural
from .feed_prompts import ask_rename, ask_subscribe, confirm_unsubscribe

if TYPE_CHECKING:
    from index import Subscription


class SubscriptionsScreen(Screen[None]):
    """Lists subscriptions; enter lists a feed's articles, f fetches it, R fetches all, a adds one,
    d unsubscribes (after a yes), r renames, g moves it to a group."""

    BINDINGS = [
        Binding("f", "fetch_one", "Fetch it"),
        Binding("R", "fetch_all", "Fetch all"),
        Binding("a", "subscribe", "Subscribe"),
        Binding("d", "unsubscribe", "Unsubscribe"),
        Binding("r", "rename('title')", "Rename"),
        Binding("g", "rename('group')", "Group"),
        Binding("escape", "close", "Back"),
    ]
    DEFAULT_CSS = """
    SubscriptionsScreen #header { height: auto; padding: 0 1; background: $panel; }
    SubscriptionsScreen #empty { height: auto; padding: 1 2; color: $text-muted; display: none; }
    SubscriptionsScreen.empty #empty { display: block; }
    """

    on_worker_state_changed = forward_worker_events

    @dataclass
    class Loaded(Message):
        """The subscriptions with their counts."""

        subscriptions: list[Subscription]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.subscriptions: dict[str, Subscription] = {}
        #: The subscription to put the cursor on when the list is read again (one just subscribed to).
        self._select: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        yield Static("No subscriptions yet. Press a to follow a feed (its URL, or a page that links it), "
                     "or import another reader's list with ctrl+p, Import OPML.", id="empty")
        yield SubscriptionList()
        yield IndexStatus()
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.query_one(SubscriptionList).focus()
        self.reload()

    # Work --------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="subscription-list", exit_on_error=False)
    def reload(self) -> None:
        """Read the subscriptions and their counts again."""
        self.post_message(self.Loaded(self.library.feeds.list()))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        subs = event.subscriptions
        self.subscriptions = {s.url: s for s in subs}
        self.set_class(not subs, "empty")
        failing = sum(1 for s in subs if s.last_error)
        header = Text(f" Subscriptions · {plural(len(subs), 'feed')} · {sum(s.unread for s in subs)} unread",
                      style="bold")
        if failing:
            header.append(f" · {failing} failing")
        header.append("   enter: its articles · escape: back", style="dim")
        self.query_one("#header", Static).update(header)
        self.query_one(SubscriptionList).show(subs, self._select)
        self._select = None
        self.refresh_bindings()

    @on(FeedsChanged)
    def _changed(self, event: FeedsChanged) -> None:
        self._select = event.url
        self.reload()  # and the message goes on to the App

    def show_progress(self, event: IndexProgress) -> None:
        """Show a step of the library's long work (a fetch) on this screen's status line."""
        self.query_one(IndexStatus).show(event)

    def work_finished(self, event: IndexFinished) -> None:
        """The long work ended: hide its status line and read the counts again."""
        self.query_one(IndexStatus).remove_class("running")
        self.reload()

    # Actions -----------------------------------------------------------------

    @property
    def current(self) -> Subscription | None:
        """The subscription under the cursor."""
        url = self.query_one(SubscriptionList).current_url
        return self.subscriptions.get(url) if url else None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        sub = self.current
        if sub is not None:
            self.post_message(FeedRequested(sub.url, sub.name))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that act on one subscription are offered when there is one under the cursor."""
        return action not in ("fetch_one", "unsubscribe", "rename") or self.current is not None

    def action_fetch_one(self) -> None:
        """Fetch the subscription under the cursor now."""
        if self.current is not None:
            self.post_message(FetchRequested((self.current.url,)))

    def action_fetch_all(self) -> None:
        """Fetch every subscription now."""
        self.post_message(FetchRequested())

    def action_subscribe(self) -> None:
        """Ask for a feed to follow."""
        ask_subscribe(self, self.library)

    def action_unsubscribe(self) -> None:
        """Stop following the subscription under the cursor (after a yes)."""
        if self.current is not None:
            confirm_unsubscribe(self, self.library, self.current)

    def action_rename(self, what: str) -> None:
        """Give the subscription under the cursor another title or group."""
        if self.current is not None:
            ask_rename(self, self.library, self.current, what)

    def action_close(self) -> None:
        """Back to the reader."""
        self.dismiss(None)
