"""Damaged files: a damaged index heals on the next search, a damaged bookmarks or actors file is
set aside (never overwritten) and a fresh one started, the article store is never thrown away."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from index import Library, StoreError
from tests.conftest import SEED_ID_PREFIX


def flip_bytes(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(len(data) // 10, len(data) * 9 // 10, 61):  # postings and stored texts alike
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def remove(path: Path) -> None:
    path.unlink()


def segment(home: Path) -> Path:
    return max((home / "index").glob("*.seg"), key=lambda p: p.stat().st_size)


def toc(home: Path) -> Path:
    return next((home / "index").glob("*.toc"))


@pytest.mark.parametrize(("damage", "where"), [
    (flip_bytes, segment), (truncate, segment), (remove, toc), (flip_bytes, toc),
], ids=["flipped segment", "truncated segment", "missing toc", "flipped toc"])
def test_a_damaged_index_heals_on_the_next_search_and_bookmarks_stay(
        seeded_copy: Library, damage: Callable[[Path], None], where: Callable[[Path], Path]) -> None:
    home = seeded_copy.home
    before = [h.id for h in seeded_copy.search('"North Korean troops" OR kursk OR korea', limit=50)]
    mark = seeded_copy.bookmarks.add(SEED_ID_PREFIX, quote="Lloyd Austin has warned", note="kept")
    seeded_copy.close()
    damage(where(home))
    with Library(home) as lib:
        after = [h.id for h in lib.search('"North Korean troops" OR kursk OR korea', limit=50)]
        notices = lib.notices()
        assert [b.note for b in lib.bookmarks.list()] == ["kept"]
        assert lib.bookmarks.of_article(mark.article_id)[0].start == mark.start
    assert after == before
    assert any("set aside" in n and "rebuilt" in n for n in notices), notices
    assert (home / "index.damaged").is_dir()


def test_damage_found_by_a_search_is_repaired_by_the_caller_when_it_asks(seeded_copy: Library) -> None:
    from index import IndexDamaged

    home = seeded_copy.home
    seeded_copy.close()
    flip_bytes(segment(home))
    with Library(home) as lib:
        with pytest.raises(IndexDamaged, match="cannot be read"):
            lib.search("korea", repair=False)
        steps = list(lib.repair("the index was damaged"))
        assert steps[-1].phase == "done" and steps[-1].total == 25
        assert lib.search("korea", repair=False).total >= 1


def test_a_damaged_bookmarks_file_is_set_aside_and_a_fresh_one_started(seeded_copy: Library) -> None:
    home = seeded_copy.home
    seeded_copy.bookmarks.add(SEED_ID_PREFIX, quote="Lloyd Austin has warned", note="old")
    seeded_copy.close()
    for side in ("bookmarks.db-wal", "bookmarks.db-shm"):
        (home / side).unlink(missing_ok=True)
    garbage = b"this is not a database " * 200
    (home / "bookmarks.db").write_bytes(garbage)
    with Library(home) as lib:
        assert lib.bookmarks.list() == []
        lib.bookmarks.add(SEED_ID_PREFIX, quote="Lloyd Austin has warned", note="new")
        notices = lib.notices()
        stats = lib.stats()
    kept = list(home.glob("bookmarks.db.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == garbage  # never overwritten
    assert any(str(kept[0].name) in n and "recover" in n for n in notices), notices
    assert stats.set_aside == (kept[0].name,)
    with Library(home) as lib:
        assert [b.note for b in lib.bookmarks.list()] == ["new"]
        assert lib.notices() == []  # told once


def test_a_damaged_actor_corrections_file_is_set_aside(seeded_copy: Library) -> None:
    home = seeded_copy.home
    seeded_copy.actors.hide("Defense")
    seeded_copy.close()
    (home / "actors.db").write_bytes(b"\x00garbage" * 100)
    for side in ("actors.db-wal", "actors.db-shm"):
        (home / side).unlink(missing_ok=True)
    with Library(home) as lib:
        assert lib.search("korea").total >= 1
        assert lib.actors.list()
        assert any("actors.db" in n for n in lib.notices())
    assert list(home.glob("actors.db.damaged-*"))


def test_a_damaged_article_store_is_never_thrown_away(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "library.db").write_bytes(b"not sqlite" * 100)
    with pytest.raises(StoreError, match="library.db"):
        Library(home)
    assert (home / "library.db").read_bytes() == b"not sqlite" * 100
    assert not list(home.glob("library.db.damaged-*"))


def test_a_store_from_a_newer_newsdesk_is_refused_and_left_alone(seeded_copy: Library) -> None:
    home = seeded_copy.home
    seeded_copy.close()
    with sqlite3.connect(home / "library.db") as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="newer newsdesk"):
        Library(home)
