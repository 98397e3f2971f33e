"""How the command line prints results, articles, actors and progress (Rich).

Untrusted text is sanitized and styled by spans on `Text` objects; no markup
string is ever built from article text.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress
from rich.text import Text

from .sanitize import clean, clean_line
from .sparkline import month_series, sparkline
from .words import plural

if TYPE_CHECKING:
    from index import Actor, ActorProfile, Article, Bookmark, Entity, Hit, Progress, SearchResults, Story

#: One style per entity type, the same in every command.
TYPE_STYLES = {"person": "magenta", "organization": "cyan", "place": "green",
               "group": "yellow", "other": "blue"}
TYPE_HEADINGS = {"person": "People", "organization": "Organizations", "place": "Places",
                 "group": "Groups", "other": "Other"}
PHASES = {"scan": "Scanning", "read": "Reading", "fetch": "Fetching feeds", "extract": "Extracting entities",
          "wait": "Waiting", "index": "Indexing", "done": "Done"}

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def progress_bar(steps: Iterator[Progress], label: str, quiet_if_empty: bool = False) -> Progress:
    """Show a progress generator on stderr and return its last step.

    With `quiet_if_empty`, a generator that yields nothing shows nothing and returns an empty "done".
    """
    if quiet_if_empty:
        first = next(steps, None)
        if first is None:
            from index import Progress as Step

            return Step("done", 0, 0)
        steps = itertools.chain([first], steps)
    last: Progress | None = None
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn("[dim]{task.fields[current]}"))
    with RichProgress(*columns, console=err_console, transient=True,
                      disable=not err_console.is_terminal) as bar:
        task = bar.add_task(label, total=None, current="")
        for step in steps:
            last = step
            current = clean_line(step.current)[-50:]
            bar.update(task, description=f"{label}: {PHASES.get(step.phase, step.phase)}",
                       completed=step.done, total=step.total or None, current=current)
    if last is None:
        raise RuntimeError("nothing was reported")
    return last


def print_results(results: SearchResults) -> None:
    """Numbered hits with title, source, date, id and a marked snippet."""
    if results.suggestion:
        console.print(Text.assemble("did you mean: ", (clean_line(results.suggestion), "bold")))
    count = f"{results.total} result{'s' if results.total != 1 else ''}"
    shown = f", showing {len(results)}" if len(results) < results.total else ""
    if shown and any(hit.story_size > 1 for hit in results):
        shown += " (each story once)"
    console.print(Text(count + shown, style="dim"))
    for n, hit in enumerate(results, 1):
        print_hit(n, hit)
    facets = [f"{f.value} {f.count}" for f in results.actor_facets[:6]]
    if facets:
        console.print(Text("actors: " + clean_line(" · ".join(facets)), style="dim"))


def print_hit(n: int, hit: Hit, badge: str = "") -> None:
    """One numbered hit: title (and a badge such as "new"), source, date, id, "+N sources", snippet."""
    head = Text.assemble((f"{n:>2}. ", "dim"), (clean_line(hit.title), "bold"))
    if badge:
        head.append(f"  {badge}", style="bold cyan")
    console.print(head)
    meta = [clean_line(hit.source) or "unknown source", hit.date.isoformat() if hit.date else "undated", hit.id]
    if hit.story_size > 1:
        meta.append(f"+{plural(hit.story_size - 1, 'source')}")
    console.print(Text("    " + " · ".join(meta), style="dim"))
    snippet = Text("    " + clean_line(hit.snippet))
    for mark in hit.marks:
        snippet.stylize("bold reverse", mark.start + 4, mark.end + 4)
    console.print(snippet)


def print_versions(story: Story, article_id: str) -> None:
    """The other versions of an article's story, one line each (nothing when it stands alone)."""
    others = story.others(article_id)
    if others:
        console.print()
        console.print(Text(f"Also told by {plural(len(others), 'other version')}:", style="bold"))
    for m in others:
        console.print(Text("  " + " · ".join([clean_line(m.title), clean_line(m.source) or "unknown source",
                                              m.date.isoformat() if m.date else "undated", m.id]), style="dim"))


def article_text(article: Article) -> Text:
    """The article body with each entity mention coloured by type."""
    text = Text(clean(article.text))
    for entity in article.entities:
        text.stylize(TYPE_STYLES.get(entity.type, ""), entity.start, entity.end)
    return text


