"""Subscriptions: add, find, remove, import; what a fetch records; durability rules of the SQLite file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.feeds import parse_feed
from index.fetch import Fetcher, FetchRequest, FetchResult
from index.opml import read_opml, write_opml
from index.subscriptions import SubscriptionError, SubscriptionStore
from tests.index.loopback import LoopbackServer
from tests.index.test_fetch import ETAG, FEED, _feed, _redirect

SUBS = Path(__file__).resolve().parent.parent / "fixtures" / "feeds" / "opml" / "Subs.opml"


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[SubscriptionStore]:
    s = SubscriptionStore(tmp_path / "subscriptions.db")
    yield s
    s.close()


def test_add_list_find_and_remove_by_url_or_name(store: SubscriptionStore) -> None:
    a = store.add("https://a.example/feed", "Alpha News", "World")
    b = store.add("https://b.example/rss")
    assert [s.url for s in store.all()] == ["https://b.example/rss", "https://a.example/feed"]  # no group first
    assert (a.group, a.source, b.name, b.source) == ("World", "Alpha News", "https://b.example/rss", "b.example")
    assert store.find("alpha news") == a
    assert store.find("http://www.a.example/feed/?utm_source=x") == a  # another spelling of its URL
    assert store.remove("Alpha News") == a
    assert store.remove("https://b.example/rss") == b
    assert store.all() == []


def test_duplicates_and_unknown_names_are_clear_errors(store: SubscriptionStore) -> None:
    store.add("https://a.example/feed", "Alpha")
    with pytest.raises(SubscriptionError, match=r"^already subscribed to https://a.example/feed as 'Alpha'$"):
        store.add("https://a.example/feed")
    with pytest.raises(SubscriptionError, match=r"already subscribed to http://a.example/feed/ "
                                                r"\(https://a.example/feed\) as 'Alpha'"):
        store.add("http://a.example/feed/")
    with pytest.raises(SubscriptionError, match="^no subscription with the URL or name 'Beta'$"):
        store.remove("Beta")
    store.add("https://c.example/feed", "Alpha")
    with pytest.raises(SubscriptionError, match="2 subscriptions match 'alpha'.*give the URL"):
        store.find("alpha")


def test_an_opml_import_keeps_every_feed_and_folder_and_can_be_exported(store: SubscriptionStore) -> None:
    added, existing = store.add_many(read_opml(SUBS.read_bytes()).feeds)
    assert (len(added), len(existing), len(store.all())) == (207, 0, 207)
    assert {s.group for s in store.all()} == {"", "Programming", "Macintosh", "Weblogs", "Writers"}
    added, existing = store.add_many(read_opml(SUBS.read_bytes()).feeds)
    assert (len(added), len(existing)) == (0, 207)
    exported = read_opml(write_opml(s.as_opml() for s in store.all()))
    assert sorted(exported.feeds, key=lambda f: f.url) == sorted(read_opml(SUBS.read_bytes()).feeds,
                                                                 key=lambda f: f.url)


def _result(sub_id: int, **fields: object) -> FetchResult:
    return FetchResult(FetchRequest("https://a.example/feed", key=sub_id), **fields)  # type: ignore[arg-type]


def test_what_a_fetch_records(store: SubscriptionStore) -> None:
    sub = store.add("https://a.example/feed")
    ok = store.record(_result(sub.id, status="ok", http_status=200, content=b"<rss/>", etag='"1"',
                              last_modified="Wed, 29 May 2019 10:16:00 GMT"), title="Alpha", site_url="https://a.example/")
    assert (ok.title, ok.site_url, ok.etag, ok.last_status, ok.failures, ok.last_error) == (
        "Alpha", "https://a.example/", '"1"', 200, 0, "")
    assert ok.last_success == ok.last_fetch and ok.content_hash
    assert ok.request() == FetchRequest(ok.url, '"1"', "Wed, 29 May 2019 10:16:00 GMT", key=ok.id)

    failed = store.record(_result(sub.id, status="failed", http_status=503, error="server unavailable"))
    assert (failed.failures, failed.last_error, failed.etag, failed.last_success) == (
        1, "server unavailable", '"1"', ok.last_success)

    limited = store.record(_result(sub.id, status="failed", http_status=429, error="rate limited",
                                   retry_after=3600))
    assert limited.failures == 2 and limited.not_before and store.due() == []

    same = store.record(_result(sub.id, status="not-modified", http_status=304, etag='"1"'), title="Renamed")
    assert (same.failures, same.last_error, same.not_before, same.title) == (0, "", None, "Alpha")
    assert store.due() == [same]

    broken = store.record(_result(sub.id, status="ok", http_status=200, content=b"<html>", etag='"2"'),
                          error="an HTML page, not a feed")
    assert (broken.last_error, broken.failures, broken.etag) == ("an HTML page, not a feed", 1, '"1"')


def test_a_permanent_redirect_moves_the_subscription(store: SubscriptionStore) -> None:
    sub = store.add("https://old.example/feed", "Moving")
    store.add("https://taken.example/feed")
    moved = store.record(_result(sub.id, status="ok", http_status=200, content=b"x",
                                 permanent_url="https://new.example/feed"))
    assert moved.url == "https://new.example/feed" and store.find("https://new.example/feed").title == "Moving"
    clash = store.record(_result(sub.id, status="ok", http_status=200, content=b"x",
                                 permanent_url="https://taken.example/feed"))
    assert clash.url == "https://new.example/feed" and "which is another subscription" in clash.last_error


def test_fetch_record_refetch_over_http_and_a_kill_before_record_loses_nothing(store: SubscriptionStore) -> None:
    server = LoopbackServer()
    server.routes.update({"/feed.xml": _feed, "/old": _redirect(301, "/feed.xml")})
    try:
        fetcher = Fetcher(timeout=1, total_timeout=2)
        sub = store.add(server.url("/old"))
        first = fetcher.fetch(sub.request())
        items = parse_feed(first.content or b"", first.final_url).items
        # Killed here, after storing the items but before recording: the next fetch asks again.
        again = fetcher.fetch(store.get(sub.id).request())
        assert again.status == "ok" and [i.id for i in parse_feed(again.content or b"").items] == [i.id for i in items]
        recorded = store.record(again, title="Loopback News")
        assert recorded.url == server.url("/feed.xml") and recorded.etag == ETAG
        assert fetcher.fetch(recorded.request()).status == "not-modified"
    finally:
        server.close()
    assert FEED  # the served feed is the one test_fetch checks in detail


def test_the_file_is_durable_and_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "subscriptions.db"
    SubscriptionStore(path).add("https://a.example/feed")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    second = SubscriptionStore(path)  # another running newsdesk
    second.add("https://b.example/feed")
    assert len(SubscriptionStore(path).all()) == 2
    assert second._conn().execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    with pytest.raises(SubscriptionError, match="made by a newer newsdesk"):
        SubscriptionStore(path)


def test_a_first_schema_file_is_upgraded_and_ids_are_never_reused(tmp_path: Path) -> None:
    from index.subscription_schema import MIGRATIONS

    path = tmp_path / "subscriptions.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[1])
    conn.executemany("INSERT INTO subscriptions(id, url, url_key, title, added) VALUES (?, ?, ?, ?, '2026-01-01')",
                     [(1, "https://a.example/feed", "a.example/feed", "A"), (2, "https://b.example/feed",
                                                                            "b.example/feed", "B")])
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    store = SubscriptionStore(path)
    assert [(s.id, s.title) for s in store.all()] == [(1, "A"), (2, "B")]
    assert (tmp_path / "subscriptions.db.v1.bak").exists()
    store.remove("B")
    assert store.add("https://c.example/feed").id == 3  # articles remember which id brought them
    store.close()
