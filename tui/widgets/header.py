"""The main screen's top line: the library's size, what is unread, the query, and keys that work
everywhere."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from ..sanitize import clean_line
from ..words import plural


class ReaderHeader(Static):
    """One line that follows three reactives: articles, unread and search (the query); the query is cut,
    the keys never."""

    DEFAULT_CSS = "ReaderHeader { height: 1; padding: 0 1; background: $panel; color: $text; }"

    articles: reactive[int] = reactive(0)
    #: Stories a fetch brought that are not opened yet.
    unread: reactive[int] = reactive(0)
    search: reactive[str] = reactive("")

    def render(self) -> Table:
        """The line as it stands."""
        text = Text(" newsdesk", style="bold", no_wrap=True, overflow="ellipsis")
        text.append(f"  ·  {plural(self.articles, 'article')}")
        if self.unread:
            text.append(f"  ·  {self.unread} unread")
        if self.search:
            text.append("  ·  query: ")
            text.append(clean_line(self.search), style="bold")
        line = Table.grid(expand=True)
        line.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        line.add_column(justify="right", no_wrap=True)
        line.add_row(text, Text("  F1 help  ^p commands  ^q quit", style="dim"))
        return line
