"""Ingestion: paths -> parsed files -> entities -> the store, then the index, with progress.

The pipeline is a generator of `Progress` so the CLI and the TUI can show it
and stop it between articles. Files are hashed first: unchanged files and exact
duplicates never reach the model. Extracted articles are stored every few
seconds (a kill loses at most that much work), and the index catches up from
the store as it goes; when `ingest` returns, every stored article is searchable.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .entities import Extractor
from .formats import SUPPORTED_SUFFIXES, ParsedFile, UnreadableFile, parse
from .fulltext import FullText
from .models import Article, Entity, Failure, Phase, Progress
from .scan import FoundFile, printable, scan
from .store import Store
from .store_rows import PathKey

#: Store extracted articles at least this often (articles or seconds): a kill loses at most this much.
STORE_EVERY = 200
STORE_SECONDS = 2.0
#: Let the index catch up at least this often while extracting (articles stored or seconds).
INDEX_EVERY = 500
INDEX_SECONDS = 10.0
#: Files larger than this are refused: no news article is 20 MB of text.
MAX_BYTES = 20 * 1024 * 1024


@dataclass
class _Pending:
    """A file that must be (re)stored: its parsed fields and the id it will have."""

    key: PathKey
    shown: str
    location: str
    content_hash: str
    parsed: ParsedFile
    article_id: str
    replaces: bool


@dataclass
class _Link:
    """A path whose content is an article stored under another path."""

    key: PathKey
    content_hash: str
    article_id: str
    previous: str | None


@dataclass
class _Tally:
    """Running counts for progress reports."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    notes: list[Failure] = field(default_factory=list)
    links: list[_Link] = field(default_factory=list)
    changed_ids: list[str] = field(default_factory=list)

    def progress(self, phase: Phase, done: int, total: int, current: str = "") -> Progress:
        return Progress(phase, done, total, current, self.added, self.updated, self.unchanged,
                        self.duplicates, tuple(self.failures), self.skipped, tuple(self.notes))


def ingest(paths: Iterable[str | os.PathLike[str]], store: Store, fulltext: FullText,
           extractor: Extractor, exclude: Sequence[str] = (), tally: _Tally | None = None) -> Iterator[Progress]:
    """Add files and folders to the library, yielding progress; the last item has phase "done"."""
    tally = tally or _Tally()
    found = scan(paths, exclude)
    tally.failures.extend(found.failures)
    tally.notes.extend(found.skipped)
    tally.skipped = len(found.skipped) + found.excluded
    yield tally.progress("scan", len(found.files), len(found.files))
    pending: list[_Pending] = []
    for item in read(found.files, store, tally):
        if isinstance(item, Progress):
            yield item
        else:
            pending.append(item)
    try:
        if pending:
            yield from _extract_and_store(pending, store, fulltext, extractor, tally)
    finally:
        _write_links(store, tally)
    yield from fulltext.update(wait=True)
    yield tally.progress("done", len(pending), len(pending))


def read(files: list[FoundFile], store: Store, tally: _Tally) -> Iterator[_Pending | Progress]:
    """Hash and parse each file, yielding the ones that need storing and progress."""
    seen: dict[str, str] = {}
    for done, found in enumerate(files, 1):
        try:
            pending = _read_one(found, store, seen, tally)
        except UnreadableFile as exc:
            tally.failures.append(Failure(found.shown, str(exc)))
            pending = None
        except OSError as exc:
            tally.failures.append(Failure(found.shown, exc.strerror or str(exc)))
            pending = None
        if pending is not None:
            yield pending
        if done % 25 == 0 or done == len(files):
            yield tally.progress("read", done, len(files), found.shown)


def read_bytes(path: Path) -> bytes:
    """A regular file's bytes; never blocks on a pipe that appeared since the scan.

    Raises:
        UnreadableFile: for anything but a regular file, or a file over MAX_BYTES.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("not a regular file; not read")
        if info.st_size > MAX_BYTES:
            raise UnreadableFile(f"file is larger than {MAX_BYTES // 1024 // 1024} MB")
        return fh.read(MAX_BYTES + 1)


def _read_one(found: FoundFile, store: Store, seen: dict[str, str], tally: _Tally) -> _Pending | None:
    if found.path.suffix.lower() not in SUPPORTED_SUFFIXES:
        parse(found.path.name, b"")  # raises the one-line "unsupported file type" reason
    data = read_bytes(found.path)
    digest = hashlib.sha256(data).hexdigest()
    known = store.file_record(found.key)
    if known and known.content_hash == digest:
        tally.unchanged += 1
        return None
    previous = known.article_id if known else None
    twin = seen.get(digest) or store.article_for_hash(digest)
    if twin:
        tally.links.append(_Link(found.key, digest, twin, previous))
        tally.duplicates += 1
        return None
    parsed = parse(found.path.name, data, found.source)
    article_id = previous or digest[:16]
    seen[digest] = article_id
    location = printable(str(found.path.resolve()))
    return _Pending(found.key, found.shown, location, digest, parsed, article_id, replaces=known is not None)


def _extract_and_store(pending: list[_Pending], store: Store, fulltext: FullText,
                       extractor: Extractor, tally: _Tally) -> Iterator[Progress]:
    total = len(pending)
    yield tally.progress("extract", 0, total, "loading the entity model")
    extractor.load()
    batch: list[tuple[Article, _Pending]] = []
    stored_at = indexed_at = time.monotonic()
    since_index = 0
    results = extractor.extract_many([p.parsed.text for p in pending])
    try:
        for done, (item, entities) in enumerate(zip(pending, results, strict=False), 1):
            batch.append((_article(item, entities), item))
            now = time.monotonic()
            if len(batch) >= STORE_EVERY or now - stored_at >= STORE_SECONDS:
                since_index += _store(batch, store, tally)
                stored_at = now
                if since_index >= INDEX_EVERY or now - indexed_at >= INDEX_SECONDS:
                    for _ in fulltext.update(wait=False):
                        pass
                    since_index, indexed_at = 0, time.monotonic()
            yield tally.progress("extract", done, total, item.shown)
    finally:
        results.close()  # stop the model's worker processes first: a Ctrl-C must not wait on them
        _store(batch, store, tally)  # keep what was extracted, whatever stopped us


def _store(batch: list[tuple[Article, _Pending]], store: Store, tally: _Tally) -> int:
    """Store a batch of extracted articles in one transaction; returns how many."""
    if not batch:
        return 0
    added_at = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    with store.writing() as writer:
        for article, item in batch:
            writer.put(article, item.content_hash, added_at)
            writer.link(item.key, item.content_hash, article.id)
    for _, item in batch:
        if item.replaces:
            tally.updated += 1
            tally.changed_ids.append(item.article_id)
        else:
            tally.added += 1
    count = len(batch)
    batch.clear()
    return count


def _write_links(store: Store, tally: _Tally) -> None:
    """Point duplicate paths at the article their content is stored as (once that article is stored)."""
    links = [link for link in tally.links if store.exists(link.article_id)]
    if not links:
        return
    with store.writing() as writer:
        for link in links:
            writer.link(link.key, link.content_hash, link.article_id)
            if link.previous and link.previous != link.article_id and writer.drop_if_unreferenced(link.previous):
                tally.changed_ids.append(link.previous)
    tally.links.clear()


def _article(item: _Pending, entities: list[Entity]) -> Article:
    p = item.parsed
    return Article(id=item.article_id, title=p.title, text=p.text, source=p.source, date=p.date,
                   url=p.url, authors=p.authors, format=p.format, path=item.location,
                   entities=tuple(entities))

