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

from .kinds import KINDS, actors_by_kind, kind
from .sanitize import clean, clean_line
from .sparkline import month_series, sparkline
from .texts import actor_header, actor_line, bookmark_entry, marked, meta, more_sources, sentences_once
from .words import phase_name, plural

if TYPE_CHECKING:
    from index import Actor, ActorProfile, Article, Bookmark, Entity, Hit, Progress, SearchResults, Story

#: Into a pipe or a file, lines are written whole (no wrapping at 80 columns that would break URLs and titles).
console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
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
            bar.update(task, description=f"{label}: {phase_name(step.phase)}",
                       completed=step.done, total=step.total or None, current=current)
    if last is None:
        raise RuntimeError("nothing was reported")
    return last


def print_results(results: SearchResults) -> None:
    """Numbered hits with title, source, date, id and a marked snippet."""
    if results.suggestion:
        console.print(Text.assemble("did you mean: ", (clean_line(results.suggestion), "bold")))
    shown = f", showing {len(results)}" if len(results) < results.total else ""
    if shown and any(hit.story_size > 1 for hit in results):
        shown += " (each story once)"
    console.print(Text(plural(results.total, "result") + shown, style="dim"))
    for n, hit in enumerate(results, 1):
        print_hit(n, hit)
    facets = [f"{f.value} {f.count}" for f in results.actor_facets[:6]]
    if facets:
        console.print(Text("actors: " + clean_line(" · ".join(facets)), style="dim"))


def print_hit(n: int, hit: Hit, badge: str = "") -> None:
    """One numbered hit: title (and a badge such as "new"), source, date, id, "+N sources", snippet."""
    head = Text.assemble((f"{n:>2}. ", "dim"), (clean_line(hit.title), "bold"))
    if badge:
        head.append(f"  {badge}", style="bold")
    console.print(head)
    console.print(Text("    " + meta(hit.source, hit.date, hit.id, more_sources(hit.story_size)), style="dim"))
    console.print(marked("    " + hit.snippet, hit.marks, shift=4))


def print_versions(story: Story, article_id: str) -> None:
    """The other versions of an article's story, one line each (nothing when it stands alone)."""
    others = story.others(article_id)
    if others:
        console.print()
        console.print(Text(f"Also told by {plural(len(others), 'other version')}:", style="bold"))
    for m in others:
        console.print(Text(f"  {clean_line(m.title)} · {meta(m.source, m.date, m.id)}", style="dim"))


def article_text(article: Article) -> Text:
    """The article body with each entity mention coloured by type."""
    text = Text(clean(article.text))
    for entity in article.entities:
        text.stylize(kind(entity.type).style, entity.start, entity.end)
    return text


def print_article(article: Article) -> None:
    """Title, metadata, the body with entities coloured, then the actors."""
    console.print(Text(clean_line(article.title), style="bold"))
    console.print(Text(meta(article.source, article.date, article.id, article.url), style="dim"))
    console.print()
    console.print(article_text(article))
    console.print()
    for name, actors in actors_by_kind(article.entities):
        line = Text(f"{KINDS[name].heading}: ", style=f"bold {KINDS[name].style}")
        line.append(clean_line(", ".join(f"{n} ({c})" for n, c in actors)))
        console.print(line)


def print_actors(actors: Sequence[Actor]) -> None:
    """A table of actors: articles, mentions, type, name and other spellings."""
    console.print(Text(f"{'articles':>8} {'mentions':>8}  {'type':<12} actor", style="dim"))
    for actor in actors:
        line = Text(f"{actor.articles:>8} {actor.mentions:>8}  ")
        line.append(f"{actor.type:<12} ", style=kind(actor.type).style)
        line.append(clean_line(actor.name))
        if actor.aliases:
            line.append("  also: " + clean_line(", ".join(actor.aliases[:5])), style="dim")
        console.print(line)


def print_mentions(name: str, mentions: Iterable[Entity]) -> None:
    """The mentions found in one input."""
    console.print(Text(clean_line(name), style="bold"))
    for m in mentions:
        line = Text(f"  {m.start:>6}-{m.end:<6} ")
        line.append(f"{m.type:<12} ", style=kind(m.type).style)
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
        for line in bookmark_entry(b, lead=f"{b.id:>4}  "):
            console.print(line)


def print_profile(profile: ActorProfile) -> None:
    """The actor view: header, sparkline, co-actors, then one line per sentence."""
    colour = kind(profile.actor.type).style
    console.print(actor_header(profile.actor, colour))
    first, last, series = month_series(profile.months)
    if series:
        console.print(Text(f"mentions by month {first} {sparkline(series)} {last}"))
    if profile.with_actors:
        console.print(Text("with: " + clean_line(" · ".join(f"{f.value} {f.count}" for f in profile.with_actors)),
                           style="dim"))
    whole = not console.is_terminal  # piped: every sentence whole, one line each (a terminal: one screen line)
    for line, marks in sentences_once(profile.lines):
        for row in actor_line(line, marks, whole):
            if whole:
                row.overflow = "ignore"
                console.print(row, soft_wrap=True)
            else:
                console.print(row, no_wrap=True, overflow="ellipsis")
