"""Sentences of an article, for the passage cursor, and finding selected text again.

Offsets are into the stored article text, like entity mentions and bookmarks.
"""

from __future__ import annotations

import re

#: A sentence ends at . ! or ? (and closing quotes or brackets) before white space and a capital,
#: digit or opening quote; or at a line break.
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
#: Words whose full stop does not end a sentence ("U.S. Defense", "Mr. Kim").
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Za-z]\.){1,4}|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|Gen|Gov|Sen|Rep|Lt|Col|Capt|Sgt|Inc|Ltd|Co|"
    r"Corp|No|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)$")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, without surrounding white space, in order."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for end in _END.finditer(text, line.start(), line.end()):
            if _ABBREVIATION.search(text, max(line.start(), end.start() - 12), end.start() + 1):
                continue
            spans.append((start, end.end()))
            start = end.end()
        spans.append((start, line.end()))
    return [_strip(text, a, b) for a, b in spans if text[a:b].strip()]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def locate(text: str, selected: str, near: int = 0) -> tuple[int, int] | None:
    """Where selected (rendered) text is in the source: exact, else with any white space or markup
    between its words; the occurrence nearest `near` wins."""
    words = selected.split()
    if not words:
        return None
    pattern = r"[\s*_`\[\]()#>]+".join(re.escape(w) for w in words)
    found = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    if not found:
        return None
    return min(found, key=lambda span: abs(span[0] - near))
