"""Reading the index: the top documents of a query, every matching id, "did you mean".

Whoosh objects stay inside this module: everything is copied into plain
dataclasses before the searcher is released.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

from . import date_order, fast_scoring, match_count, posting_blocks, proximity
from .errors import QueryError
from .fulltext import FullText
from .index_files import text_value
from .models import Sort

#: Extra hits read beyond the limit so that ties in score can be ordered by article id.
TIE_SLACK = 20
#: Facets (actors and sources of the results) are counted over at most this many of the best results.
FACET_ARTICLES = 1000
#: A wildcard or fuzzy word may stand for at most this many words of the library.
MAX_EXPANSION = 200


@dataclass(frozen=True)
class IndexedDoc:
    """One matching article as the index stores it, with the query words it matched."""

    id: str
    title: str
    source: str
    date: Date | None
    url: str
    score: float
    body: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Found:
    """The top documents of a query, how many matched in all, and (when asked) all their ids."""

    docs: tuple[IndexedDoc, ...]
    total: int
    ids: tuple[str, ...]
    suggestion: str | None


def find(fulltext: FullText, q: Any, text: str, limit: int, sort: Sort, with_ids: bool,
         suggest: bool, only: set[str] | None = None, without: set[str] | None = None) -> Found:
    """Run a parsed query: newest first (or the whole library), or best first with ties by id.

    `only` keeps the articles with those ids, `without` drops them (filters kept outside the index).
    """
    from whoosh import query

    if only is not None and not only:
        return Found((), 0, (), None)
    with fulltext.reading() as searcher, posting_blocks.shared():
        check_expansions(searcher.reader(), q, text)
        allow = docnums(searcher, only) if only is not None else None
        mask = docnums(searcher, without) if without else None
        if allow is not None and not allow:
            return Found((), 0, (), None)
        narrow = {"filter": allow, "mask": mask or None}
        # Which words each hit matched is asked of Whoosh only when a query word stands for others (a wildcard,
        # a fuzzy word): otherwise they are the query's own words, and asking costs a call per match.
        expands = any(isinstance(leaf, query.MultiTerm) for leaf in q.leaves())
        words = () if expands else body_words(q)
        words_only, near = proximity.split(q)  # (the words rank first; standing together is checked after)
        dated = isinstance(q, query.Every) or sort == "date"
        ids: tuple[str, ...]
        newest = date_order.newest(searcher, words_only, limit, allow, mask) if dated and not (
            expands or with_ids) else None
        if newest is not None:
            docs = [_doc(searcher.stored_fields(n), 0.0, words) for n in newest[0]]
            total, ids = newest[1], ()
        elif dated:
            results = searcher.search(words_only, limit=limit, sortedby=date_order.newest_facet(), terms=expands,
                                      **narrow)
            docs = [_doc(h.fields(), 0.0, _matched(h, words)) for h in results[:limit]]
            counted = match_count.count(searcher, words_only, allow, mask)
            total = counted if counted is not None else len(results)
            ids = _facet_ids(searcher, words_only, results, total, sort, narrow) if with_ids else ()
        else:
            ranked = _ranked(searcher, words_only, near, limit, expands, narrow)
            docs = [_doc(searcher.stored_fields(n), score, matched or words) for n, score, matched in ranked.best]
            total = ranked.total
            if with_ids:
                column = id_column(searcher)
                ids = tuple(text_value(column[n]) for n in ranked.facet_docnums(searcher))
            else:
                ids = ()
        hint = None
        if suggest and total < limit:
            from .suggest import suggestion as did_you_mean

            hint = did_you_mean(searcher, q, text)
    return Found(tuple(docs), total, ids, hint)


@dataclass
class _Ranking:
    """The best documents (docnum, score, matched words), how many matched, and where facets are counted."""

    best: list[tuple[int, float, tuple[str, ...]]]
    total: int
    facet_docnums: Callable[[Any], list[int]]


def _ranked(searcher: Any, q: Any, near: Any | None, limit: int, expands: bool,
            narrow: dict[str, Any]) -> _Ranking:
    """The best `limit` documents, ties ordered by article id, the phrase's bonus added when there is one.

    A query of plain words is scored in bulk (`fast_scoring`, the same scores as Whoosh's); any other, or
    one whose matched words are wanted, by Whoosh.
    """
    want = limit + TIE_SLACK + (proximity.CANDIDATES if near is not None else 0)
    bulk = not expands and searcher.doc_count() >= fast_scoring.FROM_DOCUMENTS
    scored = fast_scoring.score(searcher, q) if bulk else None
    if scored is not None:
        scored = fast_scoring.narrowed(scored, narrow["filter"], narrow["mask"])
        candidates = fast_scoring.top(scored, want)
        found: list[tuple[int, float, tuple[str, ...]]] = [(n, s, ()) for n, s in candidates]
        total = len(scored.docs)

        def facet_docnums(s: Any) -> list[int]:
            return [n for n, _ in fast_scoring.top(scored, FACET_ARTICLES)]
    else:
        results = searcher.search(q, limit=want, terms=expands, **narrow)
        found = [(h.docnum, float(h.score), _matched(h, ())) for h in results]
        counted = match_count.count(searcher, q, narrow["filter"], narrow["mask"])
        total = counted if counted is not None else len(results)

        def facet_docnums(s: Any) -> list[int]:
            if total <= FACET_ARTICLES:
                return list(results.docs())
            return [h.docnum for h in s.search(q, limit=FACET_ARTICLES, **narrow)]
    bonus = proximity.bonuses(searcher, near, [n for n, _, _ in found]) if near is not None else {}
    column = id_column(searcher)
    best = sorted(((n, s + bonus.get(n, 0.0), m) for n, s, m in found),
                  key=lambda item: (-item[1], text_value(column[item[0]])))[:limit]
    return _Ranking(best, total, facet_docnums)


def _matched(h: Any, words: tuple[str, ...]) -> tuple[str, ...]:
    """The body words a Whoosh hit matched, when the search recorded them; else `words`."""
    if not h.results.has_matched_terms():
        return words
    return tuple(t.decode("utf-8", "replace") if isinstance(t, bytes) else str(t)
                 for f, t in h.matched_terms() if f == "body")


def check_expansions(reader: Any, q: Any, text: str) -> None:
    """Refuse a wildcard or fuzzy word that stands for too many words of the library to search fast.

    Raises:
        QueryError: naming the word and what to do.
    """
    from whoosh import query

    for leaf in q.leaves():
        if isinstance(leaf, query.MultiTerm) and not isinstance(leaf, query.Every):
            count = sum(1 for _ in itertools.islice(leaf._btexts(reader), MAX_EXPANSION + 1))
            if count > MAX_EXPANSION:
                shown = text if len(text) <= 60 else text[:57] + "..."
                raise QueryError(f"query {shown!r}: {leaf.text!r} stands for more than {MAX_EXPANSION} different "
                                 "words here; give it more letters")


def suggestion(fulltext: FullText, q: Any, text: str) -> str | None:
    """The query with unknown words replaced by the closest indexed words, or None."""
    from .suggest import suggestion as did_you_mean

    with fulltext.reading() as searcher:
        return did_you_mean(searcher, q, text)


def body_words(q: Any) -> tuple[str, ...]:
    """The words a query of plain words looks for in the text (not those it excludes)."""
    from whoosh import query

    found: dict[str, None] = {}

    def visit(sub: Any) -> None:
        if isinstance(sub, query.Not):
            return
        if isinstance(sub, query.AndNot):
            visit(sub.a)
            return
        if isinstance(sub, query.Term) and sub.fieldname == "body" and isinstance(sub.text, str):
            found.setdefault(sub.text, None)
        if isinstance(sub, query.Phrase) and sub.fieldname == "body":
            found.update(dict.fromkeys(w for w in sub.words if isinstance(w, str)))
        for child in sub.children():
            visit(child)

    visit(q)
    return tuple(found)


def _doc(fields: dict[str, Any], score: float, words: tuple[str, ...]) -> IndexedDoc:
    stamp = fields.get("date")
    return IndexedDoc(id=fields["id"], title=fields.get("title", ""), source=fields.get("source", ""),
                      date=stamp.date() if isinstance(stamp, datetime) else None, url=fields.get("url", ""),
                      score=score, body=fields.get("body", ""), words=words)


#: The article id column of each searcher (opening it reads every segment's offsets: 8 ms at 45,000).
_ID_COLUMNS: WeakKeyDictionary[Any, Any] = WeakKeyDictionary()


def id_column(searcher: Any) -> Any:
    """The column of article ids by document number, kept while the searcher lives."""
    column = _ID_COLUMNS.get(searcher)
    if column is None:
        column = _ID_COLUMNS[searcher] = searcher.reader().column_reader("id")
    return column


#: Article id -> document number, per searcher (built once per index version, on the first filter).
_DOCNUMS: WeakKeyDictionary[Any, dict[str, int]] = WeakKeyDictionary()


def docnums(searcher: Any, ids: set[str]) -> set[int]:
    """The document numbers of some articles in this searcher's index."""
    table = _DOCNUMS.get(searcher)
    if table is None:
        column = id_column(searcher)
        table = {text_value(column[docnum]): docnum for docnum in searcher.reader().all_doc_ids()}
        _DOCNUMS[searcher] = table
    return {table[i] for i in ids if i in table}


def _facet_ids(searcher: Any, q: Any, results: Any, total: int, sort: Sort,
               narrow: dict[str, Any]) -> tuple[str, ...]:
    """The articles facets are counted over: every match, or the best FACET_ARTICLES of many."""
    if total <= FACET_ARTICLES:
        chosen = list(results.docs())
    else:
        from whoosh import sorting

        order = sorting.FieldFacet("day", reverse=True) if sort == "date" else None
        chosen = [hit.docnum for hit in searcher.search(q, limit=FACET_ARTICLES, sortedby=order, **narrow)]
    column = id_column(searcher)
    return tuple(text_value(column[docnum]) for docnum in chosen)
