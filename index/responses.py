"""What an HTTP response or failure means for a fetch: one line for each failure, how long
`Retry-After` asks to wait, whether a content type can be a feed or a page, and
whether a redirect chain moved the resource for good.

httpx wraps the operating system's errors (refused connections, DNS failures,
TLS alerts) in its own exception types; the cause is found by walking the chain
of exceptions rather than by trusting one message.
"""

from __future__ import annotations

import socket
import ssl
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

_STATUS = {
    400: "bad request (HTTP 400)",
    401: "needs a login (HTTP 401)",
    403: "access refused (HTTP 403)",
    404: "not found (HTTP 404): check the URL",
    405: "method not allowed (HTTP 405)",
    406: "the server will not send a feed to newsdesk (HTTP 406)",
    408: "the server timed out (HTTP 408)",
    410: "gone (HTTP 410): the publisher removed it for good; unsubscribe from it",
    429: "rate limited (HTTP 429)",
    451: "unavailable for legal reasons (HTTP 451)",
    500: "server error (HTTP 500)",
    502: "bad gateway (HTTP 502)",
    503: "server unavailable (HTTP 503)",
    504: "gateway timed out (HTTP 504)",
}
_DNS_WORDS = ("name or service not known", "nodename nor servname", "temporary failure in name resolution",
              "getaddrinfo failed", "no address associated", "name resolution")


def describe_status(status: int, reason: str = "") -> str:
    """One line for an HTTP error status."""
    if status in _STATUS:
        return _STATUS[status]
    kind = "server error" if status >= 500 else "refused"
    return f"{kind} (HTTP {status}{' ' + reason if reason else ''})"


def describe_error(exc: BaseException, timeout: float) -> str:
    """One line for an exception raised while fetching (httpx's, or the system's under them)."""
    import httpx

    chain = _chain(exc)
    for error in chain:
        if isinstance(error, ssl.SSLCertVerificationError):
            return f"TLS certificate problem ({error.verify_message or error.reason})"
        if isinstance(error, ssl.SSLError):
            return f"TLS error ({error.reason or error})"
        if isinstance(error, socket.gaierror):
            return "DNS lookup failed: no such host"
        if isinstance(error, ConnectionRefusedError):
            return "connection refused (nothing is listening there)"
    text = " ".join(str(e) for e in chain).lower()
    if any(word in text for word in _DNS_WORDS):
        return "DNS lookup failed: no such host"
    if "connection refused" in text or "errno 111" in text:
        return "connection refused (nothing is listening there)"
    if "ssl" in text or "certificate" in text or "tls" in text:
        return f"TLS error ({exc})"
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out connecting (no answer in {timeout:g} s)"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out (the server sent nothing for {timeout:g} s)"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects (the server sends it round in circles)"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "not a web address (only http:// and https:// can be fetched)"
    if isinstance(exc, httpx.InvalidURL):
        return f"invalid URL ({exc})"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"the server broke the connection ({exc or 'no response'})"
    if isinstance(exc, httpx.DecodingError):
        return f"the response could not be decompressed ({exc})"
    if isinstance(exc, httpx.NetworkError):
        return f"network error ({exc or type(exc).__name__})"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a `Retry-After` header asks to wait (a number or an HTTP date), or None."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def human_seconds(seconds: float) -> str:
    """'45 s', '3 min', '2 h', '3 days'."""
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def permanent_url(requested: str, response: httpx.Response) -> str | None:
    """Where the resource now lives: the URL the leading permanent (301/308) redirects lead to, or None.

    A temporary redirect after them does not move it further: the next fetch should ask there again.
    """
    hops = [*response.history, response]
    moved: str | None = None
    for hop, following in zip(hops, hops[1:], strict=False):
        if hop.status_code not in (301, 308):
            break
        moved = str(following.url)
    return moved if moved and moved != requested else None


def content_type_of(header: str) -> tuple[str, str | None]:
    """The media type (lower case) and charset of a Content-Type header."""
    kind, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return kind.strip().lower(), charset


def acceptable(content_type: str, kind: str) -> bool:
    """Feeds come as XML, JSON or text of some kind; pages as HTML. Images, PDFs, archives do not."""
    if not content_type or content_type.startswith("text/"):
        return True
    major, _, minor = content_type.partition("/")
    if major != "application":
        return False
    words = ("xml", "rss", "atom", "json", "rdf") if kind == "feed" else ("html", "xml")
    return any(w in minor for w in words) or minor in ("octet-stream", "unknown", "x-unknown")
