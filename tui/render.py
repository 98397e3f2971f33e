"""Article text -> display blocks that remember where each character came from.

Markdown is parsed with markdown-it-py and rendered by us (not by Textual's
Markdown widget) so that search hits and entity mentions, given as offsets
into the stored text, can be styled on the rendered text. Every block keeps
segments mapping rendered positions back to source offsets. Text is sanitized
one character for one, so offsets survive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from .sanitize import clean_line

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_parser: MarkdownIt | None = None


def _markdown() -> MarkdownIt:
    """The Markdown parser, made when the first article is shown (not at launch)."""
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt

        _parser = MarkdownIt("commonmark")
    return _parser


@dataclass
class Block:
    """One displayed paragraph, heading, quote or list item."""

    kind: str
    text: Text
    #: (rendered start, source start, length) runs, in order.
    segments: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def source_start(self) -> int:
        """The first source offset shown in this block."""
        return self.segments[0][1] if self.segments else -1

    @property
    def source_end(self) -> int:
        """One past the last source offset shown in this block."""
        return self.segments[-1][1] + self.segments[-1][2] if self.segments else -1

    def stylize(self, start: int, end: int, style: str | Style) -> bool:
        """Style the rendered characters that come from source [start, end); True if any did."""
        hit = False
        for r_start, s_start, length in self.segments:
            lo, hi = max(start, s_start), min(end, s_start + length)
            if lo < hi:
                self.text.stylize(style, r_start + lo - s_start, r_start + hi - s_start)
                hit = True
        return hit

    def append(self, rendered: str, source_start: int | None, style: str = "") -> None:
        """Add rendered text; when source_start is given, it maps 1:1 to the source."""
        if not rendered:
            return
        if source_start is not None:
            self.segments.append((len(self.text), source_start, len(rendered)))
        self.text.append(clean_line(rendered), style=style)


def render(text: str, markdown: bool) -> list[Block]:
    """The display blocks of an article body."""
    return _render_markdown(text) if markdown else _render_plain(text)


def _render_plain(text: str) -> list[Block]:
    blocks = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            block = Block("paragraph", Text())
            block.append(match.group(), match.start())
            blocks.append(block)
    return blocks


def _render_markdown(text: str) -> list[Block]:
    lines = text.split("\n")
    line_starts = [0]
    for line in lines:
        line_starts.append(line_starts[-1] + len(line) + 1)
    blocks: list[Block] = []
    context: list[str] = []
    pending_prefix = ""
    in_heading = False
    for token in _markdown().parse(text):
        if token.type in ("blockquote_open", "bullet_list_open", "ordered_list_open"):
            context.append(token.type.split("_")[0])
        elif token.type in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
            context.pop()
        elif token.type == "list_item_open":
            pending_prefix = "• " if context and context[-1] == "bullet" else f"{token.info or '1'}. "
        elif token.type in ("heading_open", "heading_close"):
            in_heading = token.type == "heading_open"
        elif token.type == "inline" and token.map:
            kind = "heading" if in_heading else (
                "quote" if "blockquote" in context else "item" if pending_prefix else "paragraph")
            block = Block(kind, Text())
            if "blockquote" in context:
                block.append("▌ ", None, "dim")
            if pending_prefix:
                block.append(pending_prefix, None, "dim")
                pending_prefix = ""
            start = line_starts[token.map[0]]
            end = line_starts[min(token.map[1], len(lines))]
            _inline(block, token.children or [], text, start, end)
            if block.text.plain.strip():
                blocks.append(block)
        elif token.type in ("fence", "code_block") and token.map:
            block = Block("code", Text())
            start = text.find(token.content, line_starts[token.map[0]])
            block.append(token.content.rstrip("\n"), start if start >= 0 else None, "dim")
            blocks.append(block)
    return blocks


def _inline(block: Block, children: Iterable[Token], text: str, start: int, end: int) -> None:
    """Render inline tokens, finding each text run in the source to keep offsets."""
    cursor = start
    styles: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            content = child.content
            found = text.find(content, cursor, end)
            style = " ".join(styles + (["bold"] if kind == "code_inline" else []))
            if found >= 0:
                block.append(content, found, style)
                cursor = found + len(content)
            else:
                block.append(content, None, style)
        elif kind in ("softbreak", "hardbreak"):
            block.append(" " if kind == "softbreak" else "\n", None)
        elif kind == "em_open":
            styles.append("italic")
        elif kind == "strong_open":
            styles.append("bold")
        elif kind == "link_open":
            styles.append("underline")
        elif kind in ("em_close", "strong_close", "link_close") and styles:
            styles.pop()
        elif kind == "image":
            block.append(f"[image: {child.content}]", None, "dim")
