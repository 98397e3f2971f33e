"""Actors: one name for every way the text names a person, organisation or country.

The index keeps what the extractor found (a name per mention, merged within its
article). This module turns those names into actors at query and display time:
first the user's edits (kept in `actors.db`, durable like bookmarks), then the
shipped defaults (`data/actors.json`: demonyms, acronyms, metonyms), then the
surnames and acronyms the library saw beside one full name in some article
("Merkel" -> Angela Merkel), then a spelling key that makes "Kim Jong Un" and
"Kim Jong-un", "U.S." and "US" or "Larry" and "Lawrence Lessig" one.
Because nothing is rewritten in the index, edits apply at once and survive
re-indexing and re-ingest.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .actor_keys import (
    DEFAULTS,
    capitals,
    default_name,
    default_target,
    default_type,
    default_types,
    defaults,
    demonym_country,
    key,
    keyed,
    person_key,
    prefix_expanded,
)
from .errors import NewsdeskError
from .models import Entity, EntityType
from .names import is_acronym
from .sqlite import Connections

__all__ = ["DEFAULTS", "ActorError", "Group", "Registry", "Resolver", "aggregate", "default_target", "default_type",
           "defaults", "demonym_country", "key", "person_key", "prefix_expanded"]


#: A surname or acronym stands for an actor in articles that never name it in full when at least
#: this share of its uses beside a full name were that actor's.
LEARN_SHARE = 0.9


class ActorError(NewsdeskError):
    """An actor edit that cannot be made; the message says why."""


class Registry:
    """The user's actor edits: aliases (name -> actor), display names and hidden actors."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connections = Connections(path, ActorError)
        conn = self._conn()
        made = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"aliases", "names", "meta"} <= made:  # opening never writes when there is nothing to make
            with conn:
                conn.execute("CREATE TABLE IF NOT EXISTS aliases (key TEXT PRIMARY KEY, target TEXT NOT NULL)")
                conn.execute("CREATE TABLE IF NOT EXISTS names (key TEXT PRIMARY KEY, display TEXT,"
                             " hidden INTEGER NOT NULL DEFAULT 0)")
                conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)")

    def _conn(self) -> sqlite3.Connection:
        return self._connections.get()

    def version(self) -> int:
        """Changes with every edit, so cached resolutions know when to refresh."""
        row = self._conn().execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        return int(row[0]) if row else 0

    def edit(self, aliases: dict[str, str] | None = None, display: dict[str, str] | None = None,
             hidden: dict[str, bool] | None = None) -> None:
        """Apply edits in one transaction. Alias targets are actor keys; "" means "itself"."""
        conn = self._conn()
        with conn:
            for k, target in (aliases or {}).items():
                conn.execute("INSERT INTO aliases(key, target) VALUES (?, ?) ON CONFLICT(key)"
                             " DO UPDATE SET target = excluded.target", (k, target))
            for k, name in (display or {}).items():
                conn.execute("INSERT INTO names(key, display) VALUES (?, ?) ON CONFLICT(key)"
                             " DO UPDATE SET display = excluded.display", (k, name))
            for k, flag in (hidden or {}).items():
                conn.execute("INSERT INTO names(key, hidden) VALUES (?, ?) ON CONFLICT(key)"
                             " DO UPDATE SET hidden = excluded.hidden", (k, int(flag)))
            conn.execute("INSERT INTO meta(key, value) VALUES ('version', 1) ON CONFLICT(key)"
                         " DO UPDATE SET value = value + 1")

    def load(self) -> tuple[dict[str, str], dict[str, str], set[str]]:
        """(aliases, display names, hidden keys)."""
        conn = self._conn()
        aliases = dict(conn.execute("SELECT key, target FROM aliases").fetchall())
        display = {k: v for k, v in conn.execute("SELECT key, display FROM names") if v}
        hidden = {k for (k,) in conn.execute("SELECT key FROM names WHERE hidden = 1")}
        return aliases, display, hidden

    def close(self) -> None:
        """Close this thread's connection."""
        self._connections.close()


