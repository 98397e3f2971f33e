"""The ranked actor list: every actor with how many articles and mentions name it, counted in SQL.

Counted once per state of the store and the edits (and kept in `cache/`); after
an edit made in this process, only the actors the edit touched are counted again
(`rerank`, with the names `actor_edits` reports).
"""

from __future__ import annotations

from .actor_edits import group_names
from .actors import Group, Resolver
from .models import Actor, entity_type
from .store_mentions import MentionRecords

#: An Actor as plain data for `cache/`.
ActorRow = tuple[str, str, int, int, tuple[str, ...]]


def rank(resolver: Resolver, mentions: MentionRecords) -> list[Actor]:
    """Every actor not hidden, most articles first, then most mentions, then by name."""
    groups: dict[str, Group] = {}
    mapping: list[tuple[str, str, str]] = []
    for raw, kind, _, _ in mentions.actor_names():
        group = resolver.actor(raw, kind)
        if group is not None:
            groups[group.name] = group
            mapping.append((raw, kind, group.name))
    return _ranked([], groups, mentions.count_by_actor(mapping))


def rerank(resolver: Resolver, mentions: MentionRecords, ranked: list[Actor], names: frozenset[str]) -> list[Actor]:
    """`ranked` with the actors now or formerly called one of `names` counted again."""
    named = group_names(resolver)
    groups: dict[str, Group] = {}
    mapping: list[tuple[str, str, str]] = []
    for (raw, kind), gkey in resolver._by_raw.items():
        name = named[gkey]
        if name in names and not (group := resolver.groups[gkey]).hidden:
            groups[name] = group
            mapping.append((raw, kind, name))
    return _ranked([a for a in ranked if a.name not in names], groups, mentions.count_by_actor(mapping))


def _ranked(kept: list[Actor], groups: dict[str, Group], counts: dict[str, tuple[int, int]]) -> list[Actor]:
    found = kept + [Actor(name, entity_type(groups[name].type), articles, mentions, groups[name].aliases())
                    for name, (articles, mentions) in counts.items()]
    found.sort(key=lambda a: (-a.articles, -a.mentions, a.name))
    return found


def encode(actors: list[Actor]) -> list[ActorRow]:
    """The list as plain data."""
    return [(a.name, a.type, a.articles, a.mentions, a.aliases) for a in actors]


def decode(rows: list[ActorRow]) -> list[Actor]:
    """The list from `encode`'s data."""
    return [Actor(n, entity_type(t), arts, m, tuple(al)) for n, t, arts, m, al in rows]
