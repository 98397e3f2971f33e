"""File formats: bytes of a `.txt` or `.md` file -> the fields of an article.

Parsing is pure (no disk, no model) so it is cheap to test and to run ahead of
the entity extractor. Anything that cannot become an article raises
`UnreadableFile` with a one-line reason meant for the user.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime
from pathlib import PurePath
from typing import Literal

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES

#: A first line this short, followed by a blank line, is a title.
TITLE_MAX = 200
#: Titles derived from the first sentence are cut to about this many characters.
DERIVED_TITLE_MAX = 90

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s")
_HEADING = re.compile(r"\A#{1,6}[ \t]+(.+?)[ \t#]*(?:\n|\Z)")


class UnreadableFile(Exception):
    """A file that cannot be an article; the message is the reason, one line."""


@dataclass(frozen=True)
class ParsedFile:
    """The fields parsed out of one file, before entities are extracted."""

    title: str
    text: str
    source: str = ""
    date: Date | None = None
    url: str = ""
    authors: tuple[str, ...] = ()
    format: Literal["text", "markdown"] = "text"


#: Byte-order marks and the encodings they announce; UTF-32's come first (they begin like UTF-16's).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode_exact(data: bytes) -> str:
    """Decode bytes by their byte-order mark, else as UTF-8, falling back to Windows-1252; no other change.

    Raises:
        UnreadableFile: for binary data (NUL bytes in text without a byte-order mark).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise UnreadableFile(f"not valid {encoding.upper()} text, though it begins with its "
                                     "byte-order mark") from None
            if "\x00" in text[:8192]:
                raise UnreadableFile("binary file (contains NUL characters), not text")
            return text
    if b"\x00" in data[:8192]:
        raise UnreadableFile("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Old news archives are often Windows-1252; undefined bytes become U+FFFD.
        return data.decode("cp1252", errors="replace")


def decode(data: bytes) -> str:
    """Decode like `decode_exact`, with newlines normalized to "\\n".

    Raises:
        UnreadableFile: for binary data (NUL bytes) or an empty file.
    """
    text = decode_exact(data).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableFile("empty file")
    return text


def parse(name: str, data: bytes, default_source: str = "") -> ParsedFile:
    """Parse a file's bytes by its name's suffix.

    Raises:
        UnreadableFile: for unsupported, binary, empty or malformed files.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"'{suffix}'" if suffix else "without a suffix"
        raise UnreadableFile(f"unsupported file type {kind} (newsdesk reads .txt and .md)")
    text = decode(data)
    if suffix in MARKDOWN_SUFFIXES:
        return parse_markdown(text, default_source)
    return parse_text(text, default_source)


def parse_text(text: str, source: str = "") -> ParsedFile:
    """A plain-text article: a short first line before a blank line is the title."""
    text = text.strip("\n")
    first, sep, rest = text.partition("\n")
    if sep and rest.startswith("\n") and 0 < len(first.strip()) <= TITLE_MAX and rest.strip():
        return ParsedFile(title=first.strip(), text=rest.strip("\n"), source=source)
    return ParsedFile(title=derive_title(text), text=text, source=source)


def parse_markdown(text: str, source: str = "") -> ParsedFile:
    """A Markdown article with optional YAML front matter (title, date, source, url, authors)."""
    meta: dict[str, object] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        meta = _load_front_matter(match.group(1))
        text = text[match.end():]
    body = text.strip("\n")
    if not body.strip():
        raise UnreadableFile("no article text after the front matter")
    title = _str(meta.get("title"))
    if not title:
        heading = _HEADING.match(body)
        if heading:
            title = heading.group(1).strip()
            body = body[heading.end():].strip("\n") or body
        else:
            title = derive_title(body)
    return ParsedFile(
        title=title,
        text=body,
        source=_str(meta.get("source")) or source,
        date=_date(meta.get("date")),
        url=_str(meta.get("url")),
        authors=_authors(meta.get("authors", meta.get("author"))),
        format="markdown",
    )


def derive_title(text: str) -> str:
    """A title from the first sentence, cut at a word boundary when long."""
    line = " ".join(text.strip().split("\n", 1)[0].split())
    line = line.lstrip("#>*- \t")
    end = _SENTENCE_END.search(line + " ")
    sentence = line[: end.start()] if end else line
    sentence = sentence.rstrip(".")
    if len(sentence) <= DERIVED_TITLE_MAX:
        return sentence or "Untitled"
    cut = sentence[:DERIVED_TITLE_MAX].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _load_front_matter(block: str) -> dict[str, object]:
    import yaml

    try:
        meta = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise UnreadableFile(f"malformed YAML front matter{where}") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise UnreadableFile("front matter is not a mapping of keys to values")
    return {str(k).lower(): v for k, v in meta.items()}


def _str(value: object) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def _date(value: object) -> Date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, Date):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip()
        for candidate in (text, text[:10]):
            try:
                return datetime.fromisoformat(candidate.replace("Z", "+00:00")).date()
            except ValueError:
                continue
        raise UnreadableFile(f"front matter date {text!r} is not an ISO date (YYYY-MM-DD)")
    return None


def _authors(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(a for a in (_str(v) for v in value) if a)
    return tuple(a.strip() for a in _str(value).split(",") if a.strip())
