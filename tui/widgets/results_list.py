"""The results list: a search's hits (or a feed's, or a watchlist's articles), three lines each (see
`result_rows`), unread ones after a dot, some with a badge ("new"), and a story's other versions under
it when asked for.

It keeps the hits it lists, so a story marked read or unread, or a badge that goes, is shown again alone,
without searching.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import replace
from functools import partial

from rich.console import Group
from textual.binding import Binding
from textual.widgets.option_list import Option, OptionDoesNotExist

from index import Hit, StoryMember

from .lists import PickList
from .result_rows import result_text, version_text

#: Results put in the list before the first paint; the others follow when typing pauses (REST_AFTER).
FIRST_PAINT = 10
#: Seconds after the first screenful of results before the rest join them (a newer listing makes it moot).
REST_AFTER = 0.15


class ResultsList(PickList):
    """Search results: title (after a dot when unread, and a badge), source, date and "+N sources", and a
    snippet with the matched words marked; a story's versions under it (`↳`) when shown."""

    BINDINGS = [Binding("escape", "app.focus_query", "Query", show=False)]

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The listed hits by article id.
        self.hits: dict[str, Hit] = {}
        #: Badges beside some titles, by article id ("new" to a watchlist, "same story").
        self.badges: dict[str, str] = {}
        #: Stories shown with their versions under them: hit id -> the other versions listed.
        self.expanded: dict[str, tuple[StoryMember, ...]] = {}

    def show(self, hits: Iterable[Hit], badges: Mapping[str, str] | None = None) -> None:
        """List new hits, the cursor on the first: a screenful before the first paint, the rest once typing
        pauses (so each key paints only a screenful)."""
        self.hits = listed = {hit.id: hit for hit in hits}
        self.badges, self.expanded = dict(badges or {}), {}
        rows = self._rows(list(listed.values())[:FIRST_PAINT])
        if rows:
            self.set_options(rows)  # (not clear, then add: the list's size changes once, not twice)
        else:
            self.clear_options()
        if listed:
            self.highlighted = 0
        if len(listed) > FIRST_PAINT:
            self.set_timer(REST_AFTER, partial(self._add_rest, listed))

    def _add_rest(self, listed: dict[str, Hit]) -> None:
        """Add the hits after the first screenful, unless other hits were listed meanwhile."""
        if self.hits is listed and self.option_count == FIRST_PAINT:
            self.add_options(self._rows(list(listed.values())[FIRST_PAINT:]))

    def _rows(self, hits: Iterable[Hit]) -> list[Option]:
        """Each hit, and the versions of an expanded story under it."""
        options = []
        for hit in hits:
            versions = self.expanded.get(hit.id, ())
            options.append(Option(self._prompt(hit), id=hit.id))
            options += [Option(version_text(v, last=i == len(versions) - 1), id=v.id) for i, v in enumerate(versions)]
        return options

    def _prompt(self, hit: Hit) -> Group:
        return result_text(hit, self.badges.get(hit.id, ""), gap=hit.id not in self.expanded)

    def _redraw(self, hit: Hit) -> None:
        with suppress(OptionDoesNotExist):  # not yet in the list: it is added with its new state
            self.replace_option_prompt(hit.id, self._prompt(hit))

    def set_unread(self, article_id: str, unread: bool) -> None:
        """Mark a listed article unread or read: its dot comes or goes (nothing is searched again)."""
        hit = self.hits.get(article_id)
        if hit is not None and hit.unread != unread:
            self.hits[article_id] = hit = replace(hit, unread=unread)
            self._redraw(hit)

    def set_badge(self, article_id: str, badge: str) -> None:
        """Show another badge beside a listed title ("": none)."""
        hit = self.hits.get(article_id)
        if hit is not None and self.badges.get(article_id, "") != badge:
            self.badges[article_id] = badge
            self._redraw(hit)

    def story_of(self, option_id: str) -> str | None:
        """The listed hit an option belongs to (itself, or the story a version row is under)."""
        if option_id in self.hits:
            return option_id
        return next((hit_id for hit_id, versions in self.expanded.items()
                     if any(v.id == option_id for v in versions)), None)

    def show_versions(self, hit_id: str, versions: Sequence[StoryMember]) -> None:
        """List a story's other versions under it (none: fold them away again); the cursor stays on it."""
        if hit_id not in self.hits:
            return
        listed = set(self.hits) | {v.id for k, shown in self.expanded.items() if k != hit_id for v in shown}
        shown = tuple(v for v in versions if v.id not in listed)
        if versions and not shown:
            self.notify("Its other versions are listed already", timeout=3)
            return
        if shown:
            self.expanded[hit_id] = shown
        else:
            self.expanded.pop(hit_id, None)
        self.clear_options()
        self.add_options(self._rows(self.hits.values()))
        self.highlighted = self.get_option_index(hit_id)
        if shown:
            self.scroll_to_highlight()

    @property
    def highlighted_hit(self) -> Hit | None:
        """The hit under the cursor."""
        index = self.highlighted
        option = self.get_option_at_index(index) if index is not None else None
        return self.hits.get(option.id or "") if option is not None else None
