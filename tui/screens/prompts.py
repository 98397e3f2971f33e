"""Flows that ask for one line in the input dialog, then run the work in the asking screen's
thread worker: adding files, exporting bookmarks, correcting an actor.

Failures are raised in the worker; the App's one handler shows them, titled by
the worker's name.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.screen import Screen

from index import Library

from ..messages import ActorsChanged
from ..sanitize import clean_line
from ..words import plural
from .input_dialog import InputDialog

#: Correction -> (dialog title, question, whether the box starts with the actor's name).
EDITS = {
    "rename": ("Rename actor", "New name for {actor!r}:", True),
    "merge": ("Merge actors", "Name of the actor to merge into {actor!r}:", False),
    "alias": ("Add a name", "Another name that means {actor!r} (e.g. a capital for a state):", False),
    "split": ("Split off a spelling", "Spelling of {actor!r} that is a different actor:", False),
}
#: Correction -> what the user is told when it is made.
DONE = {"rename": "Renamed to {text!r}", "merge": "Merged {text!r} into {actor!r}",
        "alias": "{text!r} now counts as {actor!r}", "split": "{text!r} is its own actor",
        "hide": "Hid {actor!r} (newsdesk actors unhide)"}


def ask_paths(screen: Screen[Any], add: Callable[[list[str]], object]) -> None:
    """Ask for a file or folder, then hand it to `add`."""

    def chosen(path: str | None) -> None:
        if path:
            add([path])

    screen.app.push_screen(InputDialog("Add files or a folder", "Path of an article (text, Markdown, an HTML "
                                       "page, a feed) or of a folder (searched recursively):",
                                       placeholder="~/articles", must_exist=True), chosen)


def ask_export(screen: Screen[Any], library: Library, fmt: str) -> None:
    """Ask where to write the bookmarks, then write them in the background."""
    suffix, name = ("md", "Markdown") if fmt == "md" else ("json", "W3C JSON")

    def chosen(path: str | None) -> None:
        if path:
            screen.run_worker(partial(_export, screen, library, path, fmt), thread=True, group="export",
                              name="Export failed", exit_on_error=False)

    screen.app.push_screen(InputDialog(f"Export bookmarks ({name})", "File to write (it is replaced if it exists):",
                                       value=f"~/newsdesk-bookmarks.{suffix}"), chosen)


def _export(screen: Screen[Any], library: Library, path: str, fmt: str) -> None:
    count = library.bookmarks.write(path, fmt)
    screen.notify(clean_line(f"Wrote {plural(count, 'bookmark')} to {path}"), title="Exported", markup=False)


def ask_actor_edit(screen: Screen[Any], library: Library, actor: str, edit: str) -> None:
    """Correct an actor (rename, merge, alias, split, hide); `ActorsChanged` is posted to `screen` after."""
    if edit == "hide":
        _run_edit(screen, partial(library.actors.hide, actor), DONE["hide"].format(actor=actor), None)
        return
    title, question, prefilled = EDITS[edit]
    calls = {"rename": library.actors.rename, "merge": library.actors.merge,
             "alias": library.actors.alias, "split": library.actors.split}

    def answered(text: str | None) -> None:
        if text:
            now = text if edit == "rename" else actor  # (a merge returns the name it keeps: see _run_edit)
            _run_edit(screen, partial(calls[edit], actor, text), DONE[edit].format(actor=actor, text=text), now)

    screen.app.push_screen(InputDialog(title, question.format(actor=actor), value=actor if prefilled else ""),
                           answered)


def _run_edit(screen: Screen[Any], change: Callable[[], object], done: str, actor: str | None) -> None:
    """Make an actor correction in a worker; `actor` is the name the edited actor goes by after it."""

    def work() -> None:
        result = change()
        screen.notify(clean_line(done), title="Actors", markup=False)
        screen.post_message(ActorsChanged(result if isinstance(result, str) and actor else actor))

    screen.run_worker(work, thread=True, group="actor-edit", name="Not changed", exit_on_error=False)
