"""Fetching feeds and pages over HTTP with httpx: many at once, politely, never stuck.

`Fetcher.fetch_all` takes requests (a URL with the validators stored for it) and
yields one `FetchResult` per request as each finishes, so the caller can ingest a
feed and record it before the next arrives: nothing is stored here, and a caller
that commits per feed can be killed at any point without half-storing one.

Per request: a conditional GET (ETag, Last-Modified -> 304), gzip/deflate,
redirects (permanent 301/308 moves at the start of the chain yield `permanent_url`), a
per-read timeout, a total time cap (a server trickling one byte a second never
trips a read timeout), a size cap applied while streaming and after
decompression (a gzip bomb stops at the cap), a content-type check, and
`Retry-After` on 429/503: waited once if short, else reported with the wait so the
caller can skip the feed until then. Every failure is one line in `error`; the
other requests go on. Requests run concurrently (a bounded pool) on an asyncio
loop in a helper thread (`background`), so callers stay synchronous (CLI, TUI workers).
"""

from __future__ import annotations

import asyncio
import hashlib
import ssl
import time
import zlib
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from .background import iterate_in_thread
from .responses import (
    acceptable,
    content_type_of,
    describe_error,
    describe_status,
    human_seconds,
    permanent_url,
    retry_after_seconds,
)

if TYPE_CHECKING:
    import httpx

FetchStatus = Literal["ok", "not-modified", "failed"]
FetchKind = Literal["feed", "page"]

USER_AGENT = "newsdesk/0.1 (a terminal news reader; feed fetcher)"
_ACCEPT = {
    "feed": "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
            "application/json;q=0.8, text/xml;q=0.8, */*;q=0.5",
    "page": "text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
}


