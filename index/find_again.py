"""Names found again: the article's own names where the model missed them, and the shipped countries.

The model finds "Alexander Lebed" once and misses the fifteen "Lebed" that follow;
it misses "Mexico" inside a quoted title. An article's names (and its people's
surnames) are looked for wherever it repeats them, and the countries, their
acronyms and demonyms from `data/actors.json` wherever they stand alone. A match
inside a longer capitalised name ("Washington Post") is left alone.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from . import names, spans
from .actor_keys import defaults
from .coref import Mention
from .models import EntityType
from .names import canonical_form

_NEXT_CAPITAL = re.compile(r" ([A-Z]\w*)")
_WORD_BEFORE = re.compile(r"(\S+) $")
#: Names shorter than this are not looked for again in the article.
FIND_AGAIN_MIN_CHARS = 3
#: Known names that are also common given names or words are not looked for in every text.
_NOT_GAZETTEER = frozenset({"Jordan", "Chad", "WHO"})
#: Capitalised abbreviations that end in a full stop inside a name ("St. Louis", "Mt. Kessel").
_ABBREVIATIONS = frozenset({"St", "Mt", "Ft", "Pt"})


def find_again(text: str, mentions: list[Mention]) -> list[Mention]:
    """The article's names (and its people's surnames) where the model missed them, and the
    shipped countries, acronyms and demonyms wherever they stand alone."""
    wanted: dict[str, EntityType] = {}
    for m in mentions:
        if m.kind == "person" and " " in m.name:
            surname = m.name.split()[-1]
            if surname[:1].isupper() and surname.isalpha():
                wanted.setdefault(surname, "person")
        if m.kind != "group":
            wanted.setdefault(m.name, m.kind)
    wanted = {n: k for n, k in wanted.items() if len(n) >= FIND_AGAIN_MIN_CHARS and not n.islower()
              and n.lower() not in names.stop_words()}
    taken = sorted((m.start, m.end) for m in mentions)
    found = _scan(text, wanted, taken, _pattern(tuple(sorted(wanted, key=len, reverse=True))))
    taken = sorted(taken + [(m.start, m.end) for m in found])
    return found + _scan(text, _gazetteer(), taken, _gazetteer_pattern())


def _scan(text: str, wanted: dict[str, EntityType], taken: list[tuple[int, int]],
          pattern: re.Pattern[str] | None) -> list[Mention]:
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(text):
        a, b = m.start(), m.end()
        i = bisect_left(taken, (a, b))
        if (i < len(taken) and taken[i][0] < b) or (i > 0 and taken[i - 1][1] > a):
            continue
        if _in_longer_name(text, a, b):
            continue
        name = canonical_form(m.group())
        out.append(Mention(a, b, wanted[name], name, spans.in_heading(text, a)))
    return out


def _in_longer_name(text: str, start: int, end: int) -> bool:
    """Whether a match is part of a longer run of capitalised words ("Washington Post", "Kessel
    Rovers"): the word after it, or the word before it within the sentence, is capitalised and no
    title."""
    after = _NEXT_CAPITAL.match(text, end, end + 40)
    if after and after.group(1) not in names.table("titles"):
        return True
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if not before or not before.group(1)[:1].isupper() or before.group(1).endswith(tuple(".!?:;,\"”)")):
        return bool(before and before.group(1).endswith(".") and before.group(1)[:-1] in _ABBREVIATIONS)
    word_start = start - len(before.group(0))
    return before.group(1) not in names.table("titles") and not spans.sentence_start(text, word_start)


def _pattern(wanted: tuple[str, ...]) -> re.Pattern[str] | None:
    if not wanted:
        return None
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+").replace("'", "['’]") for n in wanted)
    return re.compile(rf"(?<![\w&'’-])(?:{alternatives})(?![\w&-]|['’][a-rt-z])")


@cache
def _gazetteer() -> dict[str, EntityType]:
    """Shipped names found in every text: countries, their common acronyms, demonyms."""
    data = defaults()
    found: dict[str, EntityType] = {}
    for name, kind in data["types"].items():
        if kind == "place":
            found[name] = "place"
    for alias, target in data["aliases"].items():
        if data["types"].get(target) == "place" and not alias.islower():
            found[alias] = "place"
    for demonym in data["demonyms"]:
        found[demonym] = "group"
    return {n: k for n, k in found.items() if n not in _NOT_GAZETTEER}


@cache
def _gazetteer_pattern() -> re.Pattern[str] | None:
    return _pattern(tuple(sorted(_gazetteer(), key=len, reverse=True)))