@dataclass
class Group:
    """All the stored names that are one actor."""

    key: str
    name: str = ""
    type: str = "other"
    hidden: bool = False
    forms: Counter[str] = field(default_factory=Counter)
    written: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)

    def aliases(self) -> tuple[str, ...]:
        """Other ways the actor is named or written, most used first."""
        return tuple(f for f, _ in (self.forms + self.written).most_common() if f != self.name)


class Resolver:
    """Maps the names stored in the index to actors, for one state of the store and registry."""

    def __init__(self, stored: Iterable[tuple[str, str, str, int]], registry: tuple[dict[str, str], dict[str, str],
                 set[str]]) -> None:
        self.user_aliases, self.display, self.hidden = keyed(registry)
        self.groups: dict[str, Group] = {}
        self._by_raw: dict[tuple[str, str], str] = {}
        rows = list(stored)
        self._learned = _learned_short_forms(rows, self._base_key)
        for raw, kind, text, count in rows:
            gkey = self.group_key(raw, kind)
            group = self.groups.setdefault(gkey, Group(gkey))
            group.forms[raw] += count
            group.written[" ".join(text.split())] += count
            group.types[kind] += count
            self._by_raw[(raw, kind)] = gkey
        for group in self.groups.values():
            self.settle(group)
        self._by_name: dict[str, str] = {}
        self._same_name: dict[str, list[str]] = {}  # name key -> every group called so, when more than one
        for group in self.groups.values():
            k = key(group.name)
            if k in self._by_name:
                self._same_name.setdefault(k, [self._by_name[k]]).append(group.key)
            self._by_name[k] = group.key
        for k, gkeys in self._same_name.items():
            self._by_name[k] = self.first_named(gkeys)

    def first_named(self, gkeys: Iterable[str]) -> str:
        """Of groups that share a name, the one `find` gives: the most mentioned (then the first key)."""
        return min(gkeys, key=lambda g: (-self.groups[g].forms.total(), g))

    def settle(self, group: Group) -> None:
        """Name, type and hide a group as its names and the edits say."""
        group.name = self.display.get(group.key) or default_name(group.key) or _best_form(group.forms)
        non_group = Counter({t: n for t, n in group.types.items() if t != "group"})
        group.type = default_types().get(group.key) or (non_group or group.types).most_common(1)[0][0]
        group.hidden = group.key in self.hidden

    def group_key(self, raw: str, kind: str) -> str:
        """The key of the actor a stored name (of a mention type) belongs to: the user's edits first,
        then the shipped defaults, then what the library learned from articles that name the actor
        in full and in short ("Merkel" after "Angela Merkel"), then the spelling key."""
        k = key(raw)
        seen = set()
        while k in self.user_aliases and k not in seen:
            seen.add(k)
            target = self.user_aliases[k]
            if not target:  # split off: the name is its own actor, defaults do not apply
                return k
            k = target
        if seen:
            return k
        default = default_target(raw, kind)
        if default:
            return key(default)
        learned = self._learned.get((k, kind))
        return learned or self._base_key(raw, kind)

    def _base_key(self, raw: str, kind: str) -> str:
        """The spelling key of a name of a type, with no edits or learning applied."""
        if kind == "person":
            return person_key(raw)
        if kind == "group":
            k = key(raw)
            return k[:-1] if k.endswith("s") and not k.endswith("ss") else k  # "Muslims" and "Muslim"
        return key(prefix_expanded(raw))

    def actor(self, raw: str, kind: str) -> Group | None:
        """The actor of a stored name, or None when it is hidden."""
        gkey = self._by_raw.get((raw, kind)) or self.group_key(raw, kind)
        group = self.groups.get(gkey)
        if group is None:
            group = Group(gkey, name=self.display.get(gkey) or default_name(gkey) or raw, type=kind,
                          hidden=gkey in self.hidden)
        return None if group.hidden else group

    def resolve(self, mentions: Iterable[Entity]) -> list[Entity]:
        """Mentions named and typed as the library shows them; mentions of hidden actors are left out.

        This is the one place a mention becomes an actor: `show`, `entities` and the
        reader all call it. A name the library has never stored is named as it would
        be if its article were added: by user edits and defaults, else by the most
        complete spelling of that actor among these mentions.
        """
        items = list(mentions)
        keys = [self._by_raw.get((e.actor, e.type)) or self.group_key(e.actor, e.type) for e in items]
        local: dict[str, Counter[str]] = defaultdict(Counter)
        for e, gkey in zip(items, keys, strict=True):
            if gkey not in self.groups:
                local[gkey][e.actor] += 1
        out = []
        for e, gkey in zip(items, keys, strict=True):
            group = self.groups.get(gkey)
            if gkey in self.hidden or (group is not None and group.hidden):
                continue
            name = group.name if group else (self.display.get(gkey) or default_name(gkey)
                                             or _best_form(local[gkey]))
            kind: EntityType = "group" if e.type != "person" and demonym_country(e.text) else e.type
            out.append(replace(e, actor=name, type=kind))
        return out

    def find(self, name: str) -> Group | None:
        """The actor a user means by a name: its display name, an alias or any stored form."""
        k = key(name)
        gkey = self._by_name.get(k)
        if gkey is None:
            for kind in ("person", "organization", "place", "group", "other"):
                candidate = self.group_key(name, kind)
                if candidate in self.groups:
                    gkey = candidate
                    break
        return self.groups.get(gkey) if gkey else None

    def members(self, name: str) -> list[str]:
        """Every stored name that belongs to the actor a user means (lowercase, for the index)."""
        group = self.find(name)
        if group is None or group.hidden:
            return [name.lower()] if group is None else []
        return sorted({raw.lower() for raw in group.forms})

    def complete(self, prefix: str, limit: int = 10) -> list[str]:
        """Actor names starting with a prefix (any word of them), most mentioned first."""
        k = key(prefix)
        found = [g for g in self.groups.values() if not g.hidden
                 and any(w.startswith(k) for w in [key(g.name), *key(g.name).split()])]
        found.sort(key=lambda g: (-sum(g.forms.values()), g.name))
        return [g.name for g in found[:limit]]


