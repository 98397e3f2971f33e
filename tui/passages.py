"""Finding text selected with the mouse again in the article's source text.

Offsets are into the stored article text, like entity mentions and bookmarks.
"""

from __future__ import annotations

import re


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
