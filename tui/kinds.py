"""One table of entity types shared by both faces: the theme variable that colours a type in
the reader, the heading it is listed under, and the Rich style the command line prints it in."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index import Entity


@dataclass(frozen=True)
class Kind:
    """How one entity type is shown."""

    #: The Textual theme variable that colours it in the reader.
    variable: str
    #: The heading its actors are listed under.
    heading: str
    #: Its Rich colour on the command line.
    style: str


#: Entity type -> how it is shown, in the order the types are listed.
#: The reader uses the themes' text colours (made to be read on the background); in the default
#: theme the five are different (its accent and warning, once people and groups, are one colour).
KINDS: dict[str, Kind] = {
    "person": Kind("text-accent", "People", "magenta"),
    "organization": Kind("text-primary", "Organizations", "cyan"),
    "place": Kind("text-success", "Places", "green"),
    "group": Kind("text-error", "Groups", "yellow"),
    "other": Kind("text-secondary", "Other", "blue"),
}


def kind(entity_type: str) -> Kind:
    """How an entity type is shown (an unknown type is shown as "other")."""
    return KINDS.get(entity_type, KINDS["other"])


def theme_colour(variables: Mapping[str, str], entity_type: str) -> str:
    """The reader's colour for an entity type, from the active theme's CSS variables."""
    return variables.get(kind(entity_type).variable, "")


def actors_by_kind(entities: Iterable[Entity]) -> list[tuple[str, list[tuple[str, int]]]]:
    """An article's actors, each once, under its type, most mentioned first: [(type, [(actor, mentions)])].

    An actor's type is the most common type of its mentions other than "group", so the place
    North Korea is listed under places although "North Korean" mentions it as a group.
    """
    mentions: Counter[str] = Counter()
    types: dict[str, Counter[str]] = defaultdict(Counter)
    for e in entities:
        mentions[e.actor] += 1
        types[e.actor][e.type] += 1
    listed: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for actor, count in mentions.items():
        kinds = types[actor]
        non_group = Counter({t: n for t, n in kinds.items() if t != "group"}) or kinds
        best = max(non_group, key=lambda t: (non_group[t], -list(KINDS).index(t) if t in KINDS else -99))
        listed[best if best in KINDS else "other"].append((actor, count))
    return [(k, sorted(listed[k], key=lambda x: (-x[1], x[0]))) for k in KINDS if listed[k]]
