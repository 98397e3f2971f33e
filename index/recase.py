"""Re-casing: shouted lines (headlines, datelines) read in ordinary case before the model sees them.

The model reads capitals as names, so "RUSSIA SENDS TROOPS" is a run of false or
missed entities. The re-cased text has the same length, so offsets found in it
are offsets into the original.
"""

from __future__ import annotations

import re
from collections import Counter

from .names import stop_words

_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*", re.U)
_CAPS_LINE_MIN_WORDS = 3
_DATELINE = re.compile(r"^([A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,2})(?=,? (?:\d|\(|[A-Z][a-z]+ \d))")


def recase(text: str) -> str:
    """The text with ALL-CAPS lines (headlines, datelines) in ordinary case, same length.

    The model reads capitals as names, so a shouted headline is a run of false or
    missed entities. Each word takes the casing it has elsewhere in the text; a
    word never seen otherwise is lowercased if it is a common English word and
    capitalised if not. Only offsets matter downstream, and they are unchanged.
    """
    lines = text.split("\n")
    caps = [i for i, line in enumerate(lines) if _is_shouted(line)]
    datelines = [i for i, line in enumerate(lines) if i not in caps and _DATELINE.match(line)]
    if not caps and not datelines:
        return text
    seen: dict[str, Counter[str]] = {}
    for i, line in enumerate(lines):
        if i not in caps:
            for word in _WORD.findall(line):
                if not word.isupper() or len(word) <= 4:
                    seen.setdefault(word.lower(), Counter())[word] += 1
    stop = stop_words()
    for i in caps:
        def fix(m: re.Match[str]) -> str:
            word = m.group()
            forms = seen.get(word.lower())
            if forms:
                new = forms.most_common(1)[0][0]
            elif word.lower() in stop:
                new = word.lower()
            elif len(word) <= 3:
                new = word  # likely an acronym: US, UN, BBC
            else:
                new = word.capitalize()
            return new if len(new) == len(word) else word

        lines[i] = _WORD.sub(fix, lines[i])
    for i in datelines:
        # "BELGRADE 1996-08-30", "WASHINGTON (Reuters) -": the place opening a dispatch.
        m = _DATELINE.match(lines[i])
        assert m is not None
        place = m.group(1)
        fixed = _WORD.sub(lambda w: w.group().capitalize() if len(w.group()) > 3 else w.group(), place)
        if len(fixed) == len(place):
            lines[i] = fixed + lines[i][m.end(1):]
    return "\n".join(lines)


def _is_shouted(line: str) -> bool:
    words = _WORD.findall(line)
    if len(words) < _CAPS_LINE_MIN_WORDS:
        return False
    upper = sum(1 for w in words if w.isupper())
    return upper >= 0.8 * len(words)
