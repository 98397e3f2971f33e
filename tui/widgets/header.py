"""The main screen's top line: the library's size, the query, what is running, and the help keys."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from ..sanitize import clean_line
from ..words import plural


class ReaderHeader(Static):
    """One line that follows three reactives: articles, search (the query) and status."""

    DEFAULT_CSS = "ReaderHeader { height: 1; padding: 0 1; background: $panel; color: $text; }"

    articles: reactive[int] = reactive(0)
    search: reactive[str] = reactive("")
    status: reactive[str] = reactive("")

    def render(self) -> Text:
        """The line as it stands."""
        text = Text(" newsdesk", style="bold")
        text.append(f"  ·  {plural(self.articles, 'article')}")
        if self.search:
            text.append("  ·  query: ")
            text.append(clean_line(self.search)[:60], style="bold")
        if self.status:
            text.append(f"  ·  {clean_line(self.status)}")
        text.append("      ? help  ^p commands", style="dim")
        return text
