"""Newest first without sorting every match again: each searcher's documents in date order, kept.

Whoosh sorts "newest first" by reading the day and id of every matching document
in Python, so listing the whole library (the reader's empty query, and every
time the query box is cleared) took 0.25-0.33 s at 45,000 articles. The order of
all documents is worked out once per searcher (one such sort) and kept while the
searcher lives; a query then walks it and takes the first `limit` documents it
matched, and counts the matches as sets (`match_count`).
"""

from __future__ import annotations

import itertools
from typing import Any
from weakref import WeakKeyDictionary

from . import match_count

#: Every live document, newest first (by day, then article id), per searcher.
_ORDERS: WeakKeyDictionary[Any, list[int]] = WeakKeyDictionary()


def newest_facet() -> Any:
    """The order: newest day first, then article id (undated articles last, as Whoosh sorts them)."""
    from whoosh import sorting

    return sorting.MultiFacet([sorting.FieldFacet("day", reverse=True), sorting.FieldFacet("id")])


def newest(searcher: Any, q: Any, limit: int, allow: set[int] | None,
           mask: set[int] | None) -> tuple[list[int], int] | None:
    """The newest `limit` documents matching `q` (within `allow`, outside `mask`) and how many match, or None
    when Whoosh should sort: a query not of plain words, or words before the whole library was listed (sorting
    every document for the order costs more than sorting a word's matches, once)."""
    from whoosh import query

    if searcher not in _ORDERS and not isinstance(q, query.Every):
        return None
    matched = match_count.matching(searcher, q, allow, mask)
    if matched is None:
        return None
    top = list(itertools.islice((docnum for docnum in order(searcher) if docnum in matched), limit))
    return top, len(matched)


def order(searcher: Any) -> list[int]:
    """Every live document of the searcher, newest first."""
    found = _ORDERS.get(searcher)
    if found is None:
        from whoosh import query

        results = searcher.search(query.Every(), limit=None, sortedby=newest_facet())
        found = _ORDERS[searcher] = [docnum for _, docnum in results.top_n]
    return found
