"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org) -> `Feed`, with the standard `json` module.

feedparser does not read JSON Feed. Real feeds stray from the spec in small ways
(an `http://` version URL, numeric ids, 1.0's `author` beside 1.1's `authors`),
so those are accepted; items that are not objects are skipped and counted.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .dates import parse_date
from .feed_model import Feed, FeedError, NotAFeed, RawItem, finish_items, names
from .htmltext import html_to_text, inline_text, tidy
from .urls import normalize_url

_VERSION = re.compile(r"jsonfeed\.org/version/(\d+)(?:\.(\d+))?")


def parse_json_feed(text: str, url: str = "") -> Feed:
    """Read a JSON Feed from decoded text.

    Raises:
        NotAFeed: for JSON that is not a JSON Feed, or text that is not JSON.
        FeedError: for a JSON Feed that is malformed JSON.
    """
    trailing = ""
    try:
        doc = json.loads(text)
    except RecursionError:
        raise FeedError("malformed JSON Feed (nested too deeply)") from None
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            return _not_json(text, exc)
        # A complete feed followed by junk (a server's debug output): keep the feed.
        doc, trailing = json.JSONDecoder().raw_decode(text)[0], f"extra data after the feed, line {exc.lineno}"
    except ValueError as exc:
        return _not_json(text, exc)
    if not isinstance(doc, dict) or not _is_json_feed(doc):
        raise NotAFeed("JSON, but not a JSON Feed (no jsonfeed.org version and items)", "json")
    link = _url(doc.get("home_page_url"), url)
    language = _str(doc.get("language"))
    feed_authors = names(doc.get("authors", [])) or names(doc.get("author", ""))
    found = doc.get("items")
    entries: list[Any] = found if isinstance(found, list) else []
    raws = [_raw_item(item, url or link, language, feed_authors) for item in entries if isinstance(item, dict)]
    skipped = len(entries) - len(raws)
    problems = [p for p in (trailing, f"{skipped} items are not objects" if skipped else "") if p]
    match = _VERSION.search(_str(doc.get("version")))
    version = f"json{match.group(1)}{match.group(2) or '0'}" if match else "json"
    return Feed(
        title=inline_text(_str(doc.get("title"))), link=link, format="json", version=version,
        items=finish_items(raws, link, url), url=_url(doc.get("feed_url"), url) or normalize_url(url),
        language=language,
        problem=f"malformed JSON Feed ({'; '.join(problems)}); salvaged {len(raws)} items" if problems else "")


def _not_json(text: str, exc: ValueError) -> Feed:
    """Raise the error for text that does not parse as JSON (a feed's, if it says it is one)."""
    if "jsonfeed.org/version" in text[:4096]:
        where = f", line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        message = exc.msg.removesuffix(" starting at").lower() if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise FeedError(f"malformed JSON Feed ({message}{where}); no items could be salvaged") from None
    raise NotAFeed("malformed JSON, not a feed", "json") from None


def _is_json_feed(doc: dict[str, Any]) -> bool:
    if "jsonfeed.org/version" in _str(doc.get("version")):
        return True
    # A feed that forgot its version still has items and says where it lives.
    return isinstance(doc.get("items"), list) and bool(doc.get("home_page_url") or doc.get("feed_url"))


def _raw_item(item: dict[str, Any], base: str, language: str, feed_authors: tuple[str, ...]) -> RawItem:
    html = _str(item.get("content_html"))
    plain = _str(item.get("content_text"))
    text = html_to_text(html) if html.strip() else tidy(plain)
    full = bool(text)
    if not text:
        text = tidy(_str(item.get("summary")))
    raw_id = item.get("id")
    found = item.get("tags")
    tags: list[Any] = found if isinstance(found, list) else []
    return RawItem(
        guid=str(raw_id).strip() if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else "",
        link=_url(item.get("url"), base),
        title=inline_text(_str(item.get("title"))),
        text=text,
        full_content=full,
        published=parse_date(_str(item.get("date_published")) or _str(item.get("date_modified")),
                             _str(item.get("language")) or language),
        authors=names(item.get("authors", [])) or names(item.get("author", "")) or feed_authors,
        categories=tuple(dict.fromkeys(t.strip() for t in tags if isinstance(t, str) and t.strip())),
    )


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _url(value: object, base: str) -> str:
    return normalize_url(value, base) if isinstance(value, str) and value.strip() else ""