def print_article(article: Article) -> None:
    """Title, metadata, the body with entities coloured, then the actors."""
    console.print(Text(clean_line(article.title), style="bold"))
    meta = [clean_line(article.source) or "unknown source",
            article.date.isoformat() if article.date else "undated", article.id]
    if article.url:
        meta.append(clean_line(article.url))
    console.print(Text(" · ".join(meta), style="dim"))
    console.print()
    console.print(article_text(article))
    console.print()
    counts: dict[tuple[str, str], int] = {}
    for entity in article.entities:
        counts[(entity.type, entity.actor)] = counts.get((entity.type, entity.actor), 0) + 1
    for kind, heading in TYPE_HEADINGS.items():
        names = sorted(((n, c) for (k, n), c in counts.items() if k == kind), key=lambda x: (-x[1], x[0]))
        if names:
            line = Text(f"{heading}: ", style=f"bold {TYPE_STYLES[kind]}")
            line.append(clean_line(", ".join(f"{n} ({c})" for n, c in names)))
            console.print(line)


def print_actors(actors: Sequence[Actor]) -> None:
    """A table of actors: articles, mentions, type, name and other spellings."""
    console.print(Text(f"{'articles':>8} {'mentions':>8}  {'type':<12} actor", style="dim"))
    for actor in actors:
        line = Text(f"{actor.articles:>8} {actor.mentions:>8}  ")
        line.append(f"{actor.type:<12} ", style=TYPE_STYLES.get(actor.type, ""))
        line.append(clean_line(actor.name))
        if actor.aliases:
            line.append("  also: " + clean_line(", ".join(actor.aliases[:5])), style="dim")
        console.print(line)


def print_mentions(name: str, mentions: Iterable[Entity]) -> None:
    """The mentions found in one input."""
    console.print(Text(clean_line(name), style="bold"))
    for m in mentions:
        line = Text(f"  {m.start:>6}-{m.end:<6} ")
        line.append(f"{m.type:<12} ", style=TYPE_STYLES.get(m.type, ""))
        line.append(clean_line(m.text))
        if m.actor != m.text:
            line.append(f"  -> {clean_line(m.actor)}", style="dim")
        console.print(line)
    sys.stdout.flush()


def print_bookmarks(bookmarks: Sequence[Bookmark]) -> None:
    """Bookmarks newest first: date, title, tags, the quote and the note."""
    if not bookmarks:
        console.print(Text("no bookmarks", style="dim"))
    for b in bookmarks:
        head = Text(f"{b.id:>4}  {b.created[:10]}  ", style="dim")
        head.append(clean_line(b.title), style="bold")
        if b.tags:
            head.append("  " + clean_line(" ".join(f"#{t}" for t in b.tags)), style="dim")
        if b.orphaned:
            head.append("  (orphaned: the article text changed)", style="yellow")
        console.print(head)
        console.print(Text("      “" + clean_line(b.quote) + "”"))
        if b.note.strip():
            console.print(Text("      " + clean_line(b.note)))


def print_profile(profile: ActorProfile) -> None:
    """The actor view: header, sparkline, co-actors, then one line per sentence."""
    a = profile.actor
    head = Text(clean_line(a.name), style=f"bold {TYPE_STYLES.get(a.type, '')}")
    head.append(f" · {a.type} · {plural(a.articles, 'article')} · {plural(a.mentions, 'mention')}")
    if a.aliases:
        head.append(" · also written: " + clean_line(", ".join(a.aliases[:8])), style="dim")
    console.print(head)
    first, last, series = month_series(profile.months)
    if series:
        console.print(Text(f"mentions by month {first} {sparkline(series)} {last}"))
    if profile.with_actors:
        console.print(Text("with: " + clean_line(" · ".join(f"{f.value} {f.count}" for f in profile.with_actors)),
                           style="dim"))
    for line in profile.lines:
        row = Text(f"{line.date.isoformat() if line.date else 'undated':<10} {clean_line(line.source)[:12]:<12} ",
                   style="dim")
        cut = max(0, line.mark.start - 40)
        lead = "…" if cut else ""
        offset = len(row.plain) + len(lead) - cut
        row.append(lead + clean_line(line.sentence)[cut:])
        row.stylize("bold reverse", offset + line.mark.start, offset + line.mark.end)
        console.print(row, no_wrap=True, overflow="ellipsis")
