"""Counting a watchlist's matches in the search index: the `Matcher` that `WatchCounter` asks.

Everything happens in one searcher, one snapshot of the index, so the counts
and the highest `added` number they cover (`upto`) agree. "Matches above N" is
answered without walking the query's whole posting lists: the few documents
with `added` > N are found once with a numeric range (shared by every
watchlist), and the query's matcher steps to each of them. Only when many
documents are above N (a watchlist never marked seen) is the query ANDed with
the range instead. Stepping happens segment by segment, and only in segments
that hold newcomers, so an add reads the small new segments, not the old ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .hits import check_expansions, docnums
from .searching import Compiled

#: Above this many newcomers, the query is intersected with the range instead of stepped to each of them.
STEP_LIMIT = 5000


class IndexMatcher:
    """Counts for one snapshot of the index; compiled queries and newcomers are kept for its life."""

    def __init__(self, searcher: Any, compile_query: Callable[[str], Compiled],
                 unread: Callable[[], set[str]]) -> None:
        self._searcher = searcher
        self._compile = compile_query
        self._unread_ids = unread
        self._compiled: dict[str, Compiled] = {}
        self._newcomers: dict[int, list[int]] = {}
        self._counts: dict[tuple[str, int], int] = {}
        self._unread: set[int] | None = None

    def compiled(self, text: str) -> Compiled:
        """The query, parsed and expanded once (QueryError when it cannot run)."""
        found = self._compiled.get(text)
        if found is None:
            found = self._compile(text)
            check_expansions(self._searcher.reader(), found.query, text)
            found = replace(found, query=_unscored(found.query))
            self._compiled[text] = found
        return found

    def key(self, text: str) -> str | None:
        """What the query stands for now (its expanded form); None for an `is:` filter (read state moves)."""
        compiled = self.compiled(text)
        return None if compiled.state is not None else repr(compiled.query)

    def count(self, text: str, after: int) -> int:
        """How many documents match the query and have `added` > after."""
        known = self._counts.get((text, max(0, after)))
        if known is not None:
            return known
        compiled = self.compiled(text)
        q = compiled.query
        if after <= 0:
            found = list(q.docs(self._searcher))
        elif len(self.newcomers(after)) > STEP_LIMIT:
            from whoosh import query

            found = list(query.And([q, query.NumericRange("added", after + 1, None)]).docs(self._searcher))
        else:
            found = self._step(q, self.newcomers(after))
        if compiled.state is not None:
            unread = self._unread_docs()
            found = [d for d in found if (d in unread) == compiled.state]
        self._counts[(text, max(0, after))] = len(found)
        return len(found)

    def _step(self, q: Any, newcomers: list[int]) -> list[int]:
        """The newcomers the query matches, stepping its matcher to each of them.

        Segment by segment, and only in segments that hold newcomers: after an add they
        sit in the newest small segments, and the big old one is never read.
        """
        found: list[int] = []
        for sub, offset in self._searcher.leaf_searchers():
            end = offset + sub.doc_count_all()
            local = [d - offset for d in newcomers if offset <= d < end]
            if not local:
                continue
            matcher = q.matcher(sub, sub.boolean_context())
            for docnum in local:
                if not matcher.is_active():
                    break
                if matcher.id() < docnum:
                    matcher.skip_to(docnum)
                if matcher.is_active() and matcher.id() == docnum:
                    found.append(docnum + offset)
        return found

    def newcomers(self, after: int) -> list[int]:
        """Document numbers with `added` > after, in order (every watchlist asks the same)."""
        if after not in self._newcomers:
            from whoosh import query

            self._newcomers[after] = sorted(query.NumericRange("added", after + 1, None).docs(self._searcher))
        return self._newcomers[after]

    def upto(self, after: int = 0) -> int:
        """The highest `added` number in this snapshot; with `after`, known to hold nothing higher below it."""
        docs = self.newcomers(after) if after > 0 else None
        highest = max(0, after)
        for sub, offset in self._searcher.leaf_searchers():
            reader = sub.reader()
            end = offset + reader.doc_count_all()
            local = reader.all_doc_ids() if docs is None else [d - offset for d in docs if offset <= d < end]
            column = None
            for docnum in local:
                column = column or reader.column_reader("added")
                highest = max(highest, int(column[docnum]))
        return highest

    def _unread_docs(self) -> set[int]:
        if self._unread is None:
            self._unread = docnums(self._searcher, self._unread_ids())
        return self._unread


def _unscored(q: Any) -> Any:
    """The query without what only ranks: `a ANDMAYBE b` (and the proximity boost search adds, which is
    one) matches exactly what `a` matches, and building its phrase matchers costs more than counting."""
    from whoosh import query

    while isinstance(q, query.AndMaybe):
        q = q.a
    return q
