"""The reader's own palette entries: what each is called, what it says, and what it runs.

The App lists them (`NewsdeskApp.palette_commands`) and imports this module only when the palette
first opens. What the entries run is the App's, seen here as a `Reader`, so the import runs one way
(`tui.app` -> `tui.palette`); the provider that lists them is `tui.commands`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Protocol

from textual.message import Message

from index import Library

from .commands import PaletteCommand, actor_commands, correction_commands
from .messages import ExportRequested, FetchRequested, WatchRequested
from .screens.feed_prompts import ask_export_opml, ask_import_opml, ask_subscribe
from .screens.prompts import ask_actor_edit
from .session import Session

if TYPE_CHECKING:
    from .screens.main import MainScreen
    from .screens.subscriptions import SubscriptionsScreen


class Reader(Protocol):
    """The App as its palette entries see it: its library and session, its main screen, its actions."""

    library: Library
    session: Session

    @property
    def main(self) -> MainScreen:
        """The main screen."""

    def post_message(self, message: Message) -> bool:
        """Post a request to the App."""

    def show_main(self) -> None:
        """Go back to the main screen."""

    def action_add(self) -> None:
        """Ask for a path and add it."""

    def action_subscriptions(self) -> SubscriptionsScreen:
        """Show the subscriptions."""

    def action_fetch(self) -> None:
        """Fetch every subscription."""

    def action_toggle_sort(self) -> None:
        """Sort by relevance or newest first."""

    def action_bookmarks(self) -> None:
        """Show every bookmark."""

    def action_watchlists(self) -> None:
        """Show the watchlists."""

    def action_help(self) -> None:
        """Show every key binding."""


def reader_commands(app: Reader) -> list[PaletteCommand]:
    """Every entry of the palette: the fixed ones (listed before anything is typed), then one "Search actor"
    and "Open actor" per known actor and the corrections of the open article's actors."""
    post, main, library = app.post_message, app.main, app.library

    def unread() -> None:
        app.show_main()
        main.show_unread()

    fixed: list[tuple[str, str, Callable[[], object]]] = [
        ("Add files or a folder…", "add articles (text, Markdown, web pages, feeds) to the library", app.action_add),
        ("Subscriptions", "the feeds you follow: unread counts, last fetch, errors", app.action_subscriptions),
        ("Fetch feeds now", "fetch every subscription in the background", app.action_fetch),
        ("Fetch feeds now with full text", "and the page of each new story a feed gives only a summary of",
         partial(post, FetchRequested(full_text=True))),
        ("Unread, newest first", "the stories a fetch brought that are not opened yet", unread),
        ("Subscribe to a feed…", "a feed's URL, or a web page that links its feed",
         lambda: ask_subscribe(app.action_subscriptions(), library)),
        ("Import OPML…", "follow every feed of another reader's OPML list",
         lambda: ask_import_opml(app.action_subscriptions(), library)),
        ("Export OPML…", "write the subscriptions as an OPML file", partial(ask_export_opml, main, library)),
        ("Rebuild the index", "rebuild the search index from the article store", main.work.rebuild),
        ("Toggle sort: relevance / newest first", "order of the results", app.action_toggle_sort),
        ("Show bookmarks", "every bookmarked passage with its note", app.action_bookmarks),
        ("Watchlists", "what is new in the queries and actors you follow", app.action_watchlists),
        ("Watch this query…", "follow the query in the search box: what arrives and matches is new",
         lambda: post(WatchRequested(main.search_pane.query_input.value))),
        ("Export bookmarks as Markdown…", "quotes and notes grouped by article", partial(post, ExportRequested("md"))),
        ("Export bookmarks as W3C Web Annotation JSON…", "for Hypothesis and other annotation tools",
         partial(post, ExportRequested("json"))),
        ("Show keys", "every key binding", app.action_help),
    ]
    return ([PaletteCommand(title, text, run, discover=True) for title, text, run in fixed]
            + actor_commands(app.session.actors, post)
            + correction_commands(main.sidebar.actors, partial(ask_actor_edit, main, library)))
