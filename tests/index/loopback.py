"""A real HTTP server on 127.0.0.1 for fetch tests: the standard library's, in a thread.

Each route is a function that gets the request handler and writes the whole
response (status, headers, body), so a test can serve exactly what a broken or
slow server sends: trickled bytes, lies about sizes, redirects, gzip bombs.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


class LoopbackServer:
    """Serves `routes` (path -> function) on a free loopback port until `close`."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.headers: dict[str, list[dict[str, str]]] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the standard library's name
                path = self.path.split("?", 1)[0]
                server.hits[path] = server.hits.get(path, 0) + 1
                server.headers.setdefault(path, []).append({k.lower(): v for k, v in self.headers.items()})
                route = server.routes.get(path)
                try:
                    if route is None:
                        send(self, 404, b"no such route", "text/plain")
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should with slow routes

            def handle(self) -> None:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    super().handle()  # a client may give up, or speak TLS to plain HTTP

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self._httpd = _Server(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    @property
    def base(self) -> str:
        """The server's root URL, e.g. http://127.0.0.1:54321."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        """An absolute URL on this server."""
        return self.base + path

    def close(self) -> None:
        """Stop serving and free the port."""
        self._httpd.shutdown()
        self._httpd.server_close()


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", content_type: str = "application/xml",
         headers: dict[str, str] | None = None) -> None:
    """Write a complete response with a Content-Length."""
    handler.send_response(status)
    if content_type:
        handler.send_header("Content-Type", content_type)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if body:
        handler.wfile.write(body)


class _Server(ThreadingHTTPServer):
    """The standard library's server with a listen backlog like a real server's: with its default of 5,
    more than 5 clients connecting at once lose their SYNs and wait a second to retry."""

    request_queue_size = 128
