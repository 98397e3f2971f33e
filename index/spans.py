"""Span trimming: the model's entity span cut down to the name itself.

Spans from the model run past names in a few recurring ways: a leading "the" or
"these", a job title or a nationality before a person ("Russian President Vladimir
Putin"), lower-case words ("advice columnist Dan Savage"), "pro-"/"anti-" and
"-based" affixes, a possessive, a parenthesis ("Virginia Governor(s)"), honours
after a name ("FRS"), a score in a results line ("Kent 108-3"). `clean` applies
one small function per kind of overrun, may split a span in two ("Atlanta 5
Pittsburgh 1") and drops what is left with no name in it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import names
from .actor_keys import default_target, demonym_country
from .models import EntityType

_OPENING = re.compile(r"^[\"'“‘«(\[]+")
_TRAILING = re.compile(r"(?:\s*['’]s|(?<=s)['’]|[\"'”’)\],;:!?«»*-]+|\s+)+$")
_KEEP_DOT = re.compile(r"^(?:\w\.|.*\..*\.|(?:Jr|Sr|Inc|Co|Corp|Ltd|Plc|St|Mt|Bros|Dr|Mr|Mrs|Ms|Prof|Gen|"
                       r"Gov|Sen|Rep|Ave|No|Ph\.D|Lt|Col|Capt|Sgt|Esq)\.)$")
_BREAK = re.compile(r"\n|\s[-–—]\s")
_NUMBER = re.compile(r"[+-]?\d[\d.,:/-]*")
_SCORE = re.compile(r"\d+(?:[.-]\d+)+")
_TOKEN = re.compile(r"\S+")
_PREFIX = re.compile(r"([a-z]+)-(?=[A-Z])")
_SUFFIX = re.compile(r"-([a-z]+)$")
#: Stop words that are also given names: a person's span may start with them ("Will Hale").
_NAMES_LIKE_WORDS = frozenset({"Will", "May", "Bill"})
_CONNECTOR = re.compile(r"(?:\s+(?:of|and|the|for|at|on|in|to|&))+$")
#: Lines with fewer words that do not end a sentence are headings or captions.
HEADING_MAX_WORDS = 8
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*(?:#+\s*)?|[\"“]\s*)$")
#: A line counts as a results table when this share of its words are numbers.
_TABLE_NUMBERS = 0.3


def clean(text: str, start: int, end: int, kind: EntityType) -> list[tuple[int, int, EntityType]]:
    """The names inside one model span, with their type: none, one, or several when a score splits
    it. A "person" that was a place and a job title ("Virginia Governor") is no longer a person."""
    start = _after_break(text, start, end)
    end = _before_bracket(text, start, end)
    out = []
    for a, b in _split_at_numbers(text, start, end, kind):
        titled = kind == "person" and _ends_in_job_title(text[a:b])
        a, b = trim(text, a, b, kind)
        if a < b and _is_name(text[a:b]):
            out.append((a, b, "other" if titled else kind))
    return out


def trim(text: str, start: int, end: int, kind: str | None = None) -> tuple[int, int]:
    """Shrink a span to the name: no leading "the", quotes, lower-case words or affixes, no
    possessive or trailing punctuation; for a person also no titles, nationality or honours."""
    while True:
        before = (start, end)
        start = _skip_leading(text, start, end, kind)
        end = _cut_trailing(text, start, end, kind)
        if (start, end) == before:
            return start, end


def _skip_leading(text: str, start: int, end: int, kind: str | None) -> int:
    span = text[start:end]
    m = _OPENING.match(span)
    if m and m.end() < len(span):
        return start + m.end()
    first, _, rest = span.partition(" ")
    if rest and (first.lower() in names.table("determiners")
                 or (first.isalpha() and first.islower() and not names.is_particle(first))):
        return start + len(first) + 1
    affix = _PREFIX.match(span)
    if affix and affix.group(1) in names.table("affix_prefixes"):
        return start + affix.end()
    if kind == "person":
        if rest[:1].isupper() and first.lower() in names.stop_words() and first not in _NAMES_LIKE_WORDS:
            return start + len(first) + 1  # "Nevertheless Franz Hagen": a sentence's first word
        word = first.rstrip(",")
        if rest[:1].isupper() and (demonym_country(word) or default_target(word, "place")):
            return start + len(first) + 1  # "Russian President ...", "U.S. Senator ..."
        title = names.title_length(span)
        if 0 < title < len(span):
            return start + title
    return start


def _cut_trailing(text: str, start: int, end: int, kind: str | None) -> int:
    span = text[start:end]
    tail = _TRAILING.search(span)
    if tail and tail.start() > 0:
        return start + tail.start()
    affix = _SUFFIX.search(span)
    if affix and affix.group(1) in names.table("affix_suffixes") and affix.start() > 0:
        return start + affix.start()  # "Bergamo-based", "US-led"
    connector = _CONNECTOR.search(span)
    if connector and connector.start() > 0:
        return start + connector.start()  # "Patrick Gordon of" (the model stopped early)
    first, _, rest = span.rpartition(" ")
    if (first and rest.isalpha() and rest.islower() and not names.is_particle(rest)
            and rest.capitalize() not in names.table("designators")):
        return start + len(first)  # "Kosevo stadium", but "the Labour party" is the party
    if kind == "person":
        cut = min(names.post_nominal_tail(span), names.job_title_tail(span))
        if cut < len(span):
            return start + cut
    last = span.rsplit(" ", 1)[-1]
    if last.endswith(".") and len(span) > 1 and not _KEEP_DOT.match(last):
        return end - 1  # a sentence's full stop, not an abbreviation's
    return end


def _ends_in_job_title(span: str) -> bool:
    tail = _TRAILING.search(span)
    core = span[:tail.start()] if tail else span
    return names.job_title_tail(core) < len(core)


def _is_name(surface: str) -> bool:
    """A name has a capital letter (or is an acronym) and is more than a title."""
    return any(ch.isupper() for ch in surface) and not names.is_title_only(surface)


def _after_break(text: str, start: int, end: int) -> int:
    """A span the model ran across a line break or a spaced dash keeps only its last part."""
    breaks = list(_BREAK.finditer(text, start, end))
    return breaks[-1].end() if breaks and breaks[-1].end() < end else start


def _before_bracket(text: str, start: int, end: int) -> int:
    """A name stops at a bracket inside its span: "Virginia Governor(s)", "Scott Draper (Australia)"."""
    for i in range(start + 1, end):
        if text[i] in "([)]":
            return i
    return end


def _split_at_numbers(text: str, start: int, end: int, kind: str | None) -> list[tuple[int, int]]:
    """Pieces of a span between numbers: names do not hold scores ("Kent 108-3", "Atlanta 5
    Pittsburgh 1"). A plain number stays inside an organisation or place ("Channel 4") unless
    the line is a results table; a leading one (a year) never stays."""
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
    if not any(_NUMBER.fullmatch(text, a, b) for a, b in tokens):
        return [(start, end)]
    table = kind == "person" or is_table_line(text, start)
    pieces: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for a, b in tokens:
        is_number = bool(_NUMBER.fullmatch(text, a, b))
        splits = is_number and (table or current is None or bool(_SCORE.fullmatch(text, a, b)))
        if splits:
            if current:
                pieces.append(current)
            current = None
        else:
            current = (current[0], b) if current else (a, b)
    if current:
        pieces.append(current)
    return pieces


def is_table_line(text: str, pos: int) -> bool:
    """Whether the line around a position is a results table: at least two words, and a third of
    them, are numbers ("Chicago 71 64 .526 10", "Atlanta 5 Pittsburgh 1")."""
    return _table_line(_line(text, pos))


def in_heading(text: str, pos: int) -> bool:
    """Whether a position is in a heading or a caption: a "#" line, or a short line that does not
    end a sentence. A text introduces people in its sentences, not there."""
    return _heading_line(_line(text, pos))


def _line(text: str, pos: int) -> str:
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    return text[line_start:line_end if line_end >= 0 else len(text)]


@lru_cache(maxsize=4096)
def _table_line(line: str) -> bool:
    words = line.split()
    numbers = sum(1 for w in words if _NUMBER.fullmatch(w))
    return numbers >= 2 and numbers >= _TABLE_NUMBERS * len(words)


@lru_cache(maxsize=4096)
def _heading_line(line: str) -> bool:
    line = line.strip()
    short = len(line.split()) < HEADING_MAX_WORDS and not line.endswith((".", "!", "?", '"', "”"))
    return line.startswith("#") or short


def sentence_start(text: str, pos: int) -> bool:
    """Whether a position opens a sentence, a line or a heading (where any word is capitalised)."""
    return bool(_SENTENCE_START.search(text, max(0, pos - 6), pos))
