"""Bytes of a web page or a feed -> text, with the encoding it really uses.

Declarations are often wrong: servers send `charset=ISO-8859-1` for UTF-8 feeds,
CMSs copy a `<meta charset>` from a template, and some files declare nothing.
The order is a byte-order mark (unambiguous, and first in the WHATWG algorithm),
then the HTTP charset, then the document's own declaration (`<?xml encoding>` or
`<meta charset>`), then UTF-8 if the bytes are valid UTF-8, then detection
(charset-normalizer), then Windows-1252. A declaration is only believed if the
bytes decode under it, and a legacy one-byte declaration never wins over bytes
that are valid multi-byte UTF-8 (the common mis-declaration; the reverse mistake
cannot decode as UTF-8).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Literal

#: How the encoding was decided, for diagnostics and tests.
How = Literal["bom", "http", "declared", "utf-8", "detected", "fallback"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG encoding labels that differ from Python's codecs: browsers (and so publishers) mean these.
_ALIASES = {
    **dict.fromkeys(("iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819",
                     "us-ascii", "ascii", "ansi_x3.4-1968", "iso-ir-100", "csisolatin1", "x-cp1252",
                     "windows-1252", "cp1252"), "cp1252"),
    **dict.fromkeys(("iso-8859-9", "iso8859-9", "latin5", "l5", "windows-1254"), "cp1254"),
    **dict.fromkeys(("tis-620", "iso-8859-11", "windows-874"), "cp874"),
    **dict.fromkeys(("gb2312", "gbk", "x-gbk", "chinese", "csgb2312", "gb18030"), "gb18030"),
    **dict.fromkeys(("euc-kr", "ks_c_5601-1987", "korean", "windows-949"), "cp949"),
    **dict.fromkeys(("shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j", "csshiftjis"), "cp932"),
    **dict.fromkeys(("utf8", "unicode-1-1-utf-8", "utf-8"), "utf-8"),
}
# One byte per character: any byte sequence decodes, so a wrong declaration is silent.
_SINGLE_BYTE = re.compile(r"^(cp\d+|latin|iso8859|mac|koi8|tis|windows)")
_WORD = re.compile(r"[^\W\d_]+")
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)""")
_META = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip-compressed data"), (b"PK\x03\x04", "a ZIP archive"), (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"BZh", "bzip2-compressed data"), (b"\xfd7zXZ", "xz-compressed data"), (b"\x7fELF", "a program"),
)


@dataclass(frozen=True)
class Decoded:
    """Decoded text and the Python codec that decoded it."""

    text: str
    encoding: str
    how: How


def codec_for(label: str | None) -> str | None:
    """The Python codec for an encoding label as browsers read it, or None if unknown."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if name in _ALIASES:
        return _ALIASES[name]
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def binary_kind(data: bytes) -> str | None:
    """What binary data is ("a PNG image", "binary data"), or None if it may be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:8192]
    if _bom(head) or _utf16_without_bom(head):
        return None
    if b"\x00" in head:
        return "binary data"
    return None


def declared_encoding(data: bytes) -> str | None:
    """The encoding an XML declaration or an HTML `<meta>` names in the first few KB, if any."""
    head = data[:4096]
    match = _XML_DECL.match(head) or _META.search(head)
    return match.group(1).decode("ascii") if match else None


def decode(data: bytes, http_charset: str | None = None) -> Decoded:
    """Decode a page or feed; never fails (undecodable bytes become U+FFFD as a last resort)."""
    bom = _bom(data)
    if bom:
        codec, size = bom
        return Decoded(data[size:].decode(codec, errors="replace"), codec, "bom")
    sources: tuple[tuple[str | None, How], ...] = ((http_charset, "http"), (declared_encoding(data), "declared"))
    for label, how in sources:
        found = _try_declared(data, codec_for(label))
        if found is not None:
            text, codec, overridden = found
            return Decoded(text, codec, "utf-8" if overridden else how)
    sniffed = _utf16_without_bom(data[:4])
    if sniffed:
        return Decoded(data.decode(sniffed, errors="replace"), sniffed, "detected")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    western = _western(data)
    if western is not None:
        return Decoded(western, "cp1252", "detected")
    detected = _detect(data)
    if detected:
        return Decoded(data.decode(detected, errors="replace"), detected, "detected")
    return Decoded(data.decode("cp1252", errors="replace"), "cp1252", "fallback")


def _try_declared(data: bytes, codec: str | None) -> tuple[str, str, bool] | None:
    """Decode under a declared codec if the bytes agree with it.

    Returns (text, codec, overridden) where overridden means UTF-8 won over the declaration,
    or None when the declaration is unknown or the bytes do not decode under it.
    """
    if codec is None:
        return None
    if codec.startswith(("utf-16", "utf-32")):
        # Without a BOM the bytes tell the byte order; a UTF-16 declaration in a document
        # that reads as ASCII is a copied template.
        codec = _utf16_without_bom(data[:4]) or "utf-8"
    if _SINGLE_BYTE.match(codec) and _is_multibyte_utf8(data):
        return data.decode("utf-8"), "utf-8", True
    try:
        return data.decode(codec), codec, False
    except UnicodeDecodeError:
        if codec == "cp1252":
            # Five bytes are undefined in Python's cp1252 but not in the WHATWG one: keep the rest.
            return data.decode(codec, errors="replace"), codec, False
        return None
    except LookupError:
        return None


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a BOM that starts with '<' (XML 1.0, appendix F)."""
    if head[:4] == b"<\x00?\x00" or head[:2] == b"<\x00":
        return "utf-16-le"
    if head[:4] == b"\x00<\x00?" or head[:2] == b"\x00<":
        return "utf-16-be"
    return None


def _is_multibyte_utf8(data: bytes) -> bool:
    """True for valid UTF-8 that has non-ASCII characters (so it is not just ASCII)."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _western(data: bytes) -> str | None:
    """The text as Windows-1252 if it reads like a Western European language in it, else None.

    Statistical detection is unreliable on short texts (it picks Baltic or Central European
    code pages for Portuguese), and Windows-1252 is by far the most common undeclared legacy
    encoding. In such text accented letters sit inside mostly-ASCII words ("Notícias"); text
    of another script read as Windows-1252 gives words made only of accented letters.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return text
    share = sum(sum(not c.isascii() for c in w) / len(w) for w in words) / len(words)
    return text if share < 0.6 else None


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    return codec_for(best.encoding) if best is not None else None
