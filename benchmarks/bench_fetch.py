"""Fetching 200 feeds from a local server: nothing new (all 304), and every feed changed.

A separate process serves 200 feeds over HTTP/1.1 on loopback, each with an ETag and
Last-Modified; `/bump` changes every feed. The feeds are the real ones in
../shared/feeds (RSS, Atom, JSON Feed, taken in turn, each feed's guids and links made
its own) or, without ../shared, generated 25-item RSS feeds.

Part 1, the fetcher alone, each run timed end to end as a caller sees it
(`Fetcher.fetch_all`, then `parse_feed` on each body as it arrives):

1. first fetch, no validators: every feed is new;
2. again with the validators: every feed answers 304;
3. after `/bump`: every feed changed (fetch + parse);
plus parsing the same bodies from memory, to show what the network part costs.

Part 2 (`--commands`, on by default), the real `newsdesk` commands as a user runs them, each
a fresh process on a fresh library subscribed to the 200 feeds (by OPML):

a. `newsdesk fetch`: every feed new (fetch, parse, entities, store, index);
b. `newsdesk fetch` again: every feed answers 304 (target: under 2 s in all);
d. `newsdesk add` of the same feed bodies saved as files, on a fresh library: the same items
   from files (target: a and c within 1.3x of d);
a, b and d are taken in turn `--rounds` times (medians; the machine is shared), then
c. after `/bump`, `newsdesk fetch` on the first library: every feed changed (new items beside the
   old ones).
Wall time and the CPU time of the command and its entity workers are printed.

Prints numbers; asserts nothing.

    python benchmarks/bench_fetch.py [--feeds N] [--concurrency N] [--rounds N] [--no-commands]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.feeds import parse_feed  # noqa: E402
from index.fetch import Fetcher, FetchRequest, FetchResult  # noqa: E402

SHARED = next((p / "shared" / "feeds" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
              ROOT.parent / "shared" / "feeds")
REAL = ["rss/guardian.rss", "rss/livemint.xml", "rss/encoding.rss", "atom/RSS-Verge.xml", "atom/heise.atom",
        "jsonfeed/pxlnv.json"]


def feed_bodies(count: int, version: int) -> list[tuple[bytes, str]]:
    """(body, content type) per feed; each feed's item identities are its own."""
    real = [(SHARED / name).read_bytes() for name in REAL if (SHARED / name).exists()]
    bodies = []
    for n in range(count):
        if real:
            raw = real[n % len(real)]
            # Make guids and links unique per feed and per version, so "changed" means new items.
            body = raw.replace(b"://www.", f"://f{n}v{version}.".encode()).replace(b"://", f"://f{n}v{version}.".encode())
            kind = "application/feed+json" if raw.lstrip().startswith(b"{") else "application/xml"
        else:
            items = "".join(f"<item><title>Feed {n} item {i} v{version}</title><link>https://f{n}.example/{version}/{i}"
                            f"</link><description>&lt;p&gt;Paragraph {i} of feed {n}.&lt;/p&gt;</description></item>"
                            for i in range(25))
            body = f'<rss version="2.0"><channel><title>Feed {n}</title>{items}</channel></rss>'.encode()
            kind = "application/rss+xml"
        bodies.append((body, kind))
    return bodies


class _Server(ThreadingHTTPServer):
    """The standard library's server with a listen backlog like a real server's: with its default of 5,
    more than 5 clients connecting at once lose their SYNs and wait a second to retry."""

    request_queue_size = 128


