"""A Resolver as plain data, so one process builds it and the next ones load it.

Building a Resolver reads every stored name and applies every rule (a second or
more on a large library); loading this copy costs a small fraction of that.
Groups are made only when asked for: a command that resolves one article
touches a few dozen of them, not all. `freeze` and `thaw` must know every
attribute `Resolver.__init__` sets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any, cast

from .actors import Group, Resolver

#: Bump when the layout below changes.
FORMAT = 2

GroupRow = tuple[str, str, bool, list[tuple[str, int]], list[tuple[str, int]], list[tuple[str, int]]]


def freeze(resolver: Resolver) -> dict[str, Any]:
    """The resolver as dicts, lists, strings and numbers (marshal can write it)."""
    groups = resolver.groups
    return {
        "format": FORMAT,
        "aliases": resolver.user_aliases, "display": resolver.display, "hidden": sorted(resolver.hidden),
        "learned": [[k, kind, target] for (k, kind), target in resolver._learned.items()],
        "groups": groups.plain() if isinstance(groups, LazyGroups) else {k: _plain(g) for k, g in groups.items()},
        "by_raw": [[raw, kind, gkey] for (raw, kind), gkey in resolver._by_raw.items()],
        "by_name": resolver._by_name,
        "same_name": resolver._same_name,
    }


def _plain(group: Group) -> GroupRow:
    return (group.name, group.type, group.hidden, list(group.forms.items()), list(group.written.items()),
            list(group.types.items()))


def thaw(data: dict[str, Any]) -> Resolver:
    """A resolver from `freeze`'s data, without running any rule again.

    Raises:
        ValueError: when the data is of another format.
    """
    if data.get("format") != FORMAT:
        raise ValueError("another format")
    resolver = Resolver.__new__(Resolver)
    resolver.user_aliases = dict(data["aliases"])
    resolver.display = dict(data["display"])
    resolver.hidden = set(data["hidden"])
    resolver._learned = {(k, kind): target for k, kind, target in data["learned"]}
    # Read-only after thawing, so a mapping that makes groups on demand stands in for the dict.
    resolver.groups = cast(dict[str, Group], LazyGroups(data["groups"]))
    resolver._by_raw = {(raw, kind): gkey for raw, kind, gkey in data["by_raw"]}
    resolver._by_name = dict(data["by_name"])
    resolver._same_name = {k: list(gkeys) for k, gkeys in data["same_name"].items()}
    return resolver


class LazyGroups(Mapping[str, Group]):
    """Groups made from their plain rows on first use."""

    def __init__(self, rows: dict[str, GroupRow]) -> None:
        self._rows = rows
        self._made: dict[str, Group] = {}

    def __getitem__(self, gkey: str) -> Group:
        group = self._made.get(gkey)
        if group is None:
            name, kind, hidden, forms, written, types = self._rows[gkey]
            group = Group(gkey, name, kind, hidden, Counter(dict(forms)), Counter(dict(written)),
                          Counter(dict(types)))
            self._made[gkey] = group
        return group

    def __contains__(self, gkey: object) -> bool:
        return gkey in self._rows

    def plain(self) -> dict[str, GroupRow]:
        """Every group as a plain row, without making the groups not made yet (for `freeze`)."""
        made = self._made
        return {g: _plain(made[g]) if g in made else row for g, row in self._rows.items()}

    def names(self) -> dict[str, str]:
        """Group key -> name, without making the groups."""
        made = self._made
        return {g: made[g].name if g in made else row[0] for g, row in self._rows.items()}

    def changed(self, remade: dict[str, Group], gone: set[str]) -> LazyGroups:
        """A copy with some groups replaced or added (`remade`) and some taken away (`gone`)."""
        out = LazyGroups({g: row for g, row in self._rows.items() if g not in gone})
        out._made = {g: group for g, group in self._made.items() if g not in gone and g not in remade}
        for g, group in remade.items():
            out._rows.setdefault(g, (group.name, group.type, group.hidden, [], [], []))  # a new one: listed, made
            out._made[g] = group
        return out

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)
