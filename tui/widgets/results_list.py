"""The results list: a search's hits (or a feed's articles), three lines each, unread ones after a dot.

It keeps the hits it lists, so a story marked read or unread is shown again alone, without searching.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from dataclasses import replace
from functools import partial

from rich.console import Group
from rich.text import Text
from textual.binding import Binding
from textual.widgets.option_list import Option, OptionDoesNotExist

from index import Hit

from ..sanitize import clean_line
from ..texts import MARK, UNREAD, meta
from .lists import PickList

#: Results put in the list before the first paint; the others follow when typing pauses (REST_AFTER).
FIRST_PAINT = 10
#: Seconds after the first screenful of results before the rest join them (a newer listing makes it moot).
REST_AFTER = 0.15


class ResultsList(PickList):
    """Search results: title (after a dot when unread), source and date, and a snippet with the matched
    words marked."""

    BINDINGS = [Binding("escape", "app.focus_query", "Query", show=False)]

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The listed hits by article id.
        self.hits: dict[str, Hit] = {}

    def show(self, hits: Iterable[Hit]) -> None:
        """List new hits, the cursor on the first: a screenful before the first paint, the rest once typing
        pauses (so each key paints only a screenful)."""
        self.hits = listed = {hit.id: hit for hit in hits}
        self.clear_options()
        first = list(listed.values())[:FIRST_PAINT]
        self.add_options([Option(result_text(hit), id=hit.id) for hit in first])
        if listed:
            self.highlighted = 0
        if len(listed) > FIRST_PAINT:
            self.set_timer(REST_AFTER, partial(self._add_rest, listed))

    def _add_rest(self, listed: dict[str, Hit]) -> None:
        """Add the hits after the first screenful, unless other hits were listed meanwhile."""
        if self.hits is listed and self.option_count == FIRST_PAINT:
            rest = list(listed.values())[FIRST_PAINT:]
            self.add_options([Option(result_text(hit), id=hit.id) for hit in rest])

    def set_unread(self, article_id: str, unread: bool) -> None:
        """Mark a listed article unread or read: its dot comes or goes (nothing is searched again)."""
        hit = self.hits.get(article_id)
        if hit is not None and hit.unread != unread:
            self.hits[article_id] = hit = replace(hit, unread=unread)
            with suppress(OptionDoesNotExist):  # not yet in the list: it is added with its new state
                self.replace_option_prompt(article_id, result_text(hit))

    @property
    def highlighted_hit(self) -> Hit | None:
        """The hit under the cursor."""
        index = self.highlighted
        option = self.get_option_at_index(index) if index is not None else None
        return self.hits.get(option.id or "") if option is not None else None


def result_text(hit: Hit) -> Group:
    """Three lines per result (title, source and date, snippet), each cut to the pane's width."""
    title = Text(UNREAD if hit.unread else "", style="bold", no_wrap=True, overflow="ellipsis")
    title.append(clean_line(hit.title))
    where = Text(meta(hit.source, hit.date), style="dim", no_wrap=True, overflow="ellipsis")
    # Start the snippet a little before the first marked word so it shows on the one line.
    first = hit.marks[0].start if hit.marks else 0
    cut = max(0, first - 12)
    snippet = Text(("…" if cut else "") + clean_line(hit.snippet)[cut:], no_wrap=True, overflow="ellipsis")
    shift = (1 if cut else 0) - cut
    for mark in hit.marks:
        if mark.start + shift >= 0:
            snippet.stylize(MARK, mark.start + shift, mark.end + shift)
    return Group(title, where, snippet, Text(""))
