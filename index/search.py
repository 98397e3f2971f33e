"""Searching: a query string -> ranked hits with marked snippets, facets, suggestions.

Whoosh objects stay inside this module: every result is copied into the
project's dataclasses before the searcher is released.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

from whoosh import query, sorting
from whoosh.qparser import MultifieldParser
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.searching import Searcher

from .errors import QueryError
from .models import SORTS, Facet, Hit, SearchResults, Sort, Span

FIELDS = ("title", "body", "source", "actor", "date")
SNIPPET_CHARS = 200
FACET_LIMIT = 10

DATE_HELP = "try 2015, 2015-08, 2015-08-21, yesterday, 'last month', -2w"
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_RELATIVE = [
    (re.compile(r"\blast (year|month|week|day)\b", re.I),
     lambda m: {"year": "-1y", "month": "-1mo", "week": "-1w", "day": "-1d"}[m.group(1).lower()]),
    (re.compile(r"\b(\d+) (year|month|week|day)s? ago\b", re.I),
     lambda m: "-" + m.group(1) + {"year": "y", "month": "mo", "week": "w", "day": "d"}[m.group(2).lower()]),
]
_DATE_CLAUSE = re.compile(r"\bdate:(\[[^\]]*\]|\"[^\"]*\"|'[^']*'|\S+)", re.I)
_FIELD_PREFIX = re.compile(r"(?<![\w.])([A-Za-z_]+):(?=[^\s:/])")



def _rewrite_dates(text: str) -> str:
    """Make ISO and common relative dates in `date:` clauses readable to Whoosh's parser."""

    def fix(m: re.Match[str]) -> str:
        clause = _ISO_DATE.sub(lambda d: d.group(1) + d.group(2) + (d.group(3) or ""), m.group(1))
        for pattern, repl in _RELATIVE:
            clause = pattern.sub(repl, clause)
        return "date:" + clause

    return _DATE_CLAUSE.sub(fix, text)


class QueryParser:
    """Parses the user's query language into a Whoosh query, or raises QueryError."""

    def __init__(self, schema: Any) -> None:
        self._parser = MultifieldParser(["title", "body"], schema)
        self._date_errors: list[str] = []
        self._parser.add_plugin(DateParserPlugin(callback=self._date_errors.append))

    def parse(self, text: str) -> query.Query:
        """The Whoosh query for a query string; an empty string matches everything."""
        if not text.strip():
            return query.Every()
        for name in _FIELD_PREFIX.findall(text):
            if name.lower() not in FIELDS and name.upper() not in {"AND", "OR", "NOT", "ANDNOT"}:
                raise QueryError(f"query {text!r}: unknown field '{name}:' "
                                 f"(fields are {', '.join(f + ':' for f in FIELDS)})")
        self._date_errors.clear()
        try:
            q = self._parser.parse(_rewrite_dates(text))
        except Exception as exc:  # noqa: BLE001 - Whoosh raises bare ValueError/TypeError
            if _DATE_CLAUSE.search(text) and isinstance(exc, ValueError):
                raise QueryError(f"query {text!r}: cannot read the date range "
                                 f"{_DATE_CLAUSE.search(text).group(0)!r} ({DATE_HELP})") from None  # type: ignore[union-attr]
            raise QueryError(f"query {text!r}: cannot be read ({_first_line(exc)})") from None
        if self._date_errors:
            raise QueryError(f"query {text!r}: cannot read {str(self._date_errors[0])!r} as a date ({DATE_HELP})")
        if q is query.NullQuery or isinstance(q, type(query.NullQuery)):
            raise QueryError(f"query {text!r}: nothing to search for")
        return _with_proximity(q)


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


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _flatten(text: str) -> str:
    """One line of text with the same length, so marks keep their offsets."""
    return re.sub(r"\s", " ", text)


def lead_snippet(text: str, start: int = 0, end: int = 0) -> tuple[str, list[Span]]:
    """A snippet around [start, end) (or the opening of the text) with that span marked."""
    return window_snippet(text, [(start, end)] if end else [], start if end else 0)


