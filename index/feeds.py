"""Feed bytes -> `Feed`: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed through `json`.

The format is decided by the content, never by the file name. Anything that is
not a feed (an HTML page, an empty or binary file, other XML or JSON) raises
`NotAFeed` with what it is instead, because feedparser itself reports those as
"no error, 0 entries". A broken feed keeps the items that parse and says how many
in `Feed.problem`; if none parse it raises `FeedError`.

Bytes are decoded by `decoding` (BOM, HTTP charset, XML declaration, UTF-8,
detection) and handed to feedparser re-encoded as UTF-8 with a matching
declaration, so a wrong declaration cannot garble the items; control characters
XML forbids are dropped and HTML entities (`&nbsp;`) made numeric, the two slips
that make most real feeds ill-formed. feedparser reads a
file object here, never a string: it takes a string for a URL or a file name.
Entity expansion is inert: feedparser drops the document type declaration
(internal entities included) before expat sees it, and expat never fetches
external entities; tests/index/test_feeds.py proves both against real attacks.
"""

from __future__ import annotations

import html.entities
import io
import re
from typing import Any

from .dates import parse_date
from .decoding import binary_kind, decode
from .feed_model import Feed, FeedError, FeedFormat, FeedItem, NotAFeed, RawItem, finish_items, names
from .htmltext import html_to_text, inline_text, tidy
from .jsonfeed import parse_json_feed
from .urls import absolute, normalize_url

__all__ = ["Feed", "FeedError", "FeedItem", "NotAFeed", "parse_feed", "sniff"]

#: Feeds larger than this are refused (a 40 MB feed takes feedparser 3.3 s and 221 MB).
MAX_FEED_BYTES = 32 * 1024 * 1024

_PROLOG = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)", re.S | re.I)
_ROOT = re.compile(r"\s*<([A-Za-z_][\w:.-]*)")
_FEED_START = re.compile(r"<(?:\?xml\b|rss\b|feed\b|rdf:RDF\b)", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_FEED_ROOTS = {"rss", "feed", "rdf", "channel"}
_HTML_ROOTS = {"html", "head", "body", "div", "p", "a", "title", "meta", "script", "table", "h1"}
_MESSAGES = {
    "no element found": "the document ends before it is complete",
    "not well-formed (invalid token)": "invalid characters or markup",
    "junk after document element": "extra data after the end of the feed",
    "undefined entity": "an undefined entity such as &nbsp;",
    "mismatched tag": "a tag closed in the wrong place",
    "unbound prefix": "an undeclared XML namespace",
}


def sniff(data: bytes) -> str:
    """What some bytes are, by content: "feed", "json", "html", "opml", "xml", "text", "empty" or "binary"."""
    if binary_kind(data):
        return "binary"
    return _classify(decode(data[:65536]).text.lstrip("\ufeff \t\r\n"))[0]


def parse_feed(data: bytes, url: str = "", http_charset: str | None = None) -> Feed:
    """Read a feed.

    Args:
        data: the feed as served or saved.
        url: where it came from; relative links are resolved against it.
        http_charset: the `charset` of the HTTP Content-Type, if it was fetched.

    Raises:
        NotAFeed: for input that is not a feed (the message says what it is).
        FeedError: for a feed too large, or so broken that no item could be read.
    """
    if len(data) > MAX_FEED_BYTES:
        raise FeedError(f"feed is larger than {MAX_FEED_BYTES // 1024 // 1024} MB")
    kind = binary_kind(data)
    if kind:
        raise NotAFeed(f"{kind}, not a feed", "binary")
    text = decode(data, http_charset).text.lstrip("\ufeff \t\r\n")
    if text[:1] in ("{", "["):
        return parse_json_feed(text, url)  # it knows JSON Feed's lenient forms
    what, root, start = _classify(text)
    if what == "feed":
        return _parse_xml(text[start:], url)
    raise NotAFeed(_NOT_A_FEED[what].format(root=root), what)


_NOT_A_FEED = {
    "empty": "empty file, not a feed",
    "json": "JSON, but not a JSON Feed (no jsonfeed.org version and items)",
    "html": "an HTML page, not a feed",
    "opml": "an OPML subscription list, not a feed (import it as a list of subscriptions)",
    "xml": "an XML document whose root is <{root}>, not a feed",
    "text": "plain text, not a feed (no XML or JSON found)",
}


def _classify(text: str) -> tuple[str, str | None, int]:
    """(what the decoded text is, its root element, where the document starts)."""
    if not text:
        return "empty", None, 0
    if text[0] in "{[":
        return ("feed" if "jsonfeed.org/version" in text[:4096] else "json"), None, 0
    root, start = _root(text)
    local = root.split(":")[-1].lower() if root else ""
    if local in _FEED_ROOTS:
        return "feed", root, start
    if local in _HTML_ROOTS or text[:15].lower().startswith("<!doctype html"):
        return "html", root, start
    if local == "opml":
        return "opml", root, start
    return ("xml" if root else "text"), root, start


def _root(text: str) -> tuple[str | None, int]:
    """The root element's name and where the document starts.

    Servers sometimes print junk (a PHP warning) before the feed: if the first element is
    not a feed's, a feed start later in the first few KB wins.
    """
    head = text[:65536]
    first: tuple[str | None, int] = (None, 0)
    for start in (0, *(m.start() for m in _FEED_START.finditer(head[:4096]))):
        pos = start
        while (match := _PROLOG.match(head, pos)) and match.end() > pos:
            pos = match.end()
        found = _ROOT.match(head, pos)
        if found is None:
            continue
        if found.group(1).split(":")[-1].lower() in _FEED_ROOTS:
            return found.group(1), start
        if first[0] is None:
            first = (found.group(1), start)
    return first


def _parse_xml(text: str, url: str) -> Feed:
    import feedparser

    # Our decoding wins: the declaration is rewritten to the UTF-8 we hand over.
    body = _XML_DECL.sub('<?xml version="1.0" encoding="utf-8"?>', _clean_xml(text), count=1).encode("utf-8")
    # No content-location: feedparser would resolve guids against it as if they were links.
    headers = {"content-type": "application/xml; charset=utf-8"}
    # Content becomes plain text, so feedparser need not clean it or resolve links inside it.
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers, sanitize_html=False,
                              resolve_relative_uris=False)
    problem = _problem(parsed)
    entries = parsed.get("entries", [])
    if problem and not entries:
        raise FeedError(f"malformed feed ({problem}); no items could be salvaged")
    info = parsed.get("feed", {})
    link = normalize_url(info.get("link", ""), url) if info.get("link") else ""
    language = info.get("language", "") or ""
    feed_authors = names(info.get("authors", [])) or names(info.get("author", ""))
    raws = [_raw_item(entry, url or link, language, feed_authors) for entry in entries]
    version = parsed.get("version", "") or ""
    return Feed(
        title=inline_text(info.get("title", "")), link=link, format=_format(version, text),
        version=version, items=finish_items(raws, link, url), url=_self_link(info, url), language=language,
        problem=f"malformed feed ({problem}); salvaged {len(entries)} item{'s' if len(entries) != 1 else ''}"
        if problem else "")


