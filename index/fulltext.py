"""The Whoosh index: the one owner that opens, searches, updates and rebuilds it.

The index is derived from the article store. It records the store change
number it has caught up to (`synced`, written after each commit); bringing it
up to date applies exactly the later changes, so an interrupted update is
finished by the next one. Only the holder of the library's write lock writes
it. An index that cannot be read is set aside and rebuilt from the store.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import IndexDamaged, NewsdeskError
from .index_files import mark, raise_if_disk_full, read_mark, text_value, writing
from .lock import WriteLock
from .progress_models import Progress
from .store import Store

#: Articles between progress reports while indexing.
REPORT_EVERY = 50


@dataclass(frozen=True)
class IndexState:
    """How the index stands against the store."""

    exists: bool
    synced: int | None
    store_seq: int
    documents: int

    @property
    def current(self) -> bool:
        """True when the index holds every change of the store."""
        return self.exists and self.synced == self.store_seq


class FullText:
    """The index directory of one library home."""

    def __init__(self, path: Path, store: Store, lock: WriteLock) -> None:
        self.path = path
        self._store = store
        self._lock = lock
        self._guard = threading.RLock()
        self._ix: Any = None
        self._searcher: Any = None

    # State -------------------------------------------------------------------

    def synced(self) -> int | None:
        """The store change number the index holds everything up to; None if unknown or of another schema."""
        return read_mark(self.path)

    def state(self) -> IndexState:
        """Whether the index exists, what it has caught up to and how many articles it holds."""
        with self._guard:
            try:
                ix = self._open()
                documents = _doc_count(ix) if ix is not None else 0
            except IndexDamaged:
                ix, documents = None, 0
        return IndexState(ix is not None, self.synced() if ix is not None else None, self._store.seq(), documents)

    # Reading -----------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Any]:
        """A searcher on the latest commit; read everything needed before the block ends.

        Raises:
            IndexDamaged: when the index cannot be read (it is set aside for a rebuild).
        """
        with self._guard:
            try:
                if self._searcher is not None and not self._searcher.up_to_date():
                    self._drop_searcher()  # not refresh(): it reuses readers and misses deletions
                if self._searcher is None:
                    ix = self._open()
                    if ix is None:
                        raise IndexDamaged(f"{self.path}: there is no search index yet")
                    self._searcher = ix.searcher()
                yield self._searcher
            except (NewsdeskError, GeneratorExit, KeyboardInterrupt, MemoryError):
                raise
            except Exception as exc:  # noqa: BLE001 - a damaged index raises many kinds of error
                self._drop_searcher()
                raise self._damaged(exc) from exc

    def _open(self) -> Any:
        """The index, opened once; None when there is none."""
        if self._ix is None:
            from whoosh import index

            from . import whoosh_fixes
            from .schema import INDEX_NAME

            whoosh_fixes.apply()

            try:
                if not index.exists_in(str(self.path), INDEX_NAME):
                    return None
                self._ix = index.open_dir(str(self.path), indexname=INDEX_NAME)
            except Exception as exc:  # noqa: BLE001 - any failure to open means rebuild
                raise self._damaged(exc) from exc
        return self._ix

    def _damaged(self, exc: BaseException) -> IndexDamaged:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return IndexDamaged(f"{self.path}: the search index cannot be read ({reason})")

    def _drop_searcher(self) -> None:
        if self._searcher is not None:
            with suppress(Exception):  # closing a damaged searcher may fail too
                self._searcher.close()
            self._searcher = None

    def close(self) -> None:
        """Release the searcher and the index."""
        with self._guard:
            self._drop_searcher()
            self._ix = None

    # Writing -----------------------------------------------------------------

    def update(self, wait: bool = False) -> Iterator[Progress]:
        """Bring the index up to date with the store, yielding progress.

        Without `wait`, does nothing if another writer holds the lock (it will bring
        the index up to date itself); with it, waits for that writer first.
        """
        if not self._lock.try_acquire():
            if not wait:
                return
            yield Progress("wait", 0, 0, "waiting for another newsdesk to finish writing the index")
            self._lock.acquire()
        try:
            yield from self._update_locked()
        finally:
            self._lock.release()

    def rebuild(self) -> Iterator[Progress]:
        """Build a new index from the store alone and put it in place of the old one."""
        with self._lock.held(waiting=lambda: None):
            yield from self._rebuild_locked()

    def set_aside(self, reason: str) -> Path:
        """Move a damaged index out of the way (keeping one copy for inspection); returns where."""
        with self._lock.held(), self._guard:
            self._drop_searcher()
            self._ix = None
            target = self.path.with_name(self.path.name + ".damaged")
            shutil.rmtree(target, ignore_errors=True)
            if self.path.exists():
                os.replace(self.path, target)
                with suppress(OSError):  # the reason is in the notice too; a full disk must not stop the rebuild
                    (target / "REASON").write_text(reason + "\n")
            return target

    def _update_locked(self) -> Iterator[Progress]:
        with self._guard:
            try:
                ix = self._open()
            except IndexDamaged:
                ix = None
        synced, upto = self.synced(), self._store.seq()
        if ix is None or synced is None or synced > upto:
            yield from self._rebuild_locked()
            return
        if synced == upto:
            yield from self._repair_counts(ix)
            return
        total = self._store.count_changes(synced, upto)
        if total:
            yield Progress("index", 0, total, "updating the search index")
            with writing(ix, self.path) as writer:
                for article_id in self._store.removed(synced, upto):
                    writer.delete_by_term("id", article_id)
                yield from self._write_changes(writer, synced, upto, total)
        mark(self.path, upto, self.path)
        self._after_commit()

    def _write_changes(self, writer: Any, synced: int, upto: int, total: int) -> Iterator[Progress]:
        from .schema import document

        done = 0
        for done, article in enumerate(self._store.changes(synced, upto), 1):
            writer.update_document(**document(article))
            if done % REPORT_EVERY == 0:
                yield Progress("index", done, total, article.title)
        yield Progress("index", total, total, "committing the search index")

    def _repair_counts(self, ix: Any) -> Iterator[Progress]:
        """An index marked current must hold exactly the stored articles; mend it if not."""
        if _doc_count(ix) == self._store.count():
            return
        with ix.searcher() as searcher:
            reader = searcher.reader()
            column = reader.column_reader("id")
            indexed = {text_value(column[docnum]) for docnum in reader.all_doc_ids()}
        stored = self._store.ids()
        missing, extra = stored - indexed, indexed - stored
        yield Progress("index", 0, len(missing) + len(extra), "mending the search index")
        from .schema import document

        with writing(ix, self.path) as writer:
            for article_id in extra:
                writer.delete_by_term("id", article_id)
            for article_id in sorted(missing):
                article = self._store.get(article_id)
                if article is not None:
                    writer.update_document(**document(article))
        self._after_commit()

    def _rebuild_locked(self) -> Iterator[Progress]:
        from whoosh import index

        from .schema import INDEX_NAME, document, make_schema

        total, upto = self._store.count(), self._store.seq()
        yield Progress("index", 0, total, "building the search index")
        new = self.path.with_name(self.path.name + ".new")
        shutil.rmtree(new, ignore_errors=True)
        try:
            new.mkdir(parents=True)
            with writing(index.create_in(str(new), make_schema(), indexname=INDEX_NAME), self.path) as writer:
                for done, article in enumerate(self._store.all(), 1):
                    writer.add_document(**document(article))
                    if done % REPORT_EVERY == 0:
                        yield Progress("index", done, total, article.title)
                yield Progress("index", total, total, "committing the search index")
            mark(new, upto, self.path)
        except BaseException as exc:
            shutil.rmtree(new, ignore_errors=True)  # a half-built index must not fill the disk
            raise_if_disk_full(exc, self.path)
            raise
        with self._guard:
            self._drop_searcher()
            self._ix = None
            old = self.path.with_name(self.path.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if self.path.exists():
                os.replace(self.path, old)
            os.replace(new, self.path)
            shutil.rmtree(old, ignore_errors=True)
        yield Progress("done", total, total)

    def _after_commit(self) -> None:
        with self._guard:
            self._drop_searcher()


def _doc_count(ix: Any) -> int:
    """Live documents, from the segments' own counts (opening a reader to count them costs far more)."""
    try:
        return int(sum(segment.doc_count() for segment in ix._segments()))
    except Exception as exc:  # noqa: BLE001 - a damaged table of contents
        raise IndexDamaged(f"the search index cannot be read ({exc})") from exc
