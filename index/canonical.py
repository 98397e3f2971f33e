"""One article's entity mentions: the model's spans -> trimmed, typed mentions -> actor names.

Steps, each a function: trim spans to names (`spans.clean`), type them (the model's
label, corrected by name shape and the shipped defaults), join a name the model
cut in two, drop capitalised common words at the start of a sentence, give each
name one type in the article, find the article's names again where the model
missed them, then merge the ways the article names one actor (`coref.merge`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from functools import cache

from . import names, spans
from .actors import default_target, default_type, defaults, demonym_country
from .coref import Mention, merge
from .models import Entity, EntityType

#: spaCy labels we keep and what newsdesk calls them; the rest (dates, numbers,
#: money, percentages, quantities, ordinals, times) are not actors.
LABEL_TYPES: dict[str, EntityType] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "other",
    "PRODUCT": "other",
    "WORK_OF_ART": "other",
    "LAW": "other",
    "LANGUAGE": "other",
}
ACTOR_TYPES: frozenset[EntityType] = frozenset({"person", "organization", "place"})
#: Lines with fewer words that do not end a sentence are headings or captions.
HEADING_MAX_WORDS = 8
#: Names shorter than this are not looked for again in the article.
FIND_AGAIN_MIN_CHARS = 3
#: Known names that are also common given names or words are not looked for in every text.
_NOT_GAZETTEER = frozenset({"Jordan", "Chad", "WHO"})
_WORK_BEFORE = re.compile(r"\b([a-z]+)\s+(?:[\"“‘']\s*)?(?:The\s+)?$")
_YEAR_AFTER = re.compile(r"\s*\((?:1[89]|20)\d\d\)")
_DATED = r"[^,()\n]{1,60}\s\((?:1[89]|20)\d\d\)"
_DATED_LIST = re.compile(rf"(?:{_DATED},\s*(?:and\s+)?){{2,}}{_DATED}")
_TITLE_ITEM = re.compile(r"(?:^|\s)(?:The|A|An)\s+[A-Z][^()]*\s\((?:1[89]|20)\d\d\)$")
_INDEFINITE = re.compile(r"\b(?:a|an)\s+$")
_NEXT_WORD = re.compile(r"['’\"”]?\s*([A-Za-z]+)")
#: Capitalised abbreviations that end in a full stop inside a name ("St. Louis", "Mt. Kessel").
_ABBREVIATIONS = frozenset({"St", "Mt", "Ft", "Pt"})
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*(?:#+\s*)?|[\"“]\s*)$")


def canonicalize(text: str, raw: Sequence[tuple[int, int, str]]) -> list[Entity]:
    """Typed, trimmed mentions of one article, each named by its actor within the article.

    `raw` holds the model's (start, end, label) spans with offsets into `text`.
    """
    mentions = typed_mentions(text, raw)
    mentions = titled_people(text, mentions)
    mentions = extend_cut_names(text, mentions)
    mentions = join_split_names(text, mentions)
    mentions = drop_common_words(text, mentions)
    mentions = teams_in_results(text, mentions)
    mentions = one_type_per_name(mentions)
    mentions = drop_indefinite(text, sorted(mentions + find_again(text, mentions)))
    mentions = titles_of_works(text, mentions)
    mentions = institutions_at(text, mentions)
    targets = merge(mentions)
    return [Entity(m.start, m.end, text[m.start:m.end], targets[m.name][1], targets[m.name][0])
            for m in mentions]


def canonical_form(surface: str) -> str:
    """The canonical spelling of one mention: one space between words, straight apostrophes."""
    return " ".join(surface.split()).replace("’", "'")


def typed_mentions(text: str, raw: Sequence[tuple[int, int, str]]) -> list[Mention]:
    """The model's spans trimmed to names and typed: a demonym is a group ("Ukrainian"), a name
    with an event's head word is an event ("Major League Baseball Draft"), a known country is a place."""
    out = []
    for start, end, label in raw:
        kind = LABEL_TYPES.get(label)
        if kind is None:
            continue
        for a, b, trimmed_kind in spans.clean(text, start, end, kind):
            surface = text[a:b]
            out.append(Mention(a, b, retype(surface, trimmed_kind), canonical_form(surface),
                               in_heading(text, a)))
    return out


