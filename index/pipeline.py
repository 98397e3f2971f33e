"""The one extract-and-store stage: pending articles from any source -> entities -> the store.

Files (`ingest`) and feed items (`feed_source`) are two sources of the same
units, in order: a `Pending` article needs the entity model; a `Note` is an item
settled without it (unchanged, a duplicate) that may still write a row or two
(its keys, a file's link); a `Settled` marks the end of one source's units (a
fetched feed) so its bookkeeping runs only once they are all stored. One model
stream (one worker pool) serves every source, reading texts as they come, so
feeds still downloading feed it without a pool per feed, and the model is
loaded only when some article needs it.

Units are written in stream order, in transactions every STORE_SECONDS or
STORE_EVERY units (a kill loses at most that much work, never half an item),
and the index catches up as it goes. Each article stored is grouped into its
story (`story_store`) in the same transaction. Whatever stops the stream (the end, an
error, Ctrl-C, a closed generator), what was extracted is stored first.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import chain

from .entities import Extractor
from .fulltext import FullText
from .models import Article, Entity
from .progress_models import Failure, ItemResult, Phase, Progress
from .store import Store, StoreWriter
from .store_items import ItemWriter
from .store_rows import PathKey
from .story_store import record, sign

#: Store settled units at least this often (units or seconds): a kill loses at most this much.
STORE_EVERY = 200
STORE_SECONDS = 2.0
#: Let the index catch up at least this often while extracting (articles stored or seconds).
INDEX_EVERY = 500
INDEX_SECONDS = 10.0


@dataclass
class Pending:
    """An article to store once its entities are found, and the rows that go with it."""

    article: Article
    content_hash: str
    replaces: bool
    shown: str
    file: PathKey | None = None
    keys: tuple[str, ...] = ()
    version: str | None = None
    full: bool = False
    feed: int | None = None
    unread: bool = False
    #: A problem on the way that did not stop it (a full text not fetched), for its result line.
    problem: str = ""


@dataclass
class Note:
    """An item settled without the model; `write` (if any) runs in the transaction of its batch.

    A note without a result is a write that is no item of its own (the record of a feed file).
    """

    result: ItemResult | None
    write: Callable[[StoreWriter], None] | None = None


@dataclass
class Settled:
    """The end of one source's units: `payload` goes to the stage's `settle` once they are all stored."""

    payload: object


Unit = Pending | Note | Settled


@dataclass
class Tally:
    """Running counts of an add or a fetch, and the item results not yet reported."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    notes: list[Failure] = field(default_factory=list)
    warnings: list[Failure] = field(default_factory=list)
    results: list[ItemResult] = field(default_factory=list)
    changed_ids: list[str] = field(default_factory=list)
    extracted: int = 0
    current: str = ""

    def fail(self, where: str, reason: str, source: str = "", url: str = "") -> None:
        """Count a file or feed that could not be used, with its one-line reason."""
        self.failures.append(Failure(where, reason))
        self.results.append(ItemResult("failed", None, source, "", url, f"{where}: {reason}"))

    def progress(self, phase: Phase, done: int, total: int, current: str | None = None) -> Progress:
        """A snapshot for the caller, carrying the item results settled since the last one."""
        items, self.results = tuple(self.results), []
        return Progress(phase, done, total, self.current if current is None else current, self.added,
                        self.updated, self.unchanged, self.duplicates, tuple(self.failures), self.skipped,
                        tuple(self.notes), tuple(self.warnings), items)


Report = Callable[[], Progress]
Settle = Callable[[list[object]], None]


