"""Finding a bookmarked passage again: its quote, with some context either side, in a text
that may have changed since (TextQuoteSelector-style anchoring)."""

from __future__ import annotations

import re

from .bookmark_models import Bookmark

#: Characters of context kept either side of a quote to find it again.
CONTEXT = 32


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """The text just before and after a passage."""
    return text[max(0, start - CONTEXT):start], text[end:end + CONTEXT]


def anchor(text: str, bookmark: Bookmark) -> tuple[int, int] | None:
    """Where a bookmark's quote is in a text: the occurrence whose context matches best."""
    quote = bookmark.quote
    if bookmark.start is not None and text[bookmark.start:bookmark.end] == quote:
        before, after = context(text, bookmark.start, bookmark.start + len(quote))
        if before == bookmark.prefix and after == bookmark.suffix:
            return bookmark.start, bookmark.start + len(quote)
    best: tuple[int, int, int] | None = None
    position = text.find(quote)
    while position >= 0:
        before, after = context(text, position, position + len(quote))
        score = _common_suffix(before, bookmark.prefix) + _common_prefix(after, bookmark.suffix)
        distance = abs(position - (bookmark.start or 0))
        if best is None or (score, -distance) > (best[0], -best[1]):
            best = (score, distance, position)
        position = text.find(quote, position + 1)
    return (best[2], best[2] + len(quote)) if best else None


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where a quote first occurs in a text, exactly or with any run of white space for a space."""
    position = text.find(quote)
    if position >= 0:
        return position, position + len(quote)
    words = quote.split()
    if not words:
        return None
    match = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (match.start(), match.end()) if match else None
