"""Actor keys and shipped defaults: the spelling key of a name and what `data/actors.json` says.

Used when names become actors (`actors.py`) and when an article's mentions are typed
and merged (`canonical.py`, `coref.py`); read once, on first use.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path

from .names import fold, formal_first_name, is_acronym

DEFAULTS = Path(__file__).with_name("data") / "actors.json"

_THE = re.compile(r"^the\s+")
_DASHES = re.compile(r"[-‐‑–—_/]+")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.I)


@lru_cache(maxsize=1 << 16)
def key(name: str) -> str:
    """The spelling-insensitive key of a name: case, accents, dots, hyphens, "the" and possessives ignored."""
    text = fold(" ".join(name.split())).casefold()
    text = _THE.sub("", text)
    text = _POSSESSIVE.sub("", text)
    text = text.replace(".", "").replace("’", "'")
    text = _DASHES.sub(" ", text)
    return " ".join(text.split())


@cache
def defaults() -> dict[str, dict[str, str]]:
    """The shipped default actors (read once)."""
    data: dict[str, dict[str, str]] = json.loads(DEFAULTS.read_text(encoding="utf-8"))
    return data


@cache
def _default_maps() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    data = defaults()
    demonyms = {key(k): v for k, v in data["demonyms"].items()}
    aliases = {key(k): v for k, v in data["aliases"].items()}
    metonyms = {key(k): v for k, v in data["metonyms"].items()}
    types = {key(k): v for k, v in data["types"].items()}
    return demonyms, aliases, metonyms, types


def demonym_country(name: str) -> str | None:
    """The country a demonym names ("North Koreans" -> "North Korea"), if it is one."""
    demonyms = _default_maps()[0]
    k = key(name)
    return demonyms.get(k) or (demonyms.get(k[:-1]) if k.endswith("s") else None)


def default_type(name: str) -> str | None:
    """The type the shipped defaults give a known actor ("Germany" -> "place"), if any."""
    return _default_maps()[3].get(key(name))


def default_types() -> dict[str, str]:
    """Actor key -> the type the shipped defaults give it (read once)."""
    return _default_maps()[3]


def prefix_expanded(name: str) -> str:
    """A name with a leading country or union acronym spelled out: "U.S. Congress" -> "United States
    Congress", "UN Security Council" -> "United Nations Security Council"."""
    first, _, rest = name.partition(" ")
    target = _default_maps()[1].get(key(first)) if rest and is_acronym(first) else None
    return f"{target} {rest}" if target else name


def default_target(name: str, kind: str) -> str | None:
    """The default actor a mention stands for, or None (people are never remapped)."""
    if kind == "person":
        return None
    _, aliases, metonyms, _ = _default_maps()
    k = key(name)
    country = demonym_country(name) if kind in ("group", "place", "organization") else None
    if country:
        return country
    return aliases.get(k) or (metonyms.get(k) if kind in ("place", "organization") else None)


def person_key(name: str) -> str:
    """A person's spelling key with the given name in its formal form: "Larry Lessig" and
    "Lawrence Lessig", "Bill Clinton" and "William Clinton" give one key."""
    k = key(name)
    first, _, rest = k.partition(" ")
    return f"{formal_first_name(first)} {rest}" if rest else k


def capitals(name: str) -> int:
    """How many words of a name start with a capital: the better-written of two spellings has more."""
    return sum(1 for word in name.split() if word[:1].isupper())


def default_name(gkey: str) -> str | None:
    """The display name of the default actor with this key ("united states" -> "United States")."""
    return _default_names().get(gkey)


@cache
def _default_names() -> dict[str, str]:
    """The display name of every default actor, by key (built once)."""
    return {key(v): v for m in _default_maps()[:3] for v in m.values()}


def keyed(registry: tuple[dict[str, str], dict[str, str], set[str]]) -> tuple[dict[str, str], dict[str, str], set[str]]:
    """The user's edits by spelling key (re-keying keeps edits made before a key changed, for accents)."""
    aliases, display, hidden = registry
    return {key(k): key(v) if v else v for k, v in aliases.items()}, {key(k): v for k, v in display.items()}, \
        {key(k) for k in hidden}
