"""The command line's feed commands: subscribe, subscriptions, unsubscribe, export-opml and fetch,
and the JSON lines that `add --json` and `fetch --json` print (one object per item, as it settles).

A thin layer over `library.feeds`. Feed titles, URLs and error messages come
from the network: every line shown is sanitized, and no markup is built from them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .files import write_atomically
from .sanitize import clean_line
from .words import fetched, plural

if TYPE_CHECKING:
    from index import Library, Progress, Subscription

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the feed commands to the command line's subcommands."""
    p = sub.add_parser("subscribe", help="follow a feed (its URL, or a web page that links it), or an OPML list")
    p.add_argument("url", nargs="?", metavar="URL", help="a feed, or a page with <link rel=\"alternate\">")
    p.add_argument("--opml", metavar="FILE", help="subscribe to every feed of an OPML list (folders become groups)")
    p.add_argument("--group", default="", metavar="NAME", help="put the subscription in a group")
    p.add_argument("--title", default="", metavar="NAME", help="call it this (the source of its articles)")
    p = sub.add_parser("subscriptions", help="the feeds you follow: group, last fetch, last error, unread")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = sub.add_parser("unsubscribe", help="stop following a feed (its articles stay)")
    p.add_argument("name", metavar="URL|NAME")
    p = sub.add_parser("export-opml", help="write your subscriptions as OPML")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    p = sub.add_parser("fetch", help="fetch subscriptions now and add their new items")
    p.add_argument("names", nargs="*", metavar="NAME", help="only these subscriptions (URL or title)")
    p.add_argument("--full-text", action="store_true",
                   help="also fetch the page of each new item that carries only a summary")
    p.add_argument("--json", action="store_true", help="print JSON Lines, one object per item")


def json_lines(steps: Iterator[Progress]) -> Iterator[Progress]:
    """Pass progress through, printing each settled item as one JSON line on standard output."""
    for step in steps:
        for item in step.items:
            sys.stdout.write(json.dumps(item.as_json(), ensure_ascii=False) + "\n")
        if step.items:
            sys.stdout.flush()
        yield step


def report_problems(final: Progress) -> None:
    """One line on stderr per skipped, salvaged-with-a-problem and failed file or feed."""
    for note in final.notes:
        print(f"skipped: {clean_line(str(note))}", file=sys.stderr)
    for warning in final.warnings:
        print(f"warning: {clean_line(str(warning))}", file=sys.stderr)
    for failure in final.failures:
        print(f"failed: {clean_line(str(failure))}", file=sys.stderr)


def cmd_subscribe(library: Library, args: argparse.Namespace) -> int:
    """Subscribe to a URL or to an OPML list."""
    if bool(args.url) == bool(args.opml):
        print("newsdesk: error: give a feed URL or --opml FILE (one of the two)", file=sys.stderr)
        return EXIT_USAGE
    if args.opml:
        added, existing = library.feeds.subscribe_opml(args.opml)
        groups = {s.group for s in added if s.group}
        print(f"subscribed to {plural(len(added), 'feed')}" + (f" in {plural(len(groups), 'group')}" if groups else "")
              + (f"; {len(existing)} already subscribed" if existing else "") + "; `newsdesk fetch` gets their items")
        return EXIT_OK
    sub = library.feeds.subscribe(args.url, group=args.group, title=args.title)
    where = f" in {sub.group}" if sub.group else ""
    print(clean_line(f"subscribed to {sub.name} ({sub.url}){where}; `newsdesk fetch` gets its items"))
    return EXIT_OK


def cmd_subscriptions(library: Library, args: argparse.Namespace) -> int:
    """List subscriptions with their counts and how the last fetch went."""
    subs = library.feeds.list()
    if args.json:
        json.dump([s.as_json() for s in subs], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    print_subscriptions(subs)
    return EXIT_OK


def cmd_unsubscribe(library: Library, args: argparse.Namespace) -> int:
    """Stop following a feed."""
    sub = library.feeds.unsubscribe(args.name)
    kept = f"; its {plural(sub.articles, 'article')} stay in the library" if sub.articles else ""
    print(clean_line(f"unsubscribed from {sub.name} ({sub.url}){kept}"))
    return EXIT_OK


def cmd_export_opml(library: Library, args: argparse.Namespace) -> int:
    """Write the subscriptions as OPML to a file (atomically) or standard output."""
    data = library.feeds.export_opml()
    if not args.output:
        sys.stdout.buffer.write(data)
        return EXIT_OK
    target = Path(args.output).expanduser()
    try:
        write_atomically(target, data)
    except OSError as exc:
        print(f"newsdesk: error: {target}: cannot write ({exc.strerror or exc})", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {plural(len(library.feeds.list()), 'subscription')} to {target}", file=sys.stderr)
    return EXIT_OK


def cmd_fetch(library: Library, args: argparse.Namespace) -> int:
    """Fetch subscriptions with a progress bar; exit 1 when any feed failed."""
    from .output import progress_bar

    steps = library.feeds.fetch(args.names or None, full_text=args.full_text)
    final = progress_bar(json_lines(steps) if args.json else steps, "Fetching")
    report_problems(final)
    if final.total == 0 and not final.notes:
        print("no subscriptions yet: `newsdesk subscribe URL` or `newsdesk subscribe --opml FILE`", file=sys.stderr)
    print(fetched(final), file=sys.stderr if args.json else sys.stdout)
    return EXIT_FAILED if final.failures else EXIT_OK


def print_subscriptions(subs: list[Subscription]) -> None:
    """Subscriptions by group: title, unread and article counts, last fetch, the URL and any error."""
    from rich.text import Text

    from .output import console

    if not subs:
        console.print(Text("no subscriptions (newsdesk subscribe URL)", style="dim"))
    group = None
    for sub in subs:
        if sub.group != group:
            group = sub.group
            console.print(Text(clean_line(group or "(no group)"), style="bold"))
        line = Text("  ")
        line.append(clean_line(sub.name)[:60], style="bold" if sub.unread else "")
        line.append(f"  {sub.unread} unread of {sub.articles}", style="cyan" if sub.unread else "dim")
        fetched = (sub.last_fetch or "never").replace("T", " ").replace("Z", "")
        line.append(f"  fetched {fetched}", style="dim")
        console.print(line)
        console.print(Text("      " + clean_line(sub.url), style="dim"))
        if sub.last_error:
            console.print(Text("      last error: " + clean_line(sub.last_error), style="red"))


COMMANDS: dict[str, Callable[[Library, argparse.Namespace], int]] = {
    "subscribe": cmd_subscribe, "subscriptions": cmd_subscriptions, "unsubscribe": cmd_unsubscribe,
    "export-opml": cmd_export_opml, "fetch": cmd_fetch,
}
