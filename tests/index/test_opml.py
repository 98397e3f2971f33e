"""OPML: a real subscription list imports whole with its folders; ours round-trips; broken lists."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from index.opml import OpmlError, OpmlFeed, read_opml, write_opml

SUBS = Path(__file__).resolve().parent.parent / "fixtures" / "feeds" / "opml" / "Subs.opml"


def test_a_real_list_imports_all_207_feeds_with_their_folders() -> None:
    opml = read_opml(SUBS.read_bytes())
    assert opml.title == "Subs" and len(opml.feeds) == 207
    assert opml.groups == ("Programming", "Macintosh", "Weblogs", "Writers")
    assert Counter(f.group for f in opml.feeds) == {"": 69, "Programming": 33, "Macintosh": 5, "Weblogs": 97,
                                                     "Writers": 3}
    first = opml.feeds[0]
    assert (first.url, first.title, first.site_url) == ("http://daringfireball.net/feeds/main", "Daring Fireball",
                                                        "http://daringfireball.net/")
    assert any(f.title == "chat & code" for f in opml.feeds)


def test_what_we_write_reads_back_the_same() -> None:
    feeds = read_opml(SUBS.read_bytes()).feeds + (OpmlFeed("https://x.example/feed", "Deep <one> & \"quoted\"",
                                                           "News / World / Asia"),)
    again = read_opml(write_opml(feeds, title="mine"))
    assert again.feeds == feeds and again.title == "mine"


def test_nested_folders_case_and_a_feed_listed_twice() -> None:
    data = b"""<?xml version="1.0"?><opml version="2.0"><head><title>T</title></head><body>
      <outline text="News"><outline title="World"><outline type="rss" text="A" XMLURL="https://a.example/rss"/>
      </outline><outline text="B" xmlurl="https://b.example/atom" htmlurl="https://b.example/"/></outline>
      <outline text="Again" xmlUrl="https://a.example/rss"/><outline text="Empty folder"/></body></opml>"""
    opml = read_opml(data)
    assert [(f.title, f.group) for f in opml.feeds] == [("A", "News / World"), ("B", "News")]
    assert opml.duplicates == 1


def test_hand_edited_lists_with_bare_ampersands_and_html_entities_are_repaired() -> None:
    data = b"""<opml version="1.0"><body><outline text="Arts & Letters"><outline text="Caf&eacute;&nbsp;News"
      xmlUrl="https://c.example/feed?a=1&b=2"/></outline></body></opml>"""
    (feed,) = read_opml(data).feeds
    assert (feed.title, feed.group, feed.url) == ("Café News", "Arts & Letters", "https://c.example/feed?a=1&b=2")


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty file"),
    (b"<rss version='2.0'><channel/></rss>", "not an OPML file (its root element is <rss>)"),
    (b"<opml><body><outline text='x'></body>", "malformed OPML at line 1"),
    (b"\x1f\x8b\x08\x00junk", "gzip-compressed data, not an OPML file"),
])
def test_what_is_not_opml_says_so(data: bytes, message: str) -> None:
    with pytest.raises(OpmlError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_opml(data)


def test_entity_tricks_are_inert(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    data = (f'<!DOCTYPE opml [<!ENTITY l0 "lol">{laughs}<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
            '<opml><body><outline text="&l9;&s;" xmlUrl="https://x.example/"/></body></opml>').encode()
    started = time.monotonic()
    try:
        feeds = read_opml(data).feeds
        assert all("TOP-SECRET" not in f.title and len(f.title) < 1000 for f in feeds)
    except OpmlError:
        pass
    assert time.monotonic() - started < 2
