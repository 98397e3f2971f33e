"""Web pages: the article without the page around it, its metadata, decoding, and pages with no article."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from index.decoding import decode
from index.htmltext import html_to_text, inline_text
from index.pages import PageError, extract_page

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


def shingle_f1(true: str, pred: str) -> float:
    """The benchmark's measure for one page: F1 over multisets of 4-word shingles."""
    def shingles(text: str) -> Counter[tuple[str, ...]]:
        tokens = re.findall(r"\w+", text)
        return Counter(tuple(tokens[i:i + 4]) for i in range(max(1, len(tokens) - 3)))
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    precision, recall = tp / max(1, sum(p.values())), tp / max(1, sum(t.values()))
    return 2 * precision * recall / (precision + recall) if tp else 0.0


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_the_article_text_is_what_a_person_marked_as_the_article(key: str) -> None:
    page = extract_page(gzip.decompress((FIXTURES / f"{key}.html.gz").read_bytes()), EXPECTED[key]["url"])
    assert shingle_f1(EXPECTED[key]["articleBody"], page.text) > 0.95
    assert page.title and page.date and page.authors and page.site_name
    assert page.url == EXPECTED[key]["url"]
    assert "\n\n" in page.text and "<" not in page.text


def test_metadata_comes_from_the_page() -> None:
    key = next(k for k in EXPECTED if k.startswith("57e2e988"))
    page = extract_page(gzip.decompress((FIXTURES / f"{key}.html.gz").read_bytes()))
    assert page.title == ("Native Ad Platform my6sense Names Mobile Marketing Pioneer Ivan Braiker "
                          "Chief Strategy Officer")  # " | my6sense" is the site's name, not the title's
    assert (page.site_name, page.authors, str(page.date)) == ("My6Sense", ("Yoav Schumacher",), "2018-07-02")
    assert page.url == EXPECTED[key]["url"]  # the canonical URL, though none was given
    assert not page.text.startswith(page.title)


ARTICLE = """<!doctype html><html><head>{meta}<title>Élections à Québec - Le Journal</title>
<link rel="canonical" href="https://journal.example/elections?utm_source=twitter">
<meta property="og:site_name" content="Le Journal"><meta name="author" content="Émile Zola">
<meta property="article:published_time" content="2019-11-20T08:00:00-05:00"></head>
<body><nav><a href="/">Accueil</a> <a href="/monde">Monde</a> <a href="/sport">Sport</a></nav>
<article><h1>Élections à Québec</h1>
<p>Les électeurs québécois se sont rendus aux urnes lundi pour élire un nouveau gouvernement, après une
campagne marquée par des débats sur l'économie, la santé et l'éducation.</p>
<p>Selon les premiers résultats, la participation a été plus élevée qu'en 2014, surtout chez les jeunes
électeurs des grandes villes, qui ont été nombreux à se déplacer dès l'ouverture des bureaux de vote.</p>
<p>Le dépouillement s'est poursuivi tard dans la nuit et les résultats définitifs seront connus mardi
matin, a précisé le directeur général des élections dans un communiqué publié en soirée.</p>
</article><aside><h2>À lire aussi</h2><ul><li><a href="/a">Un autre article</a></li></ul></aside>
<footer>© Le Journal. Tous droits réservés. <a href="/contact">Contact</a></footer></body></html>"""


@pytest.mark.parametrize(("meta", "encoding", "http"), [
    ('<meta charset="windows-1252">', "cp1252", None),
    ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', "latin-1", None),
    ('<meta charset="utf-8">', "latin-1", None),                   # the page lies
    ("", "latin-1", None),                                         # the page says nothing
    ('<meta charset="utf-8">', "latin-1", "ISO-8859-1"),           # the server knows better
    ('<meta charset="iso-8859-1">', "utf-8", None),                # a template's old declaration
    ('<meta charset="utf-8">', "utf-8-sig", None),                 # a byte-order mark
    ("", "utf-16", None),
])
def test_pages_are_decoded_right_whatever_they_declare(meta: str, encoding: str, http: str | None) -> None:
    page = extract_page(ARTICLE.format(meta=meta).encode(encoding), "https://journal.example/x", http)
    assert page.title == "Élections à Québec"
    assert page.text.startswith("Les électeurs québécois se sont rendus aux urnes")
    assert "Accueil" not in page.text and "Tous droits" not in page.text and "lire aussi" not in page.text
    assert page.authors == ("Émile Zola",) and page.site_name == "Le Journal"
    assert page.url == "https://journal.example/elections" and str(page.date) == "2019-11-20"


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty file"),
    (b"\x89PNG\r\n\x1a\n\0\0", "a PNG image, not a web page"),
    (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text found"),
])
def test_pages_without_an_article_say_so(data: bytes, message: str) -> None:
    with pytest.raises(PageError, match=re.escape(message)):
        extract_page(data)


def test_fragments_become_paragraphs_of_text() -> None:
    fragment = ("<div><p>First &amp; <b>bold</b>\n paragraph.</p><script>alert(1)</script>"
                "<ul><li>one</li><li>two</li></ul><p>Line<br>break</p><style>p{}</style>"
                "<img src=x alt=picture><pre>code  line 1\ncode line 2</pre>tail &eacute;</div>")
    assert html_to_text(fragment) == ("First & bold paragraph.\n\none\n\ntwo\n\nLine\n\nbreak\n\n"
                                      "code line 1\n\ncode line 2\n\ntail é")
    assert html_to_text("Plain &lt;text&gt;  with\n\n\nparagraphs") == "Plain <text> with\n\nparagraphs"
    assert inline_text("<b>Breaking:</b>\n  news &amp; views") == "Breaking: news & views"
    assert html_to_text("") == "" and html_to_text("<p></p>") == ""


def test_decode_reports_how_it_decided() -> None:
    assert decode("é".encode("utf-16"), None).how == "bom"
    assert decode(b"caf\xe9", "iso-8859-1").how == "http"
    assert decode("café".encode(), "iso-8859-1").how == "utf-8"  # valid UTF-8 beats a one-byte claim
    assert decode(b'<?xml version="1.0" encoding="koi8-r"?><a>\xf0\xd2\xc9</a>').text.endswith("<a>При</a>")
