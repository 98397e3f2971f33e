"""Name rules: small tests on a name's words, each reading one word list of `data/names.json`.

The span trimmer (`spans.py`) and the within-article merger (`coref.py`) decide
with these; none of them looks at a whole article. Lists are read once, on first
use, so importing this module costs nothing.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

NAMES = Path(__file__).with_name("data") / "names.json"

#: Letters NFKD does not take apart but English spellings of the name drop anyway.
_FOLD_EXTRA = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss",
                             "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "ð": "d", "þ": "th"})
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,6}$|^[A-Z]{2,6}$|^[A-Z][A-Z&]{1,5}$")
_VOWELS = re.compile(r"[aeiouy]+")
#: Spelling variants are recognised only in words at least this long ("Ben" and "Bin" stay two).
VARIANT_MIN_LETTERS = 5
_SMALL_WORDS = frozenset({"of", "and", "for", "the", "on", "in", "at", "to", "&", "de", "du", "des", "la", "le"})
#: Rulers and religious titles that never name someone on their own ("the Tsar's service").
_RULERS = frozenset({"Tsar", "Czar", "Tsarina", "Emperor", "Empress", "Kaiser", "Sultan", "Pope", "Rector",
                     "Emir", "Sheikh", "Ayatollah", "Patriarch"})


@cache
def table(name: str) -> frozenset[str]:
    """One word list of `data/names.json` as a set."""
    return frozenset(_data()[name])


@cache
def _data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(NAMES.read_text(encoding="utf-8"))
    return loaded


def fold(text: str) -> str:
    """The text without accents: "Dvořák" -> "Dvorak", "Łódź" -> "Lodz"."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _word(token: str) -> str:
    return token.rstrip(".,")


@cache
def _title_pattern() -> re.Pattern[str]:
    titles = sorted(table("titles"), key=len, reverse=True)
    modifiers = sorted(table("title_modifiers"), key=len, reverse=True)
    title = "|".join(re.escape(t) for t in titles)
    modifier = "|".join(re.escape(m) for m in modifiers)
    return re.compile(rf"^(?:(?:former|acting|then|late|ex-|(?:{modifier})\.?[\s-])\s*)*"
                      rf"(?:(?:{title})\.?\s+(?:(?:of|the)\s+)?)+(?=[A-Z])")


def title_length(span: str) -> int:
    """How many leading characters of a person's span are titles ("Prime Minister ", "Gen. ")."""
    m = _title_pattern().match(span)
    return m.end() if m else 0


def is_title_only(span: str) -> bool:
    """Whether a span is a title and no name: "Tsar", "the Governor", "Rector of the university"."""
    words = [_word(w) for w in span.split()]
    capitals = [w for w in words if w[:1].isupper()]
    if not capitals or any(w not in _titled() for w in capitals):
        return False
    return any(w in table("job_titles") or w in _RULERS for w in capitals)


@cache
def _titled() -> frozenset[str]:
    return table("titles") | table("title_modifiers")


def job_title_tail(span: str) -> int:
    """Where trailing job titles start in a person's span ("Virginia Governor" -> 8), else its length."""
    words = span.split(" ")
    cut = len(words)
    while cut > 1 and _word(words[cut - 1]) in table("job_titles"):
        cut -= 1
    return len(" ".join(words[:cut])) if cut < len(words) else len(span)


def post_nominal_tail(span: str) -> int:
    """Where trailing honours start ("Daniel Bernoulli FRS" -> 16, "Jane Roe, OBE" -> 8), else its length."""
    words = span.split(" ")
    cut = len(words)
    while cut > 1 and words[cut - 1].strip(",") in table("post_nominals"):
        cut -= 1
    if cut == len(words):
        return len(span)
    return len(" ".join(words[:cut]).rstrip(","))


def is_event(name: str) -> bool:
    """Whether a name is an event, law or work by its head word: "Major League Baseball Draft", "Battle of X",
    "Olympics"."""
    words = name.split()
    if len(words) < 2:
        return name in table("event_words")
    if words[0] in {"Battle", "Siege", "War", "Treaty", "Sack", "Fall"} and words[1] == "of":
        return True
    return words[-1] in table("event_heads") or " ".join(words[-2:]) in table("event_heads")


