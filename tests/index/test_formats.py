"""Parsing files into articles: titles, front matter, encodings, refusals."""

from __future__ import annotations

from datetime import date

import pytest

from index.formats import UnreadableFile, derive_title, parse


def test_txt_short_first_line_before_blank_line_is_the_title() -> None:
    parsed = parse("a.txt", b"Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant...\n")
    assert parsed.title == "Ad sales boost Time Warner profit"
    assert parsed.text.startswith("Quarterly profits")


def test_txt_without_title_line_derives_one_from_the_first_sentence() -> None:
    body = ("The geopolitical dynamics of the conflict have shifted. Approximately 10,000 soldiers "
            "have been sent.\nMore text.")
    parsed = parse("a.txt", body.encode())
    assert parsed.title == "The geopolitical dynamics of the conflict have shifted"
    assert parsed.text == body


def test_long_first_sentence_is_cut_at_a_word() -> None:
    title = derive_title("word " * 60)
    assert title.endswith("…") and len(title) <= 92 and " wor…" not in title


def test_markdown_front_matter_fields() -> None:
    data = (b"---\ntitle: \"North Korea puts military in 'quasi-state of war'\"\ndate: 2015-08-21\n"
            b"source: Wikinews\nurl: https://example.org/a\nauthors: [A. Writer, B. Writer]\n---\n\nBody.\n")
    parsed = parse("k.md", data)
    assert parsed.title == "North Korea puts military in 'quasi-state of war'"
    assert parsed.date == date(2015, 8, 21)
    assert (parsed.source, parsed.url, parsed.authors) == ("Wikinews", "https://example.org/a",
                                                           ("A. Writer", "B. Writer"))
    assert parsed.text == "Body." and parsed.format == "markdown"


def test_markdown_heading_is_the_title_without_front_matter() -> None:
    parsed = parse("x.md", b"# A headline\n\nThe body.\n", "folder")
    assert (parsed.title, parsed.text, parsed.source) == ("A headline", "The body.", "folder")


def test_non_utf8_text_falls_back_without_crashing() -> None:
    parsed = parse("bbc.txt", "Price\n\nIt cost \u00a3600m, said the caf\u00e9.".encode("cp1252"))
    assert "£600m" in parsed.text and "café" in parsed.text


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("notes.pdf", b"%PDF-1.4", "unsupported file type '.pdf'"),
    ("empty.txt", b"  \n\n", "empty file"),
    ("bad.md", b"---\ntitle: [unclosed\n---\nbody\n", "malformed YAML front matter"),
    ("bad-date.md", b"---\ndate: next tuesday\n---\nbody\n", "not an ISO date"),
])
def test_unreadable_files_have_a_one_line_reason(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableFile) as err:
        parse(name, data)
    assert reason in str(err.value) and "\n" not in str(err.value)
