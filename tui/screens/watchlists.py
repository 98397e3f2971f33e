"""The watchlists screen: every watchlist with how many articles are new and in all, most new first; one
whose query no longer runs is listed with its error, never hidden.

It counts in its own worker when it is shown and again when the App's long work (an add, a fetch)
ends, so the counts follow the library without a restart. Enter asks the App to list a watchlist's
articles on the main screen; the other keys change watchlists through `watch_prompts`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from index import Library, WatchCount

from ..messages import WatchlistRequested, WatchRequested, forward_worker_events
from ..sanitize import clean_line
from ..texts import BADGE
from ..widgets.footer import ReaderFooter
from ..widgets.lists import PickList
from ..words import plural
from .watch_prompts import ask_query, ask_rename, confirm_remove


class WatchlistList(PickList):
    """The watchlists: new and total counts, name, query (and the error of one that cannot run)."""


class WatchlistsScreen(Screen[None]):
    """Lists watchlists; enter lists one's articles, S marks it seen, r renames, e changes its query,
    d stops following it (after a yes), a watches a new query."""

    BINDINGS = [
        Binding("S", "seen", "Mark seen"),
        Binding("r", "rename", "Rename"),
        Binding("e", "edit", "Edit query"),
        Binding("d", "remove", "Delete"),
        Binding("a", "add", "New"),
        Binding("escape", "close", "Back"),
    ]
    DEFAULT_CSS = """
    WatchlistsScreen #header { height: auto; padding: 0 1; background: $panel; }
    WatchlistsScreen #empty { height: auto; padding: 1 2; color: $text-muted; display: none; }
    WatchlistsScreen.empty #empty { display: block; }
    WatchlistsScreen WatchlistList, WatchlistsScreen WatchlistList:focus { border: none; height: 1fr; }
    """

    on_worker_state_changed = forward_worker_events

    @dataclass
    class Loaded(Message):
        """Every watchlist with its counts."""

        counts: list[WatchCount]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.counts: list[WatchCount] = []

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        yield Static("No watchlists yet. Press w on the results to watch the query (ctrl+s in the search box), "
                     "w on an actor to watch it, or a here.", id="empty")
        yield WatchlistList()
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.query_one(WatchlistList).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        """Count again when shown again (after a dialog, or coming back from the reader)."""
        self.reload()

    @work(thread=True, exclusive=True, group="watch-counts", exit_on_error=False, name="Watchlists not counted")
    def reload(self) -> None:
        """Count every watchlist again (in a worker)."""
        self.post_message(self.Loaded(self.library.watchlists.list()))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        listing = self.query_one(WatchlistList)
        keep = self.current.watchlist.name if self.current is not None else None
        self.counts = event.counts
        new = sum(c.new for c in event.counts)
        header = Text(f" Watchlists · {plural(len(event.counts), 'watchlist')} · {new} new", style="bold")
        header.append("   enter: list its articles, new ones first · escape: back", style="dim")
        self.query_one("#header", Static).update(header)
        self.set_class(not event.counts, "empty")
        listing.clear_options()
        listing.add_options([Option(_entry(c), id=str(c.watchlist.id)) for c in event.counts])
        if event.counts:
            names = [c.watchlist.name for c in event.counts]
            listing.highlighted = names.index(keep) if keep in names else 0

    @property
    def current(self) -> WatchCount | None:
        """The highlighted watchlist."""
        index = self.query_one(WatchlistList).highlighted
        return self.counts[index] if index is not None and index < len(self.counts) else None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.current is not None:
            self.post_message(WatchlistRequested(self.current.watchlist.name))

    @work(thread=True, group="watch-seen", exit_on_error=False, name="Not marked seen")
    def _seen(self, name: str) -> None:
        marked = self.library.watchlists.seen(name)  # up to what this screen's count covered
        self.notify(clean_line(f"Marked {marked.name!r} seen"), title="Watchlists", markup=False)
        self.app.call_from_thread(self.reload)

    def action_seen(self) -> None:
        """Mark the highlighted watchlist seen: nothing in it is new until more arrives."""
        if self.current is not None:
            self._seen(self.current.watchlist.name)

    def action_rename(self) -> None:
        """Give the highlighted watchlist another name."""
        if self.current is not None:
            ask_rename(self, self.library, self.current.watchlist.name)

    def action_edit(self) -> None:
        """Change what the highlighted watchlist follows."""
        if self.current is not None:
            ask_query(self, self.library, self.current.watchlist)

    def action_remove(self) -> None:
        """Stop following the highlighted watchlist (after a yes)."""
        if self.current is not None:
            confirm_remove(self, self.library, self.current.watchlist.name, self.reload)

    def action_add(self) -> None:
        """Watch a new query."""
        self.post_message(WatchRequested(""))

    def action_close(self) -> None:
        """Back to the reader."""
        self.dismiss(None)


def _entry(count: WatchCount) -> Group:
    """"3 new  Korea  12 in all", the query under it, and for a query that cannot run, why."""
    head = Text(no_wrap=True, overflow="ellipsis")
    if count.error is not None:
        head.append("cannot run", style=BADGE)
    elif count.new:
        head.append(f"{count.new} new", style=BADGE)
    else:
        head.append("no new", style="dim")
    head.append("  ")
    head.append(clean_line(count.watchlist.name), style="bold")
    if count.error is None:
        head.append(f"  {plural(count.total, 'article')} in all", style="dim")
    lines = [head, Text("  " + clean_line(count.watchlist.query), style="dim", no_wrap=True, overflow="ellipsis")]
    if count.error is not None:
        lines.append(Text("  " + clean_line(count.error), style="bold red"))
    return Group(*lines, Text(""))