def _learned_short_forms(rows: list[tuple[str, str, str, int]],
                         base_key: Callable[[str, str], str]) -> dict[tuple[str, str], str]:
    """(spelling key, type) of a surname or an acronym -> the actor it stood for in the articles that
    used it beside the full name ("Merkel" -> Angela Merkel, "MIT" -> Massachusetts Institute of
    Technology). A short form is learned only for an actor that has at least LEARN_SHARE of its uses
    ("Blair" for Tony Blair, not for Cherie Blair); other short forms ("Congress", "the Pirates") are
    too general to carry from one article to another."""
    seen: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for raw, kind, text, count in rows:
        short = " ".join(text.split())
        surname = kind == "person" and " " not in short and " " in raw
        if key(short) != key(raw) and (surname or is_acronym(short)):
            seen[(key(short), kind)][base_key(raw, kind)] += count
    learned = {}
    for k, targets in seen.items():
        target, uses = targets.most_common(1)[0]
        if uses >= LEARN_SHARE * targets.total():
            learned[k] = target
    return learned


def _best_form(forms: Counter[str]) -> str:
    """The most complete common spelling: the longest of those used at least a fifth as often as the top one,
    with its words capitalised ("Republican Party" rather than "Republican party")."""
    top = forms.most_common(1)[0][1]
    common = [f for f, n in forms.items() if n * 5 >= top]
    return max(common, key=lambda f: (len(f.split()), len(f), capitals(f), forms[f], f))


def aggregate(rows: Iterable[tuple[str, str, str, int]], resolver: Resolver) -> dict[str, tuple[Group, set[str], int]]:
    """Per actor name: (group, article ids, mentions) from (raw, type, article, count) rows."""
    out: dict[str, tuple[Group, set[str], int]] = {}
    articles: dict[str, set[str]] = defaultdict(set)
    mentions: Counter[str] = Counter()
    groups: dict[str, Group] = {}
    for raw, kind, article_id, count in rows:
        group = resolver.actor(raw, kind)
        if group is None:
            continue
        groups[group.name] = group
        articles[group.name].add(article_id)
        mentions[group.name] += count
    for name, group in groups.items():
        out[name] = (group, articles[name], mentions[name])
    return out
