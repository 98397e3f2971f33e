"""A full disk: writes fail with one line that names the disk and what was not saved, nothing stored
is lost, reading goes on, and once space is freed everything carries on with no manual step."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from index import Library, NewsdeskError, StorageFull, StoreError
from tests.conftest import drain
from tests.corpus import make_folder


def _page_count(library: Library) -> int:
    return int(library._store._conn().execute("PRAGMA page_count").fetchone()[0])


def fill_store(library: Library) -> None:
    """SQLite's own 'database or disk is full', for this thread's store connection: no page may be added."""
    library._store._conn().execute(f"PRAGMA max_page_count = {_page_count(library)}")


def free_store(library: Library) -> None:
    library._store._conn().execute("PRAGMA max_page_count = 1073741823")


@pytest.fixture
def full_index_disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every write to an index file fails as a full disk makes it fail."""
    from whoosh.filedb import structfile

    def no_space(self: object, *args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(structfile.StructFile, "write", no_space)
    yield


def test_a_full_store_stops_an_add_with_one_line_and_keeps_what_was_stored(library: Library, tmp_path: Path) -> None:
    drain(library.add([make_folder(tmp_path / "a", 5)]))
    fill_store(library)
    with pytest.raises(StoreError) as caught:
        drain(library.add([make_folder(tmp_path / "b", 30, start=100)]))
    message = str(caught.value)
    assert "library.db" in message and "disk is full" in message and "\n" not in message
    assert library.article_count() == 5 and library.search("").total == 5  # reading goes on
    free_store(library)
    final = drain(library.add([tmp_path / "b"]))
    assert final.added == 30 and library.search("").total == 35


def test_a_full_disk_under_the_index_leaves_the_articles_stored_and_searchable_later(
        library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drain(library.add([make_folder(tmp_path / "a", 5)]))
    from whoosh.filedb import structfile

    real_write = structfile.StructFile.write

    def no_space(self: object, *args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(structfile.StructFile, "write", no_space)
    with pytest.raises(StorageFull, match="disk is full; the search index was not updated"):
        drain(library.add([make_folder(tmp_path / "b", 12, start=100)]))
    assert library.article_count() == 17  # stored, the truth
    drain(library.prepare())  # a reader on a full disk: told, not stopped
    assert any("disk is full" in n for n in library.notices())
    assert library.search("").total == 5
    monkeypatch.setattr(structfile.StructFile, "write", real_write)  # space freed
    drain(library.prepare())
    assert library.search("").total == 17
    assert not [p for p in (library.home / "index").iterdir() if p.name.endswith(".tmp")]


def test_bookmarks_on_a_full_disk_say_so_and_keep_the_others(seeded_copy: Library) -> None:
    from tests.conftest import SEED_ID_PREFIX

    seeded_copy.bookmarks.add(SEED_ID_PREFIX, quote="Lloyd Austin has warned", note="kept")
    conn = seeded_copy.bookmarks._marks._conn()
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(NewsdeskError, match="bookmarks.db: the disk is full") as caught:
        seeded_copy.bookmarks.add(SEED_ID_PREFIX, quote="North Korea", note="x" * 100_000)
    assert "\n" not in str(caught.value)
    assert [b.note for b in seeded_copy.bookmarks.list()] == ["kept"]


def _mount_small(where: Path) -> bool:
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(where)], capture_output=True)
    return done.returncode == 0


def test_on_a_really_full_disk_reading_works(tmp_path: Path) -> None:
    mount = tmp_path / "small"
    if os.geteuid() != 0 or not _mount_small(mount):
        pytest.skip("mounting a small file system is not allowed here (the fault script covers it)")
    try:
        home = mount / "home"
        with Library(home) as lib:
            drain(lib.add([make_folder(tmp_path / "a", 20)]))
        with open(mount / "filler", "wb") as fh:
            stat = os.statvfs(mount)
            fh.write(b"\0" * (stat.f_bavail * stat.f_frsize))
        with Library(home) as lib:
            assert lib.search("oil").total > 0
            assert lib.stats().articles == 20
            assert lib.bookmarks.list() == []
            with pytest.raises(NewsdeskError, match="disk is full"):
                lib.bookmarks.add(lib.search("").hits[0].id, quote="Markets")
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)
