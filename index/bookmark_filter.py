"""The bookmarks filter language (words, "phrases", tag:x, actor:"Name") and tag clean-up."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .bookmark_models import Bookmark


def clean_tags(tags: Sequence[str]) -> list[str]:
    """Tags without '#', spaces or duplicates, in the order given."""
    seen: dict[str, None] = {}
    for tag in tags:
        for part in tag.replace(",", " ").split():
            part = part.strip().lstrip("#")
            if part:
                seen.setdefault(part, None)
    return list(seen)


_FILTER_TOKEN = re.compile(r'(\w+):"([^"]*)"|(\w+):(\S+)|"([^"]*)"|(\S+)')


def filter_bookmarks(bookmarks: Sequence[Bookmark], query: str) -> list[Bookmark]:
    """Bookmarks matching every part of a filter: words, "phrases", tag:x, actor:"Name"."""
    words: list[str] = []
    tags: list[str] = []
    actors: list[str] = []
    for m in _FILTER_TOKEN.finditer(query):
        field, value = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if field and field.lower() == "tag":
            tags.append(value.lstrip("#").lower())
        elif field and field.lower() == "actor":
            actors.append(value.lower())
        else:
            words.append((m.group(5) or m.group(6) or m.group(0)).lower())
    chosen = []
    for b in bookmarks:
        haystack = " ".join([b.quote, b.note, b.title]).lower()
        if (all(w in haystack for w in words)
                and all(t in {x.lower() for x in b.tags} for t in tags)
                and all(a in {x.lower() for x in b.actors} for a in actors)):
            chosen.append(b)
    return chosen
