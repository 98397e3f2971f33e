"""Snippets: a window of article text around the query's words, with those words marked.

Also the one pattern that finds a query's words in text, shared by snippets and
the reader's highlighting so both mark exactly the same words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .models import Span

SNIPPET_CHARS = 200


def words_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern matching any of the words as a whole word (longest first)."""
    alternatives = "|".join(re.escape(w) for w in sorted({w for w in words if w.strip()}, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I) if alternatives else None


def _flatten(text: str) -> str:
    """One line of text with the same length, so marks keep their offsets."""
    return re.sub(r"\s", " ", text)


def lead_snippet(text: str, start: int = 0, end: int = 0) -> tuple[str, list[Span]]:
    """A snippet around [start, end) (or the opening of the text) with that span marked."""
    return window_snippet(text, [(start, end)] if end else [], start if end else 0)


def window_snippet(text: str, spans: Sequence[tuple[int, int]], focus: int) -> tuple[str, list[Span]]:
    """About SNIPPET_CHARS of text starting a little before `focus`, cut at spaces, spans marked."""
    lo = max(0, focus - SNIPPET_CHARS // 4)
    if lo:
        space = text.find(" ", lo, focus)
        lo = space + 1 if space >= 0 else lo
    hi = min(len(text), lo + SNIPPET_CHARS)
    if hi < len(text):
        space = text.rfind(" ", focus + 1, hi)
        hi = space if space > lo else hi
    prefix = "…" if lo else ""
    snippet = prefix + _flatten(text[lo:hi]) + ("…" if hi < len(text) else "")
    shift = len(prefix) - lo
    marks = [Span(a + shift, b + shift) for a, b in spans if lo <= a and b <= hi]
    return snippet, marks


def best_snippet(text: str, words: Sequence[str]) -> tuple[str, list[Span]]:
    """The window of text holding the most different query words, with every match marked."""
    pattern = words_pattern(words)
    matches = [(m.start(), m.end(), m.group().lower()) for m in pattern.finditer(text)] if pattern else []
    if not matches:
        return "", []
    return window_snippet(text, [(a, b) for a, b, _ in matches], _densest(matches))


def _densest(matches: Sequence[tuple[int, int, str]]) -> int:
    """Where a window of about 3/4 of a snippet holds the most different words (one pass, two pointers)."""
    reach = SNIPPET_CHARS * 3 // 4
    counts: dict[str, int] = {}
    best, best_count, right = matches[0][0], 0, 0
    for left, (start, _, word) in enumerate(matches):
        while right < len(matches) and matches[right][1] <= start + reach:
            counts[matches[right][2]] = counts.get(matches[right][2], 0) + 1
            right += 1
        if len(counts) > best_count:
            best, best_count = start, len(counts)
        if right > left:  # the window moves on past this match
            counts[word] -= 1
            if not counts[word]:
                del counts[word]
    return best
