"""The `newsdesk` commands other than the reader: each is a thin layer over `index.Library`.

Each command takes the open Library and the parsed arguments and returns the
exit status; `--json` output is stable and documented in README.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .words import plural, summary

if TYPE_CHECKING:
    from index import Library, Progress, SearchResults

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
T = TypeVar("T")


# Commands --------------------------------------------------------------------


def cmd_add(library: Library, args: argparse.Namespace) -> int:
    """Index files and folders; exit 1 when any file failed."""
    from .cli_feeds import json_lines, report_problems

    steps = library.add(args.paths, exclude=args.exclude)
    final = _with_progress(json_lines(steps) if args.json else steps, "Adding")
    report_problems(final)
    print(summary(final), file=sys.stderr if args.json else sys.stdout)
    if not (final.added or final.updated or final.unchanged or final.duplicates or final.skipped or final.failures):
        print(f"newsdesk: no files found in {', '.join(args.paths)} (articles are text, Markdown, HTML pages "
              "or feeds; see `newsdesk add --help`)", file=sys.stderr)
    return EXIT_FAILED if final.failures else EXIT_OK


def cmd_search(library: Library, args: argparse.Namespace) -> int:
    """Print the hits of a query."""
    query = " ".join(args.query)
    results = _searching(library, lambda: library.search(query, limit=args.limit, sort=args.sort,
                                                         facets=args.json != "list", repair=False,
                                                         versions=args.all_versions))
    if args.json == "list" and results.suggestion:
        print(f"newsdesk: did you mean: {results.suggestion}", file=sys.stderr)  # stdout stays a list
    if args.json == "object":
        return _emit(True, lambda: _results_object(results), "print_results", results)
    return _emit(bool(args.json), lambda: [hit.as_json() for hit in results], "print_results", results)


def _results_object(results: SearchResults) -> dict[str, object]:
    """`search --json=object`: everything the readable output says, and the facets."""
    return {"query": results.query, "total": results.total, "shown": len(results),
            "suggestion": results.suggestion, "hits": [hit.as_json() for hit in results],
            "actors": [{"actor": f.value, "articles": f.count} for f in results.actor_facets],
            "sources": [{"source": f.value, "articles": f.count} for f in results.source_facets]}


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
        print(_correct(library, args))
        library.actors.warm()  # the actors after the edit, from those before it, kept for the next command
        return EXIT_OK
    actors = library.actors.list(args.limit)
    return _emit(args.json, lambda: [actor.as_json() for actor in actors], "print_actors", actors)


def _correct(library: Library, args: argparse.Namespace) -> str:
    """Make one actor correction; returns what to tell the user."""
    action, name = args.action, args.name
    if action == "merge":
        return f"merged {args.other!r} into {library.actors.merge(name, args.other)!r}"
    if action == "rename":
        library.actors.rename(name, args.new_name)
        return f"renamed {name!r} to {args.new_name!r}"
    if action == "split":
        library.actors.split(name, args.alias)
        return f"{args.alias!r} is its own actor"
    if action == "alias":
        library.actors.alias(name, args.alias)
        return f"{args.alias!r} now counts as {name!r}"
    library.actors.hide(name, hidden=action == "hide")
    return f"hid {name!r}" if action == "hide" else f"{name!r} is shown again"


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
            print(f"wrote {plural(count, 'bookmark')} to {args.output}", file=sys.stderr)
        else:
            sys.stdout.write(library.bookmarks.export(args.format, args.filter))
        return EXIT_OK
    bookmarks = library.bookmarks.list(args.filter)
    return _emit(args.json, lambda: [b.as_json() for b in bookmarks], "print_bookmarks", bookmarks)


def cmd_reindex(library: Library, args: argparse.Namespace) -> int:
    """Rebuild the index from the store."""
    final = _with_progress(library.reindex(), "Rebuilding the index")
    print(f"reindexed {plural(final.total, 'article')}")
    return EXIT_OK


def cmd_stats(library: Library, args: argparse.Namespace) -> int:
    """Print what the library holds."""
    _ready(library)
    stats = library.stats()
    print(f"home       {stats.home}")
    behind = "" if stats.index_current else ", the index is catching up"
    print(f"articles   {stats.articles} (from {plural(stats.files, 'file')}; {stats.index_documents} indexed{behind})")
    print(f"actors     {stats.actors} ({plural(stats.mentions, 'mention')})")
    print("sources    " + ", ".join(f"{s.value} {s.count}" for s in stats.sources))
    print(f"model      {stats.model}")
    for name in stats.set_aside:
        print(f"set aside  {name} (a damaged file kept in the home; see README: where data lives)")
    return EXIT_OK


COMMANDS = {"add": cmd_add, "search": cmd_search, "show": cmd_show, "actors": cmd_actors, "entities": cmd_entities,
            "bookmarks": cmd_bookmarks, "reindex": cmd_reindex, "stats": cmd_stats}


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


def tell(notices: Sequence[str]) -> None:
    """Print the library's notices (a file set aside, an index rebuilt) on stderr."""
    for notice in notices:
        print(f"newsdesk: {notice}", file=sys.stderr)


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
