"""Entity mentions from the real spaCy model: offsets, types, canonical actors."""

from __future__ import annotations

from index import Library
from index.entities import Extractor, _chunks, trim
from tests.conftest import SEED_ID_PREFIX


def test_seed_mentions_have_offsets_into_the_stored_text(seeded: Library) -> None:
    article = seeded.article(SEED_ID_PREFIX)
    assert article.entities
    for e in article.entities:
        assert article.text[e.start:e.end] == e.text
    assert {e.type for e in article.entities} <= {"person", "organization", "place", "group", "other"}


def test_seed_actors_are_canonical(seeded: Library) -> None:
    article = seeded.article(SEED_ID_PREFIX)
    by_actor = {}
    for e in article.entities:
        by_actor.setdefault(e.actor, set()).add(e.text)
    # "Kim Jong-un’s" loses its possessive and the lone "Kim" joins the full name.
    assert by_actor["Kim Jong-un"] >= {"Kim Jong-un", "Kim"}
    assert "Kim" not in by_actor
    assert {"Lloyd Austin", "Andriy Kovalenko", "Zelenskyy", "Putin", "North Korea", "Russia",
            "Ukraine"} <= set(by_actor)
    assert not any(name.endswith(("'s", "’s")) for name in by_actor)


def test_numbers_and_dates_are_not_entities() -> None:
    mentions = Extractor().extract("On Monday, 3 March 2015, Apple paid $5 million to 20 people in Paris.")
    assert all(m.text not in {"Monday", "3 March 2015", "$5 million", "20"} for m in mentions)
    assert any(m.text == "Paris" and m.type == "place" for m in mentions)


def test_trim_removes_the_titles_possessives_and_quotes_around_a_name() -> None:
    text = "said the United Nations' envoy and President Zelenskyy's aide"
    start = text.index("the United")
    assert text[slice(*trim(text, start, start + len("the United Nations'")))] == "United Nations"
    start = text.index("President")
    assert text[slice(*trim(text, start, start + len("President Zelenskyy's"), "person"))] == "Zelenskyy"


def test_long_texts_are_cut_in_pieces_whose_offsets_add_up() -> None:
    text = ("Angela Merkel met Emmanuel Macron in Berlin.\n\n" * 5000)
    pieces = list(_chunks(text))
    assert len(pieces) > 1
    assert "".join(piece for _, piece in pieces) == text
    assert all(text[off:off + len(piece)] == piece for off, piece in pieces)
    mentions = Extractor().extract(text)
    assert all(text[m.start:m.end] == m.text for m in mentions)
    assert mentions[-1].start > 100_000


def test_extract_many_keeps_inputs_in_order() -> None:
    texts = ["Barack Obama spoke.", "", "Nothing here.", "Tokyo is in Japan."]
    results = list(Extractor().extract_many(texts))
    assert len(results) == 4
    assert [m.text for m in results[0]] == ["Barack Obama"]
    assert results[1] == [] and results[2] == []
    assert {m.text for m in results[3]} == {"Tokyo", "Japan"}


def test_shouted_headlines_and_datelines_are_read_in_ordinary_case() -> None:
    from index.entities import recase

    text = ("RUSSIA SENDS TROOPS TO THE BORDER AFTER TALKS FAIL\nMOSCOW 1996-08-30\n"
            "Russia sent troops to the border, officials in Moscow said.")
    fixed = recase(text)
    assert len(fixed) == len(text)
    headline = fixed.splitlines()[0].split()
    assert headline[0] == "Russia"  # the casing the body uses
    assert headline[3:5] == ["to", "the"]  # common words lowercased
    assert not any(word.isupper() for word in headline)
    assert fixed.splitlines()[1] == "Moscow 1996-08-30"
    mentions = Extractor().extract(text)
    assert {m.text for m in mentions} >= {"RUSSIA", "MOSCOW"}  # offsets into the original text
    assert all(text[m.start:m.end] == m.text for m in mentions)


def test_scores_and_headers_do_not_stick_to_names() -> None:
    from index.entities import canonicalize

    text = "CRICKET - J. Ratcliffe 63 beat Durham\nATLANTA Braves won."
    raw = [(0, len("CRICKET - J. Ratcliffe 63"), "PERSON"), (text.index("Durham"), text.index("Braves") - 1, "ORG")]
    names = [(e.text, e.type) for e in canonicalize(text, raw)]
    assert names == [("J. Ratcliffe", "person"), ("ATLANTA", "organization")]
