"""A user's actor edit applied to the resolver of the state just before it.

Building a Resolver from every stored name takes a third of a second on the BBC
library, and the reader would pay it after every rename. An edit (a rename, a
merge, an alias, a split, a hide) touches a handful of actors, so the resolver
after it is the one before it with those actors made again: the names whose
chain of user aliases changed move to their new actor, and every actor they
leave or join, or whose display name or hiding changed, is counted and named
again exactly as `Resolver.__init__` would. Everything else is shared.

`Edited.names` says which actor names changed, so the ranked actor list can be
counted again for those only.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import cast

from .actor_keys import key, keyed
from .actors import Group, Resolver
from .resolver_state import LazyGroups
from .store_rows import NameRow

Registry = tuple[dict[str, str], dict[str, str], set[str]]
#: Spelling key -> stored (name, type) pairs, per resolver (the same for every resolver of one store state).
_KEYS: weakref.WeakKeyDictionary[Resolver, dict[str, list[tuple[str, str]]]] = weakref.WeakKeyDictionary()
#: More names than this moved by one edit: building the resolver afresh is as quick.
MOST_MOVED = 2000


@dataclass(frozen=True)
class Edited:
    """The resolver after an edit, and the actor names (before and after) whose counts may have changed."""

    resolver: Resolver
    names: frozenset[str]


def apply_edits(old: Resolver, registry: Registry,
                rows_of: Callable[[Collection[tuple[str, str]]], Iterable[NameRow]]) -> Edited | None:
    """`old` brought up to the edits in `registry`, for the same stored names; None when rebuilding is better.

    `rows_of(pairs)` returns the stored rows of some (name, type) pairs.
    """
    aliases, display, hidden = keyed(registry)
    changed_aliases = {k for k in old.user_aliases.keys() | aliases.keys() if old.user_aliases.get(k) != aliases.get(k)}
    relabelled = {k for k in old.display.keys() | display.keys() if old.display.get(k) != display.get(k)}
    relabelled |= old.hidden ^ hidden
    new = Resolver.__new__(Resolver)
    new.user_aliases, new.display, new.hidden, new._learned = aliases, display, hidden, old._learned
    new._by_raw = dict(old._by_raw)
    _KEYS[new] = keys = _keys(old)

    starts = {k for k in old.user_aliases.keys() | aliases.keys()
              if _chain(k, old.user_aliases) & changed_aliases or _chain(k, aliases) & changed_aliases}
    pairs = [pair for k in starts for pair in keys.get(k, ())]
    if len(pairs) > MOST_MOVED:
        return None
    moved: dict[tuple[str, str], tuple[str, str]] = {}
    for raw, kind in pairs:
        before, after = old._by_raw[(raw, kind)], new.group_key(raw, kind)
        if before != after:
            moved[(raw, kind)] = (before, after)
            new._by_raw[(raw, kind)] = after

    touched = {g for move in moved.values() for g in move} | {g for g in relabelled if g in old.groups}
    remade = {g: _copy(old.groups[g]) if g in old.groups else Group(g) for g in touched}
    for row in rows_of(moved) if moved else ():
        before, after = moved[(row.actor, row.type)]
        _count(remade[before], row, -1)
        _count(remade[after], row, 1)
    gone = {g for g, group in remade.items() if not group.forms}
    for g in gone:
        del remade[g]
    for group in remade.values():
        new.settle(group)
    new.groups = _with_changes(old.groups, remade, gone)

    _rename_index(old, new, touched, remade)
    names = {old.groups[g].name for g in touched if g in old.groups} | {group.name for group in remade.values()}
    return Edited(new, frozenset(names))


def _rename_index(old: Resolver, new: Resolver, touched: set[str], remade: dict[str, Group]) -> None:
    """`new`'s name -> group index: `old`'s, with the names the touched groups had and have now worked out again."""
    new._by_name, new._same_name = dict(old._by_name), dict(old._same_name)
    called: dict[str, set[str]] = {}  # name key -> groups called so after the edit, among those it concerns
    for g in touched:
        if g in old.groups:
            called.setdefault(key(old.groups[g].name), set())
    for g, group in remade.items():
        called.setdefault(key(group.name), set()).add(g)
    for k, now in called.items():
        before = old._same_name.get(k) or ([old._by_name[k]] if k in old._by_name else [])
        everyone = sorted(now | {g for g in before if g not in touched})
        new._same_name.pop(k, None)
        new._by_name.pop(k, None)
        if len(everyone) > 1:
            new._same_name[k] = everyone
        if everyone:
            new._by_name[k] = new.first_named(everyone)


def group_names(resolver: Resolver) -> dict[str, str]:
    """Group key -> the actor's name, without making every group of a loaded resolver."""
    groups = resolver.groups
    if isinstance(groups, LazyGroups):
        return groups.names()
    return {g: group.name for g, group in groups.items()}


def _keys(resolver: Resolver) -> dict[str, list[tuple[str, str]]]:
    """Spelling key -> the stored (name, type) pairs with it (worked out once, then passed on)."""
    found = _KEYS.get(resolver)
    if found is None:
        found = _KEYS[resolver] = {}
        for raw, kind in resolver._by_raw:
            found.setdefault(key(raw), []).append((raw, kind))
    return found


def _chain(k: str, aliases: Mapping[str, str]) -> set[str]:
    """The keys `Resolver.group_key` looks up from `k` (itself and the aliases it follows)."""
    seen: set[str] = set()
    while k in aliases and k not in seen:
        seen.add(k)
        if not aliases[k]:
            break
        k = aliases[k]
    return seen


def _copy(group: Group) -> Group:
    return replace(group, forms=Counter(group.forms), written=Counter(group.written), types=Counter(group.types))


def _count(group: Group, row: NameRow, sign: int) -> None:
    """Add (sign 1) or take away (sign -1) one stored row's counts."""
    for counter, item in ((group.forms, row.actor), (group.written, " ".join(row.text.split())),
                          (group.types, row.type)):
        counter[item] += sign * row.times
        if counter[item] <= 0:
            del counter[item]


def _with_changes(groups: Mapping[str, Group], remade: dict[str, Group], gone: set[str]) -> dict[str, Group]:
    if isinstance(groups, LazyGroups):
        return cast(dict[str, Group], groups.changed(remade, gone))
    out = {g: group for g, group in groups.items() if g not in gone}
    out.update(remade)
    return out
