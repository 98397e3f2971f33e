"""URLs as identities: one article reached by several URLs must be known as one.

Feeds hand out the same article with tracking parameters (`utm_*`, `fbclid`,
`gclid`...), with `http` in one format and `https` in another, with a fragment,
with the query in another order. `normalize_url` gives the clean URL to store and
open (trackers removed, nothing else that could change the page); `url_key` gives
the identity used to spot duplicates, which also ignores the scheme, a leading
`www.`, a trailing slash and the order of query parameters.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import quote_from_bytes, unquote_plus, unquote_to_bytes, urljoin, urlsplit, urlunsplit

#: Query parameters that only say where a click came from; they never select content.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "gclsrc", "msclkid", "yclid", "twclid", "ttclid",
    "igshid", "igsh", "mc_cid", "mc_eid", "mkt_tok", "_hsenc", "_hsmi", "__hssc", "__hstc", "__hsfp",
    "hsctatracking", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "_openstat", "wt_mc", "wt.mc_id",
    "ncid", "cmpid", "s_cid", "sr_share", "at_medium", "at_campaign", "at_custom1", "at_custom2",
    "_ga", "_gl", "rb_clickid", "spm", "scid", "guccounter", "guce_referrer", "guce_referrer_sig",
})
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "at_", "__twitter")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Characters that never need escaping in a path or query (RFC 3986 unreserved plus sub-delims we keep).
_SAFE_PATH = "/:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"
_PROTECTED = re.compile(r"(%2[fF]|%3[fF]|%25|%23)")


def is_tracking(name: str) -> bool:
    """True for a query parameter that only tracks the click."""
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def absolute(url: str, base: str = "") -> str:
    """`url` resolved against `base` (either may be empty); surrounding white space removed."""
    url = url.strip()
    if not base or not url:
        return url
    try:
        return urljoin(base.strip(), url)
    except ValueError:
        return url


def normalize_url(url: str, base: str = "") -> str:
    """The URL to store: absolute, scheme and host lower-cased, default port, tracking
    parameters and plain `#fragments` removed, escapes made canonical. Anything that is
    not an http(s) URL is returned stripped but otherwise unchanged.
    """
    url = absolute(url, base)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url
    host = _host(parts.hostname)
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    path = _escape(parts.path or "/", _SAFE_PATH)
    query = "&".join(_escape(p, _SAFE_QUERY) for p in parts.query.split("&")
                     if p and not is_tracking(unquote_plus(p.split("=", 1)[0])))
    # "#!" fragments are routes of old single-page sites; other fragments point inside one page.
    fragment = parts.fragment if parts.fragment.startswith("!") else ""
    return urlunsplit((scheme, netloc, path, query, fragment))


def url_key(url: str, base: str = "") -> str:
    """The identity of the page a URL points to, for finding duplicates (not a URL)."""
    clean = normalize_url(url, base)
    try:
        parts = urlsplit(clean)
    except ValueError:
        return clean
    if parts.scheme not in _DEFAULT_PORTS:
        return clean
    host = parts.netloc.lower()
    host = host[4:] if host.startswith("www.") else host
    path = parts.path.rstrip("/") or "/"
    query = "&".join(sorted(parts.query.split("&"))) if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{host}{path}{'?' + query if query else ''}{fragment}"


def host_of(url: str) -> str:
    """The host of a URL without `www.`, or "" when there is none."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    host = _host(host) if host else ""
    return host[4:] if host.startswith("www.") else host


def is_web_url(url: str) -> bool:
    """True for an absolute http or https URL with a host."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in _DEFAULT_PORTS and bool(parts.netloc)


def _host(host: str) -> str:
    host = host.lower().rstrip(".")
    if not host.isascii():
        with contextlib.suppress(UnicodeError):
            host = host.encode("idna").decode("ascii")
    return host


def _escape(text: str, safe: str) -> str:
    """Re-escape so that equivalent spellings (`%7e`, `~`, `%7E`, `é`, `%C3%A9`) come out the same.

    Works on bytes, so escapes of other encodings (`%E9`) survive; escaped slashes,
    question marks, hashes and percent signs stay escaped (unescaping them changes the URL).
    """
    pieces = _PROTECTED.split(text)
    return "".join(piece.upper() if i % 2 else quote_from_bytes(unquote_to_bytes(piece), safe=safe)
                   for i, piece in enumerate(pieces))
