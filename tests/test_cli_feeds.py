"""The feed commands as a user and a script run them: JSON shapes, exit codes, and a fetch killed halfway."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from index import Library
from tests.index.feedgen import atom, items, rss
from tests.index.loopback import LoopbackServer, send
from tests.index.test_processes import alive, children, cli, stored_and_indexed, wait_until

ITEM_KEYS = {"status", "id", "source", "title", "url", "error"}


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", "--home", str(home), *args],
                          capture_output=True, text=True, timeout=300)


def lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    s = LoopbackServer()
    s.routes.update({
        "/news.rss": lambda h: send(h, 200, rss(items(3)), "application/rss+xml"),
        "/world.atom": lambda h: send(h, 200, atom(items(2, "world"), title="World Desk"), "application/atom+xml"),
        "/gone": lambda h: send(h, 410, b"gone", "text/plain"),
    })
    yield s
    s.close()


def test_add_json_prints_one_object_per_item_and_nothing_else(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "feed.xml").write_bytes(rss(items(3)))
    (folder / "a.txt").write_text("Harbour reopens\n\nThe harbour in Porto reopened on Monday.\n")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7")
    out = run("add", str(folder), "--json", home=tmp_path / "home")
    assert out.returncode == 1, out.stderr  # one file failed
    found = lines(out.stdout)
    assert all(set(row) == ITEM_KEYS for row in found)
    assert sorted(str(r["status"]) for r in found) == ["added"] * 4 + ["failed"]
    failed = next(r for r in found if r["status"] == "failed")
    assert failed["id"] is None and str(failed["error"]).startswith("in/scan.pdf: unsupported file type '.pdf'")
    assert {r["source"] for r in found if r["status"] == "added"} == {"Example News", "in"}
    assert "added 4, updated 0, unchanged 0" in out.stderr
    again = lines(run("add", str(folder / "feed.xml"), "--json", home=tmp_path / "home").stdout)
    assert [r["status"] for r in again] == ["unchanged"] * 3


def test_subscribe_list_export_and_unsubscribe(tmp_path: Path, server: LoopbackServer) -> None:
    home = tmp_path / "home"
    out = run("subscribe", server.url("/news.rss"), "--group", "Europe", home=home)
    assert out.returncode == 0 and f"subscribed to Example News ({server.url('/news.rss')}) in Europe" in out.stdout
    assert run("subscribe", server.url("/news.rss"), home=home).stderr.startswith(
        "newsdesk: error: already subscribed")
    assert run("subscribe", home=home).returncode == 2
    listed = json.loads(run("subscriptions", "--json", home=home).stdout)
    assert [(s["title"], s["group"], s["url"], s["unread"], s["last_fetch"]) for s in listed] == [
        ("Example News", "Europe", server.url("/news.rss"), 0, None)]
    opml = tmp_path / "subs.opml"
    assert run("export-opml", "-o", str(opml), home=home).returncode == 0
    other = tmp_path / "other"
    out = run("subscribe", "--opml", str(opml), home=other)
    assert out.returncode == 0 and "subscribed to 1 feed in 1 group" in out.stdout
    assert [(s["title"], s["group"], s["url"]) for s in json.loads(run("subscriptions", "--json", home=other).stdout)] \
        == [("Example News", "Europe", server.url("/news.rss"))]
    assert "unsubscribed from Example News" in run("unsubscribe", "example news", home=home).stdout
    assert json.loads(run("subscriptions", "--json", home=home).stdout) == []


def test_fetch_json_lines_exit_status_and_unread_until_shown(tmp_path: Path, server: LoopbackServer) -> None:
    home = tmp_path / "home"
    with Library(home) as library:
        library.feeds.subscribe_opml(f'<opml version="2.0"><body><outline xmlUrl="{server.url("/news.rss")}"/>'
                                     f'<outline xmlUrl="{server.url("/world.atom")}"/>'
                                     f'<outline text="Dead" xmlUrl="{server.url("/gone")}"/></body></opml>'.encode())
    out = run("fetch", "--json", home=home)
    assert out.returncode == 1, out.stderr
    found = lines(out.stdout)
    assert all(set(row) == ITEM_KEYS for row in found)
    assert sorted(str(r["status"]) for r in found) == ["added"] * 5 + ["failed"]
    dead = next(r for r in found if r["status"] == "failed")
    assert (dead["id"], dead["url"]) == (None, server.url("/gone")) and "gone (HTTP 410)" in str(dead["error"])
    assert f"failed: {server.url('/gone')}: gone (HTTP 410)" in out.stderr
    unread = json.loads(run("search", "is:unread", "--all-versions", "--json", home=home).stdout)
    assert len(unread) == 5
    assert run("show", str(unread[0]["id"]), home=home).returncode == 0
    assert len(json.loads(run("search", "is:unread", "--all-versions", "--json", home=home).stdout)) == 4
    subs = {s["title"]: s for s in json.loads(run("subscriptions", "--json", home=home).stdout)}
    assert sum(s["unread"] for s in subs.values()) == 4 and subs["Dead"]["last_error"].startswith("gone")
    assert run("fetch", "World Desk", "--json", home=home).returncode == 0  # by name; nothing new


def test_a_fetch_killed_halfway_is_finished_by_the_next_one(tmp_path: Path) -> None:
    server = LoopbackServer()
    feeds = 24
    for n in range(feeds):
        body = rss(items(15, f"feed{n}"), title=f"Feed {n}", site=f"https://feed{n}.example")

        def route(handler, body=body, slow=n % 2 == 1):  # type: ignore[no-untyped-def]
            if slow:
                time.sleep(8)  # still downloading when the first stories are stored
            send(handler, 200, body, "application/rss+xml")

        server.routes[f"/feed/{n}.xml"] = route
    home = tmp_path / "home"
    try:
        with Library(home) as library:
            outlines = "".join(f'<outline xmlUrl="{server.url(f"/feed/{n}.xml")}"/>' for n in range(feeds))
            library.feeds.subscribe_opml(f'<opml version="2.0"><body>{outlines}</body></opml>'.encode())
        proc = cli("fetch", home=home)
        workers: set[int] = set()

        def some_stored() -> bool:
            workers.update(children(proc.pid))
            if not (home / "library.db").exists():
                return False
            with sqlite3.connect(f"file:{home / 'library.db'}?mode=ro", uri=True) as conn:
                return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0]) > 0

        wait_until(some_stored, timeout=120)
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
        wait_until(lambda: not any(alive(w) for w in workers), timeout=5)
        stored, _ = stored_and_indexed(home)
        assert 0 < len(stored) < feeds * 15
        with Library(home) as library:  # feeds whose items were not all stored were not recorded as fetched
            assert any(s.last_fetch is None for s in library.feeds.list())
        again = cli("fetch", home=home)
        out, err = again.communicate(timeout=300)
        assert again.returncode == 0, err
    finally:
        server.close()
    stored, indexed = stored_and_indexed(home)
    assert len(stored) == feeds * 15 and stored == indexed
    with Library(home) as library:
        assert {(s.articles, s.unread) for s in library.feeds.list()} == {(15, 15)}
        urls = [a.url for a in library._store.all()]
        assert len(set(urls)) == len(urls) == feeds * 15
