"""A search decodes each posting block once, however many of its steps read it, and finds the same."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from whoosh.codec import whoosh3

from index import Library, hits


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the posting blocks Whoosh decompresses and unpickles."""
    calls: list[int] = []
    original = whoosh3.W3LeafMatcher._read_data

    def counting(self: whoosh3.W3LeafMatcher) -> None:
        calls.append(1)
        original(self)

    monkeypatch.setattr(whoosh3.W3LeafMatcher, "_read_data", counting)
    return calls


def test_the_steps_of_a_search_share_decoded_blocks(seeded: Library, decodes: list[int],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    query = "north korea"  # counted, scored, then checked for standing together: three reads of the same blocks
    shared = seeded.search(query, limit=10, facets=False, suggest=False)
    with_sharing = len(decodes)

    @contextlib.contextmanager
    def nothing_shared() -> Iterator[None]:
        yield

    monkeypatch.setattr(hits.posting_blocks, "shared", nothing_shared)
    decodes.clear()
    alone = seeded.search(query, limit=10, facets=False, suggest=False)
    assert [(h.id, h.score) for h in shared.hits] == [(h.id, h.score) for h in alone.hits]
    assert shared.total == alone.total
    assert 0 < with_sharing < len(decodes)
