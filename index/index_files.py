"""The index's files on disk: Whoosh's writer opened and closed safely, the record of what the index
holds, and clean-up after a write that failed (a full disk must not stay full of half a segment)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from .errors import StorageFull
from .sqlite import is_disk_full

#: Memory Whoosh may use for a writer's buffers, in MB.
WRITER_MB = 128


@contextmanager
def writing(ix: Any, path: Path) -> Iterator[Any]:
    """Whoosh's writer, committed when the block ends and cancelled if it fails.

    We hold the library lock, so a Whoosh lock held by someone else is a stray's: it is broken.

    Raises:
        StorageFull: when the disk is full (what a failed write left behind is removed first).
    """
    try:
        writer = _open_writer(ix)
    except BaseException as exc:
        _remove_unused(ix)
        raise_if_disk_full(exc, path)
        raise
    try:
        yield writer
        writer.commit()
    except BaseException as exc:
        with suppress(Exception):  # cancelling on a full disk can fail too
            writer.cancel()
        _remove_unused(ix)
        raise_if_disk_full(exc, path)
        raise


def mark(folder: Path, seq: int, path: Path) -> None:
    """Record, atomically and durably, that the index in `folder` holds the store's changes up to `seq`."""
    from .schema import SCHEMA_VERSION

    tmp = folder / "synced.tmp"
    try:
        with open(tmp, "w") as fh:
            fh.write(f"{seq} {SCHEMA_VERSION}")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, folder / "synced")
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise_if_disk_full(exc, path)
        raise


def read_mark(folder: Path) -> int | None:
    """The change number recorded by `mark`; None if missing, unreadable or of another schema."""
    from .schema import SCHEMA_VERSION

    try:
        seq, version = (folder / "synced").read_text().split()
        return int(seq) if int(version) == SCHEMA_VERSION else None
    except (OSError, ValueError):
        return None


def text_value(value: object) -> str:
    """A stored id as text (Whoosh's columns give bytes)."""
    return value.decode() if isinstance(value, bytes) else str(value)


def _open_writer(ix: Any) -> Any:
    """Whoosh's writer, breaking a Whoosh lock left by a stray process (we hold the library's lock)."""
    from whoosh.index import LockError

    try:
        return ix.writer(limitmb=WRITER_MB)
    except LockError:
        for stray in ix.storage.list():
            if stray.endswith("WRITELOCK"):
                ix.storage.delete_file(stray)
        return ix.writer(limitmb=WRITER_MB)


def _remove_unused(ix: Any) -> None:
    """Delete what a failed write left (segment files no commit refers to, temporary folders): on a
    full disk they would keep it full."""
    from whoosh.index import TOC, clean_files

    with suppress(Exception):
        toc = TOC.read(ix.storage, ix.indexname)
        clean_files(ix.storage, ix.indexname, toc.generation, toc.segments)
    for temporary in Path(ix.storage.folder).glob("*.tmp"):
        if temporary.is_dir():
            shutil.rmtree(temporary, ignore_errors=True)


def raise_if_disk_full(exc: BaseException, path: Path) -> None:
    """A full disk becomes one line that says what was not saved."""
    if is_disk_full(exc):
        raise StorageFull(f"{path}: the disk is full; the search index was not updated (the articles are "
                          "stored and will be indexed once space is freed)") from exc
