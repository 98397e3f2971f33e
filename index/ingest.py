"""Ingestion: paths -> parsed files -> entities -> store and index, with progress.

The pipeline is a generator of `Progress` so the CLI and the TUI can show it
and stop it between articles. Files are hashed first: unchanged files and exact
duplicates never reach the model. The model streams its results, so storing and
indexing one article overlaps with extracting the next ones.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .entities import Extractor
from .formats import SUPPORTED_SUFFIXES, ParsedFile, UnreadableFile, parse
from .fulltext import document
from .models import Article, Failure, Phase, Progress
from .store import Store

if TYPE_CHECKING:
    from whoosh.writing import IndexWriter


class IndexTarget(Protocol):
    """Where ingested articles are indexed: hands out a writer and commits it."""

    def writer(self) -> IndexWriter:
        """An open writer (raises if another process holds the lock)."""

    def commit(self, writer: IndexWriter) -> None:
        """Commit a writer and record that the index matches the store."""

#: Articles stored per SQLite transaction: a kill loses at most this many.
BATCH = 200
#: Files larger than this are refused: no news article is 20 MB of text.
MAX_BYTES = 20 * 1024 * 1024


@dataclass
class _Pending:
    """A file that must be (re)stored: its parsed fields and the id it will have."""

    path: str
    content_hash: str
    parsed: ParsedFile
    article_id: str
    replaces: bool


@dataclass
class _Tally:
    """Running counts for progress reports."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)
    links: list[tuple[str, str, str, str | None]] = field(default_factory=list)

    def progress(self, phase: Phase, done: int, total: int, current: str = "") -> Progress:
        return Progress(phase, done, total, current, self.added, self.updated, self.unchanged,
                        self.duplicates, tuple(self.failures))


def scan(paths: Iterable[str | os.PathLike[str]], tally: _Tally) -> list[tuple[Path, str]]:
    """Every file under the given paths, with the source name to use for plain text.

    Hidden files and folders are skipped inside folders; unsupported files inside
    folders are reported as failures so nothing is silently ignored.
    """
    found: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            tally.failures.append(Failure(str(raw), "no such file or folder"))
        elif path.is_dir():
            source = path.resolve().name
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        found.append((Path(root) / name, source))
        else:
            found.append((path, path.resolve().parent.name))
    return found


def read(files: list[tuple[Path, str]], store: Store, tally: _Tally) -> Iterator[_Pending | Progress]:
    """Hash and parse each file, yielding the ones that need storing and progress."""
    seen: dict[str, str] = {}
    for done, (path, source) in enumerate(files, 1):
        key = str(path.resolve())
        try:
            pending = _read_one(path, key, source, store, seen, tally)
        except UnreadableFile as exc:
            tally.failures.append(Failure(str(path), str(exc)))
            pending = None
        except OSError as exc:
            tally.failures.append(Failure(str(path), exc.strerror or str(exc)))
            pending = None
        if pending is not None:
            yield pending
        if done % 25 == 0 or done == len(files):
            yield tally.progress("read", done, len(files), str(path))


def _read_one(path: Path, key: str, source: str, store: Store, seen: dict[str, str],
              tally: _Tally) -> _Pending | None:
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        parse(path.name, b"")  # raises the one-line "unsupported file type" reason
    if path.stat().st_size > MAX_BYTES:
        raise UnreadableFile(f"file is larger than {MAX_BYTES // 1024 // 1024} MB")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    known = store.file_hash(key)
    if known and known[0] == digest:
        tally.unchanged += 1
        return None
    same = seen.get(digest)
    if same:
        # Its twin in this run is not stored yet: link the path once it is.
        tally.links.append((key, digest, same, known[1] if known else None))
        tally.duplicates += 1
        return None
    same = store.article_for_hash(digest)
    if same:
        with store.transaction() as conn:
            _link(store, conn, key, digest, same, known[1] if known else None)
        tally.duplicates += 1
        return None
    parsed = parse(path.name, data, source)
    article_id = known[1] if known else digest[:16]
    seen[digest] = article_id
    return _Pending(key, digest, parsed, article_id, replaces=known is not None)


def ingest(paths: Iterable[str | os.PathLike[str]], store: Store, target: IndexTarget,
           extractor: Extractor) -> Iterator[Progress]:
    """Add files and folders to the library, yielding progress; the last item has phase "done"."""
    tally = _Tally()
    files = scan(paths, tally)
    yield tally.progress("scan", len(files), len(files))
    pending: list[_Pending] = []
    for item in read(files, store, tally):
        if isinstance(item, Progress):
            yield item
        else:
            pending.append(item)
    if pending:
        yield from _extract_and_store(pending, store, target, extractor, tally)
    if tally.links:
        with store.transaction() as conn:
            for link in tally.links:
                _link(store, conn, *link)
    yield tally.progress("done", len(pending), len(pending))


def _extract_and_store(pending: list[_Pending], store: Store, target: IndexTarget,
                       extractor: Extractor, tally: _Tally) -> Iterator[Progress]:
    total = len(pending)
    yield tally.progress("extract", 0, total, "loading the entity model")
    extractor.load()
    writer = target.writer()
    batch: list[tuple[Article, _Pending]] = []
    committed = False
    try:
        texts = [p.parsed.text for p in pending]
        for done, (item, entities) in enumerate(zip(pending, extractor.extract_many(texts), strict=False), 1):
            article = _article(item, tuple(entities))
            batch.append((article, item))
            doc = document(article)
            if item.replaces:
                writer.delete_by_term("id", article.id)
            writer.add_document(**doc)
            if len(batch) >= BATCH:
                _flush(batch, store, tally)
            yield tally.progress("extract", done, total, item.path)
        _flush(batch, store, tally)
        yield tally.progress("index", total, total, "committing the index")
        target.commit(writer)
        committed = True
    finally:
        if not committed:
            # Stopped early (cancelled or failed): keep what was extracted. If the
            # index cannot be committed, the store is still right and a stale
            # index is rebuilt from it on the next open.
            _flush(batch, store, tally)
            try:
                target.commit(writer)
            except Exception:  # noqa: BLE001
                writer.cancel()


def _link(store: Store, conn: object, path: str, digest: str, article_id: str,
          previous: str | None) -> None:
    """Point a path at an existing article; drop the article it held before if now unused."""
    store.link_file(conn, path, digest, article_id)  # type: ignore[arg-type]
    if previous and previous != article_id:
        store.delete_if_unreferenced(conn, previous)  # type: ignore[arg-type]


def _flush(batch: list[tuple[Article, _Pending]], store: Store, tally: _Tally) -> None:
    if not batch:
        return
    with store.transaction() as conn:
        for article, item in batch:
            store.put(conn, article, item.content_hash)
            store.link_file(conn, item.path, item.content_hash, article.id)
            if item.replaces:
                tally.updated += 1
            else:
                tally.added += 1
    batch.clear()


def _article(item: _Pending, entities: tuple) -> Article:  # type: ignore[type-arg]
    p = item.parsed
    return replace(
        Article(id=item.article_id, title=p.title, text=p.text, source=p.source, date=p.date,
                url=p.url, authors=p.authors, format=p.format, path=item.path),
        entities=entities)
