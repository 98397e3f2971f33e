"""HTML fragments (feed items, titles) -> plain text with paragraphs.

A feed item's HTML is already the article (or its summary): there is no page
around it to strip. trafilatura, built for whole pages, drops real sentences from
such fragments and returns nothing for one-paragraph summaries (measured on the
feeds in ../shared/feeds: 3 of 10 Verge items lost sentences, 3 of 15 heise items
and every 1-sentence summary came out empty), so fragments are converted in full
here. The output has the same shape as `pages.extract_page`: one paragraph per
block, paragraphs separated by a blank line, white space collapsed inside them,
and no scripts, styles, forms or embedded media.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

# Elements that end a paragraph.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
# Elements whose content is never text a reader sees.
_SKIPPED = frozenset({
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "canvas",
    "video", "audio", "select", "button", "textarea", "form", "head", "title",
})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<[A-Za-z!/?]")


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: paragraphs separated by blank lines, no markup.

    Text without any tags is only unescaped (`&amp;` -> `&`) and has its white space tidied.
    """
    if not fragment or not fragment.strip():
        return ""
    if not _TAG.search(fragment):
        return tidy(html.unescape(fragment))
    parser = _TextParser()
    try:
        parser.feed(fragment)
        parser.close()
    except (AssertionError, ValueError):
        # html.parser gives up on some broken markup; keep what it read so far.
        pass
    return parser.text()


def inline_text(fragment: str) -> str:
    """Text of a one-line field (a title, a name): markup removed, white space collapsed."""
    return " ".join(html_to_text(fragment).split())


def tidy(text: str) -> str:
    """Collapse white space inside paragraphs and separate paragraphs by one blank line."""
    text = _CONTROL.sub("", text)
    paragraphs = (_SPACES.sub(" ", p).strip() for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text))
    return "\n\n".join(p for p in paragraphs if p)


class _TextParser(HTMLParser):
    """Collects visible text, starting a new paragraph at each block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._paragraphs: list[str] = []
        self._current: list[str] = []
        self._skip_depth = 0
        self._pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            if tag not in _VOID:
                self._skip_depth += 1
            return
        if tag in _BLOCKS:
            self._break()
        if tag == "pre":
            self._pre_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag == "pre":
            self._pre_depth = max(0, self._pre_depth - 1)
        if tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if self._pre_depth:
            # Preformatted lines stay lines: each becomes a paragraph of its own.
            lines = data.split("\n")
            for i, line in enumerate(lines):
                if i:
                    self._break()
                self._current.append(line)
            return
        self._current.append(data)

    def _break(self) -> None:
        paragraph = _SPACES.sub(" ", _CONTROL.sub("", "".join(self._current))).strip()
        if paragraph:
            self._paragraphs.append(paragraph)
        self._current = []

    def text(self) -> str:
        """Everything read so far."""
        self._break()
        return "\n\n".join(self._paragraphs)
