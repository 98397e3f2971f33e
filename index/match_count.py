"""How many articles a query matches, counted from posting lists a block at a time.

Whoosh counts the matches of a ranked search by matching every document again,
one Python call per document: 20 ms for a common word at 45,000 articles and
100 ms for a word in every article. A query of plain words (terms joined by
AND, OR and NOT, as typed in the search box or expanded from `actor:`) is
counted here instead from the document numbers of each posting block, with set
operations. Any other query (phrases, ranges, wildcards) returns None and is
counted by Whoosh.
"""

from __future__ import annotations

from typing import Any

from . import posting_blocks


def count(searcher: Any, q: Any, allow: set[int] | None = None, mask: set[int] | None = None) -> int | None:
    """The number of documents matching `q` (within `allow`, outside `mask`), or None when `q` is not a
    query of plain terms."""
    docs = matching(searcher, q, allow, mask)
    return None if docs is None else len(docs)


def matching(searcher: Any, q: Any, allow: set[int] | None = None, mask: set[int] | None = None) -> set[int] | None:
    """The live documents matching `q` (within `allow`, outside `mask`), or None when `q` is not a query of
    plain terms."""
    docs = _docs(searcher, q)
    if docs is not None and allow is not None:
        docs &= allow
    if docs is not None and mask:
        docs -= mask
    return docs


def _docs(searcher: Any, q: Any) -> set[int] | None:
    from whoosh import query

    if isinstance(q, query.Term):
        return _term_docs(searcher, q.fieldname, q.text)
    if isinstance(q, query.Every) and not q.fieldname:
        return _every(searcher)
    if isinstance(q, query.AndMaybe):  # (the optional part only ranks)
        return _docs(searcher, q.a)
    if isinstance(q, query.AndNot):
        a, b = _docs(searcher, q.a), _docs(searcher, q.b)
        return None if a is None or b is None else a - b
    if isinstance(q, (query.And, query.Or)) and type(q) in (query.And, query.Or):
        return _compound(searcher, q)
    return None


def _compound(searcher: Any, q: Any) -> set[int] | None:
    from whoosh import query

    wanted = [s for s in q.subqueries if not isinstance(s, query.Not)]
    unwanted = [s.query for s in q.subqueries if isinstance(s, query.Not)]
    if isinstance(q, query.Or) and (unwanted or getattr(q, "minmatch", 0) > 1):
        return None
    parts: list[set[int]] = []
    for sub in wanted:
        part = _docs(searcher, sub)
        if part is None:
            return None
        parts.append(part)
    if not parts:
        return None
    docs = set(parts[0])
    for part in parts[1:]:
        if isinstance(q, query.And):
            docs &= part
        else:
            docs |= part
    for sub in unwanted:
        drop = _docs(searcher, sub)
        if drop is None:
            return None
        docs -= drop
    return docs


def _term_docs(searcher: Any, fieldname: str, text: Any) -> set[int] | None:
    """Every live document that has a term, across segments."""
    from whoosh.codec.whoosh3 import W3LeafMatcher

    docs: set[int] = set()
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        if fieldname not in reader.schema:
            return None
        try:
            btext = reader.schema[fieldname].to_bytes(text)
        except (TypeError, ValueError):
            return None
        if (fieldname, btext) not in reader:
            continue
        matcher = reader._terms.matcher(fieldname, btext, reader.schema[fieldname].format)
        found: list[int] = []
        if isinstance(matcher, W3LeafMatcher):
            while matcher.is_active():  # a block of document numbers at a time, not a call per document
                posting_blocks.read_ids(matcher)
                found.extend(matcher._ids)
                matcher._next_block()
        else:
            found.extend(matcher.all_ids())
        deleted = reader.deleted_docs_set
        docs.update(offset + d for d in found if d not in deleted) if deleted else docs.update(
            [offset + d for d in found] if offset else found)
    return docs


def _every(searcher: Any) -> set[int]:
    docs: set[int] = set()
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        docs.update(offset + d for d in reader.all_doc_ids())
    return docs
