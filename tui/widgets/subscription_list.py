"""The subscriptions list: each feed under its group, with its unread and article counts, when it was
last fetched, its URL and, when its last fetch failed, the error in words.

Feed titles, URLs and errors come from the network: they are sanitized and appended as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.widgets.option_list import Option

from ..sanitize import clean_line
from ..texts import UNREAD
from ..words import plural
from .lists import PickList

if TYPE_CHECKING:
    from index import Subscription

#: Before the error line of a feed whose last fetch failed: seen without colour too.
FAILED = "✗ "


class SubscriptionList(PickList):
    """Subscriptions by group (the group names are headings the cursor skips); option ids are URLs."""

    DEFAULT_CSS = """
    SubscriptionList, SubscriptionList:focus { border: none; height: 1fr; padding: 0; background: transparent; }
    SubscriptionList > .option-list--option-disabled { color: $text; text-style: bold underline; }
    """

    def show(self, subs: Sequence[Subscription], select: str | None = None) -> None:
        """List subscriptions (in the library's order: by group, then title), the cursor on `select` (a URL)
        if given, else kept on its feed."""
        keep = select or self.current_url
        error_style = f"bold {self.app.get_css_variables().get('text-error', '')}".strip()
        options: list[Option] = []
        group: str | None = None
        for sub in subs:
            if sub.group != group:
                group = sub.group
                options.append(Option(Text(" " + (clean_line(group) or "No group"), no_wrap=True,
                                           overflow="ellipsis"),
                                      disabled=True))
            options.append(Option(entry(sub, error_style), id=sub.url))
        self.clear_options()
        self.add_options(options)
        ids = [o.id for o in options]
        if keep is not None and keep in ids:
            self.highlighted = ids.index(keep)
        elif subs:
            self.action_first()

    @property
    def current_url(self) -> str | None:
        """The URL of the subscription under the cursor."""
        index = self.highlighted
        return self.get_option_at_index(index).id if index is not None and index < self.option_count else None


def entry(sub: Subscription, error_style: str = "bold") -> Group:
    """A subscription as lines: its name and counts; when it was fetched and its URL; its last error."""
    head = Text("  ", no_wrap=True, overflow="ellipsis")
    head.append(UNREAD if sub.unread else "  ", style="bold")
    head.append(clean_line(sub.name), style="bold")
    head.append(f"   {sub.unread} unread · {plural(sub.articles, 'article')}" if sub.articles else "   no articles yet",
                style="" if sub.unread else "dim")
    where = Text(f"    {fetched_at(sub.last_fetch)} · ", style="dim", no_wrap=True, overflow="ellipsis")
    where.append(clean_line(sub.url))
    if sub.not_before:
        where.append(f" · the server asked to wait until {fetched_at(sub.not_before, '')}")
    lines = [head, where]
    if sub.last_error:
        failures = f" ({sub.failures} in a row)" if sub.failures > 1 else ""
        error = Text(f"    {FAILED}last fetch failed{failures}: ", style=error_style)
        error.append(clean_line(sub.last_error))
        lines.append(error)
    return Group(*lines, Text(""))


def fetched_at(stamp: str | None, lead: str = "fetched ") -> str:
    """A UTC ISO 8601 time as local "fetched 2026-11-05 10:00", or "never fetched"."""
    if not stamp:
        return "never fetched"
    try:
        when = datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return lead + clean_line(stamp)
    return lead + when.strftime("%Y-%m-%d %H:%M")