def serve(count: int, ports: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """The server process: /feed/N.xml with validators, /bump to change every feed."""
    state = {"version": 1, "bodies": feed_bodies(count, 1)}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/bump":
                state["version"] = int(state["version"]) + 1  # type: ignore[call-overload]
                state["bodies"] = feed_bodies(count, int(state["version"]))  # type: ignore[call-overload]
                return self._send(200, b"ok", "text/plain", {})
            n = int(self.path.split("/")[-1].split(".")[0])
            etag = f'"v{state["version"]}-{n}"'
            modified = f"Wed, 29 May 2019 10:{int(state['version']) % 60:02d}:00 GMT"  # type: ignore[call-overload]
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, b"", "", {"ETag": etag})
            body, kind = state["bodies"][n]  # type: ignore[index]
            self._send(200, body, kind, {"ETag": etag, "Last-Modified": modified})

        def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str]) -> None:
            self.send_response(status)
            if kind:
                self.send_header("Content-Type", kind)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    httpd = _Server(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    ports.put(httpd.server_address[1])
    httpd.serve_forever()


def run(fetcher: Fetcher, requests: list[FetchRequest], label: str) -> list[FetchResult]:
    """Fetch everything, parse each new body as it arrives, print one line."""
    started = time.perf_counter()
    results: list[FetchResult] = []
    items = 0
    for result in fetcher.fetch_all(requests):
        results.append(result)
        if result.content is not None:
            items += len(parse_feed(result.content, result.final_url, result.charset).items)
    elapsed = time.perf_counter() - started
    states = {s: sum(r.status == s for r in results) for s in ("ok", "not-modified", "failed")}
    print(f"{label:<38} {elapsed:6.2f} s   {states['ok']:>3} new  {states['not-modified']:>3} not modified  "
          f"{states['failed']:>3} failed  {items:>5} items")
    return results


#: The commands run as installed: with their bytecode cached (this sandbox sets PYTHONDONTWRITEBYTECODE,
#: which would make every run compile newsdesk's modules again, ~0.2 s).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def newsdesk(home: Path, *args: str) -> tuple[float, float, dict[str, int]]:
    """Run one `newsdesk` command in a fresh process: (wall seconds, CPU seconds of it and its entity
    workers, counts of the --json item statuses)."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "tui", "--home", str(home), *args, "--json"], cwd=ROOT,
                          capture_output=True, text=True, env=ENV)
    elapsed = time.perf_counter() - started
    counts: dict[str, int] = {}
    for line in done.stdout.splitlines():
        status = json.loads(line)["status"]
        counts[status] = counts.get(status, 0) + 1
    if done.returncode not in (0, 1):
        print(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}")
    return elapsed, _children_cpu() - cpu, counts


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def commands(base: str, count: int, rounds: int) -> None:
    """Part 2: whole `newsdesk fetch` runs against `newsdesk add` of the same items from files, taken in
    turn `rounds` times (the machine is shared: medians of alternating runs compare like with like)."""
    from index import Library

    outlines = "".join(f'<outline text="Feed {n}" xmlUrl="{base}/feed/{n}.xml"/>' for n in range(count))
    opml = f'<opml version="2.0"><head/><body>{outlines}</body></opml>'.encode()
    subprocess.run([sys.executable, "-m", "tui", "--help"], cwd=ROOT, capture_output=True, env=ENV)
    runs: dict[str, list[tuple[float, float]]] = {}

    def show(key: str, label: str, result: tuple[float, float, dict[str, int]]) -> None:
        runs.setdefault(key, []).append(result[:2])
        print(f"{label:<48} {result[0]:7.2f} s  cpu {result[1]:7.2f} s   {result[2]}")

    with tempfile.TemporaryDirectory() as tmp:
        files = Path(tmp) / "files"
        files.mkdir()
        fetcher = Fetcher()
        for result in fetcher.fetch_all([FetchRequest(f"{base}/feed/{n}.xml", key=n) for n in range(count)]):
            (files / f"feed{result.request.key}.feed").write_bytes(result.content or b"")
        for n in range(rounds):
            home = Path(tmp) / f"fetched{n}"
            with Library(home) as library:
                library.feeds.subscribe_opml(opml)
            show("a", "a. newsdesk fetch, every feed new", newsdesk(home, "fetch"))
            show("b", "b. newsdesk fetch, all 304", newsdesk(home, "fetch"))
            show("d", "d. newsdesk add of the same items as files", newsdesk(Path(tmp) / f"added{n}", "add",
                                                                            str(files)))
        fetcher.fetch(f"{base}/bump")
        show("c", "c. newsdesk fetch, every feed changed", newsdesk(Path(tmp) / "fetched0", "fetch"))
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
    print(f"\nmedians: all 304 {med['b'][0]:.2f} s; every feed new: fetch {med['a'][0]:.1f} s, add "
          f"{med['d'][0]:.1f} s: {med['a'][0] / med['d'][0]:.2f}x (cpu {med['a'][1] / med['d'][1]:.2f}x); "
          f"every feed changed: fetch {med['c'][0]:.1f} s: {med['c'][0] / med['d'][0]:.2f}x "
          f"(cpu {med['c'][1] / med['d'][1]:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--no-commands", dest="commands", action="store_false",
                        help="only part 1 (the fetcher alone)")
    parser.add_argument("--rounds", type=int, default=2, help="part 2: fetch and add in turn this many times")
    args = parser.parse_args()
    ports: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    server = multiprocessing.Process(target=serve, args=(args.feeds, ports), daemon=True)
    server.start()
    try:
        base = f"http://127.0.0.1:{ports.get(timeout=30)}"
        fetcher = Fetcher(concurrency=args.concurrency)
        print(f"{args.feeds} feeds from {base}, concurrency {args.concurrency}, "
              f"{'real feeds from ' + str(SHARED) if (SHARED / REAL[0]).exists() else 'generated feeds'}\n")
        first = run(fetcher, [FetchRequest(f"{base}/feed/{n}.xml", key=n) for n in range(args.feeds)],
                    "1. first fetch + parse (all new)")
        stored = [FetchRequest(r.url, r.etag, r.last_modified, r.request.key) for r in first]
        run(fetcher, stored, "2. nothing new (all 304)")
        fetcher.fetch(f"{base}/bump")
        changed = run(fetcher, stored, "3. every feed changed, fetch + parse")
        started = time.perf_counter()
        items = sum(len(parse_feed(r.content or b"", r.final_url, r.charset).items) for r in changed)
        print(f"{'   parse only, same bodies from memory':<38} {time.perf_counter() - started:6.2f} s   "
              f"{items:>5} items")
        if args.commands:
            print("\nwhole commands, fresh processes and libraries:")
            commands(base, args.feeds, args.rounds)
    finally:
        server.terminate()
        server.join()


if __name__ == "__main__":
    main()
