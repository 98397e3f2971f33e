"""The command palette: the reader's commands and one "Search actor" / "Open actor" entry per
known actor.

The provider knows neither the App's methods nor the Library: the App (or any
`PaletteSource`) hands it a list of `PaletteCommand`s, each with its own callback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.message import Message

from index import Actor

from .messages import ActorRequested, QueryRequested
from .sanitize import clean_line
from .words import plural


@dataclass(frozen=True)
class PaletteCommand:
    """One entry of the palette."""

    title: str
    help: str
    run: Callable[[], Any]
    #: Listed before anything is typed.
    discover: bool = False


@runtime_checkable
class PaletteSource(Protocol):
    """What offers commands to the palette (the App)."""

    def palette_commands(self) -> Sequence[PaletteCommand]:
        """Every command, in the order they are listed."""
        ...


def actor_commands(actors: Sequence[Actor], post: Callable[[Message], object]) -> list[PaletteCommand]:
    """"Search actor: X" and "Open actor: X" for each actor; running one posts a request."""
    searches = [PaletteCommand(f"Search actor: {clean_line(a.name)}", f"{a.type}, {plural(a.articles, 'article')}",
                               partial(post, QueryRequested(f'actor:"{a.name}"'))) for a in actors]
    opens = [PaletteCommand(f"Open actor: {clean_line(a.name)}",
                            "sentences, mentions by month, actors mentioned with it",
                            partial(post, ActorRequested(a.name))) for a in actors]
    return searches + opens


#: Correction -> its palette title.
CORRECTIONS = {"rename": "Rename actor", "merge": "Merge into actor", "alias": "Add a name for actor",
               "split": "Split a spelling off actor", "hide": "Hide actor"}


def correction_commands(actors: Sequence[str], edit: Callable[[str, str], object]) -> list[PaletteCommand]:
    """"Rename actor: X…" and the other corrections for each actor of the open article."""
    return [PaletteCommand(f"{title}: {clean_line(name)}…", "correct the actor (as the sidebar's keys do)",
                           partial(edit, name, kind)) for kind, title in CORRECTIONS.items() for name in actors]


class NewsdeskCommands(Provider):
    """The reader's commands, from whatever `PaletteSource` the app is."""

    def _commands(self) -> Sequence[PaletteCommand]:
        source = self.app
        return source.palette_commands() if isinstance(source, PaletteSource) else ()

    async def discover(self) -> Hits:
        """The fixed commands, before anything is typed."""
        for command in self._commands():
            if command.discover:
                yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        """Commands whose title matches what was typed."""
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.run, help=command.help)
