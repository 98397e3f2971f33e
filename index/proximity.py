"""Words standing together, checked for the best candidates only.

A query of several plain words ranks articles where the words stand together
above those where they are scattered: `search` adds the phrase of the words as
an optional, boosted part (`AndMaybe(words, Or([Phrase(body), Phrase(title)]))`).
Whoosh answers that by working out the phrase in every article that has all the
words, a second and more at 45,000 articles for two common words. Here the
words alone pick the best candidates, and the phrase is checked in those only,
from the positions of each word in that article, scoring exactly as Whoosh
scores the phrase (the sum of its words' scores, times the boosts).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

from . import posting_blocks

#: Candidates read beyond those asked for, so that an article lifted by its phrase can reach the top.
CANDIDATES = 100


def split(q: Any) -> tuple[Any, Any | None]:
    """(the words, the phrase part) of a query built with a proximity boost; (q, None) for any other."""
    from whoosh import query

    if (isinstance(q, query.AndMaybe) and isinstance(q.b, query.Or)
            and all(isinstance(p, query.Phrase) for p in q.b.subqueries)):
        return q.a, q.b
    return q, None


def bonuses(searcher: Any, near: Any, docnums: Iterable[int]) -> dict[int, float]:
    """What the phrase part adds to the score of each of some documents (0 when the words are apart)."""
    out: dict[int, float] = {}
    wanted = sorted(set(docnums))
    for phrase in near.subqueries:
        for sub, offset in searcher.leaf_searchers():
            size = sub.reader().doc_count_all()
            local = [d - offset for d in wanted if offset <= d < offset + size]
            for docnum, score in _phrase_scores(sub, phrase, local):
                out[docnum + offset] = out.get(docnum + offset, 0.0) + score * near.boost
    return out


def _phrase_scores(searcher: Any, phrase: Any, docnums: list[int]) -> Iterable[tuple[int, float]]:
    """(docnum, score) for those of `docnums` (ascending) where the phrase stands, in one segment."""
    from whoosh import query

    reader, field = searcher.reader(), searcher.schema[phrase.fieldname]
    matchers = []
    for word in phrase.words:
        try:
            btext = field.to_bytes(word)
        except ValueError:
            return
        if (phrase.fieldname, btext) not in reader:
            return
        matchers.append(query.Term(phrase.fieldname, btext).matcher(searcher))
    for docnum in docnums:
        positions = []
        for m in matchers:
            if not _seek(m, docnum):
                break
            positions.append(m.value_as("positions"))
        else:
            if _in_order(positions, phrase.slop):
                yield docnum, sum(m.score() for m in matchers) * phrase.boost


def _seek(m: Any, docnum: int) -> bool:
    """Move a term's matcher to `docnum` (never back); whether the term is in that document.

    Whoosh's own skip_to steps through a block a document at a time; a plain posting list is searched here
    by halving within the block (candidates are few and far apart).
    """
    from whoosh.codec.whoosh3 import W3LeafMatcher

    if not isinstance(m, W3LeafMatcher):
        if m.is_active() and m.id() < docnum:
            m.skip_to(docnum)
        return bool(m.is_active() and m.id() == docnum)
    while m.is_active() and m.block_max_id() < docnum:
        m._next_block()  # (whole blocks before the document: read from the block's header only)
    if not m.is_active():
        return False
    if m._ids is None:
        posting_blocks.read_ids(m)
    m._i = bisect_left(m._ids, docnum, m._i)
    return m._i < len(m._ids) and m._ids[m._i] == docnum


def _in_order(positions: list[list[int]], slop: int) -> bool:
    """Whether each word follows the one before within `slop` positions (as Whoosh's ordered SpanNear)."""
    ends = set(positions[0])
    for following in positions[1:]:
        ends = {p for p in following if any(1 <= p - e <= slop for e in ends)}
        if not ends:
            return False
    return True