def is_group(name: str) -> bool:
    """Whether a name is a religious, ethnic or political group that no country names ("Kurds",
    "Sunni", "Republicans"): a group, like a demonym, whatever the model typed it."""
    return name in table("groups")


def short_institution(name: str, leading: bool = False) -> str | None:
    """An institution's name without its designator ("Harvard University" -> "Harvard"), if it has
    one; with `leading`, also one that leads ("University of Helsinki" -> "Helsinki")."""
    words = name.split()
    if leading and len(words) > 2 and words[0] in table("designators") and words[1] == "of":
        return " ".join(words[2:])
    cut = len(words)
    while cut > 1 and (words[cut - 1] in table("designators")
                       or " ".join(words[cut - 2:cut]) in table("designators")):
        cut -= 2 if " ".join(words[cut - 2:cut]) in table("designators") else 1
    return " ".join(words[:cut]) if 0 < cut < len(words) else None


def is_acronym(name: str) -> bool:
    """Whether a name is written as an acronym: "MIT", "U.S.", "NATO", "AT&T"."""
    return bool(_ACRONYM.match(name.replace(" ", "")))


def initials(name: str) -> set[str]:
    """The acronyms a multi-word name may go by: "Massachusetts Institute of Technology" -> {"MIT",
    "MIOT"}; an acronym inside the name gives all its letters ("U.S. Senate" -> {"USS"})."""
    words = [w for w in re.split(r"[\s\-–—,]+", name) if w]
    if len(words) < 2:
        return set()

    def letters(word: str) -> str:
        return acronym_key(word) if is_acronym(word) else word[0]

    big = "".join(letters(w) for w in words if w.lower() not in _SMALL_WORDS and w[0].isalpha())
    every = "".join(letters(w) for w in words if w[0].isalpha() and w != "&")
    return {x.upper() for x in (big, every) if len(x) >= 2}


def acronym_key(name: str) -> str:
    """An acronym with dots and spaces dropped, upper case: "U.S." -> "US"."""
    return name.replace(".", "").replace(" ", "").upper()


@cache
def _nicknames() -> dict[str, str]:
    groups: list[list[str]] = _data()["nicknames"]
    return {n.casefold(): g[0].casefold() for g in groups for n in g}


def formal_first_name(first: str) -> str:
    """The formal given name a short one stands for ("Larry" -> "lawrence"), case folded."""
    folded = first.casefold()
    return _nicknames().get(folded, folded)


@lru_cache(maxsize=1 << 14)
def skeleton(word: str) -> str:
    """A coarse spelling key: accents, doubled letters and vowels after the first letter ignored
    ("Vergil" and "Virgil" give one key). Use it to find candidates, then `variant` to decide."""
    w = _undouble(fold(word).casefold())
    return w[:1] + _VOWELS.sub("*", w[1:])


def variant(a: str, b: str) -> bool:
    """Whether two words of at least five letters are one name spelled two ways: accents, a doubled
    letter or one vowel apart ("Dvořák"/"Dvorak", "Zelensky"/"Zelenskyy", "Vergil"/"Virgil")."""
    x, y = _undouble(fold(a).casefold()), _undouble(fold(b).casefold())
    if min(len(x), len(y)) < VARIANT_MIN_LETTERS or len(x) != len(y):
        return False
    diffs = [(p, q) for p, q in zip(x, y, strict=True) if p != q]
    return not diffs or (len(diffs) == 1 and diffs[0][0] in "aeiouy" and diffs[0][1] in "aeiouy")


def _undouble(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def is_particle(word: str) -> bool:
    """Whether a lower-case word may begin or sit inside a name: "de Gaulle", "al-Assad", "van Gogh"."""
    return word.split("-")[0] in table("name_particles")


_STOP: set[str] = set()


def stop_words() -> set[str]:
    """spaCy's English stop words (loaded on first use; only extraction needs them)."""
    if not _STOP:
        from spacy.lang.en.stop_words import STOP_WORDS

        _STOP.update(STOP_WORDS)
    return _STOP


def canonical_form(surface: str) -> str:
    """The canonical spelling of one mention: one space between words, straight apostrophes."""
    return " ".join(surface.split()).replace("’", "'")
