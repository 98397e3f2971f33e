"""The one sentence splitter: the reader's passage cursor and the actor view both use it.

Offsets are into the stored article text, like entity mentions and bookmarks.
A sentence ends at . ! or ? (and closing quotes or brackets) before white space
and a capital, digit or opening quote, or at a line break; a full stop after
an initial or a common abbreviation ("U.S. Defense", "Mr. Kim") does not end one.
"""

from __future__ import annotations

import re

_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
#: Words whose full stop does not end a sentence.
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Za-z]\.){1,4}|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|Gen|Gov|Sen|Rep|Lt|Col|Capt|Sgt|Inc|Ltd|Co|"
    r"Corp|No|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)$")
_LINE = re.compile(r"[^\n]+")
#: How far the actor view looks either side of a mention for the ends of its sentence.
WINDOW = 400


def split_sentences(text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence in text[lo:hi], without surrounding white space, in order."""
    hi = len(text) if hi is None else hi
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text, lo, hi):
        start = line.start()
        for end in _END.finditer(text, line.start(), line.end()):
            if _ABBREVIATION.search(text, max(line.start(), end.start() - 12), end.start() + 1):
                continue
            spans.append((start, end.end()))
            start = end.end()
        spans.append((start, line.end()))
    return [_strip(text, a, b) for a, b in spans if text[a:b].strip()]


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or sentences) holding text[start:end], looking at most WINDOW characters either side."""
    lo, hi = max(0, start - WINDOW), min(len(text), end + WINDOW)
    around = [(a, b) for a, b in split_sentences(text, lo, hi) if a < max(end, start + 1) and b > start]
    if not around:
        return lo, hi
    return min(around[0][0], start), max(around[-1][1], end)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
