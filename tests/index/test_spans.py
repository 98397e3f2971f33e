"""Span trimming: a model span that runs past a name is cut to the name (constructed sentences)."""

from __future__ import annotations

from index.spans import clean, is_table_line, trim


def cut(text: str, span: str, kind: str = "organization") -> list[tuple[str, str]]:
    """The names `clean` keeps from `span` (its first occurrence in `text`), with their types."""
    start = text.index(span)
    return [(text[a:b], k) for a, b, k in clean(text, start, start + len(span), kind)]  # type: ignore[arg-type]


def test_leading_determiners_quotes_and_lower_case_words_go() -> None:
    assert cut("He met these Halvard Brothers fans.", "these Halvard Brothers") == [
        ("Halvard Brothers", "organization")]
    assert cut('She joined "the Corvin Society" later.', '"the Corvin Society"') == [("Corvin Society", "organization")]
    text = "said advice columnist Mira Sandholm on Monday"
    assert cut(text, "advice columnist Mira Sandholm", "person") == [("Mira Sandholm", "person")]
    assert cut("the painter de Vries arrived", "de Vries", "person") == [("de Vries", "person")]


def test_pro_and_anti_prefixes_and_based_suffixes_go() -> None:
    assert cut("a pro-Velmar rally", "pro-Velmar", "group") == [("Velmar", "group")]
    assert cut("an anti-Ostrava mood", "anti-Ostrava", "place") == [("Ostrava", "place")]
    assert cut("the Kessel-based firm", "Kessel-based", "place") == [("Kessel", "place")]


def test_titles_nationality_and_honours_leave_a_person_but_not_an_organisation() -> None:
    text = "Talks with Russian Deputy Minister Oleg Varin and Dr Ines Maro FRS ended."
    assert cut(text, "Russian Deputy Minister Oleg Varin", "person") == [("Oleg Varin", "person")]
    assert cut(text, "Dr Ines Maro FRS", "person") == [("Ines Maro", "person")]
    assert cut("General Motors Kessel plant", "General Motors", "organization") == [
        ("General Motors", "organization")]


def test_a_place_and_a_job_title_is_no_person() -> None:
    text = "Which Ontario Premier(s) do you admire?"
    assert cut(text, "Ontario Premier(s", "person") == [("Ontario", "other")]


def test_a_sentence_s_first_word_is_not_part_of_a_person_s_name() -> None:
    text = "Nevertheless Franz Hagen won. Will Hale lost."
    assert cut(text, "Nevertheless Franz Hagen", "person") == [("Franz Hagen", "person")]
    assert cut(text, "Will Hale", "person") == [("Will Hale", "person")]


def test_possessives_brackets_and_full_stops_go() -> None:
    assert cut("It was Anna Berg's idea.", "Anna Berg's", "person") == [("Anna Berg", "person")]
    assert cut("They met Tom Arlo (Canada) there.", "Tom Arlo (Canada", "person") == [("Tom Arlo", "person")]
    assert cut("He moved to Velmar.", "Velmar.", "place") == [("Velmar", "place")]
    assert cut("It is run by Arlo Inc.", "Arlo Inc.", "organization") == [("Arlo Inc.", "organization")]


def test_a_trailing_lower_case_word_goes_unless_it_names_the_institution() -> None:
    assert cut("at the Kosevo stadium", "Kosevo stadium", "place") == [("Kosevo", "place")]
    assert cut("the Velmar party won", "Velmar party") == [("Velmar party", "organization")]


def test_a_name_the_model_stopped_early_loses_its_connector() -> None:
    text = "Patrick Ewart of Dunmore was born"
    assert cut(text, "Patrick Ewart of", "person") == [("Patrick Ewart", "person")]


def test_scores_split_names_and_plain_numbers_stay_in_organisations() -> None:
    assert cut("Kessel 108-3 declared", "Kessel 108-3") == [("Kessel", "organization")]
    assert cut("Norwood 5 Brampton 1", "Norwood 5 Brampton 1") == [
        ("Norwood", "organization"), ("Brampton", "organization")]
    assert cut("She works for Channel 4 now.", "Channel 4") == [("Channel 4", "organization")]
    assert cut("the 2019 Norwood Marathon", "2019 Norwood Marathon", "other") == [("Norwood Marathon", "other")]
    assert cut("Mira Sandholm 63 not out", "Mira Sandholm 63", "person") == [("Mira Sandholm", "person")]


def test_spans_across_lines_and_spaced_dashes_keep_their_last_part() -> None:
    text = "CRICKET - Anna Berg scored"
    assert cut(text, "CRICKET - Anna Berg", "person") == [("Anna Berg", "person")]


def test_nothing_is_left_of_a_span_without_a_capital_or_with_only_a_title() -> None:
    assert cut("the corpora were large", "corpora", "person") == []
    assert cut("in the Tsar's service", "Tsar", "place") == []


def test_results_tables_are_lines_of_numbers() -> None:
    text = "Norwood 71 64 .526 10\nNorwood won 3 of 40 games this year, the club said."
    assert is_table_line(text, 0)
    assert not is_table_line(text, text.index("won"))


def test_titles_are_cut_from_people_only() -> None:
    text = "Major League Hurling hired Major Ed Varga"
    assert text[slice(*trim(text, 0, len("Major League Hurling")))] == "Major League Hurling"
    start = text.index("Major Ed")
    assert text[slice(*trim(text, start, len(text), "person"))] == "Ed Varga"
