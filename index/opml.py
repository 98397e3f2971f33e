"""OPML subscription lists: read the ones other readers export, write ours.

An outline with an `xmlUrl` is a feed; an outline without one is a folder, and
its name becomes the group of every feed inside it (nested folders are joined
with " / " and split again on export). Feed URLs are kept as written (a list
holding both `http://x/feed` and `https://www.x/feed` had two subscriptions, and
importing it gives the same two); only a URL listed twice is kept once.
Attribute names are matched without regard to case (`xmlUrl`, `xmlurl`), and the
two mistakes hand-edited lists make most (a bare `&`, an HTML entity such as
`&nbsp;`) are repaired rather than refused. The document type declaration is
dropped before parsing, so entity expansion and external entities cannot happen.
"""

from __future__ import annotations

import html.entities
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from .decoding import binary_kind, decode
from .errors import NewsdeskError
from .urls import is_web_url

#: Joins nested folder names into one group name.
GROUP_SEPARATOR = " / "
_DOCTYPE = re.compile(r"<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.S | re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_BARE_AMP = re.compile(r"&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_NAMED = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_NAMED = {"amp", "lt", "gt", "quot", "apos"}


class OpmlError(NewsdeskError):
    """An OPML file that cannot be read; the message says why in one line."""


@dataclass(frozen=True)
class OpmlFeed:
    """One feed of a subscription list."""

    url: str
    title: str = ""
    group: str = ""
    site_url: str = ""


@dataclass(frozen=True)
class Opml:
    """A subscription list: its title, its feeds in document order, and how many URLs were listed twice."""

    title: str
    feeds: tuple[OpmlFeed, ...]
    duplicates: int = 0

    @property
    def groups(self) -> tuple[str, ...]:
        """The distinct non-empty groups, in order of first appearance."""
        return tuple(dict.fromkeys(f.group for f in self.feeds if f.group))


def read_opml(data: bytes) -> Opml:
    """Read an OPML subscription list.

    Raises:
        OpmlError: for input that is not OPML or is too broken to read.
    """
    kind = binary_kind(data)
    if kind:
        raise OpmlError(f"{kind}, not an OPML file")
    text = _DOCTYPE.sub("", _XML_DECL.sub("", decode(data).text.lstrip("\ufeff \t\r\n"), count=1), count=1)
    if not text.strip():
        raise OpmlError("empty file, not an OPML file")
    root = _parse(text)
    if _local(root.tag) != "opml":
        raise OpmlError(f"not an OPML file (its root element is <{_local(root.tag)}>)")
    title_element = _child(_child(root, "head"), "title")
    title = " ".join((title_element.text or "").split()) if title_element is not None else ""
    body = _child(root, "body")
    feeds: list[OpmlFeed] = []
    seen: set[str] = set()
    duplicates = 0
    for feed in _walk(body, ()) if body is not None else ():
        if feed.url in seen:
            duplicates += 1
            continue
        seen.add(feed.url)
        feeds.append(feed)
    return Opml(title, tuple(feeds), duplicates)


def write_opml(feeds: Iterable[OpmlFeed], title: str = "newsdesk subscriptions") -> bytes:
    """An OPML 2.0 document of feeds, folders for groups (in the order first seen)."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC), usegmt=True)
    body = ET.SubElement(root, "body")
    folders: dict[tuple[str, ...], ET.Element] = {(): body}
    for feed in feeds:
        path = tuple(p.strip() for p in feed.group.split(GROUP_SEPARATOR) if p.strip())
        parent = _folder(folders, path)
        attrs = {"type": "rss", "text": feed.title or feed.url, "title": feed.title or feed.url,
                 "xmlUrl": feed.url}
        if feed.site_url:
            attrs["htmlUrl"] = feed.site_url
        ET.SubElement(parent, "outline", attrs)
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def _parse(text: str) -> ET.Element:
    try:
        return ET.fromstring(text)
    except ET.ParseError:
        pass
    repaired = _NAMED.sub(_named_entity, _BARE_AMP.sub("&amp;", text))
    try:
        return ET.fromstring(repaired)
    except ET.ParseError as exc:
        line, column = exc.position
        raise OpmlError(f"malformed OPML at line {line}, column {column + 1} ({_reason(exc)})") from None


def _named_entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _XML_NAMED:
        return match.group(0)
    code = html.entities.name2codepoint.get(name)
    return f"&#{code};" if code is not None else f"&amp;{name};"


def _reason(exc: ET.ParseError) -> str:
    return str(exc).split(":")[0]


def _walk(node: ET.Element, path: tuple[str, ...]) -> Iterable[OpmlFeed]:
    for outline in node:
        if _local(outline.tag) != "outline":
            continue
        attrs = {k.lower(): (v or "").strip() for k, v in outline.attrib.items()}
        name = " ".join((attrs.get("title") or attrs.get("text") or "").split())
        url = attrs.get("xmlurl", "")
        if url:
            site = attrs.get("htmlurl", "")
            yield OpmlFeed(url, name, GROUP_SEPARATOR.join(path), site if is_web_url(site) else "")
            yield from _walk(outline, path)
        else:
            yield from _walk(outline, (*path, name) if name else path)


def _folder(folders: dict[tuple[str, ...], ET.Element], path: tuple[str, ...]) -> ET.Element:
    if path not in folders:
        parent = _folder(folders, path[:-1])
        folders[path] = ET.SubElement(parent, "outline", {"text": path[-1], "title": path[-1]})
    return folders[path]


def _child(node: ET.Element | None, name: str) -> ET.Element | None:
    if node is None:
        return None
    return next((c for c in node if _local(c.tag) == name), None)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()
