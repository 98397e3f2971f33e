"""Command palette entries: search an actor, add files, rebuild the index, sort."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .sanitize import clean_line

if TYPE_CHECKING:
    from .app import NewsdeskApp


class NewsdeskCommands(Provider):
    """The reader's own commands, plus one "Search actor" entry per known actor."""

    async def startup(self) -> None:
        app: NewsdeskApp = self.app  # type: ignore[assignment]
        worker = app.run_worker(lambda: app.library.actors.list(200), thread=True)
        self.actors = await worker.wait()

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app: NewsdeskApp = self.app  # type: ignore[assignment]
        fixed: list[tuple[str, Callable[[], object], str]] = [
            ("Add files or a folder…", app.action_add, "index .txt and .md files into the library"),
            ("Rebuild the index", app.action_rebuild, "rebuild the search index from the article store"),
            ("Toggle sort: relevance / newest first", app.action_toggle_sort, "order of the results"),
            ("Show bookmarks", app.action_bookmarks, "every bookmarked passage with its note"),
            ("Export bookmarks as Markdown…", partial(app.export_bookmarks, "md"),
             "quotes and notes grouped by article"),
            ("Export bookmarks as W3C Web Annotation JSON…", partial(app.export_bookmarks, "json"),
             "for Hypothesis and other annotation tools"),
            ("Show keys", app.action_help, "every key binding"),
        ]
        actors: list[tuple[str, Callable[[], object], str]] = [
            (f"Search actor: {clean_line(a.name)}", partial(app.search_for, f'actor:"{a.name}"'),
             f"{a.type}, {a.articles} articles") for a in self.actors]
        actors += [(f"Open actor: {clean_line(a.name)}", partial(app.open_actor, a.name),
                    "sentences, mentions by month, actors mentioned with it") for a in self.actors]
        return fixed + actors

    async def discover(self) -> Hits:
        for name, action, help_text in self._commands()[:7]:
            yield DiscoveryHit(name, action, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), action, help=help_text)  # type: ignore[arg-type]