def store_stream(units: Iterable[Unit], store: Store, fulltext: FullText, extractor: Extractor, tally: Tally,
                 report: Report, settle: Settle | None = None) -> Iterator[Progress]:
    """Extract and store units in order, yielding `report()` as they settle."""
    source = iter(units)
    order: deque[Unit] = deque()  # units read from the source, waiting for the model's answer
    batch = _Batch(store, tally, settle)
    results = None
    indexed_at = time.monotonic()

    def texts() -> Iterator[str]:
        for unit in source:
            order.append(unit)
            if isinstance(unit, Pending):
                yield unit.article.text

    try:
        while True:
            if results is None:  # no article has needed the model yet: settle units as they come
                unit = next(source, None)
                if unit is None:
                    break
                order.append(unit)
                if isinstance(unit, Pending):
                    tally.current = "loading the entity model"
                    yield report()
                    results = extractor.extract_many(chain([unit.article.text], texts()))
                    continue
                batch.take(order.popleft())
            else:
                entities = next(results, None)
                # Units before the article these entities belong to settle first (at the end: all that is left).
                while order and not (entities is not None and isinstance(order[0], Pending)):
                    batch.take(order.popleft())
                if entities is None:
                    break
                pending = order.popleft()
                assert isinstance(pending, Pending)
                tally.extracted += 1
                tally.current = pending.shown
                batch.take(pending, entities)
            if batch.due():
                batch.commit()
                if batch.since_index >= INDEX_EVERY or time.monotonic() - indexed_at >= INDEX_SECONDS:
                    for _ in fulltext.update(wait=False):
                        pass
                    batch.since_index, indexed_at = 0, time.monotonic()
            yield report()
    finally:
        if results is not None:
            results.close()  # stop the model's worker processes first: a Ctrl-C must not wait on them
        close = getattr(source, "close", None)
        if close is not None:
            close()  # a source still downloading stops now
        batch.commit()  # keep what was extracted, whatever stopped us
    yield report()


class _Batch:
    """Settled units waiting for their transaction, in stream order."""

    def __init__(self, store: Store, tally: Tally, settle: Settle | None) -> None:
        self._store, self._tally, self._settle = store, tally, settle
        self._entries: list[tuple[Pending, list[Entity]] | Note] = []
        self._settled: list[object] = []
        self._since = time.monotonic()
        self.since_index = 0

    def take(self, unit: Unit, entities: list[Entity] | None = None) -> None:
        """Add a settled unit (an article with its entities, a note, the end of a source)."""
        if isinstance(unit, Settled):
            self._settled.append(unit.payload)
        elif isinstance(unit, Pending):
            self._entries.append((unit, entities or []))
        else:
            self._entries.append(unit)

    def due(self) -> bool:
        """True when the batch should be written now."""
        return len(self._entries) + len(self._settled) >= STORE_EVERY or \
            time.monotonic() - self._since >= STORE_SECONDS

    def commit(self) -> None:
        """Write the batch in one transaction, count it, then run the bookkeeping of finished sources."""
        entries, settled = self._entries, self._settled
        self._entries, self._settled, self._since = [], [], time.monotonic()
        if any(not isinstance(e, Note) or e.write is not None for e in entries):
            added_at = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
            # Signed before the write lock is taken; grouped in the transaction that stores the articles.
            sigs = sign({e[0].article.id: e[0].article.text for e in entries if not isinstance(e, Note)})
            with self._store.writing() as writer:
                items = ItemWriter(writer)
                for entry in entries:
                    if isinstance(entry, Note):
                        if entry.write is not None:
                            entry.write(writer)
                    else:
                        _write(writer, items, *entry, added_at)
                record(writer.conn, sigs)
        for entry in entries:
            self._count(entry)
        if settled and self._settle is not None:
            self._settle(settled)

    def _count(self, entry: tuple[Pending, list[Entity]] | Note) -> None:
        tally = self._tally
        if isinstance(entry, Note):
            if entry.result is None:
                return
            status = entry.result.status
            if status == "unchanged":
                tally.unchanged += 1
            elif status == "duplicate":
                tally.duplicates += 1
            tally.results.append(entry.result)
            return
        pending, _ = entry
        article = pending.article
        if pending.replaces:
            tally.updated += 1
            tally.changed_ids.append(article.id)
        else:
            tally.added += 1
        self.since_index += 1
        tally.results.append(ItemResult("updated" if pending.replaces else "added", article.id, article.source,
                                        article.title, article.url, pending.problem))


def _write(writer: StoreWriter, items: ItemWriter, pending: Pending, entities: list[Entity], added_at: str) -> None:
    """One article and the rows that go with it."""
    article = replace(pending.article, entities=tuple(entities))
    writer.put(article, pending.content_hash, added_at)
    if pending.file is not None:
        writer.link(pending.file, pending.content_hash, article.id)
    if pending.keys:
        items.keys(article.id, pending.keys)
    if pending.version is not None:
        items.version(article.id, pending.version, pending.full)
    if pending.feed is not None:
        items.feed(pending.feed, article.id)
    if pending.unread:
        items.unread(article.id)
