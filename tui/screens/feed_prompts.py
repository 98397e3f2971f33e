"""Flows of the subscriptions screen that ask first, then run the change in the asking screen's thread
worker: subscribing, unsubscribing (after a yes), renaming, regrouping, importing and exporting OPML.

Each change ends with `FeedsChanged` posted to the screen (it bubbles on to the App, which tells the
main screen). Failures are raised in the worker; the App's one handler shows them in one line, titled
by the worker's name. Names, URLs and paths are shown as plain text, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.screen import Screen

from index import Library

from ..files import write_atomically
from ..messages import FeedsChanged
from ..sanitize import clean_line
from ..words import plural
from .confirm_dialog import ConfirmDialog
from .input_dialog import InputDialog

if TYPE_CHECKING:
    from index import Subscription


def _run(screen: Screen[Any], change: Callable[[], tuple[str, str | None]], failed: str) -> None:
    """Make a change in a worker of `screen`, then say what it did and post `FeedsChanged` (with the URL
    of the subscription it was about, if one is left)."""

    def work() -> None:
        done, url = change()
        screen.notify(clean_line(done), title="Subscriptions", markup=False)
        screen.post_message(FeedsChanged(url))

    screen.run_worker(work, thread=True, group="subscription", name=failed, exit_on_error=False)


def ask_subscribe(screen: Screen[Any], library: Library) -> None:
    """Ask for a feed's URL (or a page that links its feed), then subscribe to it."""

    def subscribe(url: str) -> tuple[str, str]:
        sub = library.feeds.subscribe(url)
        return f"Subscribed to {sub.name}{f' in {sub.group}' if sub.group else ''}: f fetches it now", sub.url

    screen.app.push_screen(InputDialog("Subscribe to a feed", Text(
        "URL of a feed (RSS, Atom or JSON Feed), or of a web page that links its feed:"),
        placeholder="https://www.example.com/news/"),
        lambda url: _run(screen, lambda: subscribe(url), "Not subscribed") if url else None)


def confirm_unsubscribe(screen: Screen[Any], library: Library, sub: Subscription) -> None:
    """Ask first, then stop following a feed (its articles stay in the library)."""
    question = Text("Stop following ")
    question.append(clean_line(sub.name), style="bold")
    question.append(f" ({clean_line(sub.url)})?\n")
    question.append(f"Its {plural(sub.articles, 'article')} stay in the library; those only it brought are "
                    "marked read." if sub.articles else "It has brought no articles yet.")

    def unsubscribe() -> tuple[str, None]:
        gone = library.feeds.unsubscribe(sub.url)
        return f"Unsubscribed from {gone.name}", None

    screen.app.push_screen(ConfirmDialog("Unsubscribe", question),
                           lambda yes: _run(screen, unsubscribe, "Not unsubscribed") if yes else None)


def ask_rename(screen: Screen[Any], library: Library, sub: Subscription, what: str) -> None:
    """Ask for a subscription's new title (`what` "title", the source of its new articles) or group."""
    hint = Text("New title for ") if what == "title" else Text("Group of ")
    hint.append(clean_line(sub.name), style="bold")
    hint.append(" (its new articles carry it as their source):" if what == "title" else " (empty: no group):")

    def rename(text: str) -> tuple[str, str]:
        if what == "title":
            renamed = library.feeds.rename(sub.url, title=text)
            return f"Renamed to {renamed.name}", renamed.url
        moved = library.feeds.rename(sub.url, group=text)
        return f"Moved {moved.name} to {moved.group or 'no group'}", moved.url

    dialog = InputDialog("Rename subscription" if what == "title" else "Move to a group", hint,
                         value=sub.title if what == "title" else sub.group, allow_empty=what == "group")
    screen.app.push_screen(dialog, lambda text: _run(screen, lambda: rename(text), "Not changed")
                           if text is not None else None)


def ask_import_opml(screen: Screen[Any], library: Library) -> None:
    """Ask for an OPML file, then follow every feed in it (its folders become groups)."""

    def import_opml(path: str) -> tuple[str, None]:
        added, existing = library.feeds.subscribe_opml(path)
        groups = {s.group for s in added if s.group}
        return (f"Subscribed to {plural(len(added), 'feed')}" + (f" in {plural(len(groups), 'group')}" if groups
                else "") + (f"; {len(existing)} already subscribed" if existing else "") + "; R fetches them"), None

    screen.app.push_screen(InputDialog("Import OPML", Text("OPML file of another reader's subscriptions:"),
                                       placeholder="~/Downloads/feeds.opml", must_exist=True),
                           lambda path: _run(screen, lambda: import_opml(path), "Not imported") if path else None)


def ask_export_opml(screen: Screen[Any], library: Library) -> None:
    """Ask where to write the subscriptions as OPML, then write them (replacing the file in one step)."""

    def chosen(path: str | None) -> None:
        if path:
            screen.run_worker(lambda: export(path), thread=True, group="opml", name="OPML not written",
                              exit_on_error=False)

    def export(path: str) -> None:
        target = Path(path).expanduser()
        try:
            write_atomically(target, library.feeds.export_opml())
        except OSError as exc:
            screen.notify(clean_line(f"{target}: cannot write ({exc.strerror or exc})"), title="OPML not written",
                          severity="error", markup=False)
            return
        screen.notify(clean_line(f"Wrote {plural(len(library.feeds.list()), 'subscription')} to {target}"),
                      title="Exported", markup=False)

    screen.app.push_screen(InputDialog("Export OPML", Text("File to write (it is replaced if it exists):"),
                                       value="~/newsdesk-feeds.opml"), chosen)
