"""Each kind of query on the seeded library, as a user would type it."""

from __future__ import annotations

import pytest

from index import Library, QueryError
from tests.conftest import SEED_ID_PREFIX


def titles(library: Library, query: str, **kw: object) -> list[str]:
    return [h.title for h in library.search(query, limit=50, **kw)]  # type: ignore[arg-type]


def test_plain_words_put_the_seed_first_with_marked_snippet(seeded: Library) -> None:
    results = seeded.search("North Korean troops")
    first = results.hits[0]
    assert first.id.startswith(SEED_ID_PREFIX)
    marked = {first.snippet[m.start:m.end].lower() for m in first.marks}
    assert marked & {"north", "korean", "troops", "north korean troops"}
    assert "\n" not in first.snippet


def test_phrase_matches_only_adjacent_words(seeded: Library) -> None:
    assert seeded.search('"Kursk region"').total == 1
    assert seeded.search('"region Kursk"').total == 0


def test_boolean_operators(seeded: Library) -> None:
    korea = seeded.search("korea").total
    both = seeded.search("korea AND russia").total
    either = seeded.search("kursk OR mecca").total
    assert 0 < both < korea
    assert either == seeded.search("kursk").total + seeded.search("mecca").total
    assert seeded.search("korea NOT russia").total == korea - both


def test_minus_means_without_only_at_the_start_of_a_word(seeded: Library) -> None:
    korea, both = seeded.search("korea").total, seeded.search("korea russia").total
    assert seeded.search("korea -russia").total == korea - both
    # A hyphen inside a word is part of it: "Jong-un" is not "Jong NOT un".
    kim = seeded.search("kim jong-un")
    assert kim.total >= 2 and all("Jong-un" in seeded.article(h.id).text for h in kim.hits)
    assert seeded.search("quasi-state").total == 1
    assert seeded.search("quasi-state").total == seeded.search('"quasi state"').total


def test_wildcard(seeded: Library) -> None:
    assert seeded.search("kurs*").total == 1
    assert seeded.search("stamped*").total >= 1


def test_title_and_source_fields(seeded: Library) -> None:
    assert titles(seeded, "title:stampede") == [t for t in titles(seeded, "stampede") if "stampede" in t.lower()]
    assert seeded.search("source:wikinews").total == 24
    assert seeded.search("source:seeds").total == 1


@pytest.mark.parametrize("query", ['actor:"Kim Jong-un"', 'actor:"kim jong-un"', 'actor:"KIM JONG-UN"'])
def test_actor_field_matches_canonical_names_case_insensitively(seeded: Library, query: str) -> None:
    results = seeded.search(query)
    assert results.total == 2
    assert any(h.id.startswith(SEED_ID_PREFIX) for h in results)
    for hit in results:
        assert any("kim" in hit.snippet[m.start:m.end].lower() for m in hit.marks)


def test_date_ranges_iso_and_natural(seeded: Library) -> None:
    in_2015 = seeded.search("date:2015", limit=50)
    assert in_2015.total > 0 and all(h.date and h.date.year == 2015 for h in in_2015)
    august = seeded.search("date:[2015-08-01 to 2015-08-31]", limit=50)
    assert august.total > 0 and all(h.date and h.date.month == 8 for h in august)
    assert seeded.search("date:[2019 to now]").total == seeded.search("date:[2019 to 2030]").total
    assert seeded.search("date:yesterday").total == 0


def test_sort_by_date_newest_first_undated_last(seeded: Library) -> None:
    hits = seeded.search("", limit=100, sort="date").hits
    dated = [h.date for h in hits if h.date]
    assert dated == sorted(dated, reverse=True)
    assert hits[-1].date is None


def test_relevance_ties_are_broken_by_id(seeded: Library) -> None:
    hits = seeded.search("date:2015", limit=50).hits
    assert [h.id for h in hits] == sorted(h.id for h in hits)


def test_did_you_mean(seeded: Library) -> None:
    results = seeded.search("nort korea")
    assert results.total == 0
    assert results.suggestion == "north korea"
    assert seeded.search("korea").suggestion is None
    assert seeded.suggest("nort korea -russiaa") == "north korea -russiaa"  # an excluded word is not respelled
    assert seeded.suggest("korea -russiaa") is None


def test_facets_name_top_actors_and_sources(seeded: Library) -> None:
    results = seeded.search("korea")
    assert "North Korea" in {f.value for f in results.actor_facets}
    assert {f.value for f in results.source_facets} == {"Wikinews", "seeds"}


@pytest.mark.parametrize(("query", "message"), [
    ("colour:red", "unknown field 'colour:'"),
    ("date:[garbage to 2020]", "cannot read the date"),
    ("date:notadate", "as a date"),
])
def test_bad_queries_raise_one_line_errors_naming_the_query(seeded: Library, query: str,
                                                            message: str) -> None:
    with pytest.raises(QueryError) as err:
        seeded.search(query)
    assert message in str(err.value) and repr(query) in str(err.value)


def test_hostile_query_text_is_just_text(seeded: Library) -> None:
    for query in ["[@click=app.quit]", "alpha AND (beta", "\x1b[31mred"]:
        seeded.search(query)  # no exception
    with pytest.raises(QueryError, match="quotation mark is not closed"):
        seeded.search('"unclosed')


HOSTILE = [
    "a" * 5_000, "a" * 20_000, "x" * 100_000, " AND ".join(f"w{i}" for i in range(3_000)),
    " ".join("*x*" for _ in range(50)), "{a TO}", "[a TO z]", "title:[a TO]", "*", "*a", "?" * 40,
    "(" * 500 + "korea" + ")" * 500, '"' + "korea " * 400 + '"', "korea~" * 30, "NOT " * 300 + "korea",
    "actor:" + "x" * 3000, "date:[" + "9" * 200 + " to now]", "\x00\x1b[2J" * 100, "korea^99999999999",
]


@pytest.mark.parametrize("query", HOSTILE, ids=[f"{q[:12]!r}..{len(q)}" for q in HOSTILE])
def test_every_hostile_query_is_answered_or_refused_at_once(seeded: Library, query: str) -> None:
    import time

    started = time.monotonic()
    try:
        seeded.search(query)
    except QueryError as exc:
        message = str(exc)
        assert "\n" not in message and len(message) < 300  # one readable line, the query shortened
    assert time.monotonic() - started < 2.0
