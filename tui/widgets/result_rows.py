"""How a listed article looks in the results: a story once, with "+N sources", a badge beside some
titles ("new" to a watchlist), and a story's other versions under it when asked for (`v`).

Titles and sources are data: they are sanitized and styled by spans, never formatted into markup.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from index import Hit, StoryMember

from ..sanitize import clean_line
from ..texts import BADGE, MARK, UNREAD, meta, more_sources

#: What leads the lines of a version listed under its story.
VERSION = "  ↳ "


def result_text(hit: Hit, badge: str = "", gap: bool = True) -> Group:
    """Three lines per result (a dot when unread, a badge and the title; source, date and "+N sources"; the
    snippet), each cut to the pane's width, and a blank line unless the story's versions follow (`gap=False`)."""
    title = Text(UNREAD if hit.unread else "", style="bold", no_wrap=True, overflow="ellipsis")
    if badge:
        title.append(badge, style=BADGE)
        title.append(" ")
    title.append(clean_line(hit.title), style="bold")
    where = Text(meta(hit.source, hit.date, more_sources(hit.story_size)), style="dim", no_wrap=True,
                 overflow="ellipsis")
    # Start the snippet a little before the first marked word so it shows on the one line.
    first = hit.marks[0].start if hit.marks else 0
    cut = max(0, first - 12)
    snippet = Text(("…" if cut else "") + clean_line(hit.snippet)[cut:], no_wrap=True, overflow="ellipsis")
    shift = (1 if cut else 0) - cut
    for mark in hit.marks:
        if mark.start + shift >= 0:
            snippet.stylize(MARK, mark.start + shift, mark.end + shift)
    return Group(title, where, snippet, Text("")) if gap else Group(title, where, snippet)


def version_text(member: StoryMember, last: bool) -> Group:
    """Another version of the story above: "↳ title", then its source and date (a blank line after the last)."""
    title = Text(VERSION, style="dim", no_wrap=True, overflow="ellipsis")
    title.append(clean_line(member.title))
    where = Text(" " * len(VERSION) + meta(member.source, member.date), style="dim", no_wrap=True,
                 overflow="ellipsis")
    return Group(title, where, Text("")) if last else Group(title, where)
