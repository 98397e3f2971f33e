"""The Textual app: key bindings, the palette, and turning errors into notices.

The engine work lives in the main screen's workers; this module stays small.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from index import Library

from .actor_flow import ActorFlow, ActorSuggester
from .commands import NewsdeskCommands
from .screens.help import HelpScreen
from .screens.input_dialog import InputDialog
from .screens.main import MainScreen


class NewsdeskApp(ActorFlow):
    """newsdesk: search, read and follow actors in a library of news."""

    TITLE = "newsdesk"
    CSS_PATH = Path(__file__).with_name("app.tcss")
    COMMANDS = App.COMMANDS | {NewsdeskCommands}
    BINDINGS = [
        Binding("slash", "focus_query", "Search"),
        Binding("question_mark", "help", "Help"),
        Binding("B", "bookmarks", "Bookmarks"),
        Binding("A", "add", "Add files"),
        Binding("s", "toggle_sort", "Sort", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.actor_suggester = ActorSuggester()

    def on_mount(self) -> None:
        self.push_screen(MainScreen(self.library, self.actor_suggester))
        self.find_drafts()

    def on_main_screen_library_ready(self) -> None:
        """The library is indexed: load what the completions need."""
        self.load_actor_names()

    def search_for(self, query: str) -> None:
        """Run a query from anywhere (palette, sidebar)."""
        self.main.search_for(query)

    def action_focus_query(self) -> None:
        """Focus the search box."""
        self.main.search_pane.query_input.focus()

    def action_focus_results(self) -> None:
        """Focus the results list."""
        results = self.main.search_pane.results_list
        if results.option_count:
            results.focus()

    def action_focus_article(self) -> None:
        """Focus the article view."""
        self.main.article_view.focus()

    def action_help(self) -> None:
        """Show every key binding."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_sort(self) -> None:
        """Sort by relevance or newest first."""
        self.main.toggle_sort()

    def action_add(self) -> None:
        """Ask for a path and add it in the background."""
        def added(path: str | None) -> None:
            if path:
                self.main.add_paths([path])

        self.push_screen(InputDialog("Add files or a folder",
                                    "Path of a .txt or .md file, or of a folder (searched recursively):",
                                    placeholder="~/articles", must_exist=True), added)

    def action_rebuild(self) -> None:
        """Rebuild the index from the store in the background."""
        self.main.rebuild()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Turn an unexpected worker error into a notice instead of a crash."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(f"{type(error).__name__}: {error}".splitlines()[0], severity="error",
                        title="Something went wrong", timeout=10)


def run_app(home: str | os.PathLike[str] | None) -> int:
    """Open the reader on a library; returns the exit status."""
    library = Library(Path(home) if home else None)
    try:
        NewsdeskApp(library).run()
    finally:
        library.close()
    return 0
