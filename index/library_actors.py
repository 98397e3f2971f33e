"""The library's actors: names resolved through the defaults and the user's edits, the actor
view, name completion, and the edits themselves (kept in `actors.db`).

Resolving needs every stored name grouped into actors. That grouping is built
once per state of the store and of the edits (after an edit, from the grouping
before it: see `actor_edits`), kept in memory, and saved beside the library
(`cache/`) so the next process loads it instead of rebuilding it.
"""

from __future__ import annotations

import builtins
import heapq
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol, cast

from . import actor_ranking, actor_view
from . import actors as actors_mod
from .actor_edits import apply_edits
from .actors import ActorError
from .derived import Derived
from .errors import NotFound, StorageFull
from .models import Actor, ActorProfile, Article, Entity, Facet
from .resolver_state import freeze, thaw
from .sqlite import disk_nearly_full, has_data, open_or_set_aside
from .store import Store
from .store_mentions import MentionRecords

#: Actors kept for name completion and the palette (the most mentioned ones).
COMPLETION_LIMIT = 5000


class Actors:
    """Actor lookups and corrections for one library."""

    def __init__(self, home: Path, store: Store, notice: Callable[[str], None]) -> None:
        self._home = home
        self._store = store
        self._mentions = MentionRecords(store)
        self._notice = notice
        self._registry_obj: Edits | None = None
        self._derived = Derived(home / "cache", store)
        #: Edits version -> (the version before, actor names the edit changed), for resolvers built by an edit.
        self._edits: dict[int, tuple[int, frozenset[str]]] = {}

    @property
    def _registry(self) -> Edits:
        if self._registry_obj is None:
            path = self._home / "actors.db"
            if not has_data(path) and disk_nearly_full(path):
                return _NoEdits()  # nothing to read, and no room to start the file: read as if unedited
            self._registry_obj = open_or_set_aside(path, lambda: actors_mod.Registry(path), self._notice,
                                                   "your actor corrections")
        return self._registry_obj

    def close(self) -> None:
        """Wait for kept values being written; close the corrections file."""
        self._derived.close()
        if self._registry_obj is not None:
            self._registry_obj.close()

    # Resolving ----------------------------------------------------------------

    def resolver(self) -> actors_mod.Resolver:
        """Names -> actors for the current store and edits (built once per state, kept on disk)."""
        version = self._registry.version()
        return self._derived.get(("resolver", version), lambda: self._build_resolver(version), freeze, thaw)

    def _build_resolver(self, version: int) -> actors_mod.Resolver:
        """From the resolver before the last edits when this process has it (see actor_edits), else afresh."""
        registry = self._registry.load()
        kept = self._derived.latest("resolver")
        if kept is not None:
            edited = apply_edits(kept[1], registry, self._mentions.name_rows)
            if edited is not None:
                self._edits[version] = (cast(int, kept[0][1]), edited.names)
                return edited.resolver
        return actors_mod.Resolver(self._mentions.actor_names(), registry)

    def warm(self) -> None:
        """Build (and keep on disk) what the next commands will ask for: the resolver, the ranked list."""
        self.list(1)
        self.count()

    def _edit(self, aliases: dict[str, str] | None = None, display: dict[str, str] | None = None,
              hidden: dict[str, bool] | None = None) -> None:
        """Record an edit; the ranked list before it is brought into memory first (from cache/, when kept),
        so the list after it is counted again only for the actors it touches."""
        self._derived.load(("actors", self._registry.version()), actor_ranking.decode)
        self._registry.edit(aliases=aliases, display=display, hidden=hidden)

    def resolve_article(self, article: Article) -> Article:
        """The article with each mention named by its actor (user edits and defaults applied)."""
        return replace(article, entities=tuple(self.resolve(article.entities)))

    def resolve(self, entities: Sequence[Entity]) -> builtins.list[Entity]:
        """Mentions named and typed as the library shows them; hidden actors are left out."""
        return self.resolver().resolve(entities)

    def members(self, name: str) -> builtins.list[str]:
        """Every stored name (lowercase) of the actor a user means by `name`."""
        return self.resolver().members(name)

    def first_mention(self, article_id: str, names: Sequence[str]) -> tuple[int, int] | None:
        """Where an article first mentions any of some actors (as a query names them)."""
        resolver = self.resolver()
        wanted = {m for name in names for m in resolver.members(name)}
        for entity in self._store.mentions(article_id):
            if entity.actor.lower() in wanted:
                return entity.start, entity.end
        return None

    def facets(self, ids: Sequence[str], limit: int) -> tuple[Facet, ...]:
        """The actors most articles among `ids` mention."""
        resolver = self.resolver()
        named: dict[tuple[str, str], str | None] = {}
        articles: dict[str, set[str]] = {}
        for raw, kind, article_id, _ in self._mentions.actor_rows(ids):
            if (raw, kind) not in named:
                group = resolver.actor(raw, kind)
                named[(raw, kind)] = group.name if group is not None else None
            name = named[(raw, kind)]
            if name is not None:
                articles.setdefault(name, set()).add(article_id)
        ranked = heapq.nsmallest(limit, articles.items(), key=lambda item: (-len(item[1]), item[0]))
        return tuple(Facet(name, len(arts)) for name, arts in ranked)

    def count(self) -> int:
        """How many actors the library has (hidden ones too)."""
        version = self._registry.version()
        return self._derived.get(("actor-count", version), lambda: len(self.resolver().groups), int, int)

    # Listing ------------------------------------------------------------------

    def list(self, limit: int | None = None) -> builtins.list[Actor]:
        """Actors by how many articles mention them, then mentions, with their other spellings."""
        version = self._registry.version()
        found: builtins.list[Actor] = self._derived.get(("actors", version), lambda: self._rank(version),
                                                        actor_ranking.encode, actor_ranking.decode)
        return found[:limit] if limit else list(found)

    def _rank(self, version: int) -> builtins.list[Actor]:
        """Every actor with its articles and mentions, counted in SQL over every mention once (after an
        edit this process made the resolver for, only the actors it changed are counted again)."""
        resolver = self.resolver()  # (first: an edit's resolver records what the edit changed)
        kept, edit = self._derived.latest("actors"), self._edits.get(version)
        if kept is not None and edit is not None and kept[0][1] == edit[0]:
            return actor_ranking.rerank(resolver, self._mentions, kept[1], edit[1])
        return actor_ranking.rank(resolver, self._mentions)

    def names(self) -> builtins.list[str]:
        """Actor names for completion, most mentioned first."""
        return [a.name for a in self.list(COMPLETION_LIMIT)]

    def closest(self, name: str) -> str | None:
        """When no actor goes by `name`, the most mentioned one spelled most like it (its full name or, for a
        person, the surname); else None."""
        if self.resolver().find(name) is not None:
            return None
        import difflib

        names = self.names()
        spellings = {known.lower(): known for known in reversed(names)}  # (the most mentioned wins)
        for known in names:
            spellings.setdefault(known.split()[-1].lower(), known)
        found = difflib.get_close_matches(name.lower(), list(spellings), n=1, cutoff=0.75)
        return spellings[found[0]] if found else None

    def profile(self, name: str, with_company: bool = True) -> ActorProfile:
        """One actor across the library: sentences that mention it, mentions by month, co-actors (left
        empty with `with_company=False`, for a screen that shows the rest first; see `company`).

        Raises:
            NotFound: when no actor goes by that name.
        """
        resolver = self.resolver()
        group = self._shown(resolver, name)
        return actor_view.profile(self._store, self._mentions, resolver, group, with_company=with_company)

    def company(self, name: str) -> tuple[Facet, ...]:
        """The actors most often named in the same articles as this one, most often first.

        Raises:
            NotFound: when no actor goes by that name.
        """
        resolver = self.resolver()
        return actor_view.company(self._mentions, resolver, self._shown(resolver, name))

    @staticmethod
    def _shown(resolver: actors_mod.Resolver, name: str) -> actors_mod.Group:
        group = resolver.find(name)
        if group is None or group.hidden:
            raise NotFound(f"no actor named {name!r}" + (" (it is hidden)" if group else ""))
        return group

    def complete(self, prefix: str, limit: int = 10) -> builtins.list[str]:
        """Actor names that start with a prefix (or have a word that does)."""
        return self.resolver().complete(prefix, limit)

    # Edits: applied at query and display time, kept in actors.db ---------------

    def merge(self, into: str, other: str) -> str:
        """Make `other` (all its spellings) part of `into`; returns the actor's name."""
        resolver = self.resolver()
        target, source = self._group(into), self._group(other)
        if target.key == source.key:
            raise ActorError(f"{into!r} and {other!r} are already one actor")
        aliases = {actors_mod.key(f): target.key for f in source.forms}
        aliases[source.key] = target.key
        self._edit(aliases=aliases)
        return resolver.display.get(target.key, target.name)

    def rename(self, name: str, new_name: str) -> None:
        """Show an actor under another name (its spellings stay its aliases)."""
        if not new_name.strip():
            raise ActorError("the new name is empty")
        group = self._group(name)
        new_key = actors_mod.key(new_name)
        self._edit(display={group.key: " ".join(new_name.split())},
                   aliases={new_key: group.key} if new_key != group.key else None)

    def split(self, name: str, spelling: str) -> None:
        """Make one spelling of an actor an actor of its own."""
        group = self._group(name)
        k = actors_mod.key(spelling)
        if k not in {actors_mod.key(f) for f in group.forms}:
            forms = ", ".join(sorted(group.forms))
            raise ActorError(f"{spelling!r} is not a spelling of {group.name!r} (its spellings: {forms})")
        self._edit(aliases={k: ""})

    def alias(self, name: str, other_name: str) -> None:
        """Count a name (say "Pyongyang") as the actor `name` (say "North Korea")."""
        group = self._group(name)
        self._edit(aliases={actors_mod.key(other_name): group.key})

    def hide(self, name: str, hidden: bool = True) -> None:
        """Hide a false entity (or show it again) everywhere."""
        self._edit(hidden={self._group(name).key: hidden})

    def _group(self, name: str) -> actors_mod.Group:
        group = self.resolver().find(name)
        if group is None:
            raise NotFound(f"no actor named {name!r}")
        return group


class Edits(Protocol):
    """Where the user's actor corrections are kept."""

    def version(self) -> int: ...
    def load(self) -> tuple[dict[str, str], dict[str, str], set[str]]: ...
    def edit(self, aliases: dict[str, str] | None = None, display: dict[str, str] | None = None,
             hidden: dict[str, bool] | None = None) -> None: ...
    def close(self) -> None: ...


class _NoEdits:
    """The corrections of a library that has none and no room on its disk to start keeping them."""

    def version(self) -> int:
        return 0

    def load(self) -> tuple[dict[str, str], dict[str, str], set[str]]:
        return {}, {}, set()

    def edit(self, aliases: dict[str, str] | None = None, display: dict[str, str] | None = None,
             hidden: dict[str, bool] | None = None) -> None:
        raise StorageFull("the disk is full; the actor correction was not saved (free some space and retry)")

    def close(self) -> None:
        return None

