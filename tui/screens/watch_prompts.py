"""Flows that make or change a watchlist through a dialog: watch a query or an actor, rename one,
change its query, stop following it (after a yes).

The dialog saves in its own worker and shows a refusal itself; removing runs in a
worker of the asking screen. Each tells the user what was done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.screen import Screen

from index import Library, WatchCount, Watchlist

from ..sanitize import clean_line
from ..words import plural
from .confirm_dialog import ConfirmDialog
from .watch_dialog import WatchDialog, default_name


def ask_watch(screen: Screen[Any], library: Library, query: str, name: str = "") -> None:
    """Ask for a name (offering one made from the query) and the query, then watch it."""

    def saved(count: object) -> None:
        if isinstance(count, WatchCount):
            screen.notify(clean_line(f"Watching {count.watchlist.name!r}: {plural(count.total, 'article')} match "
                                     "now; new ones count from now on (W: watchlists)"), title="Watchlists",
                          markup=False)

    hint = Text("What arrives from now on and matches the query is new to it.")
    dialog = WatchDialog("Watch", library.watchlists.add, name=name or default_name(query), query=query, hint=hint)
    screen.app.push_screen(dialog, saved)


def ask_rename(screen: Screen[Any], library: Library, name: str) -> None:
    """Ask for a new name for a watchlist (its query and seen mark stay); `screen` lists them again as it
    comes back."""

    def saved(renamed: object) -> None:
        if isinstance(renamed, Watchlist):
            screen.notify(clean_line(f"Renamed {name!r} to {renamed.name!r}"), title="Watchlists", markup=False)

    dialog = WatchDialog("Rename watchlist", lambda new, _query: library.watchlists.rename(name, new), name=name)
    screen.app.push_screen(dialog, saved)


def ask_query(screen: Screen[Any], library: Library, watchlist: Watchlist) -> None:
    """Ask for a new query for a watchlist, e.g. to mend one that no longer runs (its seen mark stays)."""

    def saved(changed: object) -> None:
        if isinstance(changed, Watchlist):
            screen.notify(clean_line(f"{changed.name!r} now follows: {changed.query}"), title="Watchlists",
                          markup=False)

    hint = Text("What it follows (what it has marked seen stays seen): ")
    hint.append(clean_line(watchlist.name), style="bold")
    dialog = WatchDialog("Change the query", lambda _name, query: library.watchlists.set_query(watchlist.name, query),
                         query=watchlist.query, hint=hint)
    screen.app.push_screen(dialog, saved)


def confirm_remove(screen: Screen[Any], library: Library, name: str, done: Callable[[], object]) -> None:
    """Ask, then stop following a watchlist in a worker of `screen`."""

    def remove() -> None:
        removed = library.watchlists.remove(name)
        screen.notify(clean_line(f"Stopped watching {removed.name!r}"), title="Watchlists", markup=False)
        screen.app.call_from_thread(done)

    def answered(yes: bool | None) -> None:
        if yes:
            screen.run_worker(remove, thread=True, group="watch-remove", name="Not removed", exit_on_error=False)

    question = Text("Stop following ")
    question.append(clean_line(name), style="bold")
    question.append("? What it has marked seen is forgotten.")
    screen.app.push_screen(ConfirmDialog("Stop watching", question), answered)
