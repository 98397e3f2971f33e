"""The query language: a query string -> a Whoosh query, or a one-line QueryError.

Whoosh's parser is pure Python and some inputs cost it time that grows much
faster than their length (a long word, thousands of terms, a range or wildcard
that expands over the whole vocabulary). Limits checked before parsing keep
every query answered or refused at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from whoosh import query
from whoosh.qparser import MultifieldParser, PlusMinusPlugin
from whoosh.qparser.dateparse import DateParserPlugin

from .errors import QueryError
from .schema import QUERY_FIELDS

#: Limits that keep the parser and the search fast; a query over them is refused with the reason.
MAX_QUERY_CHARS = 1000
MAX_WORD_CHARS = 100
MAX_TERMS = 100
MAX_WILDCARDS = 4
MAX_LEADING_WILDCARDS = 1
#: `is:unread`, `is:read`: a state kept in the store, not the index, applied as a filter.
STATE_FIELD = "is"
STATES = ("unread", "read")

DATE_HELP = "try 2015, 2015-08, 2015-08-21, yesterday, 'last month', -2w"
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_RELATIVE = [
    (re.compile(r"\blast (year|month|week|day)\b", re.I),
     lambda m: {"year": "-1y", "month": "-1mo", "week": "-1w", "day": "-1d"}[m.group(1).lower()]),
    (re.compile(r"\b(\d+) (year|month|week|day)s? ago\b", re.I),
     lambda m: "-" + m.group(1) + {"year": "y", "month": "mo", "week": "w", "day": "d"}[m.group(2).lower()]),
]
_DATE_CLAUSE = re.compile(r"\bdate:(\[[^\]]*\]|\{[^}]*\}|\"[^\"]*\"|'[^']*'|\S+)", re.I)
_FIELD_PREFIX = re.compile(r"(?<![\w.])([A-Za-z_]+):(?=[^\s:/])")
_RANGE = re.compile(r"(?:(\w+):)?[\[{][^\]}]*\bto\b", re.I)
_WORD = re.compile(r"[^\s()\"']+")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


def _rewrite_dates(text: str) -> str:
    """Make ISO and common relative dates in `date:` clauses readable to Whoosh's parser."""

    def fix(m: re.Match[str]) -> str:
        clause = _ISO_DATE.sub(lambda d: d.group(1) + d.group(2) + (d.group(3) or ""), m.group(1))
        for pattern, repl in _RELATIVE:
            clause = pattern.sub(repl, clause)
        return "date:" + clause

    return _DATE_CLAUSE.sub(fix, text)


def check_limits(text: str) -> None:
    """Refuse, with the reason, a query the parser or the index would take too long over.

    Raises:
        QueryError: naming the query and the limit it passes.
    """
    shown = text if len(text) <= 60 else text[:57] + "..."
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query {shown!r}: too long ({len(text):,} characters; at most {MAX_QUERY_CHARS:,})")
    if text.count('"') % 2:
        raise QueryError(f"query {shown!r}: a quotation mark is not closed (close it to search for a "
                         "phrase, or leave the quotes out)")
    words = _WORD.findall(text)
    if len(words) > MAX_TERMS:
        raise QueryError(f"query {shown!r}: too many words ({len(words)}; at most {MAX_TERMS})")
    longest = max(words, key=len, default="")
    if len(longest) > MAX_WORD_CHARS:
        raise QueryError(f"query {shown!r}: a word of {len(longest):,} characters is not a word "
                         f"(at most {MAX_WORD_CHARS})")
    wild = [w for w in words if "*" in w or "?" in w]
    if len(wild) > MAX_WILDCARDS:
        raise QueryError(f"query {shown!r}: too many wildcards ({len(wild)}; at most {MAX_WILDCARDS})")
    leading = [w for w in wild if w.split(":")[-1][:1] in "*?"]
    if len(leading) > MAX_LEADING_WILDCARDS:
        raise QueryError(f"query {shown!r}: at most {MAX_LEADING_WILDCARDS} word may start with a wildcard "
                         "(it is compared with every word of the library)")
    for match in _RANGE.finditer(text):
        if (match.group(1) or "").lower() != "date":
            raise QueryError(f"query {shown!r}: ranges work on dates only (date:[2015 to 2016])")


class QueryParser:
    """Parses the user's query language into a Whoosh query, or raises QueryError."""

    def __init__(self, schema: Any) -> None:
        from whoosh.fields import ID

        schema = schema.copy()
        schema.add(STATE_FIELD, ID())  # parsed here, filtered from the store: never indexed
        self._parser = MultifieldParser(["title", "body"], schema)
        self._date_errors: list[str] = []
        self._parser.add_plugin(DateParserPlugin(callback=self._date_errors.append))
        # A minus (or plus) says "without" only at the start of a word: "quasi-state" is one word.
        self._parser.add_plugin(PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))

    def parse(self, text: str) -> query.Query:
        """The Whoosh query for a query string (without its `is:` filter); an empty string matches everything."""
        return self.parse_filtered(text)[0]

    def parse_filtered(self, text: str) -> tuple[query.Query, bool | None]:
        """The Whoosh query, and whether `is:` asks for unread articles (True), read ones (False) or neither."""
        if not text.strip():
            return query.Every(), None
        check_limits(text)
        for name in _FIELD_PREFIX.findall(text):
            if name.lower() not in (*QUERY_FIELDS, STATE_FIELD) and name.upper() not in _OPERATORS:
                raise QueryError(f"query {text!r}: unknown field '{name}:' "
                                 f"(fields are {', '.join(f + ':' for f in QUERY_FIELDS)}, and is:unread)")
        self._date_errors.clear()
        # "-oil" alone means every article without oil.
        text_to_parse = "* " + text if _only_negative(text) else text
        try:
            q = self._parser.parse(_rewrite_dates(text_to_parse))
        except Exception as exc:  # noqa: BLE001 - Whoosh raises bare ValueError/TypeError
            clause = _DATE_CLAUSE.search(text)
            if clause and isinstance(exc, ValueError):
                raise QueryError(f"query {text!r}: cannot read the date range {clause.group(0)!r} "
                                 f"({DATE_HELP})") from None
            raise QueryError(f"query {text!r}: cannot be read ({_first_line(exc)})") from None
        if self._date_errors:
            raise QueryError(f"query {text!r}: cannot read {str(self._date_errors[0])!r} as a date ({DATE_HELP})")
        if q is query.NullQuery or isinstance(q, type(query.NullQuery)):
            raise QueryError(f"query {text!r}: nothing to search for")
        q, unread = split_state(q.accept(_star_is_everything), text)
        return _with_proximity(q), unread



