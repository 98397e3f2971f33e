"""Reading the index: the top documents of a query, every matching id, "did you mean".

Whoosh objects stay inside this module: everything is copied into plain
dataclasses before the searcher is released.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

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
    from whoosh import query, sorting

    if only is not None and not only:
        return Found((), 0, (), None)
    with fulltext.reading() as searcher:
        check_expansions(searcher.reader(), q, text)
        allow = docnums(searcher, only) if only is not None else None
        mask = docnums(searcher, without) if without else None
        if allow is not None and not allow:
            return Found((), 0, (), None)
        narrow = {"filter": allow, "mask": mask or None}
        if isinstance(q, query.Every) or sort == "date":
            order = sorting.MultiFacet([sorting.FieldFacet("day", reverse=True), sorting.FieldFacet("id")])
            results = searcher.search(q, limit=limit, sortedby=order, terms=True, **narrow)
            docs = [_doc(h, 0.0) for h in results[:limit]]
        else:
            results = searcher.search(q, limit=limit + TIE_SLACK, terms=True, **narrow)
            docs = sorted((_doc(h, float(h.score)) for h in results), key=lambda d: (-d.score, d.id))[:limit]
        total = len(results)
        ids = _facet_ids(searcher, q, results, total, sort, narrow) if with_ids else ()
        hint = None
        if suggest and total < limit:
            from .suggest import suggestion as did_you_mean

            hint = did_you_mean(searcher, q, text)
    return Found(tuple(docs), total, ids, hint)


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


def _doc(h: Any, score: float) -> IndexedDoc:
    words = tuple(t.decode("utf-8", "replace") if isinstance(t, bytes) else str(t)
                  for f, t in (h.matched_terms() if h.results.has_matched_terms() else ()) if f == "body")
    stamp = h.get("date")
    return IndexedDoc(id=h["id"], title=h.get("title", ""), source=h.get("source", ""),
                      date=stamp.date() if isinstance(stamp, datetime) else None, url=h.get("url", ""),
                      score=score, body=h.get("body", ""), words=words)


#: Article id -> document number, per searcher (built once per index version, on the first filter).
_DOCNUMS: WeakKeyDictionary[Any, dict[str, int]] = WeakKeyDictionary()


def docnums(searcher: Any, ids: set[str]) -> set[int]:
    """The document numbers of some articles in this searcher's index."""
    table = _DOCNUMS.get(searcher)
    if table is None:
        reader = searcher.reader()
        column = reader.column_reader("id")
        table = {text_value(column[docnum]): docnum for docnum in reader.all_doc_ids()}
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
    column = searcher.reader().column_reader("id")
    return tuple(text_value(column[docnum]) for docnum in chosen)