@dataclass(frozen=True)
class FetchRequest:
    """What to fetch: a URL, the validators from its last fetch, and the caller's handle for it."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    key: int | str | None = None


@dataclass(frozen=True)
class FetchResult:
    """How one request went. `content` is None unless status is "ok"."""

    request: FetchRequest
    status: FetchStatus
    http_status: int | None = None
    content: bytes | None = None
    content_type: str = ""
    charset: str | None = None
    final_url: str = ""
    permanent_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str = ""
    retry_after: float | None = None
    elapsed: float = 0.0

    @property
    def url(self) -> str:
        """The URL that was requested."""
        return self.request.url

    @property
    def gone(self) -> bool:
        """True when the server says the resource was removed for good (HTTP 410)."""
        return self.http_status == 410

    @property
    def content_hash(self) -> str | None:
        """SHA-256 of the body, to notice a server that ignores validators but sent the same bytes."""
        return hashlib.sha256(self.content).hexdigest() if self.content is not None else None

    def line(self) -> str:
        """One line for a user: the URL and what happened."""
        what = {"ok": "ok", "not-modified": "not modified"}.get(self.status, self.error)
        return f"{self.url}: {what}"


class _Failed(Exception):
    """A request that ends with a one-line error (internal control flow)."""

    def __init__(self, error: str, http_status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(error)
        self.error, self.http_status, self.retry_after = error, http_status, retry_after


class Fetcher:
    """Fetches over HTTP with the limits given; reusable, holds no connection between calls."""

    def __init__(self, *, timeout: float = 15.0, total_timeout: float = 60.0, max_bytes: int = 16 * 1024 * 1024,
                 concurrency: int = 8, max_retry_wait: float = 10.0, max_redirects: int = 5,
                 user_agent: str = USER_AGENT, verify: bool = True) -> None:
        self.timeout, self.total_timeout, self.max_bytes = timeout, total_timeout, max_bytes
        self.concurrency, self.max_retry_wait, self.max_redirects = max(1, concurrency), max_retry_wait, max_redirects
        self.user_agent, self.verify = user_agent, verify
        self._tls: ssl.SSLContext | None = None

    def fetch(self, request: FetchRequest | str, kind: FetchKind = "feed") -> FetchResult:
        """Fetch one URL (a feed, or with kind="page" an article page for its full text)."""
        request = FetchRequest(request) if isinstance(request, str) else request
        results = self.fetch_all([request], kind)
        try:
            return next(results)
        finally:
            results.close()

    def fetch_all(self, requests: Iterable[FetchRequest],
                  kind: FetchKind = "feed") -> Generator[FetchResult, None, None]:
        """Fetch concurrently; yields one result per request, in the order they finish.

        Closing the iterator early cancels what is still running.
        """
        pending = list(requests)
        return iterate_in_thread(lambda deliver: self.run(pending, kind, deliver), len(pending), "newsdesk-fetch")

    async def run(self, requests: list[FetchRequest], kind: FetchKind,
                  deliver: Callable[[FetchResult], None]) -> None:
        """Fetch every request on the running loop, handing each result to `deliver` as it comes."""
        import httpx

        limits = httpx.Limits(max_connections=self.concurrency, max_keepalive_connections=self.concurrency)
        gate = asyncio.Semaphore(self.concurrency)
        async with httpx.AsyncClient(timeout=httpx.Timeout(self.timeout), limits=limits, verify=self._verify(),
                                     follow_redirects=True, max_redirects=self.max_redirects) as client:
            async def one(request: FetchRequest) -> None:
                async with gate:
                    deliver(await self._fetch_one(client, request, kind))

            await asyncio.gather(*(one(r) for r in requests))

    def _verify(self) -> ssl.SSLContext | bool:
        """The TLS context, built once per Fetcher (loading the CA bundle costs ~40 ms)."""
        if not self.verify:
            return False
        if self._tls is None:
            import certifi

            self._tls = ssl.create_default_context(cafile=certifi.where())
        return self._tls

    async def _fetch_one(self, client: httpx.AsyncClient, request: FetchRequest, kind: FetchKind) -> FetchResult:
        started = time.monotonic()
        result: FetchResult
        try:
            async with asyncio.timeout(self.total_timeout):
                result = await self._attempts(client, request, kind, started)
        except _Failed as failed:
            result = FetchResult(request, "failed", failed.http_status, error=failed.error,
                                 retry_after=failed.retry_after)
        except TimeoutError:
            result = FetchResult(request, "failed", error=f"too slow: gave up after {self.total_timeout:g} s "
                                                          "(the server sends too slowly)")
        except Exception as exc:  # noqa: BLE001 - one feed's surprise must not stop the others
            result = FetchResult(request, "failed", error=describe_error(exc, self.timeout))
        return replace(result, elapsed=time.monotonic() - started)

    async def _attempts(self, client: httpx.AsyncClient, request: FetchRequest, kind: FetchKind,
                        started: float) -> FetchResult:
        """One GET, and one more after a short Retry-After on 429/503."""
        headers = {"User-Agent": self.user_agent, "Accept": _ACCEPT[kind], "Accept-Encoding": "gzip, deflate"}
        if kind == "feed" and request.etag:
            headers["If-None-Match"] = request.etag
        if kind == "feed" and request.last_modified:
            headers["If-Modified-Since"] = request.last_modified
        for attempt in (1, 2):
            async with client.stream("GET", request.url, headers=headers) as response:
                wait = self._retry_wait(response, attempt, started)
                if wait is None:
                    return await self._result(request, response, kind, started)
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _retry_wait(self, response: httpx.Response, attempt: int, started: float) -> float | None:
        """Seconds to wait before trying again, or None to take this response as it is."""
        if response.status_code not in (429, 503):
            return None
        wait = retry_after_seconds(response.headers.get("retry-after"))
        if wait is None:
            return None
        remaining = self.total_timeout - (time.monotonic() - started)
        if attempt == 1 and wait <= self.max_retry_wait and wait < remaining - self.timeout:
            return wait
        raise _Failed(f"{describe_status(response.status_code)}: the server asks to wait {human_seconds(wait)}; "
                      "skipped until then", response.status_code, wait)

    async def _result(self, request: FetchRequest, response: httpx.Response, kind: FetchKind,
                      started: float) -> FetchResult:
        status = response.status_code
        final = str(response.url)
        moved = permanent_url(request.url, response)
        if status == 304:
            return FetchResult(request, "not-modified", status, final_url=final, permanent_url=moved,
                               etag=response.headers.get("etag") or request.etag,
                               last_modified=response.headers.get("last-modified") or request.last_modified)
        if status >= 400:
            raise _Failed(describe_status(status, response.reason_phrase), status)
        if status >= 300:
            raise _Failed(f"redirect without a usable Location (HTTP {status})", status)
        content_type, charset = content_type_of(response.headers.get("content-type", ""))
        if not acceptable(content_type, kind):
            wanted = "feed" if kind == "feed" else "web page"
            raise _Failed(f"wrong content type '{content_type}' (expected a {wanted})", status)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes and "content-encoding" not in response.headers:
            raise _Failed(self._too_large(int(declared)), status)
        body = await self._read(response, started)
        return FetchResult(request, "ok", status, body, content_type, charset, final, moved,
                           response.headers.get("etag"), response.headers.get("last-modified"))

    async def _read(self, response: httpx.Response, started: float) -> bytes:
        """The body, decompressed with the size cap enforced as it arrives."""
        inflate = _Inflater(response.headers.get("content-encoding", ""), self.max_bytes)
        parts: list[bytes] = []
        size = 0
        async for chunk in response.aiter_raw():
            piece = inflate.feed(chunk)
            size += len(piece)
            if size > self.max_bytes:
                raise _Failed(self._too_large(None), response.status_code)
            parts.append(piece)
        parts.append(inflate.flush())
        return b"".join(parts)

    def _too_large(self, size: int | None) -> str:
        limit = f"{self.max_bytes / 1024 / 1024:g} MB"
        return f"too large: {size / 1024 / 1024:.1f} MB (the limit is {limit})" if size else \
            f"too large: more than {limit} (stopped reading)"


class _Inflater:
    """Bounded gzip/deflate decoding: never produces much more than the size cap at once."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.limit = limit
        encoding = encoding.strip().lower()
        self._mode = "gzip" if encoding in ("gzip", "x-gzip") else "deflate" if encoding == "deflate" else ""
        if encoding and encoding != "identity" and not self._mode:
            raise _Failed(f"unsupported content encoding '{encoding}'")
        self._z: Any = zlib.decompressobj(16 + zlib.MAX_WBITS) if self._mode == "gzip" else None

    def feed(self, data: bytes) -> bytes:
        if not self._mode:
            return data
        if self._z is None:  # deflate: zlib-wrapped as the RFC says, or raw as some servers send it
            self._z = zlib.decompressobj(zlib.MAX_WBITS if data[:1] == b"\x78" else -zlib.MAX_WBITS)
        try:
            # At most limit + 1 bytes: enough to know the body is too large, whatever the ratio.
            return bytes(self._z.decompress(data, self.limit + 1))
        except zlib.error as exc:
            raise _Failed(f"the response could not be decompressed ({exc})") from None

    def flush(self) -> bytes:
        return bytes(self._z.flush()) if self._z is not None else b""