def _only_negative(text: str) -> bool:
    """True when every word of a query says what must not be there ("-oil -gas", "NOT oil")."""
    words = _WORD.findall(text)
    if words and words[0] == "NOT":
        return True
    return bool(words) and all(w.startswith("-") for w in words)


def _star_is_everything(q: query.Query) -> query.Query:
    """A lone `*` (in any field) matches every article, without going through every word of the field."""
    if isinstance(q, query.Every) or (isinstance(q, query.Wildcard) and q.text == "*"):
        return query.Every()
    return q


def split_state(q: query.Query, text: str) -> tuple[query.Query, bool | None]:
    """Take `is:unread` / `is:read` (or their negation) out of a query that they narrow.

    They may stand alone or beside other clauses joined by AND (the default); inside OR or a
    group they would need the index to know what is read, so they are refused there.

    Raises:
        QueryError: for `is:` in another position, with another value, or asking for both.
    """
    states: list[bool] = []

    def state(sub: query.Query) -> bool | None:
        negated = isinstance(sub, query.Not)
        inner = sub.query if isinstance(sub, query.Not) else sub
        if not (isinstance(inner, query.Term) and inner.fieldname == STATE_FIELD):
            return None
        value = str(inner.text).lower()
        if value not in STATES:
            raise QueryError(f"query {text!r}: is:{inner.text} is not a state (use is:unread or is:read)")
        return (value == "unread") != negated

    found = state(q)
    if found is not None:
        states.append(found)
        q = query.Every()
    elif isinstance(q, query.And):
        rest = []
        for sub in q.subqueries:
            found = state(sub)
            if found is None:
                rest.append(sub)
            else:
                states.append(found)
        q = query.Every() if not rest else rest[0] if len(rest) == 1 else query.And(rest)
    elif isinstance(q, query.AndNot) and state(q.b) is not None:
        states.append(not state(q.b))
        q = q.a
    elif isinstance(q, query.AndMaybe) and state(q.a) is not None:
        states.append(bool(state(q.a)))
        q = q.b
    if any(f == STATE_FIELD for f, _ in q.iter_all_terms()):
        raise QueryError(f"query {text!r}: is:unread and is:read narrow a search: join them with AND, "
                         "not OR, outside parentheses")
    if len(set(states)) > 1:
        raise QueryError(f"query {text!r}: asks for articles both read and unread")
    return q, states[0] if states else None


def _with_proximity(q: query.Query) -> query.Query:
    """Rank articles where plain query words stand together above those where they are scattered."""
    if not isinstance(q, query.And) or len(q.subqueries) < 2:
        return q
    words: list[str] = []
    for sub in q.subqueries:
        terms = [sub] if isinstance(sub, query.Term) else list(sub.subqueries) if isinstance(sub, query.Or) else []
        texts = {t.text for t in terms if isinstance(t, query.Term) and t.fieldname in ("title", "body")}
        if len(texts) != 1 or len(terms) != len([t for t in terms if isinstance(t, query.Term)]):
            return q
        words.append(texts.pop())
    near = query.Or([query.Phrase("body", words, slop=2), query.Phrase("title", words)], boost=2.0)
    return query.AndMaybe(q, near)


def expand_actors(q: query.Query, members: Callable[[str], list[str]]) -> query.Query:
    """Replace each `actor:` term by every stored name of that actor (edits and defaults applied)."""

    def expand(sub: query.Query) -> query.Query:
        if isinstance(sub, query.Term) and sub.fieldname == "actor" and isinstance(sub.text, str):
            names = members(sub.text)
            if not names:
                return query.NullQuery
            terms = [query.Term("actor", n, boost=sub.boost) for n in names]
            return terms[0] if len(terms) == 1 else query.Or(terms)
        return sub

    return q.accept(expand)


def query_terms(q: query.Query, fieldnames: Sequence[str] = ("title", "body")) -> tuple[str, ...]:
    """The plain words a query looks for in the text, for highlighting elsewhere."""
    words: dict[str, None] = {}
    for fieldname, text in q.iter_all_terms(phrases=True):
        if fieldname in fieldnames and isinstance(text, str):
            words.setdefault(text, None)
    return tuple(words)


def actor_terms(q: query.Query) -> tuple[str, ...]:
    """The lowercased actor names a query asks for."""
    return tuple(t for f, t in q.iter_all_terms() if f == "actor" and isinstance(t, str))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
