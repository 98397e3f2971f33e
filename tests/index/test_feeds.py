"""Feeds: every real fixture's true item count, formats by content, broken and hostile input, encodings,
identity of items that arrive twice, dates, and the feeds a page links to."""

from __future__ import annotations

import gzip
import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from index.discovery import find_feed_links
from index.feeds import FeedError, NotAFeed, parse_feed, sniff

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"


def fixture(name: str) -> bytes:
    path = FIXTURES / name
    return gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()


@pytest.mark.parametrize(("name", "count", "fmt", "title"), [
    ("rss/guardian.rss.gz", 55, "rss", "The Guardian"),
    ("rss/livemint.xml", 25, "rss", "Livemint - News"),
    ("rss/encoding.rss", 40, "rss", "Jornal de Notícias - Últimas Notícias"),
    ("atom/RSS-Verge.xml", 10, "atom", "The Verge"),
    ("atom/heise.atom", 15, "atom", "heise developer neueste Meldungen"),
    ("jsonfeed/pxlnv.json", 20, "json", "Pixel Envy"),
])
def test_every_real_feed_gives_its_true_item_count(name: str, count: int, fmt: str, title: str) -> None:
    feed = parse_feed(fixture(name))
    assert (len(feed.items), feed.format, feed.title, feed.problem) == (count, fmt, title, "")
    assert len({item.id for item in feed.items}) == count  # no two items share an identity
    assert all(item.title and item.published for item in feed.items)
    assert not any(tag in item.text for item in feed.items for tag in ("</p>", "<a ", "<img", "<br"))  # text


def test_the_two_broken_feeds_give_a_clear_line() -> None:
    with pytest.raises(FeedError, match=r"^malformed feed \(the document ends before it is complete, line \d+\); "
                                        r"no items could be salvaged$"):
        parse_feed(fixture("malformed/rss_2.0_invalid_1.xml"))
    with pytest.raises(NotAFeed, match="^an HTML page, not a feed$") as error:
        parse_feed(fixture("malformed/unrecognized.rss"))
    assert error.value.kind == "html"


