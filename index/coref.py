"""Within one article, the ways it names one actor become one name.

A news text names a person in full once and then by surname ("Angela Merkel ...
Merkel"), an institution in full and then by its short form ("Harvard University
... Harvard", "the Pittsburgh Pirates ... the Pirates") or its acronym
("Massachusetts Institute of Technology ... MIT"). Each rule is one function;
`merge` runs them in order and returns, for every name in the article, the name
and type of the actor it stands for. The model often types a short form wrongly
("Koolhaas" as an organisation); the actor's type wins.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from . import names
from .actor_keys import capitals, default_target, default_type, key, prefix_expanded
from .models import EntityType


class Mention(NamedTuple):
    """One trimmed mention: offsets, type, its name as written (one space between words), and
    whether it stands in a heading or caption (where a text does not introduce anyone)."""

    start: int
    end: int
    kind: EntityType
    name: str
    heading: bool = False


class _Name(NamedTuple):
    kind: EntityType
    mentions: int
    first: int


Targets = dict[str, tuple[str, EntityType]]


def merge(mentions: Sequence[Mention]) -> Targets:
    """Each name of an article -> (the actor's name in this article, its type)."""
    info = _names(mentions)
    target: Targets = {n: (n, i.kind) for n, i in info.items()}
    for rule in (same_spelling, person_short_forms, institution_short_forms, acronyms):
        for short, long in list(rule(info, target)):
            target[short] = (long, target[long][1])
    return {name: _final(name, target) for name in target}


def _final(name: str, target: Targets) -> tuple[str, EntityType]:
    """Follow a short form to the end: "Pirates" -> "Pittsburgh Pirates" -> ..."""
    seen = {name}
    found = target[name]
    while found[0] not in seen and target[found[0]][0] != found[0]:
        seen.add(found[0])
        found = target[found[0]]
    return found


def _names(mentions: Iterable[Mention]) -> dict[str, _Name]:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    kinds: dict[str, EntityType] = {}
    for m in sorted(mentions, key=lambda m: (m.heading, m.start)):
        counts[m.name] += 1
        first.setdefault(m.name, m.start if not m.heading else 10**12 + m.start)
        kinds.setdefault(m.name, m.kind)
    return {n: _Name(kinds[n], counts[n], first[n]) for n in counts}


def _live(info: dict[str, _Name], target: Targets) -> list[str]:
    """Names not yet merged into another, skipping groups (peoples are not merged by spelling)."""
    return [n for n, i in info.items() if target[n][0] == n and i.kind != "group"]


def _known_place(name: str) -> bool:
    return default_type(name) == "place" or default_target(name, "place") is not None


def same_spelling(info: dict[str, _Name], target: Targets) -> Iterable[tuple[str, str]]:
    """Names with one spelling key are one ("NORTON" and "Norton", "Dvořák" and "Dvorak", "U.S.
    Congress" and "United States Congress"): the best-written spelling names them (not in capitals,
    words capitalised: "Republican Party" over "Republican party"), then the most used."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for n in _live(info, target):
        by_key[key(prefix_expanded(n))].append(n)
    for group in by_key.values():
        if len(group) > 1:
            best = max(group, key=lambda n: (not n.isupper(), capitals(n), info[n].mentions, -info[n].first))
            yield from ((n, best) for n in group if n != best)


def person_short_forms(info: dict[str, _Name], target: Targets) -> Iterable[tuple[str, str]]:
    """Full names of one person are one; a surname, a first name or a variant spelling alone is the
    person named in full in the article (the one introduced before it when several share it)."""
    fulls = [n for n in _live(info, target) if info[n].kind == "person" and len(n.split()) > 1]
    head = _full_name_heads(fulls, info)
    yield from ((n, h) for n, h in head.items() if n != h)
    clusters: dict[str, list[str]] = defaultdict(list)
    for n in fulls:
        clusters[head[n]].append(n)
    by_word = _word_index(clusters)
    singles = []
    for n in _live(info, target):
        if len(n.split()) != 1 or n in head or names.is_acronym(n) or info[n].kind == "other":
            continue
        if info[n].kind == "place" and _known_place(n):
            continue  # "Washington" next to "George Washington" is still the city
        person = _pick(n, by_word.get(names.skeleton(n), []), info, clusters)
        if person:
            yield n, person
        else:
            singles.append(n)
    yield from _variant_singles(singles, info)


def _full_name_heads(fulls: list[str], info: dict[str, _Name]) -> dict[str, str]:
    """Each full name -> the full name its person goes by in the article: the most mentioned of
    those that `same_person` links (directly or through another)."""
    parent = {n: n for n in fulls}

    def root(n: str) -> str:
        while parent[n] != n:
            n = parent[n]
        return n

    buckets: dict[str, list[str]] = defaultdict(list)
    for n in fulls:
        words = n.split()
        buckets["last " + names.skeleton(words[-1])].append(n)
        buckets["first " + names.skeleton(words[0])].append(n)
        if len(words) == 2:
            buckets["set " + " ".join(sorted(key(w) for w in words))].append(n)
    for bucket in buckets.values():
        for i, a in enumerate(bucket):
            for b in bucket[i + 1:]:
                ra, rb = root(a), root(b)
                if ra != rb and same_person(a, b):
                    keep = max((ra, rb), key=lambda n: (info[n].mentions, len(n.split()), -info[n].first))
                    parent[rb if keep == ra else ra] = keep
    return {n: root(n) for n in fulls}


def same_person(a: str, b: str) -> bool:
    """Whether two full names of people in one article name one person: the same words in either
    order ("Higuchi Ichiyō", "Ichiyō Higuchi"), one the start of the other ("Pierre Charles"), or the
    same surname with given names that agree up to nicknames ("Larry"/"Lawrence"), spelling variants
    and left-out middle names ("Patrick Gordon"/"Patrick Leopold Gordon"), but never initials
    ("George Bush" is not "George W. Bush")."""
    wa, wb = a.split(), b.split()
    if len(wa) > len(wb):
        wa, wb = wb, wa
    if len(wa) == len(wb) == 2 and sorted(map(key, wa)) == sorted(map(key, wb)):
        return True
    if len(wa) < len(wb) and all(_same_word(x, y) for x, y in zip(wa, wb[:len(wa)], strict=False)):
        return not _is_initial(wb[len(wa)])
    if not _same_word(wa[-1], wb[-1]):
        return False
    if len(wa) == len(wb):
        return all(_same_given(x, y) for x, y in zip(wa[:-1], wb[:-1], strict=True))
    rest = iter(wb[:-1])
    for word in wa[:-1]:
        for other in rest:
            if _same_given(word, other):
                break
            if _is_initial(other):
                return False
        else:
            return False
    return not any(_is_initial(w) for w in rest)


def _same_given(a: str, b: str) -> bool:
    return _same_word(a, b) or names.formal_first_name(a) == names.formal_first_name(b)


def _is_initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1


def _same_word(a: str, b: str) -> bool:
    return key(a) == key(b) or names.variant(a, b)


def _word_index(clusters: dict[str, list[str]]) -> dict[str, list[tuple[str, str, str]]]:
    """Spelling skeleton of a first or last word -> (person's name, "first"/"last", the word)."""
    index: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for head, members in clusters.items():
        for n in members:
            words = n.split()
            for word, where in ((words[0], "first"), (words[-1], "last")):
                entry = (head, where, word)
                if entry not in index[names.skeleton(word)]:
                    index[names.skeleton(word)].append(entry)
    return index


def _pick(short: str, candidates: list[tuple[str, str, str]], info: dict[str, _Name],
          clusters: dict[str, list[str]]) -> str | None:
    """The person a one-word name stands for. A surname matches whatever the model typed it; a
    first name only when typed a person and no one has it as a surname. Several people: the most
    mentioned of those named in full before the short form first appears; none before it, no merge."""
    matching = [(h, where) for h, where, word in candidates if _same_word(short, word)]
    heads = {h for h, where in matching if where == "last"}
    if not heads and info[short].kind == "person":
        heads = {h for h, _ in matching}
    if len(heads) <= 1:
        return heads.pop() if heads else None
    first_seen = {h: min(info[n].first for n in clusters[h]) for h in heads}
    before = [h for h in heads if first_seen[h] < info[short].first]
    if not before:
        return None
    mentions = {h: sum(info[n].mentions for n in clusters[h]) for h in before}
    return max(before, key=lambda h: (mentions[h], -first_seen[h]))


def _variant_singles(singles: list[str], info: dict[str, _Name]) -> Iterable[tuple[str, str]]:
    """One-word names spelled two ways, at least one of them a person's ("Vergil", "Virgil"), are
    one person; the most used spelling names it."""
    groups: dict[str, list[str]] = defaultdict(list)
    for n in singles:
        groups[names.skeleton(n)].append(n)
    for group in groups.values():
        people = [n for n in group if info[n].kind == "person"]
        if not people:
            continue
        best = max(people, key=lambda n: (info[n].mentions, -info[n].first))
        yield from ((n, best) for n in group if n != best and names.variant(n, best))


def institution_short_forms(info: dict[str, _Name], target: Targets) -> Iterable[tuple[str, str]]:
    """An organisation's name without its designator ("Harvard University" -> "Harvard"), its
    nickname after a place ("the Pittsburgh Pirates" -> "the Pirates", "United States Air Force" ->
    "Air Force") or its name before a place ("Rotor Volgograd" -> "Rotor") is that organisation, when
    one of the article's organisations has that short form. A place's name is not taken for an
    institution named after it ("Exeter" and "Exeter School"), but a plural nickname is ("Pirates")."""
    live = _live(info, target)
    places = {key(n) for n in live if info[n].kind == "place"}
    shorts: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for n in live:
        if info[n].kind == "organization" and len(n.split()) > 1:
            for short, how in _short_forms(n, places):
                shorts[key(short)].add((n, how))
    for n in live:
        found = {(long, how) for long, how in shorts.get(key(n), set()) if long != n}
        if len({long for long, _ in found}) != 1 or _known_place(n):
            continue
        long, how = found.pop()
        if info[n].kind != "place" or how == "before place" or (how == "tail" and n.endswith("s")):
            yield n, long


def _short_forms(name: str, places: set[str]) -> list[tuple[str, str]]:
    """(short form, how it was made): "Pittsburgh Pirates" -> "Pirates" (tail); "Harvard University"
    -> "Harvard" (designator); "Rotor Volgograd" -> "Rotor" (before place) when the article names
    Volgograd as a place. A tail after a lower-case word is a place ("University of Copenhagen")."""
    words = name.split()
    forms = [(" ".join(words[i:]), "tail") for i in range(1, len(words))
             if words[i][:1].isupper() and words[i - 1][:1].isupper()
             and words[i] not in names.table("designators")]
    forms += [(" ".join(words[:i]), "before place") for i in range(1, len(words))
              if key(" ".join(words[i:])) in places or _known_place(" ".join(words[i:]))]
    stripped = names.short_institution(name)
    return [*forms, (stripped, "designator")] if stripped else forms


def acronyms(info: dict[str, _Name], target: Targets) -> Iterable[tuple[str, str]]:
    """An acronym is the article's one longer name with those initials ("MIT" and "Massachusetts
    Institute of Technology", "MLB" and "Major League Baseball")."""
    live = _live(info, target)
    by_initials: dict[str, set[str]] = defaultdict(set)
    for n in live:
        if info[n].kind != "person" and len(n.split()) > 1:
            for letters in names.initials(n):
                by_initials[letters].add(n)
    for n in live:
        if info[n].kind != "person" and names.is_acronym(n):
            longs = by_initials.get(names.acronym_key(n), set())
            if len(longs) == 1:
                yield n, longs.pop()
