"""Posting blocks decoded once per search, however many steps of the search read them.

Whoosh keeps a word's postings in blocks of up to 128 documents, each one pickled
and compressed together with the word's positions; decoding a block is most of
what a search of common words costs. Scoring (`fast_scoring`), counting
(`match_count`) and the phrase check of the best candidates (`proximity`) can read
the same blocks: within `shared()`, a block decoded by one of them is kept (a few
KB each) and handed to the others, and let go when the search ends.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_LOCAL = threading.local()


@contextmanager
def shared() -> Iterator[None]:
    """Keep the blocks decoded in this thread until the block ends (nested uses share the outer one)."""
    if getattr(_LOCAL, "blocks", None) is not None:
        yield
        return
    _LOCAL.blocks = {}
    try:
        yield
    finally:
        _LOCAL.blocks = None


def read_ids(matcher: Any) -> None:
    """Decode the current block of a Whoosh 3 leaf matcher (its ids; weights and positions come with them),
    or take it from an earlier step of this search."""
    blocks: dict[tuple[int, int], Any] | None = getattr(_LOCAL, "blocks", None)
    if blocks is None:
        matcher._read_ids()
        return
    key = (id(matcher._postfile), matcher._dataoffset)
    if matcher._data is None:
        matcher._data = blocks.get(key)
    matcher._read_ids()
    blocks[key] = matcher._data
