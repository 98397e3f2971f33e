"""One article's entity mentions: the model's spans -> trimmed, typed mentions -> actor names.

`canonicalize` runs one small function per kind of error, in this order: cut spans to
names and type them (`spans.clean`, `retype`), give a titled name its person, give a
name cut at the front its given name, join a name cut in two, drop capitalised common
words, make cities in results lines teams, give each name one type, find the article's
names again where the model missed them (`find_again.py`), drop words after "a"/"an",
type titles of works, make a place someone is "at" the institution of that name, and
finally merge the ways the article names one actor (`coref.merge`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from . import names, spans
from .actor_keys import default_target, default_type, demonym_country
from .coref import Mention, merge
from .find_again import find_again
from .models import Entity, EntityType, entity_type
from .names import canonical_form

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
_WORK_BEFORE = re.compile(r"\b([a-z]+)\s+(?:[\"“‘']\s*)?(?:The\s+)?$")
_AT_BEFORE = re.compile(r"\b[Aa]t $")
_WORD_BEFORE = re.compile(r"(\w[\w'’-]*) $")
_YEAR = re.compile(r"\((?:1[89]|20)\d\d\)")
_YEAR_AFTER = re.compile(r"\s*\((?:1[89]|20)\d\d\)")
_LIST_ITEM = re.compile(r",\s*(?:and\s+)?[^,()\n]{1,60}\s")
_TITLE_ITEM = re.compile(r"(?:^|\s)(?:The|A|An)\s+[A-Z][^()]*\s$")
_INDEFINITE = re.compile(r"\b(?:a|an)\s+$")
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_HEADING_GOES_ON = re.compile(r"\s*(?:$|\n|[a-z])")
_NEXT_WORD = re.compile(r"['’\"”]?\s*([A-Za-z]+)")


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
                               spans.in_heading(text, a)))
    return out


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
    if (kind != "person" and demonym_country(surface)) or names.is_group(surface):
        return "group"  # "Ukrainian", "Kurds" are peoples, whatever the model called them
    if kind in ACTOR_TYPES and names.is_event(surface):
        return "other"
    if kind == "person" and names.short_institution(surface):
        return "organization"  # "Norwood United", "Kessel Ltd": no one's name ends so
    if kind in ("organization", "other"):
        known = default_type(surface) or default_type(default_target(surface, "place") or "")
        if known in ACTOR_TYPES:
            return entity_type(known)
    return kind


def extend_cut_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """A person's name the model cut at the front takes back the given name before it, when the
    article names someone with that given name and surname ("Antonín" + "Leopold Dvořák", next
    to "Antonín Dvořák")."""
    people = {m for m in mentions if m.kind == "person" and " " in m.name}
    given = {(m.name.split()[0], m.name.split()[-1]) for m in people}
    out = []
    for m in mentions:
        before = _WORD_BEFORE.search(text, max(0, m.start - 40), m.start) if m in people else None
        if before and (before.group(1), m.name.split()[-1]) in given:
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
                out[-1] = Mention(prev.start, m.end, by_name[joined], joined, prev.heading)
                continue
        out.append(m)
    return out


def drop_common_words(text: str, mentions: list[Mention]) -> list[Mention]:
    """A capitalised word the model took for a name only where a sentence starts is a common word
    when the article also writes it in lower case; a heading's first word ("## Career development",
    "## Background") is one when the article never names it outside headings."""
    lower = set(_LOWER_WORD.findall(text))
    inside = {w for m in mentions if " " in m.name for w in m.name.split()}
    only_initial: dict[str, bool] = {}
    for m in mentions:
        only_initial[m.name] = only_initial.get(m.name, True) and spans.sentence_start(text, m.start)
    outside_headings = {m.name for m in mentions if not m.heading}

    def common(m: Mention) -> bool:
        if " " in m.name or m.name.isupper() or m.name in inside:
            return False
        return ((only_initial[m.name] and m.name.lower() in lower)
                or (m.name not in outside_headings and _opens_heading(text, m)))

    return [m for m in mentions if not common(m)]


def _opens_heading(text: str, m: Mention) -> bool:
    """Whether a mention is the first word of a "#" heading, followed by a lower-case word or nothing."""
    line_start = text.rfind("\n", 0, m.start) + 1
    return (text.startswith("#", line_start) and text[line_start:m.start].strip("# ") == ""
            and bool(_HEADING_GOES_ON.match(text, m.end)))


def titles_of_works(text: str, mentions: list[Mention]) -> list[Mention]:
    """A name right after "the film", "the novel", "the series" ... is the title of a work, not a
    person, place or organisation; so is every name in a list of dated titles where one title
    starts with an article ("The Lookout (2007), Stoker (2013), Belle (2013)"); and so is every
    other mention of those names in the article."""
    dated = _dated_titles(text)
    works: set[str] = set()
    for m in mentions:
        noun = _WORK_BEFORE.search(text, max(0, m.start - 40), m.start)
        year = _YEAR_AFTER.match(text, m.end)
        if (noun and noun.group(1) in names.table("work_nouns")) or (year and year.end() in dated):
            works.add(m.name)
    return [m._replace(kind="other") if m.name in works and m.kind in ACTOR_TYPES else m for m in mentions]


def _dated_titles(text: str) -> set[int]:
    """Where the "(2007)" of each item of a list of dated titles ends: three or more "Name (year)"
    items in a row, separated by commas, one of them starting with "The", "A" or "An"."""
    years = list(_YEAR.finditer(text))
    runs: list[list[re.Match[str]]] = []
    for year in years:
        if runs and _LIST_ITEM.fullmatch(text, runs[-1][-1].end(), year.start()):
            runs[-1].append(year)
        else:
            runs.append([year])
    found: set[int] = set()
    for run in runs:
        starts = [text.rfind(",", 0, run[0].start()) + 1] + [y.end() for y in run[:-1]]
        items = [text[a:y.start()] for a, y in zip(starts, run, strict=True)]
        if len(run) >= 3 and any(_TITLE_ITEM.search(item) for item in items):
            found.update(y.end() for y in run)
    return found


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
        after_at = _AT_BEFORE.search(text, max(0, m.start - 3), m.start)
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


