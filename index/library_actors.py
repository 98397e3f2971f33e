"""The Library's actor methods: names resolved through defaults and user edits, the actor view,
and the edits themselves. A part of `Library`, kept apart to keep each module to one job."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from . import actor_view
from . import actors as actors_mod
from .actors import ActorError
from .errors import NotFound
from .models import Actor, ActorProfile, Article
from .store import Store


class ActorMethods:
    """Actor lookups and corrections; mixed into `Library`."""

    home: Path
    _store: Store
    _actor_registry: actors_mod.Registry | None
    _resolver_cache: tuple[tuple[int, int], actors_mod.Resolver] | None

    def _resolve_article(self, article: Article) -> Article:
        """The article with each mention named by its actor (user edits and defaults applied)."""
        return replace(article, entities=tuple(self._resolver().resolve(article.entities)))

    def actors(self, limit: int | None = None) -> list[Actor]:
        """Actors by how many articles mention them, then mentions, with their other spellings."""
        grouped = actors_mod.aggregate(self._store.actor_rows(), self._resolver())
        found = [Actor(name, group.type, len(arts), count,  # type: ignore[arg-type]
                       group.aliases())
                 for name, (group, arts, count) in grouped.items()]
        found.sort(key=lambda a: (-a.articles, -a.mentions, a.name))
        return found[:limit] if limit else found

    def actor(self, name: str) -> ActorProfile:
        """One actor across the library: sentences that mention it, mentions by month, co-actors.

        Raises:
            NotFound: when no actor goes by that name.
        """
        resolver = self._resolver()
        group = resolver.find(name)
        if group is None or group.hidden:
            raise NotFound(f"no actor named {name!r}" + (" (it is hidden)" if group else ""))
        return actor_view.profile(self._store, resolver, group)

    def complete_actor(self, prefix: str, limit: int = 10) -> list[str]:
        """Actor names that start with a prefix (or have a word that does)."""
        return self._resolver().complete(prefix, limit)

    # Actor edits: applied at query and display time, kept in actors.db --------

    def merge_actors(self, into: str, other: str) -> str:
        """Make `other` (all its spellings) part of `into`; returns the actor's name."""
        resolver = self._resolver()
        target, source = self._group(into), self._group(other)
        if target.key == source.key:
            raise ActorError(f"{into!r} and {other!r} are already one actor")
        aliases = {actors_mod.key(f): target.key for f in source.forms}
        aliases[source.key] = target.key
        self._registry.edit(aliases=aliases)
        return resolver.display.get(target.key, target.name)

    def rename_actor(self, name: str, new_name: str) -> None:
        """Show an actor under another name (its spellings stay its aliases)."""
        if not new_name.strip():
            raise ActorError("the new name is empty")
        group = self._group(name)
        self._registry.edit(display={group.key: " ".join(new_name.split())},
                            aliases={actors_mod.key(new_name): group.key}
                            if actors_mod.key(new_name) != group.key else None)

    def split_actor(self, name: str, alias: str) -> None:
        """Make one spelling of an actor an actor of its own."""
        group = self._group(name)
        k = actors_mod.key(alias)
        if k not in {actors_mod.key(f) for f in group.forms}:
            forms = ", ".join(sorted(group.forms))
            raise ActorError(f"{alias!r} is not a spelling of {group.name!r} (its spellings: {forms})")
        self._registry.edit(aliases={k: ""})

    def alias_actor(self, name: str, alias: str) -> None:
        """Count a name (say "Pyongyang") as the actor `name` (say "North Korea")."""
        group = self._group(name)
        self._registry.edit(aliases={actors_mod.key(alias): group.key})

    def hide_actor(self, name: str, hidden: bool = True) -> None:
        """Hide a false entity (or show it again) everywhere."""
        resolver = self._resolver()
        group = resolver.find(name)
        if group is None:
            raise NotFound(f"no actor named {name!r}")
        self._registry.edit(hidden={group.key: hidden})

    def _group(self, name: str) -> actors_mod.Group:
        group = self._resolver().find(name)
        if group is None:
            raise NotFound(f"no actor named {name!r}")
        return group

    @property
    def _registry(self) -> actors_mod.Registry:
        if self._actor_registry is None:
            self._actor_registry = actors_mod.Registry(self.home / "actors.db")
        return self._actor_registry

    def _resolver(self) -> actors_mod.Resolver:
        """Names -> actors for the current store and edits (rebuilt only when either changed)."""
        state = (self._store.generation(), self._registry.version())
        cached = self._resolver_cache
        if cached is None or cached[0] != state:
            resolver = actors_mod.Resolver(self._store.actor_names(), self._registry.load())
            self._resolver_cache = cached = (state, resolver)
        return cached[1]