def in_heading(text: str, pos: int) -> bool:
    """Whether a position is in a heading or a caption: a "#" line, or a short line that does not
    end a sentence. A text introduces people in its sentences, not there."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    short = len(line.split()) < HEADING_MAX_WORDS and not line.endswith((".", "!", "?", '"', "”"))
    return line.startswith("#") or short


def titled_people(text: str, mentions: list[Mention]) -> list[Mention]:
    """A title before a name the article uses for a person is that person, whatever the model
    typed the whole ("Saint Jerome" as a place next to "Jerome" as a person)."""
    people = {m.name for m in mentions if m.kind == "person"}
    out = []
    for m in mentions:
        cut = names.title_length(text[m.start:m.end]) if m.kind != "person" else 0
        rest = canonical_form(text[m.start + cut:m.end]) if cut else ""
        out.append(m._replace(start=m.start + cut, kind="person", name=rest) if rest in people else m)
    return out


def retype(surface: str, kind: EntityType) -> EntityType:
    """A mention's type from its name where the name says more than the model."""
    if kind != "person" and demonym_country(surface):
        return "group"  # "Ukrainian" is a people, whatever the model called it
    if kind in ACTOR_TYPES and names.is_event(surface):
        return "other"
    if kind in ("organization", "other"):
        known = default_type(surface) or default_type(default_target(surface, "place") or "")
        if known in ACTOR_TYPES:
            return known  # type: ignore[return-value]
    return kind


def extend_cut_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """A person's name the model cut at the front takes back the given name before it, when the
    article names someone with that given name and surname ("Antonín" + "Leopold Dvořák", next
    to "Antonín Dvořák")."""
    given = {(m.name.split()[0], m.name.split()[-1]) for m in mentions if m.kind == "person" and " " in m.name}
    out = []
    for m in mentions:
        before = re.search(r"(\w[\w'’-]*) $", text[max(0, m.start - 40):m.start])
        if before and m.kind == "person" and " " in m.name and (before.group(1), m.name.split()[-1]) in given:
            start = m.start - len(before.group(0))
            m = m._replace(start=start, name=canonical_form(text[start:m.end]))
        out.append(m)
    return out


def join_split_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """Two mentions side by side that together are a name the article uses elsewhere are that
    name: "the United States Congress" typed as "United States" + "Congress"."""
    by_name = {m.name: m.kind for m in mentions}
    ordered = sorted(mentions)
    out: list[Mention] = []
    for m in ordered:
        prev = out[-1] if out else None
        if prev and text[prev.end:m.start] == " ":
            joined = canonical_form(text[prev.start:m.end])
            if joined in by_name:
                out[-1] = Mention(prev.start, m.end, by_name[joined], joined)
                continue
        out.append(m)
    return out


def drop_common_words(text: str, mentions: list[Mention]) -> list[Mention]:
    """A capitalised word the model took for a name only where a sentence starts is a common word
    when the article also writes it in lower case; a heading's first word ("## Career development",
    "## Background") is one when the article never names it outside headings."""
    lower = set(re.findall(r"\b[a-z]+\b", text))
    inside = {w for m in mentions if " " in m.name for w in m.name.split()}
    starts: dict[str, bool] = {}
    for m in mentions:
        initial = bool(_SENTENCE_START.search(text, max(0, m.start - 6), m.start))
        starts[m.name] = starts.get(m.name, True) and initial
    elsewhere = {m.name for m in mentions if not m.heading}
    return [m for m in mentions if not (" " not in m.name and not m.name.isupper() and m.name not in inside and (
        (starts[m.name] and m.name.lower() in lower) or (m.name not in elsewhere and _opens_heading(text, m))))]


def _opens_heading(text: str, m: Mention) -> bool:
    """Whether a mention is the first word of a "#" heading, followed by a lower-case word or nothing."""
    line_start = text.rfind("\n", 0, m.start) + 1
    return (text[line_start:m.start].strip() in ("", "#", "##", "###", "####")
            and text.startswith("#", line_start) and bool(re.match(r"\s*(?:$|\n|[a-z])", text[m.end:m.end + 2])))


