"""Queries of plain words are scored and counted in bulk: the same documents, scores and counts as Whoosh
gives, so only the time differs; anything else is left to Whoosh."""

from __future__ import annotations

import pytest

from index import Library, fast_scoring, match_count, proximity

PLAIN = ["korea", "north korea", "korea russia", "kursk OR mecca", "korea -russia", "korea NOT russia",
         "title:stampede", "source:wikinews", 'actor:"North Korea"', 'actor:"North Korea" kim', "kim jong-un",
         "(oil OR gas) AND price", "nothingmatchesthis", "korea^3 russia"]
OTHER = ['"Kursk region"', "kurs*", "date:[2015 to 2016]", "-oil", "*"]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_words_score_and_count_as_whoosh_does(seeded: Library, text: str) -> None:
    q, _ = proximity.split(seeded._searching.compile(text).query)
    with seeded._fulltext.reading() as searcher:
        fast = fast_scoring.score(searcher, q)
        slow = {h.docnum: h.score for h in searcher.search(q, limit=None)}
        counted = match_count.count(searcher, q)
    assert fast is not None and counted == len(slow)
    got = dict(zip(fast.docs.tolist(), fast.scores.tolist(), strict=True))
    assert got.keys() == slow.keys()
    assert all(got[d] == pytest.approx(slow[d], rel=1e-9) for d in slow)


@pytest.mark.parametrize("text", OTHER)
def test_other_queries_are_left_to_whoosh(seeded: Library, text: str) -> None:
    q, _ = proximity.split(seeded._searching.compile(text).query)
    with seeded._fulltext.reading() as searcher:
        assert fast_scoring.score(searcher, q) is None


@pytest.mark.parametrize("text", ["north korea", "kim jong-un", "saudi arabia stampede", "korea russia"])
def test_words_standing_together_rank_as_whoosh_ranks_them(seeded: Library, text: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """With every article a candidate (a small library), the re-ranking by phrase gives Whoosh's own order."""
    monkeypatch.setattr(fast_scoring, "FROM_DOCUMENTS", 0)  # (bulk scoring, as at 45,000 articles)
    q = seeded._searching.compile(text).query
    with seeded._fulltext.reading() as searcher:
        whoosh = sorted((-h.score, searcher.stored_fields(h.docnum)["id"]) for h in searcher.search(q, limit=None))
    ours = seeded.search(text, limit=50, facets=False, versions=True)
    assert [h.id for h in ours.hits] == [i for _, i in whoosh]
    assert [h.score for h in ours.hits] == pytest.approx([-s for s, _ in whoosh], rel=1e-9)
