"""The article view's paragraphs and how they are marked: entities in their type's colour, search hits,
bookmarked passages, the actor picked in the sidebar and the passage under the cursor.

Plain functions over rendered `Block`s (see `tui.render`), apart from the widget so the view keeps only
what it shows and the keys that move through it. Styles are appended as spans: article text is never
read as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.widgets import Static

from index import Article, Bookmark, StoryMember, words_pattern

from ..kinds import theme_colour
from ..render import Block, render
from ..sanitize import clean_line
from ..texts import meta
from ..words import plural

#: Other versions of the story named under the metadata (the rest are counted).
VERSIONS_SHOWN = 4

#: Search hits: reverse video. The actor picked in the sidebar: bold, double underline (never reverse,
#: so the two differ without colour). Bookmarked passages: underlined.
HIT = "bold reverse"
SELECTED = "bold underline2"


class BlockView(Static):
    """One rendered paragraph of the article."""

    # The passage gutter and the current-hit gutter differ in shape, not only in colour.
    DEFAULT_CSS = """
    BlockView { padding: 0 1 1 1; }
    BlockView.heading { text-style: bold; }
    BlockView.passage { border-left: outer $accent; padding-left: 0; }
    BlockView.hit { border-left: double $text-primary; padding-left: 0; }
    """


def paint(article: Article, colours: Mapping[str, str], selected_actor: str | None,
          bookmarks: Sequence[Bookmark], terms: Sequence[str]) -> tuple[list[Block], list[int]]:
    """Render an article with its entities, bookmarks and search hits marked (once per article, not per
    cursor move).

    Returns:
        The blocks, and the indexes of those holding a search hit, in order.
    """
    blocks = render(article.text, article.format == "markdown")
    for entity in article.entities:
        colour = theme_colour(colours, entity.type)
        style = f"{SELECTED} {colour}" if entity.actor == selected_actor else colour
        for block in blocks:
            if block.source_start <= entity.start < block.source_end:
                block.stylize(entity.start, entity.end, style)
    for bookmark in bookmarks:
        if bookmark.start is not None and bookmark.end is not None:
            for block in blocks:
                block.stylize(bookmark.start, bookmark.end, "underline")
    hit_blocks: list[int] = []
    pattern = words_pattern(terms)
    if pattern is not None:
        hit_style = f"{HIT} {colours.get('accent', '')}"
        for match in pattern.finditer(article.text):
            for i, block in enumerate(blocks):
                if block.stylize(match.start(), match.end(), hit_style) and i not in hit_blocks:
                    hit_blocks.append(i)
    return blocks, hit_blocks


def note_line(bookmarks: Sequence[Bookmark], start: int, end: int) -> str:
    """The note of the first bookmark overlapping source [start, end), as one short line ("" if none)."""
    note = next((b for b in bookmarks if b.start is not None and b.start < end and (b.end or 0) > start), None)
    return clean_line(f"note: {note.note}" if note and note.note else "")[:120]


def sentences_for(sentences: Sequence[tuple[int, int]], passage: tuple[int, int]) -> tuple[int, int]:
    """The first and last sentence a passage (source offsets) covers; (0, 0) if it covers none."""
    start, end = passage
    covered = [i for i, (a, b) in enumerate(sentences) if a < end and b > start]
    return (covered[0], covered[-1]) if covered else (0, 0)


def versions_text(others: Sequence[StoryMember]) -> Text:
    """"Also told by N other versions", then the first few of them with their source and date."""
    text = Text(f"Also told by {plural(len(others), 'other version')} (v: open one)", style="bold")
    for member in others[:VERSIONS_SHOWN]:
        text.append("\n  " + clean_line(member.title), style="")
        text.append(" · " + meta(member.source, member.date))
    if len(others) > VERSIONS_SHOWN:
        text.append(f"\n  and {len(others) - VERSIONS_SHOWN} more")
    return text
