"""Web pages -> articles: the text a reader came for, and what the page says about it.

trafilatura finds the article body (no navigation, ads, related links or
comments) and reads the page's metadata (title, date, authors, site name and
canonical URL from `<meta>`, Open Graph and JSON-LD). The bytes are decoded here
first (see `decoding`), so a wrong declaration cannot garble the text.

Options, measured on ../shared/html (25 pages, 4-gram shingle F1; see
benchmarks/bench_pages.py): trafilatura's defaults 0.946; without comments 0.946;
`favor_precision` 0.959; dropping a first paragraph that repeats the title adds
a little more (0.962). When precision mode finds no article at all, the page is
read once more without it. `favor_recall`, `include_tables=False`, `deduplicate`, and
formatting or links in the output were no better or worse. These are general
settings, not tuned per page: a set of pages never shared decides.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date as Date

from .decoding import binary_kind, decode
from .errors import NewsdeskError
from .htmltext import inline_text, tidy
from .urls import is_web_url, normalize_url

#: Pages larger than this are refused: no article page is 20 MB of HTML.
MAX_PAGE_BYTES = 20 * 1024 * 1024
#: Fewer words than this is a menu or a stub, not an article.
MIN_WORDS = 10
#: The trafilatura options every page is extracted with (see the module docstring).
EXTRACT_OPTIONS: dict[str, bool] = {"include_comments": False, "favor_precision": True, "include_tables": True}
#: Tried when those find no article: precision mode sometimes drops a short one whole.
FALLBACK_OPTIONS: dict[str, bool] = {"include_comments": False, "include_tables": True}


class PageError(NewsdeskError):
    """A page that holds no readable article; the message says why in one line."""


@dataclass(frozen=True)
class Page:
    """An article read from a web page."""

    title: str
    text: str
    url: str = ""
    date: Date | None = None
    authors: tuple[str, ...] = ()
    site_name: str = ""
    description: str = ""
    language: str = ""
    encoding: str = ""


def extract_page(data: bytes, url: str = "", http_charset: str | None = None) -> Page:
    """Read the article in an HTML page.

    Args:
        data: the page as served or saved.
        url: where the page came from (used for relative links and when it names no canonical URL).
        http_charset: the `charset` of the HTTP Content-Type, if it was fetched.

    Raises:
        PageError: for empty, binary or oversized input, or a page without article text.
    """
    if len(data) > MAX_PAGE_BYTES:
        raise PageError(f"page is larger than {MAX_PAGE_BYTES // 1024 // 1024} MB")
    kind = binary_kind(data)
    if kind:
        raise PageError(f"{kind}, not a web page")
    decoded = decode(data, http_charset)
    if not decoded.text.strip():
        raise PageError("empty file")
    document = _extract(decoded.text, url, EXTRACT_OPTIONS)
    text = _text(document)
    if len(text.split()) < MIN_WORDS:
        # Precision mode can discard a short or unusual article whole: ask once more without it.
        document = _extract(decoded.text, url, FALLBACK_OPTIONS)
        text = _text(document)
    if len(text.split()) < MIN_WORDS:
        raise PageError("no article text found in the page (it may be a list of links, "
                        "or need JavaScript to show its text)")
    site_name = inline_text(document.get("sitename") or "")
    title = _strip_site_name(inline_text(document.get("title") or ""), site_name)
    text = _drop_repeated_title(text, title)
    return Page(
        title=title,
        text=text,
        url=_canonical(document.get("url") or "", url),
        date=_date(document.get("date")),
        authors=_authors(document.get("author")),
        site_name=site_name,
        description=inline_text(document.get("description") or ""),
        language=document.get("language") or "",
        encoding=decoded.encoding,
    )


def _text(document: dict[str, str | None]) -> str:
    """The article text with one blank line between paragraphs."""
    return tidy((document.get("text") or "").replace("\n", "\n\n"))


def _extract(html: str, url: str, options: dict[str, bool]) -> dict[str, str | None]:
    """trafilatura's article text and metadata as a dict (empty when it finds no article)."""
    from trafilatura import bare_extraction

    # trafilatura logs every page it finds too short at WARNING; those are our PageErrors.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        document = bare_extraction(html, url=url or None, with_metadata=True, **options)  # type: ignore[arg-type]
    except (ValueError, TypeError, RecursionError) as exc:  # lxml refuses some documents outright
        raise PageError(f"the page cannot be parsed as HTML ({exc})") from None
    if document is None:
        return {}
    found = document if isinstance(document, dict) else document.as_dict()
    return {k: v if isinstance(v, str) or v is None else str(v) for k, v in found.items()}


def _drop_repeated_title(text: str, title: str) -> str:
    """The article view shows the title: a first paragraph that only repeats it goes."""
    first, sep, rest = text.partition("\n\n")
    if sep and title and " ".join(first.split()).casefold() == title.casefold():
        return rest
    return text


def _strip_site_name(title: str, site_name: str) -> str:
    """"Headline | Site" -> "Headline" when the last part is the site's name (the source says it)."""
    if not site_name:
        return title
    for separator in (" | ", " - ", " – ", " — ", " · ", " :: "):
        head, sep, tail = title.rpartition(separator)
        if sep and head.strip() and tail.strip().casefold() == site_name.casefold():
            return head.strip()
    return title


def _canonical(found: str, given: str) -> str:
    """The page's own canonical URL when it is a web URL, else the URL it came from."""
    if found and is_web_url(found):
        return normalize_url(found)
    if found and given:
        return normalize_url(found, given)
    return normalize_url(given) if given else ""


def _date(value: str | None) -> Date | None:
    if not value:
        return None
    try:
        return Date.fromisoformat(value[:10])
    except ValueError:
        return None


def _authors(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    names = (inline_text(n) for n in value.replace(" and ", ";").split(";"))
    return tuple(dict.fromkeys(n for n in names if n))
