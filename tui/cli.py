"""The `newsdesk` command line: a thin layer over `index.Library`.

With no command it opens the TUI. Every other command works without a screen
for scripting; `--json` output is stable and documented in README.md. Errors
are one line on stderr (`--debug` shows the traceback too).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .cli_commands import COMMANDS, EXIT_FAILED, EXIT_OK, EXIT_USAGE, tell
from .cli_feeds import COMMANDS as FEED_COMMANDS
from .cli_feeds import register as register_feeds
from .cli_watch import COMMANDS as WATCH_COMMANDS
from .cli_watch import register as register_watch

#: Every command by name.
ALL_COMMANDS = {**COMMANDS, **FEED_COMMANDS, **WATCH_COMMANDS}
NO_TERMINAL = ("newsdesk: the reader needs a terminal (stdin and stdout are not one); use a command instead: "
               + ", ".join(ALL_COMMANDS) + " (see newsdesk --help)")


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
    p.add_argument("--limit", type=_positive, default=20, metavar="N", help="show at most N hits (default 20)")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance",
                   help="best first (default) or newest first")
    p.add_argument("--all-versions", action="store_true", help="list every version of a story, not one")
    p.add_argument("--json", nargs="?", const="list", choices=("list", "object"), metavar="list|object",
                   help="print JSON: a list of hits (--json), or an object with the total, the suggestion "
                        "and the facets too (--json=object)")
    p = sub.add_parser("show", help="print one article with its entities")
    p.add_argument("id", help="article id (a unique prefix is enough)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = sub.add_parser("actors", help="list, show and correct the actors of the library")
    p.add_argument("--limit", type=_positive, default=None, metavar="N",
                   help="list the N most mentioned actors (default: all)")
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
    sub.add_parser("reindex", help="rebuild the search index from the article store")
    sub.add_parser("stats", help="what the library holds and where")
    register_feeds(sub)
    register_watch(sub)
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
            return _reader(args.home)
        from index import Library

        library = Library(args.home)
        try:
            return ALL_COMMANDS[command](library, args)
        finally:
            tell(library.notices())
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


def _reader(home: str | None) -> int:
    """Open the reader, if there is a terminal to open it in."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(NO_TERMINAL, file=sys.stderr)
        return EXIT_USAGE
    # Paint up to 120 times a second (Textual's default is 60): a key's results reach the screen a frame
    # sooner, 38 -> 24 ms median on BBC; painting happens only when something changed. TEXTUAL_FPS overrides.
    os.environ.setdefault("TEXTUAL_FPS", "120")
    from .app import run_app

    return run_app(home)


#: The options of `search` (every other word after it is part of the query, a leading '-' or not).
SEARCH_OPTIONS = {"--limit", "--sort", "--json", "--all-versions", "-h", "--help"}


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """Parse arguments; in `search`, words starting with '-' are query words ("not"), not options."""
    if "search" in argv:
        at = argv.index("search")
        known = SEARCH_OPTIONS
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
