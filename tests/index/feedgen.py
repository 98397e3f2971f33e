"""Small made-up feeds and pages for tests: the same items as RSS 2.0, Atom 1.0 and JSON Feed.

Everything here is written for the tests (no outside data). Item texts name people
and places so the entity model has something to find.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

SITE = "https://news.example"


@dataclass(frozen=True)
class Item:
    """One news item: its slug makes its link, its words its text."""

    slug: str
    title: str
    text: str
    date: str = "2024-05-01T10:00:00Z"

    def link(self, site: str = SITE, tracking: bool = False) -> str:
        extra = "?utm_source=feed&utm_medium=rss" if tracking else ""
        return f"{site}/{self.slug}{extra}"


def items(count: int, prefix: str = "story", start: int = 0) -> list[Item]:
    """Distinct items with a few sentences each."""
    places = ["Lisbon", "Oslo", "Nairobi", "Lima", "Hanoi", "Quebec", "Tbilisi", "Accra"]
    people = ["Maria Silva", "Jonas Berg", "Amina Njeri", "Carlos Rojas", "Linh Tran", "Anne Roy"]
    out = []
    for n in range(start, start + count):
        place, person = places[n % len(places)], people[n % len(people)]
        out.append(Item(f"{prefix}-{n}", f"{prefix.title()} {n}: council meets in {place}",
                        f"{person} told reporters in {place} that the council would meet again on Friday. "
                        f"The meeting, number {n}, discussed {prefix} budgets and the port of {place}."))
    return out


def rss(items: list[Item], title: str = "Example News", site: str = SITE, tracking: bool = False,
        summary_only: bool = False) -> bytes:
    """An RSS 2.0 feed: guids are numbers (as many sites do), content in content:encoded."""
    entries = []
    for n, item in enumerate(items):
        body = f"<p>{escape(item.text)}</p>"
        content = "" if summary_only else f"<content:encoded><![CDATA[{body}]]></content:encoded>"
        entries.append(f"<item><title>{escape(item.title)}</title><link>{escape(item.link(site, tracking))}</link>"
                       f"<guid isPermaLink=\"false\">{1000 + n}</guid><pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate>"
                       f"<description>{escape(item.text.split('. ')[0])}.</description>{content}</item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>{escape(title)}</title>'
            f"<link>{site}/</link>{''.join(entries)}</channel></rss>").encode()


def atom(items: list[Item], title: str = "Example News", site: str = SITE) -> bytes:
    """An Atom 1.0 feed: ids are tag URIs, full HTML content."""
    entries = "".join(
        f"<entry><title>{escape(i.title)}</title><link rel=\"alternate\" href=\"{escape(i.link(site))}\"/>"
        f"<id>tag:news.example,2024:{i.slug}</id><updated>{i.date}</updated>"
        f"<content type=\"html\">{escape('<p>' + i.text + '</p>')}</content></entry>" for i in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{escape(title)}</title><link href=\"{site}/\"/><id>{site}/</id>"
            f"<updated>2024-05-01T10:00:00Z</updated>{entries}</feed>").encode()


def json_feed(items: list[Item], title: str = "Example News", site: str = SITE) -> bytes:
    """A JSON Feed 1.1."""
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": title, "home_page_url": site + "/",
                       "items": [{"id": f"{site}/{i.slug}", "url": i.link(site), "title": i.title,
                                  "content_html": f"<p>{escape(i.text)}</p>", "date_published": i.date}
                                 for i in items]}).encode()


def page(title: str, text: str, url: str = "", site_name: str = "Example News", author: str = "",
         date: str = "2024-05-02", feed_href: str = "") -> bytes:
    """A news article page with navigation and the metadata a real one carries."""
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
    meta = [f'<meta property="og:title" content="{escape(title)}">',
            f'<meta property="og:site_name" content="{escape(site_name)}">',
            f'<meta property="article:published_time" content="{date}">']
    if url:
        meta.append(f'<link rel="canonical" href="{escape(url)}">')
    if author:
        meta.append(f'<meta name="author" content="{escape(author)}">')
    if feed_href:
        meta.append(f'<link rel="alternate" type="application/rss+xml" title="Example News" href="{feed_href}">')
    return (f"<!doctype html><html><head><title>{escape(title)} | {escape(site_name)}</title>{''.join(meta)}</head>"
            f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
            f"<article><h1>{escape(title)}</h1>{paragraphs}</article>"
            f"<footer>Copyright Example News. All rights reserved.</footer></body></html>").encode()


def long_text(item: Item, paragraphs: int = 4) -> str:
    """An article-length text for an item's page."""
    return "\n\n".join(f"{item.text} Paragraph {n} adds that the talks in the capital went on late into the night, "
                       f"and that observers expect a decision within weeks." for n in range(paragraphs))
