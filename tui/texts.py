"""Rich `Text` for what both faces show: metadata lines, marked snippets, a bookmark entry,
an actor's header and its keyword-in-context lines.

Untrusted text is sanitized and styled by spans; no markup string is built from data.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date as Date
from typing import TYPE_CHECKING

from rich.text import Text

from .sanitize import clean_line
from .words import plural

if TYPE_CHECKING:
    from index import Actor, ActorLine, Bookmark, Span

#: Style of matched words in snippets and of a mention in its sentence.
MARK = "bold reverse"
#: Before the title of a story a fetch brought that is not opened yet: seen without colour too.
UNREAD = "● "
#: Characters of a sentence kept before the mention in an actor's lines.
CONTEXT = 50
#: Style of a badge beside a title ("new" to a watchlist, "same story" in "more like this"): reverse
#: video, so it shows without colour.
BADGE = "bold reverse"


def day(value: Date | str | None) -> str:
    """A date as YYYY-MM-DD, or "undated"."""
    if value is None or value == "":
        return "undated"
    return value if isinstance(value, str) else value.isoformat()


def meta(source: str, when: Date | str | None, *more: str) -> str:
    """"source · date · more…", sanitized, for a result, an article or a passage."""
    return " · ".join([clean_line(source) or "unknown source", day(when), *(clean_line(m) for m in more if m)])


def more_sources(story_size: int) -> str:
    """"+2 sources" for a story that other articles tell too, else ""."""
    return f"+{plural(story_size - 1, 'source')}" if story_size > 1 else ""


def marked(text: str, marks: Iterable[Span], shift: int = 0, style: str = MARK) -> Text:
    """One line of text with marked spans (offsets shifted by `shift`; spans cut off are skipped)."""
    line = Text(clean_line(text))
    for mark in marks:
        if mark.start + shift >= 0:
            line.stylize(style, mark.start + shift, mark.end + shift)
    return line


def bookmark_entry(b: Bookmark, lead: str = "") -> list[Text]:
    """A bookmark as lines: date, title, tags (and whether it is orphaned); the quote; the note."""
    head = Text(f"{lead}{b.created[:10]}  ", style="dim")
    head.append(clean_line(b.title), style="bold")
    if b.tags:
        head.append("  " + clean_line(" ".join(f"#{t}" for t in b.tags)), style="dim")
    if b.orphaned:
        head.append("  (orphaned: the article text changed)", style="bold yellow")
    indent = " " * (len(lead) + 2)
    lines = [head, Text(f"{indent}“{clean_line(b.quote)}”")]
    if b.note.strip():
        lines.append(Text(indent + clean_line(b.note), style="italic"))
    return lines


def actor_header(actor: Actor, colour: str) -> Text:
    """"Name · type · N articles · N mentions · also written: …"."""
    head = Text(clean_line(actor.name), style=f"bold {colour}".strip())
    head.append(f" · {actor.type} · {plural(actor.articles, 'article')} · {plural(actor.mentions, 'mention')}")
    if actor.aliases:
        head.append(" · also written: " + clean_line(", ".join(actor.aliases[:8])), style="dim")
    return head


def sentences_once(lines: Iterable[ActorLine]) -> list[tuple[ActorLine, list[Span]]]:
    """Each sentence (the engine gives each once) with every mention of the actor in it."""
    return [(line, list(line.marks or (line.mark,))) for line in lines]


def actor_line(line: ActorLine, marks: Iterable[Span], whole: bool = False) -> list[Text]:
    """One sentence mentioning an actor: date, title and source, then the sentence with the mentions marked
    (starting a little before the first mention, unless `whole`)."""
    head = Text(no_wrap=True, overflow="ellipsis")
    head.append(f"{day(line.date)}  ", style="dim")
    head.append(clean_line(line.title), style="bold")
    head.append(f"  {clean_line(line.source)}", style="dim")
    marks = sorted(marks, key=lambda m: m.start)
    cut = max(0, marks[0].start - CONTEXT) if marks and not whole else 0
    lead = "  " + ("…" if cut else "")
    row = marked(lead + line.sentence[cut:], marks, shift=len(lead) - cut)
    row.no_wrap, row.overflow = True, "ellipsis"
    return [head, row]
