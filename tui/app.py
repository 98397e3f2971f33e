"""The Textual app: key bindings, the palette, which screen shows what, and errors as notices.

Screens run the work for their own data. The App holds the shared `Session`,
carries out requests that cross screens (`tui.messages`), and has the one
handler that turns a failed worker into a notice and shows the library's notices.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.widgets import Input, TextArea
from textual.worker import Worker, WorkerState

from index import Library, NewsdeskError

from .commands import NewsdeskCommands, PaletteCommand
from .indexing import IndexFinished, IndexProgress
from .messages import (
    ActorRequested,
    ArticleRequested,
    BookmarksChanged,
    ExportRequested,
    FeedRequested,
    FeedsChanged,
    FetchRequested,
    QueryRequested,
    WatchlistRequested,
    WatchRequested,
)
from .sanitize import clean_line
from .screens.main import MainScreen
from .screens.prompts import ask_export, ask_paths
from .screens.subscriptions import SubscriptionsScreen
from .session import Session

if TYPE_CHECKING:
    from .screens.watchlists import WatchlistsScreen


class NewsdeskApp(App[None]):
    """newsdesk: search, read and follow actors in a library of news."""

    TITLE = "newsdesk"
    CSS_PATH = Path(__file__).with_name("app.tcss")
    COMMANDS = App.COMMANDS | {NewsdeskCommands}
    BINDINGS = [
        # A priority binding: handled as the key arrives, so letters typed right after "/" reach the box
        # (the others are passed to whichever widget has the focus when they arrive).
        Binding("slash", "focus_query", "Search", priority=True),
        Binding("question_mark", "help", "Help"),
        Binding("B", "bookmarks", "Bookmarks"),
        Binding("F", "subscriptions", "Feeds"),
        Binding("W", "watchlists", "Watchlists"),
        Binding("R", "fetch", "Fetch feeds", show=False),
        Binding("A", "add", "Add files"),
        Binding("s", "toggle_sort", "Sort", show=False),
        Binding("q", "quit", "Quit"),
        # Keys that work while typing too (the boxes show them in the footer then).
        Binding("f1", "help_anywhere", "Help", show=False),
        Binding("ctrl+q", "quit_anywhere", "Quit", show=False),
    ]
    #: Actions of one-character keys: while a text box has the focus those keys are text, so they
    #: are neither shown nor run.
    CHARACTER_KEYS = frozenset({"focus_query", "help", "bookmarks", "subscriptions", "watchlists", "fetch", "add",
                                "toggle_sort", "quit"})

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.session = Session(library)
        self._main: MainScreen | None = None
        self._watchlists: WatchlistsScreen | None = None

    def on_mount(self) -> None:
        self._main = MainScreen(self.session)
        self.push_screen(self._main)

    @property
    def main(self) -> MainScreen:
        """The main screen (always at the bottom of the stack)."""
        assert self._main is not None, "the app is not running"
        return self._main

    def palette_commands(self) -> list[PaletteCommand]:
        """What the command palette offers (see `tui.palette`; `tui.commands` lists them)."""
        from .palette import reader_commands  # (when the palette first opens, not at start)

        return reader_commands(self)

    # Actions (bindings and palette) --------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """One-character keys are off while the user is typing."""
        if action == "focus_query" and self.screen is not self.main:
            return False  # other screens have their own "/" (the bookmarks filter) or none
        if action in ("subscriptions", "add") and isinstance(self.screen, SubscriptionsScreen):
            return False  # F is where the user is; files are added from the reader (so the footer fits)
        if action == "watchlists" and self.screen is self._watchlists:
            return False  # W is where the user is
        return not (action in self.CHARACTER_KEYS and isinstance(self.focused, Input | TextArea))

    async def action_quit_anywhere(self) -> None:
        """Quit, even from a text box."""
        await self.action_quit()

    def action_help_anywhere(self) -> None:
        """Show the keys, even from a text box."""
        self.action_help()

    def action_focus_query(self) -> None:
        """Focus the search box."""
        self.main.set_focus(self.main.search_pane.query_input)  # now: keys typed after "/" go to the box

    def action_focus_results(self) -> None:
        """Focus the results list."""
        results = self.main.search_pane.results_list
        if results.option_count:
            self.main.set_focus(results)

    def action_focus_article(self) -> None:
        """Focus the article view."""
        self.main.set_focus(self.main.article_view)

    def action_help(self) -> None:
        """Show every key binding."""
        from .screens.help import HelpScreen  # (screens the first frame does not show load when first shown)

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_bookmarks(self) -> None:
        """Show every bookmark."""
        from .screens.bookmarks import BookmarksScreen

        if not isinstance(self.screen, BookmarksScreen):
            self.push_screen(BookmarksScreen(self.session))

    def action_subscriptions(self) -> SubscriptionsScreen:
        """Show the subscriptions (the one open, if it is)."""
        shown = self._subscriptions_open()
        if shown is not None:
            while self.screen is not shown:
                self.pop_screen()
            return shown
        shown = SubscriptionsScreen(self.library)
        self.push_screen(shown)
        return shown

    def action_fetch(self) -> None:
        """Fetch every subscription in the background."""
        self.main.work.fetch()

    def action_watchlists(self) -> None:
        """Show the watchlists (the one open, if it is)."""
        from .screens.watchlists import WatchlistsScreen

        shown = self._watchlists_open()
        if shown is None:
            self._watchlists = WatchlistsScreen(self.library)
            self.push_screen(self._watchlists)
        else:
            while self.screen is not shown:
                self.pop_screen()

    def _watchlists_open(self) -> WatchlistsScreen | None:
        return self._watchlists if self._watchlists in self.screen_stack else None

    def action_add(self) -> None:
        """Ask for a path and add it in the background."""
        ask_paths(self.main, self.main.work.add)

    def action_toggle_sort(self) -> None:
        """Sort by relevance or newest first."""
        self.main.toggle_sort()

    # Requests that cross screens -------------------------------------------------

    def show_main(self) -> None:
        """Go back to the main screen (close what is over it)."""
        while self.screen is not self.main and len(self.screen_stack) > 1:
            self.pop_screen()

    @on(QueryRequested)
    def _query(self, event: QueryRequested) -> None:
        self.show_main()
        self.main.search_for(event.query)

    @on(ArticleRequested)
    def _article(self, event: ArticleRequested) -> None:
        self.show_main()
        self.main.load_article(event.article_id, event.passage)

    @on(ActorRequested)
    def _actor(self, event: ActorRequested) -> None:
        from .screens.actor import ActorScreen

        self.push_screen(ActorScreen(self.library, event.name))

    @on(ExportRequested)
    def _export(self, event: ExportRequested) -> None:
        ask_export(self.main, self.library, event.fmt)

    @on(WatchRequested)
    def _watch(self, event: WatchRequested) -> None:
        from .screens.watch_prompts import ask_watch

        ask_watch(self.screen, self.library, event.query, event.name)

    @on(WatchlistRequested)
    def _watchlist(self, event: WatchlistRequested) -> None:
        self.show_main()
        self.main.show_watchlist(event.name)

    @on(BookmarksChanged)
    def _bookmarks_changed(self, event: BookmarksChanged) -> None:
        self.main.refresh_bookmarks(event.article_id)

    @on(FetchRequested)
    def _fetch(self, event: FetchRequested) -> None:
        self.main.work.fetch(event.names, event.full_text)

    @on(FeedRequested)
    def _feed(self, event: FeedRequested) -> None:
        self.show_main()
        self.main.show_feed(event.url, event.name)

    @on(FeedsChanged)
    def _feeds_changed(self) -> None:
        self.main.refresh_results()  # an unsubscribe marks stories read

    def _subscriptions_open(self) -> SubscriptionsScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, SubscriptionsScreen)), None)

    @on(IndexProgress)
    def _progress(self, event: IndexProgress) -> None:
        """Long work runs on the main screen; its progress shows on the subscriptions screen too."""
        screen = self._subscriptions_open()
        if screen is not None:
            screen.show_progress(event)

    @on(IndexFinished)
    def _finished(self, event: IndexFinished) -> None:
        """Long work ended: the subscriptions screen says so and the watchlists screen counts again (when open)."""
        screen = self._subscriptions_open()
        if screen is not None:
            screen.work_finished(event)
        watchlists = self._watchlists_open()
        if watchlists is not None:
            watchlists.reload()

    # The one place errors become notices ---------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker ended (any screen's: they forward here): show what went wrong and what the library says."""
        for notice in self.library.notices():
            self.notify(clean_line(notice), title="Library", severity="warning", timeout=15, markup=False)
        error = event.worker.error
        if event.state != WorkerState.ERROR or error is None:
            return
        if isinstance(error, NewsdeskError):
            self.notify(clean_line(str(error)), title=event.worker.name or "", severity="error", timeout=10,
                        markup=False)
        else:
            self.notify(clean_line(f"{type(error).__name__}: {error}".splitlines()[0]), severity="error",
                        title="Something went wrong", timeout=10, markup=False)


def run_app(home: str | os.PathLike[str] | None) -> int:
    """Open the reader on a library; returns the exit status."""
    library = Library(Path(home) if home else None)
    try:
        NewsdeskApp(library).run()
    finally:
        library.close()
    return 0
