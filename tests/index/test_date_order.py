"""Newest first from the kept date order gives what Whoosh's own sort gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import Library, date_order
from tests.conftest import drain
from tests.index.test_story_library import versions_folder

QUERIES = ["", "russia", "ukraine -russia", "war OR election", "the", 'actor:"Russia"', "date:2024", "russi*",
           "nosuchwordanywhere"]


@pytest.mark.parametrize("versions", [False, True])
def test_newest_first_is_the_same_from_the_kept_order_as_from_whoosh(seeded_copy: Library, tmp_path: Path,
                                                                       versions: bool) -> None:
    lib = seeded_copy
    drain(lib.add([versions_folder(tmp_path / "news")]))  # versions of one story: some hits are left out
    for query in QUERIES:
        for limit in (1, 5, 50):
            kept = lib.search(query, limit=limit, sort="date", facets=False, suggest=False, versions=versions)
            whoosh = lib.search(query, limit=limit, sort="date", facets=True, suggest=False, versions=versions)
            assert [h.id for h in kept.hits] == [h.id for h in whoosh.hits], (query, limit)
            assert kept.total == whoosh.total, query
    assert date_order._ORDERS  # the kept order was made (by the empty query) and used for the words after it
    listed = lib.search("", limit=100, facets=False, suggest=False, versions=versions).hits
    dates = [h.date for h in listed if h.date]
    assert dates and dates == sorted(dates, reverse=True)  # newest first