def window_snippet(text: str, spans: Sequence[tuple[int, int]], focus: int) -> tuple[str, list[Span]]:
    """About SNIPPET_CHARS of text starting a little before `focus`, cut at spaces, spans marked."""
    lo = max(0, focus - SNIPPET_CHARS // 4)
    if lo:
        space = text.find(" ", lo, focus)
        lo = space + 1 if space >= 0 else lo
    hi = min(len(text), lo + SNIPPET_CHARS)
    if hi < len(text):
        space = text.rfind(" ", focus + 1, hi)
        hi = space if space > lo else hi
    prefix = "…" if lo else ""
    snippet = prefix + _flatten(text[lo:hi]) + ("…" if hi < len(text) else "")
    shift = len(prefix) - lo
    marks = [Span(a + shift, b + shift) for a, b in spans if lo <= a and b <= hi]
    return snippet, marks


def best_snippet(text: str, words: Sequence[str]) -> tuple[str, list[Span]]:
    """The window of text holding the most different query words, with every match marked."""
    pattern = _words_pattern(words)
    matches = [(m.start(), m.end(), m.group().lower()) for m in pattern.finditer(text)] if pattern else []
    if not matches:
        return "", []
    best, best_count = matches[0][0], 0
    for i, (start, _, _) in enumerate(matches):
        seen = {w for s, e, w in matches[i:] if e <= start + SNIPPET_CHARS * 3 // 4}
        if len(seen) > best_count:
            best, best_count = start, len(seen)
    return window_snippet(text, [(a, b) for a, b, _ in matches], best)


def _words_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I) if alternatives else None


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


FacetCounter = Callable[[Sequence[str]], tuple[tuple[Facet, ...], tuple[Facet, ...]]]
MentionFinder = Callable[[str, Sequence[str]], "tuple[int, int] | None"]


def run(searcher: Searcher, parser: QueryParser, text: str, limit: int, sort: Sort,
        first_mention: MentionFinder, count_facets: FacetCounter | None = None,
        suggest: bool = True, actor_members: Callable[[str], list[str]] | None = None) -> SearchResults:
    """Run a query and copy everything the caller needs out of Whoosh."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r} (use relevance or date)")
    q = parser.parse(text)
    if actor_members is not None:
        q = expand_actors(q, actor_members)
    if isinstance(q, query.Every) or sort == "date":
        order = sorting.MultiFacet([sorting.FieldFacet("day", reverse=True), sorting.FieldFacet("id")])
    else:
        order = sorting.MultiFacet([sorting.ScoreFacet(), sorting.FieldFacet("id")])
    limit = max(1, limit)
    results = searcher.search(q, limit=limit, terms=True, sortedby=order)
    actors = actor_terms(q)
    hits = tuple(_hit(h, sort, actors, first_mention) for h in results[:limit])
    actor_facets: tuple[Facet, ...] = ()
    source_facets: tuple[Facet, ...] = ()
    if count_facets is not None:
        actor_facets, source_facets = count_facets(_matched_ids(searcher, results))
    suggestion = _suggest(searcher, q, text) if suggest and len(results) < limit else None
    return SearchResults(query=text, hits=hits, total=len(results), suggestion=suggestion,
                         actor_facets=actor_facets, source_facets=source_facets,
                         terms=query_terms(q))


def _hit(h: Any, sort: Sort, actors: Sequence[str],
         first_mention: Callable[[str, Sequence[str]], tuple[int, int] | None]) -> Hit:
    body: str = h.get("body", "")
    # Our own windowing over the matched words: Whoosh's highlighter costs ~5x more.
    words = [t.decode("utf-8", "replace") if isinstance(t, bytes) else str(t)
             for f, t in (h.matched_terms() if h.results.has_matched_terms() else ()) if f == "body"]
    snippet, marks = best_snippet(body, words)
    if not snippet:
        span = first_mention(h["id"], actors) if actors else None
        snippet, marks = lead_snippet(body, *span) if span else lead_snippet(body)
    key = h.score
    score = -float(key[0]) if isinstance(key, tuple) and isinstance(key[0], float) else 0.0
    if isinstance(key, (int, float)):
        score = float(key)
    stamp = h.get("date")
    return Hit(id=h["id"], title=h.get("title", ""), source=h.get("source", ""),
               date=stamp.date() if isinstance(stamp, datetime) else None,
               url=h.get("url", ""), score=float(score), snippet=snippet, marks=tuple(marks))


def _matched_ids(searcher: Searcher, results: Any) -> list[str]:
    """The ids of every matching article, read from the id column (no stored fields)."""
    column = searcher.reader().column_reader("id")
    ids = [column[docnum] for docnum in results.docs()]
    return [i.decode() if isinstance(i, bytes) else str(i) for i in ids]


def suggest(searcher: Searcher, parser: QueryParser, text: str) -> str | None:
    """The query with unknown words corrected, or None when every word is known."""
    return _suggest(searcher, parser.parse(text), text) if text.strip() else None


def _suggest(searcher: Searcher, q: query.Query, text: str) -> str | None:
    """The query with each unknown word replaced by the closest indexed word."""
    edits: list[tuple[int, int, str]] = []
    for term in _terms(q):
        if term.fieldname not in ("title", "body") or term.startchar is None:
            continue
        word = term.text
        if not isinstance(word, str) or not word.isalpha() or len(word) < 3:
            continue
        if searcher.doc_frequency("body", word) or searcher.doc_frequency("title", word):
            continue
        found = _closest(searcher, word)
        if found:
            edits.append((term.startchar, term.endchar, found))
    if not edits:
        return None
    out = text
    for start, end, word in sorted(set(edits), reverse=True):
        original = out[start:end]
        out = out[:start] + (word.capitalize() if original[:1].isupper() else word) + out[end:]
    return out if out != text else None


def _closest(searcher: Searcher, word: str) -> str | None:
    """The indexed word nearest to a misspelling: fewest edits, longest shared start, most documents.

    One edit is tried first: it is 15x cheaper than two and catches most typos.
    """
    reader = searcher.reader()
    for maxdist in (1, 2) if len(word) > 4 else (1,):
        candidates = []
        for found in reader.terms_within("body", word, maxdist):
            if found == word or not found.isalpha():
                continue
            shared = len(os.path.commonprefix([word, found]))
            candidates.append((edit_distance(word, found), -shared, -reader.doc_frequency("body", found),
                               found))
        if candidates:
            return min(candidates)[-1]
    return None


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance with adjacent transpositions (optimal string alignment)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def _terms(q: query.Query) -> Iterator[query.Term]:
    if isinstance(q, query.Term):
        yield q
    for child in q.children():
        yield from _terms(child)
