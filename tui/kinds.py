"""One table of entity types shared by both faces: the theme variable that colours a type in
the reader, the heading it is listed under, and the Rich style the command line prints it in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


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
KINDS: dict[str, Kind] = {
    "person": Kind("accent", "People", "magenta"),
    "organization": Kind("secondary", "Organizations", "cyan"),
    "place": Kind("success", "Places", "green"),
    "group": Kind("warning", "Groups", "yellow"),
    "other": Kind("primary", "Other", "blue"),
}


def kind(entity_type: str) -> Kind:
    """How an entity type is shown (an unknown type is shown as "other")."""
    return KINDS.get(entity_type, KINDS["other"])


def theme_colour(variables: Mapping[str, str], entity_type: str) -> str:
    """The reader's colour for an entity type, from the active theme's CSS variables."""
    return variables.get(kind(entity_type).variable, "")
