"""Watchlists store: unique names, queries kept as typed, the seen mark and the new-since-seen rule,
durability across processes, schema versions."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from index.errors import NotFound, QueryError
from index.watch_counts import WatchCounter
from index.watchlists import SCHEMA_VERSION, Watchlist, WatchlistError, WatchlistNotFound, WatchlistStore
from tests.conftest import ROOT


@pytest.fixture
def store(tmp_path: Path) -> WatchlistStore:
    return WatchlistStore(tmp_path / "watchlists.db")


def test_add_get_and_list_by_name(store: WatchlistStore) -> None:
    store.add("Ukraine", 'actor:"Ukraine" OR kyiv', seen_upto=120)
    store.add("budget", "budget deficit")
    ukraine = store.get("ukraine")
    assert (ukraine.name, ukraine.query, ukraine.seen_upto, ukraine.seen_at) == (
        "Ukraine", 'actor:"Ukraine" OR kyiv', 120, None)
    assert ukraine.created.endswith("Z")
    assert [w.name for w in store.all()] == ["budget", "Ukraine"]


def test_names_are_unique_whatever_the_case_with_a_clear_error(store: WatchlistStore) -> None:
    store.add("North Korea", "korea")
    with pytest.raises(WatchlistError, match="a watchlist named 'North Korea' already exists"):
        store.add("north  KOREA", "pyongyang")
    store.add("Russia", "russia")
    with pytest.raises(WatchlistError, match="already exists"):
        store.rename("russia", "North Korea")
    assert [(w.name, w.query) for w in store.all()] == [("North Korea", "korea"), ("Russia", "russia")]


@pytest.mark.parametrize("name, query, message", [
    ("   ", "korea", "needs a name"),
    ("korea", "  ", "needs a query"),
    ("bad\x1b[31mname", "korea", "control characters"),
    ("x" * 81, "korea", "longer than 80"),
])
def test_bad_names_and_empty_queries_are_refused(store: WatchlistStore, name: str, query: str,
                                                 message: str) -> None:
    with pytest.raises(WatchlistError, match=message):
        store.add(name, query)
    assert store.all() == []


def test_a_query_that_does_not_parse_is_kept_as_typed(store: WatchlistStore) -> None:
    store.add("old field", 'section:politics AND (blair OR "brown')
    assert store.get("old field").query == 'section:politics AND (blair OR "brown'
    fixed = store.set_query("old field", "source:politics")
    assert fixed.query == "source:politics" and fixed.name == "old field"


def test_unknown_names_are_not_found(store: WatchlistStore) -> None:
    with pytest.raises(WatchlistNotFound, match="no watchlist named 'nothing'"):
        store.get("nothing")
    with pytest.raises(NotFound):
        store.remove("nothing")


def test_rename_and_remove(store: WatchlistStore) -> None:
    store.add("tsunami", "tsunami", seen_upto=3)
    renamed = store.rename("TSUNAMI", "Asian tsunami")
    assert (renamed.name, renamed.query, renamed.seen_upto) == ("Asian tsunami", "tsunami", 3)
    assert store.remove("asian tsunami") == renamed
    assert store.all() == []


def test_new_since_seen_follows_the_added_numbers(store: WatchlistStore) -> None:
    """An article is new when added > seen_upto (and it matches the query now: the caller's search)."""
    store.add("korea", "korea", seen_upto=10)
    before = store.get("korea")
    assert [n for n in range(8, 14) if before.is_new(n)] == [11, 12, 13]
    # The reader was shown results up to article 12; article 13 arrived meanwhile and stays new.
    after = store.mark_seen("korea", upto=12)
    assert after.seen_upto == 12 and after.seen_at is not None
    assert [n for n in range(8, 14) if after.is_new(n)] == [13]
    # The mark never moves back: a slower program marking an older view changes nothing.
    assert store.mark_seen("korea", upto=5).seen_upto == 12


def new_articles(watchlist: Watchlist, added: dict[str, int], matches: set[str]) -> list[str]:
    """The rule, applied to a library given as id -> added number and the ids the query matches now."""
    return sorted(i for i, n in added.items() if i in matches and watchlist.is_new(n))


def test_the_rule_uses_what_matches_now(store: WatchlistStore) -> None:
    watch = store.add("Kim", 'actor:"Kim Jong-un"', seen_upto=2)
    added = {"a": 1, "b": 2, "c": 3, "d": 4}
    assert new_articles(watch, added, matches={"a", "c"}) == ["c"]
    # An actor merge makes d mention Kim too: it is new at once; a, though matching, was seen.
    assert new_articles(watch, added, matches={"a", "c", "d"}) == ["c", "d"]
    # A changed file keeps its number: re-ingesting b (seen) does not make it new.
    assert new_articles(watch, added, matches={"b", "c", "d"}) == ["c", "d"]


def test_a_second_process_sees_every_write(store: WatchlistStore, tmp_path: Path) -> None:
    store.add("first", "one")
    code = ("import sys; from pathlib import Path; from index.watchlists import WatchlistStore; "
            "s = WatchlistStore(Path(sys.argv[1])); s.add('second', 'two'); s.mark_seen('first', 7); "
            "print(','.join(w.name for w in s.all()))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "watchlists.db")], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "first,second"
    assert [(w.name, w.seen_upto) for w in store.all()] == [("first", 7), ("second", 0)]


def test_opens_with_wal_and_full_sync(store: WatchlistStore) -> None:
    conn = store._conn()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_schema_version_is_recorded_and_a_newer_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "watchlists.db"
    WatchlistStore(path).add("kept", "korea")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert WatchlistStore(path).get("kept").query == "korea"  # reopening keeps everything
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(WatchlistError, match="made by a newer newsdesk"):
        WatchlistStore(path)


def test_an_unreadable_file_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "watchlists.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(WatchlistError, match="watchlists.db"):
        WatchlistStore(path)


# Counting ---------------------------------------------------------------------------------------

class Library:
    """A stand-in for the search index: articles as (added, words); a query is one word or 'bad('."""

    def __init__(self) -> None:
        self.articles: dict[int, set[str]] = {}
        self.questions = 0

    def add(self, *texts: str) -> int:
        for text in texts:
            self.articles[len(self.articles) + 1] = set(text.split())
        return len(self.articles)

    def count(self, query: str, after: int) -> int:
        self.questions += 1
        return sum(1 for n, words in self.key(query) and self.articles.items() if n > after and query in words)

    def key(self, query: str) -> str:
        if "(" in query:
            raise QueryError(f"query {query!r}: unbalanced parenthesis")
        return query


def test_counts_after_an_add_equal_a_full_recount(store: WatchlistStore) -> None:
    library = Library()
    upto = library.add("korea russia", "korea", "budget", "russia troops")
    store.add("korea", "korea", seen_upto=upto)
    store.add("russia", "russia")
    store.add("broken", "section:(politics")
    counter = WatchCounter()
    first = counter.recount(store.all(), library, upto)
    assert [(c.watchlist.name, c.total, c.new, c.error) for c in first] == [
        ("russia", 2, 2, None), ("korea", 2, 0, None),
        ("broken", 0, 0, "query 'section:(politics': unbalanced parenthesis")]
    upto = library.add("korea talks", "korea russia summit", "weather")
    library.questions = 0
    after = counter.added(store.all(), library, upto)
    assert library.questions == 2  # one question each about the newcomers (the broken one still fails to parse)
    assert [(c.watchlist.name, c.total, c.new) for c in after] == [("russia", 3, 3), ("korea", 4, 2), ("broken", 0, 0)]
    assert after == WatchCounter().recount(store.all(), library, upto)


def test_a_changed_seen_mark_or_query_is_counted_again(store: WatchlistStore) -> None:
    library = Library()
    upto = library.add("korea", "korea", "russia")
    store.add("korea", "korea")
    counter = WatchCounter()
    assert counter.recount(store.all(), library, upto)[0].new == 2
    store.mark_seen("korea", upto)
    upto = library.add("korea again")
    assert [(c.total, c.new) for c in counter.added(store.all(), library, upto)] == [(3, 1)]
    store.set_query("korea", "russia")
    assert [(c.total, c.new) for c in counter.added(store.all(), library, upto)] == [(1, 0)]