def titles_of_works(text: str, mentions: list[Mention]) -> list[Mention]:
    """A name right after "the film", "the novel", "the series" ... is the title of a work, not a
    person, place or organisation; so is every name in a list of dated titles where one title
    starts with an article ("The Lookout (2007), Stoker (2013), Belle (2013)"); and so is every
    other mention of those names in the article."""
    lists = [(m.start(), m.end()) for m in _DATED_LIST.finditer(text)
             if any(_TITLE_ITEM.search(item) for item in re.split(r",\s*(?:and\s+)?", m.group()))]
    works: set[str] = set()
    for m in mentions:
        noun = _WORK_BEFORE.search(text, max(0, m.start - 40), m.start)
        dated = _YEAR_AFTER.match(text, m.end) and any(a <= m.start < b for a, b in lists)
        if (noun and noun.group(1) in names.table("work_nouns")) or dated:
            works.add(m.name)
    return [m._replace(kind="other") if m.name in works and m.kind in ACTOR_TYPES else m for m in mentions]


def drop_indefinite(text: str, mentions: list[Mention]) -> list[Mention]:
    """"an Oath to", "a Moreau." : a capitalised word after "a" or "an" that does not go on to
    modify a noun ("a BBC reporter" does) is a common noun or a type of thing, not an actor."""
    out = []
    for m in mentions:
        single = " " not in m.name and not m.name.isupper() and m.kind != "group"
        after = _NEXT_WORD.match(text, m.end)
        ends = after is None or after.group(1).lower() in names.stop_words()
        if not (single and ends and _INDEFINITE.search(text, max(0, m.start - 4), m.start)):
            out.append(m)
    return out


def institutions_at(text: str, mentions: list[Mention]) -> list[Mention]:
    """A place "at" which someone works or studies is the article's institution of that name
    ("Suffolk University ... at Suffolk", "the University of Helsinki ... at Helsinki"); "in" and
    "near" keep it a place ("born in Exeter" next to "Exeter School")."""
    short: dict[str, set[str]] = {}
    for m in mentions:
        stripped = names.short_institution(m.name, leading=True) if m.kind == "organization" else None
        if stripped:
            short.setdefault(stripped, set()).add(m.name)
    out = []
    for m in mentions:
        longs = short.get(m.name, set())
        after_at = re.search(r"\b[Aa]t $", text[max(0, m.start - 3):m.start])
        if m.kind in ("place", "organization") and len(longs) == 1 and after_at:
            m = m._replace(kind="organization", name=next(iter(longs)))
        out.append(m)
    return out


def teams_in_results(text: str, mentions: list[Mention]) -> list[Mention]:
    """In a line of results or standings (mostly numbers), a city or region names a team: an
    organisation. Countries stay places (national teams are named as their country)."""
    return [m._replace(kind="organization") if m.kind == "place" and spans.is_table_line(text, m.start)
            and not default_type(m.name) and not default_target(m.name, "place") else m for m in mentions]


def one_type_per_name(mentions: list[Mention]) -> list[Mention]:
    """One name, one type in an article: the model's majority, where any vote for a person,
    organisation or place beats votes for "other" (a bare name is rarely a work or product)."""
    votes: dict[str, Counter[EntityType]] = {}
    for m in mentions:
        if m.kind != "group":
            votes.setdefault(m.name, Counter())[m.kind] += 1
    winner: dict[str, EntityType] = {}
    for name, counter in votes.items():
        actor = Counter({k: n for k, n in counter.items() if k in ACTOR_TYPES})
        winner[name] = (actor or counter).most_common(1)[0][0]
    return [m if m.kind == "group" else m._replace(kind=winner[m.name]) for m in mentions]


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
        out.append(Mention(a, b, wanted[name], name, in_heading(text, a)))
    return out


def _in_longer_name(text: str, start: int, end: int) -> bool:
    """Whether a match is part of a longer run of capitalised words ("Washington Post", "Kessel
    Rovers"): the word after it, or the word before it within the sentence, is capitalised and no
    title."""
    after = re.match(r" ([A-Z]\w*)", text[end:end + 40])
    if after and after.group(1) not in names.table("titles"):
        return True
    before = re.search(r"(\S+) $", text[max(0, start - 40):start])
    if not before or not before.group(1)[:1].isupper() or before.group(1).endswith(tuple(".!?:;,\"”)")):
        return bool(before and before.group(1).endswith(".") and before.group(1)[:-1] in _ABBREVIATIONS)
    word_start = start - len(before.group(0))
    return before.group(1) not in names.table("titles") and not _SENTENCE_START.search(
        text, max(0, word_start - 6), word_start)


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