def test_a_cut_off_feed_keeps_the_items_that_parse_and_says_so() -> None:
    data = fixture("rss/guardian.rss.gz")
    feed = parse_feed(data[: len(data) // 2])
    assert 10 < len(feed.items) < 55
    assert feed.malformed and feed.problem.endswith(f"salvaged {len(feed.items)} items")
    assert feed.items[0].title == parse_feed(data).items[0].title


@pytest.mark.parametrize(("data", "message", "kind"), [
    (b"", "empty file, not a feed", "empty"),
    (b"  \n\t ", "empty file, not a feed", "empty"),
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "a PNG image, not a feed", "binary"),
    (gzip.compress(b"<rss/>"), "gzip-compressed data, not a feed", "binary"),
    (b"\x00\x01\x02\x03binary\x00junk", "binary data, not a feed", "binary"),
    (b"<!DOCTYPE html><html><body><p>Hi</p></body></html>", "an HTML page, not a feed", "html"),
    (b"Just some words.", "plain text, not a feed (no XML or JSON found)", "text"),
    (b'{"name": "not a feed"}', "JSON, but not a JSON Feed (no jsonfeed.org version and items)", "json"),
    (b"<?xml version='1.0'?><urlset><url/></urlset>", "an XML document whose root is <urlset>, not a feed", "xml"),
])
def test_things_that_are_not_feeds_say_what_they_are(data: bytes, message: str, kind: str) -> None:
    with pytest.raises(NotAFeed) as error:
        parse_feed(data)
    assert (str(error.value), error.value.kind) == (message, kind)


def test_an_opml_file_is_not_a_feed() -> None:
    with pytest.raises(NotAFeed, match="OPML subscription list"):
        parse_feed(fixture("opml/Subs.opml"))
    assert sniff(fixture("opml/Subs.opml")) == "opml"
    assert [sniff(fixture(n)) for n in ("atom/heise.atom", "jsonfeed/pxlnv.json", "malformed/unrecognized.rss")] \
        == ["feed", "feed", "html"]


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>&g;</title><guid>1</guid><description>&g;&g;&g;</description></item></channel></rss>"""


def test_billion_laughs_is_inert_and_quick() -> None:
    started = time.monotonic()
    try:
        feed = parse_feed(LAUGHS)
        assert all(len(item.title) + len(item.text) < 1000 for item in feed.items)
    except FeedError:
        pass  # refusing is fine too
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE rss [ <!ENTITY secret SYSTEM "{url}"> ]>',
    '<!DOCTYPE rss [ <!ENTITY % remote SYSTEM "{url}"> %remote; ]>',
    '<!DOCTYPE rss SYSTEM "{url}">',
])
def test_external_entities_never_read_a_file(tmp_path: Path, doctype: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    data = (f'<?xml version="1.0"?>\n{doctype.format(url=secret.as_uri())}\n<rss version="2.0"><channel>'
            "<title>t &secret;</title><item><title>x &secret; y</title><guid>1</guid>"
            "<description>&secret;</description></item></channel></rss>").encode()
    started = time.monotonic()
    try:
        feed = parse_feed(data)
    except FeedError:
        return
    assert time.monotonic() - started < 2
    seen = feed.title + "".join(item.title + item.text for item in feed.items)
    assert "TOP-SECRET" not in seen


def test_a_json_feed_nested_without_end_is_refused() -> None:
    data = b'{"version": "https://jsonfeed.org/version/1.1", "items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(FeedError, match="nested too deeply"):
        parse_feed(data)


RSS_TEMPLATE = ('<?xml version="1.0" encoding="{declared}"?><rss version="2.0"><channel><title>Notícias</title>'
                "<item><title>Ação é já</title><guid>a1</guid><description>Coração</description></item>"
                "</channel></rss>")


@pytest.mark.parametrize(("encoding", "declared", "http"), [
    ("latin-1", "ISO-8859-1", None),       # declared and used
    ("latin-1", "UTF-8", None),            # declared wrong
    ("utf-8", "ISO-8859-1", None),         # declared wrong the other way
    ("latin-1", "UTF-8", "iso-8859-1"),    # the server knows better than the file
    ("utf-8", "UTF-8", "iso-8859-1"),      # the server is wrong
    ("cp1252", "windows-1252", None),
    ("utf-16", "UTF-16", None),            # with a BOM
    ("utf-16-be", "UTF-16", None),         # without a BOM
    ("utf-16-le", "UTF-16", None),
])
def test_encodings_are_decoded_right(encoding: str, declared: str, http: str | None) -> None:
    feed = parse_feed(RSS_TEMPLATE.format(declared=declared).encode(encoding), http_charset=http)
    assert feed.title == "Notícias"
    assert (feed.items[0].title, feed.items[0].text) == ("Ação é já", "Coração")


def test_a_latin1_feed_without_any_declaration_is_detected() -> None:
    data = RSS_TEMPLATE.replace(' encoding="{declared}"', "").encode("latin-1")
    assert parse_feed(data).items[0].title == "Ação é já"
    assert parse_feed(fixture("rss/encoding.rss")).items[0].title == "Mãe de utente é a nova presidente da Raríssimas"


def test_junk_before_the_feed_is_skipped() -> None:
    junk = b"<br />\n<b>Warning</b>: Cannot modify header information in /var/www/feed.php<br />\n"
    assert len(parse_feed(junk + fixture("rss/livemint.xml")).items) == 25


def _rss(items: str, link: str = "https://example.org/") -> bytes:
    return (f'<rss version="2.0"><channel><title>Example</title><link>{link}</link>{items}'
            "</channel></rss>").encode()


def _atom(entries: str) -> bytes:
    return ('<feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title>'
            f'<link href="https://example.org/"/><id>urn:x</id><updated>2024-01-01T00:00:00Z</updated>{entries}'
            "</feed>").encode()


def test_the_same_item_gets_the_same_key_across_fetches_formats_and_tracking_parameters() -> None:
    rss = _rss("<item><title>Budget passes</title><link>http://example.org/news/budget?utm_source=rss"
               "&amp;utm_medium=feed</link><guid isPermaLink='false'>post-17</guid>"
               "<description>The budget passed.</description></item>")
    atom = _atom("<entry><title>Budget passes</title><id>tag:example.org,2024:17</id>"
                 "<link href='https://www.example.org/news/budget/?fbclid=abc#comments'/>"
                 "<updated>2024-01-01T10:00:00Z</updated><content type='html'>&lt;p&gt;The budget passed."
                 "&lt;/p&gt;</content></entry>")
    first, again, other = parse_feed(rss).items[0], parse_feed(rss).items[0], parse_feed(atom).items[0]
    assert first == again
    assert first.key == other.key == "url:example.org/news/budget" and first.id == other.id
    assert first.keys == ("url:example.org/news/budget", "guid:example.org:post-17")
    assert other.keys == ("url:example.org/news/budget", "guid:example.org:tag:example.org,2024:17")
    assert first.url == "http://example.org/news/budget"  # trackers never stored
    assert other.url == "https://www.example.org/news/budget/"


def test_items_without_guid_or_link_are_identified_by_their_content() -> None:
    feed = _rss("<item><title>One</title><description>First text.</description></item>"
                "<item><title>Two</title><description>Second text.</description></item>")
    first, second = parse_feed(feed).items
    assert first.key.startswith("hash:") and first.key != second.key
    assert parse_feed(feed).items[0].id == first.id


def test_a_link_shared_by_every_item_identifies_nothing() -> None:
    feed = _rss("<item><title>One</title><link>https://example.org/</link><description>a</description></item>"
                "<item><title>Two</title><link>https://example.org/live</link><description>b</description></item>"
                "<item><title>Three</title><link>https://example.org/live</link><description>c</description></item>")
    items = parse_feed(feed).items
    assert [i.key.split(":")[0] for i in items] == ["hash", "hash", "hash"]
    assert len({i.id for i in items}) == 3


def test_guids_are_scoped_by_site_so_two_feeds_numbering_from_one_do_not_collide() -> None:
    a = parse_feed(_rss("<item><title>A</title><guid isPermaLink='false'>1</guid></item>", "https://a.example/"))
    b = parse_feed(_rss("<item><title>B</title><guid isPermaLink='false'>1</guid></item>", "https://b.example/"))
    assert a.items[0].id != b.items[0].id


def test_full_content_is_preferred_and_html_becomes_text() -> None:
    verge = parse_feed(fixture("atom/RSS-Verge.xml")).items[0]
    assert verge.full_content and len(verge.text) > 2000 and "\n\n" in verge.text
    assert verge.authors == ("Tina Nguyen",) and verge.url.startswith("https://www.theverge.com/politics/")
    guardian = parse_feed(fixture("rss/guardian.rss.gz")).items[0]
    assert not guardian.full_content and guardian.authors == ("David Smith in Washington",)
    assert guardian.text.startswith("The president’s ‘new American moment’ speech")
    pxlnv = parse_feed(fixture("jsonfeed/pxlnv.json")).items[0]
    assert pxlnv.full_content and pxlnv.text.startswith("Eric Newcomer, Bloomberg:\n\nAdjusted net revenue")
    assert pxlnv.authors == ("Nick Heer",)


def test_other_rss_versions_and_json_feed_1_1() -> None:
    rss091 = b"""<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
      "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>Old</title>
      <link>http://old.example/</link><item><title>Hello</title><link>/hello</link></item></channel></rss>"""
    rdf = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
      xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="http://r.example/"><title>RDF</title>
      <link>http://r.example/</link></channel><item rdf:about="http://r.example/1"><title>One</title>
      <link>http://r.example/1</link><dc:date>2019-05-29T10:16:00+02:00</dc:date><dc:creator>Ann</dc:creator>
      </item></rdf:RDF>"""
    json11 = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J", "home_page_url":
                         "https://j.example/", "authors": [{"name": "Feed Author"}], "items": [
                             {"id": 7, "url": "/posts/7", "content_text": "Para one.\n\nPara two.",
                              "date_published": "2024-02-03T04:05:06-05:00", "tags": ["x"]},
                             "not an item"]}).encode()
    old = parse_feed(rss091, "http://old.example/rss.xml")
    assert old.version.startswith("rss091") and old.items[0].url == "http://old.example/hello"
    r = parse_feed(rdf).items[0]
    assert (r.title, r.authors, r.published) == ("One", ("Ann",), datetime.fromisoformat("2019-05-29T10:16:00+02:00"))
    j = parse_feed(json11, "https://j.example/feed.json")
    item = j.items[0]
    assert (j.version, item.url, item.text, item.authors) == (
        "json11", "https://j.example/posts/7", "Para one.\n\nPara two.", ("Feed Author",))
    assert item.title == "Para one" and item.keys == ("url:j.example/posts/7", "guid:j.example:7")
    assert item.categories == ("x",)
    assert item.date is not None and item.date.isoformat() == "2024-02-03"
    assert j.problem == "malformed JSON Feed (1 items are not objects); salvaged 1 items"


@pytest.mark.parametrize(("written", "language", "expected"), [
    ("Wed, 29 May 2019 10:16:00 GMT", "", "2019-05-29T10:16:00+00:00"),
    ("2019-05-29T10:16:00+02:00", "", "2019-05-29T10:16:00+02:00"),
    ("2019-05-29 10:16:00", "", "2019-05-29T10:16:00+00:00"),
    ("Wed, 29 May 19 10:16:00 PDT", "", "2019-05-29T10:16:00-07:00"),
    ("Mi, 29 Mai 2019 10:16:00 +0200", "de", "2019-05-29T08:16:00+00:00"),
    ("mer., 29 mai 2019 10:16:00 +0200", "fr-FR", "2019-05-29T08:16:00+00:00"),
    ("29 de maio de 2019 10:16", "pt", "2019-05-29T10:16:00+00:00"),
    ("Wednesday, May 29, 2019 - 10:16", "", "2019-05-29T10:16:00+00:00"),
    ("29/05/2019", "", "2019-05-29T00:00:00+00:00"),
    ("05/06/2019", "", None),                   # May 6th or June 5th: unknown, not guessed
    ("Wed, 31 Feb 2019 10:16:00 GMT", "", None),
    ("Thu, 01 Jan 1970 00:00:00 GMT", "", None),  # an epoch zero from a broken CMS
    ("2031-01-01T00:00:00Z", "", None),          # the future
    ("2019年5月29日", "", None),                 # feedparser reads this as 1 November
    ("soon", "", None),
    ("", "", None),
])
def test_dates_are_parsed_when_they_can_be_and_never_wrong(written: str, language: str,
                                                           expected: str | None) -> None:
    from index.dates import parse_date

    found = parse_date(written, language, now=datetime(2024, 6, 1, tzinfo=UTC))
    assert (found.isoformat() if found else None) == expected


def test_an_item_date_in_the_feed_language() -> None:
    feed = _rss("<item><title>X</title><guid>1</guid><pubDate>jeu., 30 mai 2019 08:00:00 +0200</pubDate></item>")
    item = parse_feed(feed.replace(b"<title>Example</title>", b"<title>E</title><language>fr</language>")).items[0]
    assert item.date is not None and item.date.isoformat() == "2019-05-30"


def test_a_page_lists_its_feeds_resolved_and_site_feeds_first() -> None:
    page = b"""<html><head><base href="/blog/">
      <link rel="alternate" type="application/rss+xml" title="Comments Feed" href="comments/feed/">
      <link rel="alternate" type="application/rss+xml" title="Blog" href="feed/?utm_source=x">
      <link rel="alternate" type="application/atom+xml" href="https://example.org/atom.xml">
      <link rel="alternate" type="application/feed+json" href="feed.json">
      <link rel="alternate" type="application/rss+xml" href="feed/">
      <link rel="stylesheet" href="style.css"><link rel="alternate" hreflang="de" href="/de/">
      </head><body></body></html>"""
    links = find_feed_links(page, "https://example.org/post/1")
    assert [(link.url, link.format) for link in links] == [
        ("https://example.org/blog/feed/", "rss"), ("https://example.org/atom.xml", "atom"),
        ("https://example.org/blog/feed.json", "json"), ("https://example.org/blog/comments/feed/", "rss")]
    assert links[0].title == "Blog"
    assert find_feed_links(b"<html><head></head></html>", "https://example.org/") == []


@pytest.mark.parametrize(("url", "clean", "key"), [
    ("HTTP://WWW.Example.COM:80/a/%7e/b?utm_source=rss&b=2&a=1&fbclid=x#comments",
     "http://www.example.com/a/~/b?b=2&a=1", "example.com/a/~/b?a=1&b=2"),
    ("https://example.com/caf%c3%a9/%e9?q=a+b&UTM_Medium=x&gclid=1&mc_eid=2",
     "https://example.com/caf%C3%A9/%E9?q=a+b", "example.com/caf%C3%A9/%E9?q=a+b"),
    ("https://example.com/café", "https://example.com/caf%C3%A9", "example.com/caf%C3%A9"),
    ("https://example.com/a%2fb/?x=%3f", "https://example.com/a%2Fb/?x=%3F", "example.com/a%2Fb?x=%3F"),
    ("https://example.com", "https://example.com/", "example.com/"),
    ("https://example.com:8443/#!/route/7", "https://example.com:8443/#!/route/7", "example.com:8443/#!/route/7"),
    ("mailto:someone@example.com", "mailto:someone@example.com", "mailto:someone@example.com"),
])
def test_urls_are_cleaned_of_trackers_and_keyed_by_what_they_point_to(url: str, clean: str, key: str) -> None:
    from index.urls import normalize_url, url_key

    assert (normalize_url(url), url_key(url)) == (clean, key)
    assert url_key(clean) == key


def test_relative_urls_resolve_against_a_base() -> None:
    from index.urls import normalize_url

    assert normalize_url("../p?id=3&utm_campaign=x", "https://example.com/blog/feed/") == \
        "https://example.com/blog/p?id=3"


def test_common_slips_are_mended_without_calling_the_feed_broken() -> None:
    items = "".join(f"<item><title>T{i}&nbsp;&mdash; news</title><guid>{i}</guid>"
                    f"<description><![CDATA[a&nbsp;b]]> &copy; c\x0b d</description></item>" for i in range(3))
    feed = parse_feed(_rss(items))
    assert (len(feed.items), feed.problem) == (3, "")
    assert (feed.items[0].title, feed.items[0].text) == ("T0 — news", "a b © c d")


def test_a_json_feed_with_junk_after_it_is_salvaged_and_a_cut_one_is_refused() -> None:
    data = fixture("jsonfeed/pxlnv.json")
    feed = parse_feed(data + b"\n<!-- generated in 0.2 s -->")
    assert len(feed.items) == 20 and feed.problem.startswith("malformed JSON Feed (extra data after the feed")
    with pytest.raises(FeedError, match=r"^malformed JSON Feed \(unterminated string, line \d+\); no items"):
        parse_feed(data[:5000])
