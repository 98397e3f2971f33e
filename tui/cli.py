"""The `newsdesk` command line: a thin layer over `index.Library`.

With no command it opens the TUI. Every other command works without a screen
for scripting; `--json` output is stable and documented in README.md. Errors
are one line on stderr (`--debug` shows the traceback too).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .cli_feeds import COMMANDS as FEED_COMMANDS
from .cli_feeds import json_lines, report_problems
from .cli_feeds import register as register_feeds
from .cli_watch import COMMANDS as WATCH_COMMANDS
from .cli_watch import register as register_watch

if TYPE_CHECKING:
    from index import Library, Progress

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
T = TypeVar("T")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(
        prog="newsdesk", description="Search and read news by keyword or by actor.",
        epilog="Run 'newsdesk' with no command to open the reader.")
    parser.add_argument("--home", metavar="DIR", help="library folder (default: $NEWSDESK_HOME "
                        "or the user data folder)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("tui", help="open the reader (the default)")
    p = sub.add_parser("add", help="index files and folders (.txt, .md, web pages, feeds)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="skip files and folders matching GLOB inside added folders (repeatable)")
    p.add_argument("--json", action="store_true", help="print JSON Lines, one object per article or item")
    p = sub.add_parser("search", help="search the library")
    p.add_argument("query", nargs="*", help="words, \"phrases\", AND/OR/NOT, -word, title: source: actor: date:")
    p.add_argument("--limit", type=_positive, default=20, metavar="N")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    p.add_argument("--all-versions", action="store_true", help="list every version of a story, not one")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = sub.add_parser("show", help="print one article with its entities")
    p.add_argument("id", help="article id (a unique prefix is enough)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = sub.add_parser("actors", help="list, show and correct the actors of the library")
    p.add_argument("--limit", type=_positive, default=None, metavar="N")
    p.add_argument("--json", action="store_true", help="print JSON")
    edits = p.add_subparsers(dest="action", metavar="ACTION")
    q = edits.add_parser("show", help="sentences mentioning an actor, mentions by month, co-actors")
    q.add_argument("name")
    q.add_argument("--json", action="store_true", help="print JSON")
    q = edits.add_parser("merge", help="make OTHER (all its spellings) part of NAME")
    q.add_argument("name")
    q.add_argument("other")
    q = edits.add_parser("rename", help="show an actor under a new name")
    q.add_argument("name")
    q.add_argument("new_name")
    q = edits.add_parser("split", help="make one spelling of an actor an actor of its own")
    q.add_argument("name")
    q.add_argument("alias")
    q = edits.add_parser("alias", help='count another name as this actor (e.g. "North Korea" Pyongyang)')
    q.add_argument("name")
    q.add_argument("alias")
    q = edits.add_parser("hide", help="hide a false entity everywhere")
    q.add_argument("name")
    q = edits.add_parser("unhide", help="show a hidden actor again")
    q.add_argument("name")
    edits.add_parser("defaults", help="print the shipped demonyms, acronyms and metonyms")
    p = sub.add_parser("entities", help="extract entities from text without indexing it")
    p.add_argument("files", nargs="*", metavar="FILE", help="files to read; '-' or none: stdin")
    p.add_argument("--json", action="store_true", help="print JSON Lines, one object per input")
    p = sub.add_parser("bookmarks", help="list, add and export passage bookmarks")
    marks = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = marks.add_parser("list", help="bookmarks, newest first")
    q.add_argument("filter", nargs="?", default="", help='words, tag:NAME, actor:"Name"')
    q.add_argument("--json", action="store_true", help="print JSON")
    q = marks.add_parser("add", help="bookmark a passage of an article")
    q.add_argument("article_id", metavar="ARTICLE_ID")
    q.add_argument("--quote", required=True, help="the passage; it must occur in the article")
    q.add_argument("--note", default="")
    q.add_argument("--tag", action="append", default=[], metavar="TAG")
    q.add_argument("--json", action="store_true", help="print the new bookmark as JSON")
    q = marks.add_parser("export", help="write bookmarks as Markdown or W3C Web Annotation JSON")
    q.add_argument("--format", choices=("md", "json"), default="md")
    q.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    q.add_argument("filter", nargs="?", default="", help='only bookmarks matching words, tag:, actor:')
    register_feeds(sub)
    register_watch(sub)
    sub.add_parser("reindex", help="rebuild the search index from the article store")
    sub.add_parser("stats", help="what the library holds and where")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    args = _parse(build_parser(), list(sys.argv[1:] if argv is None else argv))
    command = args.command or "tui"
    library = None
    try:
        if command == "tui":
            from .app import run_app

            return run_app(args.home)
        from index import Library

        library = Library(args.home)
        try:
            return COMMANDS[command](library, args)
        finally:
            _tell(library.notices())
            library.close()
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the one place errors become a line for the user
        if args.debug:
            raise
        from index import NewsdeskError

        message = str(exc) if isinstance(exc, NewsdeskError) else f"{type(exc).__name__}: {exc}"
        print(f"newsdesk: error: {message.splitlines()[0] if message else type(exc).__name__}",
              file=sys.stderr)
        return EXIT_FAILED


# Commands --------------------------------------------------------------------


def cmd_add(library: Library, args: argparse.Namespace) -> int:
    """Index files and folders; exit 1 when any file failed."""
    steps = library.add(args.paths, exclude=args.exclude)
    final = _with_progress(json_lines(steps) if args.json else steps, "Adding")
    report_problems(final)
    print(f"added {final.added}, updated {final.updated}, unchanged {final.unchanged}, "
          f"duplicates {final.duplicates}, skipped {final.skipped}, failed {final.failed}",
          file=sys.stderr if args.json else sys.stdout)
    return EXIT_FAILED if final.failures else EXIT_OK


def cmd_search(library: Library, args: argparse.Namespace) -> int:
    """Print the hits of a query."""
    query = " ".join(args.query)
    results = _searching(library, lambda: library.search(query, limit=args.limit, sort=args.sort,
                                                         facets=not args.json, repair=False,
                                                         versions=args.all_versions))
    return _emit(args.json, lambda: [hit.as_json() for hit in results], "print_results", results)


def cmd_show(library: Library, args: argparse.Namespace) -> int:
    """Print one article."""
    _seed(library)
    article = library.article(args.id)
    library.mark_read(article.id)
    story = library.story(article.id)
    if args.json:
        _print_json({**article.as_json(), **story.as_json()})
        return EXIT_OK
    from . import output

    output.print_article(article)
    output.print_versions(story, article.id)
    return EXIT_OK


def cmd_actors(library: Library, args: argparse.Namespace) -> int:
    """List, show or correct actors."""
    _seed(library)
    action = args.action
    if action == "show":
        profile = library.actors.profile(args.name)
        return _emit(args.json, profile.as_json, "print_profile", profile)
    if action == "defaults":
        from index import default_actors

        _print_json(default_actors())
        return EXIT_OK
    if action is not None:
        if action == "merge":
            print(f"merged {args.other!r} into {library.actors.merge(args.name, args.other)!r}")
        elif action == "rename":
            library.actors.rename(args.name, args.new_name)
            print(f"renamed {args.name!r} to {args.new_name!r}")
        elif action == "split":
            library.actors.split(args.name, args.alias)
            print(f"{args.alias!r} is its own actor")
        elif action == "alias":
            library.actors.alias(args.name, args.alias)
            print(f"{args.alias!r} now counts as {args.name!r}")
        else:
            library.actors.hide(args.name, hidden=action == "hide")
            print(f"hid {args.name!r}" if action == "hide" else f"{args.name!r} is shown again")
        return EXIT_OK
    actors = library.actors.list(args.limit)
    return _emit(args.json, lambda: [actor.as_json() for actor in actors], "print_actors", actors)


def cmd_entities(library: Library, args: argparse.Namespace) -> int:
    """Extract entities from files or stdin and print them, one input per line."""
    from index import UnreadableFile, decode_exact

    names = args.files or ["-"]
    inputs: list[tuple[str, str]] = []
    status = EXIT_OK
    for name in names:
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
            inputs.append((name, decode_exact(data)))
        except (OSError, UnreadableFile) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            print(f"newsdesk: error: {name}: {reason}", file=sys.stderr)
            status = EXIT_FAILED
    from . import output

    for (name, _), mentions in zip(inputs, library.entities(text for _, text in inputs), strict=False):
        if args.json:
            print(json.dumps({"file": name, "mentions": [m.as_json() for m in mentions]},
                             ensure_ascii=False), flush=True)
        else:
            output.print_mentions(name, mentions)
    return status


def cmd_bookmarks(library: Library, args: argparse.Namespace) -> int:
    """List, add or export bookmarks."""
    if args.action == "add":
        _seed(library)
        bookmark = library.bookmarks.add(args.article_id, quote=args.quote, note=args.note, tags=args.tag)
        if args.json:
            _print_json(bookmark.as_json())
        else:
            print(f"bookmark {bookmark.id} added to {bookmark.article_id}"
                  + (f" (actors: {', '.join(bookmark.actors)})" if bookmark.actors else ""))
        return EXIT_OK
    if args.action == "export":
        if args.output:
            count = library.bookmarks.write(args.output, args.format, args.filter)
            print(f"wrote {count} bookmarks to {args.output}", file=sys.stderr)
        else:
            sys.stdout.write(library.bookmarks.export(args.format, args.filter))
        return EXIT_OK
    bookmarks = library.bookmarks.list(args.filter)
    return _emit(args.json, lambda: [b.as_json() for b in bookmarks], "print_bookmarks", bookmarks)


def cmd_reindex(library: Library, args: argparse.Namespace) -> int:
    """Rebuild the index from the store."""
    final = _with_progress(library.reindex(), "Rebuilding the index")
    print(f"reindexed {final.total} articles")
    return EXIT_OK


def cmd_stats(library: Library, args: argparse.Namespace) -> int:
    """Print what the library holds."""
    _ready(library)
    stats = library.stats()
    print(f"home       {stats.home}")
    behind = "" if stats.index_current else ", the index is catching up"
    print(f"articles   {stats.articles} (from {stats.files} files; {stats.index_documents} indexed{behind})")
    print(f"actors     {stats.actors} ({stats.mentions} mentions)")
    print("sources    " + ", ".join(f"{s.value} {s.count}" for s in stats.sources))
    print(f"model      {stats.model}")
    for name in stats.set_aside:
        print(f"set aside  {name} (a damaged file kept in the home; see README: where data lives)")
    return EXIT_OK


COMMANDS = {"bookmarks": cmd_bookmarks, "add": cmd_add, "search": cmd_search, "show": cmd_show, "actors": cmd_actors,
            "entities": cmd_entities, "reindex": cmd_reindex, "stats": cmd_stats, **FEED_COMMANDS, **WATCH_COMMANDS}


# Helpers ---------------------------------------------------------------------


def _seed(library: Library) -> None:
    """Give an empty library the sample articles (the first run), with progress on stderr."""
    if library.is_empty:
        print("First run: indexing the sample articles (once).", file=sys.stderr)
        _with_progress(library.seed(), "Indexing the sample corpus")


def _ready(library: Library) -> None:
    """Seed an empty library and bring the index up to date, with progress on stderr."""
    _seed(library)
    _with_progress(library.prepare(), "Updating the search index", quiet_if_empty=True)


def _searching(library: Library, run: Callable[[], T]) -> T:
    """Run something that reads the index; a damaged index is set aside, rebuilt, and it runs again."""
    from index import IndexDamaged

    _ready(library)
    try:
        return run()
    except IndexDamaged as exc:
        _with_progress(library.repair(str(exc)), "Rebuilding the search index")
        return run()


def _tell(notices: Sequence[str]) -> None:
    """Print the library's notices (a file set aside, an index rebuilt) on stderr."""
    for notice in notices:
        print(f"newsdesk: {notice}", file=sys.stderr)


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """Parse arguments; in `search`, words starting with '-' are query words ("not"), not options."""
    if "search" in argv:
        at = argv.index("search")
        known = {"--limit", "--sort", "--json", "--all-versions", "-h", "--help"}
        head, rest = argv[:at + 1], argv[at + 1:]
        options: list[str] = []
        words: list[str] = []
        i = 0
        while i < len(rest):
            word = rest[i]
            if word == "--":
                words.extend(rest[i + 1:])
                break
            name = word.split("=", 1)[0]
            if name in known:
                options.append(word)
                if name in {"--limit", "--sort"} and "=" not in word and i + 1 < len(rest):
                    options.append(rest[i + 1])
                    i += 1
            else:
                words.append(word)
            i += 1
        argv = head + options + (["--", *words] if words else [])
    return parser.parse_args(argv)


def _with_progress(steps: Iterator[Progress], label: str, quiet_if_empty: bool = False) -> Progress:
    """Drain a progress generator behind a rich progress bar on stderr; return the last step."""
    from .output import progress_bar

    return progress_bar(steps, label, quiet_if_empty)


def _emit(as_json: bool, data: Callable[[], object], printer: str, *args: object) -> int:
    """Print JSON for scripts, or the readable form with one of `output`'s printers."""
    if as_json:
        _print_json(data())
    else:
        from . import output

        getattr(output, printer)(*args)
    return EXIT_OK


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
