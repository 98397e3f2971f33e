"""Bookmarks out: Markdown for writing, W3C Web Annotation JSON for other tools."""

from __future__ import annotations

from collections.abc import Sequence

from .bookmark_models import Bookmark

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def to_markdown(bookmarks: Sequence[Bookmark]) -> str:
    """Bookmarks grouped by article (in order of their newest bookmark), each a quote and its note."""
    groups: dict[str, list[Bookmark]] = {}
    for bookmark in bookmarks:
        groups.setdefault(bookmark.article_id, []).append(bookmark)
    lines = ["# Bookmarks", ""]
    for items in groups.values():
        first = items[0]
        lines.append(f"## {_one_line(first.title) or first.article_id}")
        lines.append("")
        meta = [first.source or "unknown source", first.date or "undated"]
        if first.url:
            meta.append(f"<{first.url}>")
        lines.append(" · ".join(_one_line(m) for m in meta))
        lines.append("")
        for bookmark in sorted(items, key=lambda b: (b.start is None, b.start or 0, b.id)):
            lines.extend("> " + line if line else ">" for line in bookmark.quote.strip().splitlines())
            if bookmark.orphaned:
                lines.append(">")
                lines.append("> *(no longer found in the article's current text)*")
            lines.append("")
            if bookmark.note.strip():
                lines.extend(bookmark.note.strip().splitlines())
                lines.append("")
            extra = []
            if bookmark.tags:
                extra.append("Tags: " + ", ".join(f"#{t}" for t in bookmark.tags))
            if bookmark.actors:
                extra.append("Actors: " + ", ".join(bookmark.actors))
            if extra:
                lines.append(" · ".join(extra))
                lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def to_annotations(bookmarks: Sequence[Bookmark]) -> list[dict[str, object]]:
    """One W3C Web Annotation per bookmark, with quote and position selectors."""
    return [annotation(b) for b in bookmarks]


def annotation(bookmark: Bookmark) -> dict[str, object]:
    """A bookmark as a W3C Web Annotation (https://www.w3.org/TR/annotation-model/)."""
    body: list[dict[str, object]] = []
    if bookmark.note.strip():
        body.append({"type": "TextualBody", "value": bookmark.note, "format": "text/plain",
                     "purpose": "commenting"})
    body.extend({"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in bookmark.tags)
    selectors: list[dict[str, object]] = [
        {"type": "TextQuoteSelector", "exact": bookmark.quote, "prefix": bookmark.prefix,
         "suffix": bookmark.suffix}]
    if bookmark.start is not None and bookmark.end is not None:
        selectors.append({"type": "TextPositionSelector", "start": bookmark.start, "end": bookmark.end})
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": f"urn:newsdesk:bookmark:{bookmark.id}",
        "type": "Annotation",
        "motivation": "commenting" if bookmark.note.strip() else "highlighting",
        "created": bookmark.created,
        "modified": bookmark.updated,
        "body": body,
        "target": {
            "source": bookmark.url or f"urn:newsdesk:article:{bookmark.article_id}",
            "selector": selectors,
        },
        "newsdesk": {"article_id": bookmark.article_id, "title": bookmark.title,
                     "actors": list(bookmark.actors), "orphaned": bookmark.orphaned},
    }


def _one_line(text: str) -> str:
    return " ".join(text.split())
