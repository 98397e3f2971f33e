"""The best documents for a query of plain words, scored a posting block at a time.

Whoosh scores a ranked search one document at a time in Python: 40-70 ms for a
common word at 45,000 articles, on every key typed in the search box. A query
made of terms joined by AND, OR and NOT (what the box and `actor:` give) is
scored here with numpy instead, from the same posting blocks and with the same
BM25F formula, idf, average lengths and boosts as Whoosh (checked against Whoosh
in the tests), so the answer is the same and only the time differs. Any other
query returns None and Whoosh scores it. numpy is already installed with spaCy;
it is imported here, by the first search of a library of FROM_DOCUMENTS or more,
never at startup.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from . import posting_blocks

#: Libraries smaller than this are scored by Whoosh: it takes a few ms there, less than importing numpy.
FROM_DOCUMENTS = 5000
#: Field lengths (one byte per document, decoded) of each segment reader, kept while the reader lives.
_LENGTHS: WeakKeyDictionary[Any, dict[str, Any]] = WeakKeyDictionary()


class Scored:
    """Matching global document numbers (ascending, unique) and their scores."""

    def __init__(self, docs: Any, scores: Any) -> None:
        self.docs = docs
        self.scores = scores


def score(searcher: Any, q: Any) -> Scored | None:
    """Every document matching `q` with its Whoosh score, or None when `q` is not plain words."""
    import numpy as np
    from whoosh import query

    if isinstance(q, query.Term):
        return _term(searcher, q)
    if type(q) is query.Or and not getattr(q, "minmatch", 0) and not any(
            isinstance(s, query.Not) for s in q.subqueries):
        parts = [score(searcher, s) for s in q.subqueries]
        if any(p is None for p in parts):
            return None
        docs = np.concatenate([p.docs for p in parts if p is not None])
        scores = np.concatenate([p.scores for p in parts if p is not None])
        unique, where = np.unique(docs, return_inverse=True)
        return _boosted(Scored(unique, np.bincount(where, weights=scores, minlength=len(unique))), q.boost)
    if type(q) is query.And:
        return _and(searcher, q)
    if isinstance(q, query.AndNot):
        a, b = score(searcher, q.a), score(searcher, q.b)
        if a is None or b is None:
            return None
        keep = np.isin(a.docs, b.docs, assume_unique=True, invert=True)
        return _boosted(Scored(a.docs[keep], a.scores[keep]), q.boost)
    return None


def _and(searcher: Any, q: Any) -> Scored | None:
    import numpy as np
    from whoosh import query

    wanted = [s for s in q.subqueries if not isinstance(s, query.Not)]
    if not wanted:
        return None
    out: Scored | None = None
    for sub in wanted:
        part = score(searcher, sub)
        if part is None:
            return None
        if out is None:
            out = part
            continue
        docs, left, right = np.intersect1d(out.docs, part.docs, assume_unique=True, return_indices=True)
        out = Scored(docs, out.scores[left] + part.scores[right])
    for sub in (s.query for s in q.subqueries if isinstance(s, query.Not)):
        drop = score(searcher, sub)
        if drop is None or out is None:
            return None
        keep = np.isin(out.docs, drop.docs, assume_unique=True, invert=True)
        out = Scored(out.docs[keep], out.scores[keep] + 1.0)  # (Whoosh's NOT inside AND scores each match 1)
    return _boosted(out, q.boost) if out is not None else None


def _boosted(scored: Scored, boost: float) -> Scored:
    return scored if boost == 1.0 else Scored(scored.docs, scored.scores * boost)


def _term(searcher: Any, q: Any) -> Scored | None:
    """A term's documents in every segment, scored as Whoosh's BM25F scores them."""
    import numpy as np
    from whoosh import scoring

    weighting = searcher.weighting
    if type(weighting) is not scoring.BM25F or q.fieldname not in searcher.schema:
        return None
    field = searcher.schema[q.fieldname]
    try:
        btext = field.to_bytes(q.text)
    except (TypeError, ValueError):
        return None
    docs, scores = [], []
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        if (q.fieldname, btext) not in reader:
            continue
        ids, weights = _postings(reader, q.fieldname, btext, field.format)
        if not len(ids):
            continue
        scorer = weighting.scorer(sub, q.fieldname, btext)
        lengths = _lengths(reader, q.fieldname)[ids]
        k1, b = scorer.K1, scorer.B
        tf = weights * (k1 + 1) / (weights + k1 * ((1 - b) + b * lengths / scorer.avgfl))
        docs.append(ids + offset)
        scores.append(scorer.idf * tf * q.boost)
    if not docs:
        return Scored(np.empty(0, dtype=np.int64), np.empty(0))
    return Scored(np.concatenate(docs), np.concatenate(scores))


def _postings(reader: Any, fieldname: str, btext: bytes, fmt: Any) -> tuple[Any, Any]:
    """(document numbers, weights) of a term in one segment, without deleted documents."""
    import numpy as np
    from whoosh.codec.whoosh3 import W3LeafMatcher

    matcher = reader._terms.matcher(fieldname, btext, fmt)
    ids: list[int] = []
    weights: list[float] = []
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():  # a block at a time
            posting_blocks.read_ids(matcher)
            matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    docs, found = np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)
    deleted = reader.deleted_docs_set
    if deleted:
        keep = np.isin(docs, np.fromiter(deleted, dtype=np.int64), invert=True)
        docs, found = docs[keep], found[keep]
    return docs, found


def _lengths(reader: Any, fieldname: str) -> Any:
    """Each document's length in a field, as Whoosh decodes it from its one-byte form."""
    import numpy as np
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.util.numeric import byte_to_length

    kept = _LENGTHS.setdefault(reader, {})
    if fieldname not in kept:
        count = reader.doc_count_all()
        column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        raw = np.zeros(count, dtype=np.uint8)
        if column is not None and column._count:
            stored = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
            raw[:len(stored)] = stored[:count]
        table = np.array([byte_to_length(i) for i in range(256)], dtype=np.float64)
        table[0] = 1.0  # (no posting has a zero length)
        kept[fieldname] = table[raw]
    return kept[fieldname]


def narrowed(scored: Scored, allow: set[int] | None, mask: set[int] | None) -> Scored:
    """Only the documents in `allow` (when given) and not in `mask`."""
    import numpy as np

    keep = np.ones(len(scored.docs), dtype=bool)
    if allow is not None:
        keep &= np.isin(scored.docs, np.fromiter(allow, dtype=np.int64, count=len(allow)))
    if mask:
        keep &= np.isin(scored.docs, np.fromiter(mask, dtype=np.int64, count=len(mask)), invert=True)
    return scored if keep.all() else Scored(scored.docs[keep], scored.scores[keep])


def top(scored: Scored, n: int) -> list[tuple[int, float]]:
    """The `n` best (docnum, score), best first (equal scores in no particular order: callers order ties)."""
    import numpy as np

    many = len(scored.docs) > n
    chosen = np.argpartition(-scored.scores, n - 1)[:n] if many else np.arange(len(scored.docs))
    chosen = chosen[np.argsort(-scored.scores[chosen], kind="stable")]
    return list(zip(scored.docs[chosen].tolist(), scored.scores[chosen].tolist(), strict=True))
