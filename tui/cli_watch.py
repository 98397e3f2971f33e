"""The command line's watchlist commands (`watch add|list|show|seen|rename|edit|rm`) and `similar`.

A thin layer over `library.watchlists` and `Library.similar`. Names, queries,
titles and errors may hold anything a user or a feed typed: every line shown is
sanitized, and no markup is built from them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from .sanitize import clean_line
from .words import plural

if TYPE_CHECKING:
    from index import Library, WatchCount, WatchResults

EXIT_OK = 0
T = TypeVar("T")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `watch` and `similar` to the command line's subcommands."""
    p = sub.add_parser("watch", help="follow queries and actors: what is new in each")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = actions.add_parser("add", help='follow a query (actor:"Name" follows an actor); new from now on')
    q.add_argument("name")
    q.add_argument("query", nargs="+", help="a query as `search` takes it (put -- before one starting with -)")
    q = actions.add_parser("list", help="watchlists with their new and total counts, most new first")
    q.add_argument("--json", action="store_true", help="print JSON")
    q = actions.add_parser("show", help="a watchlist's articles, new ones first and marked")
    q.add_argument("name")
    q.add_argument("--new", action="store_true", help="only the new articles")
    q.add_argument("--limit", type=_positive, default=50, metavar="N", help="show at most N articles (default 50)")
    q.add_argument("--all-versions", action="store_true", help="list every version of a story, not one")
    q.add_argument("--json", action="store_true", help="print JSON")
    q = actions.add_parser("seen", help="mark what the last list or show of a watchlist covered as seen")
    q.add_argument("name")
    q.add_argument("--upto", type=int, metavar="N", help="mark up to this `upto` of `watch show --json`")
    q = actions.add_parser("rename", help="give a watchlist another name")
    q.add_argument("name")
    q.add_argument("new_name")
    q = actions.add_parser("edit", help="change what a watchlist follows (its seen mark stays)")
    q.add_argument("name")
    q.add_argument("query", nargs="+")
    q = actions.add_parser("rm", help="stop following a watchlist")
    q.add_argument("name")
    p = sub.add_parser("similar", help="more like this: other versions of an article's story, then related ones")
    p.add_argument("id", help="article id (a unique prefix is enough)")
    p.add_argument("--limit", type=_positive, default=10, metavar="N", help="show at most N articles (default 10)")
    p.add_argument("--json", action="store_true", help="print JSON")


def _reading(library: Library, run: Callable[[], T]) -> T:
    """Run something that reads the index once it is ready (seeded, up to date, repaired if damaged)."""
    from .cli_commands import _searching

    return _searching(library, run)


def cmd_watch(library: Library, args: argparse.Namespace) -> int:
    """Make, list, show, mark, rename, change or remove watchlists."""
    watchlists = library.watchlists
    action = args.action
    if action == "add":
        count = _reading(library, lambda: watchlists.add(args.name, " ".join(args.query)))
        print(clean_line(f"watching {count.watchlist.name!r}: {count.watchlist.query} "
                         f"({plural(count.total, 'article')} match now; new ones count from now on)"))
    elif action == "list":
        counts = _reading(library, watchlists.list)
        if args.json:
            _print_json([c.as_json() for c in counts])
        else:
            print_watchlists(counts)
    elif action == "show":
        results = _reading(library, lambda: watchlists.show(args.name, new_only=args.new, limit=args.limit,
                                                            versions=args.all_versions))
        if args.json:
            _print_json(results.as_json())
        else:
            print_watch_results(results)
    elif action == "seen":
        marked = watchlists.seen(args.name, args.upto)
        print(clean_line(f"marked {marked.name!r} seen (articles up to number {marked.seen_upto})"))
    elif action == "rename":
        renamed = watchlists.rename(args.name, args.new_name)
        print(clean_line(f"renamed {args.name!r} to {renamed.name!r}"))
    elif action == "edit":
        changed = watchlists.set_query(args.name, " ".join(args.query))
        print(clean_line(f"{changed.name!r} now follows: {changed.query}"))
    else:
        removed = watchlists.remove(args.name)
        print(clean_line(f"stopped watching {removed.name!r}"))
    return EXIT_OK


def cmd_similar(library: Library, args: argparse.Namespace) -> int:
    """Print the articles most like one: its story's other versions first."""
    found = _reading(library, lambda: library.similar(args.id, args.limit))
    if args.json:
        _print_json([s.as_json() for s in found])
        return EXIT_OK
    from rich.text import Text

    from .output import console

    if not found:
        console.print(Text("nothing like it in the library", style="dim"))
    for n, entry in enumerate(found, 1):
        kind = "same story" if entry.same_story else "related"
        console.print(Text.assemble((f"{n:>2}. ", "dim"), (clean_line(entry.title), "bold"), (f"  {kind}", "cyan")))
        meta = " · ".join([clean_line(entry.source) or "unknown source",
                           entry.date.isoformat() if entry.date else "undated", entry.id])
        console.print(Text("    " + meta, style="dim"))
    return EXIT_OK


def print_watchlists(counts: list[WatchCount]) -> None:
    """One line per watchlist: new and total counts, name and query; a broken query with its error."""
    from rich.text import Text

    from .output import console

    if not counts:
        console.print(Text('no watchlists yet: newsdesk watch add NAME QUERY (e.g. actor:"Kim Jong-un")',
                           style="dim"))
    for count in counts:
        line = Text(f"{count.new:>5} new  " if count.error is None else "    ? new  ",
                    style="bold cyan" if count.new else "dim")
        line.append(f"{count.total:>6} in all  " if count.error is None else "     ? in all  ", style="dim")
        line.append(clean_line(count.watchlist.name), style="bold")
        line.append("  " + clean_line(count.watchlist.query), style="dim")
        console.print(line)
        if count.error is not None:
            console.print(Text("      cannot run: " + clean_line(count.error), style="red"))


def print_watch_results(results: WatchResults) -> None:
    """The watchlist's header, then its articles with the new ones marked."""
    from rich.text import Text

    from .output import console, print_hit

    count = results.count
    head = Text(clean_line(count.watchlist.name), style="bold")
    head.append("  " + clean_line(count.watchlist.query), style="dim")
    console.print(head)
    if results.error is not None:
        console.print(Text("cannot run: " + clean_line(results.error), style="red"))
        return
    console.print(Text(f"{count.new} new of {plural(count.total, 'article')}", style="dim"))
    for n, hit in enumerate(results.hits, 1):
        print_hit(n, hit, "new" if results.is_new(hit) else "")


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


COMMANDS: dict[str, Callable[[Library, argparse.Namespace], int]] = {"watch": cmd_watch, "similar": cmd_similar}