def _clean_xml(text: str) -> str:
    """Mend the two slips that make most real feeds ill-formed XML without losing anything:
    control characters XML forbids, and HTML entities (`&nbsp;`) XML does not define."""
    text = _ILLEGAL.sub("", text)
    return _ENTITY.sub(lambda m: f"&#{html.entities.name2codepoint[m.group(1)]};"
                       if m.group(1) in html.entities.name2codepoint and m.group(1) not in _XML_ENTITIES
                       else m.group(0), text)


def _problem(parsed: Any) -> str:
    """What made the document malformed, or "" (encoding overrides are not problems: we decoded it)."""
    if not parsed.get("bozo"):
        return ""
    exc = parsed.get("bozo_exception")
    if exc is None or type(exc).__name__.startswith(("CharacterEncoding", "NonXMLContentType")):
        return ""
    getter = getattr(exc, "getMessage", None)
    message = str(getter() if getter else exc).strip()
    line = getattr(exc, "getLineNumber", None)
    where = f", line {line()}" if line else ""
    return f"{_MESSAGES.get(message, message)}{where}"


def _raw_item(entry: Any, base: str, language: str, feed_authors: tuple[str, ...]) -> RawItem:
    content, is_html = _content(entry)
    summary = entry.get("summary", "") or ""
    text = (html_to_text(content) if is_html else tidy(content)) if content else ""
    full = bool(text)
    if not text:
        text = html_to_text(summary)
    link = entry.get("feedburner_origlink") or entry.get("link", "") or ""
    raw_date = entry.get("published") or entry.get("updated") or entry.get("created") or ""
    return RawItem(
        guid=(entry.get("id", "") or "").strip(),
        link=normalize_url(link, base) if link else "",
        title=inline_text(entry.get("title", "") or ""),
        text=text,
        full_content=full,
        published=parse_date(raw_date, entry.get("language", "") or language),
        authors=names(entry.get("authors", [])) or names(entry.get("author", "")) or feed_authors,
        categories=tuple(dict.fromkeys(t.get("term", "").strip() for t in entry.get("tags", [])
                                       if (t.get("term") or "").strip())),
    )


def _content(entry: Any) -> tuple[str, bool]:
    """The entry's full content (Atom content, RSS content:encoded), preferring HTML, and if it is HTML."""
    parts = [c for c in entry.get("content", []) if (c.get("value") or "").strip()]
    if not parts:
        return "", False
    parts.sort(key=lambda c: 0 if "html" in (c.get("type") or "") else 1)
    return parts[0].get("value", ""), "html" in (parts[0].get("type") or "")


def _self_link(info: Any, url: str) -> str:
    for link in info.get("links", []):
        if link.get("rel") == "self" and link.get("href"):
            return normalize_url(absolute(link["href"], url))
    return normalize_url(url) if url else ""


def _format(version: str, text: str) -> FeedFormat:
    if version.startswith("atom"):
        return "atom"
    if version:
        return "rss"
    return "atom" if re.match(r"\s*(<[?!][^>]*>\s*)*<(\w+:)?feed\b", text) else "rss"
