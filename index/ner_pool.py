"""Entity recognition in worker processes that never outlive the work.

spaCy's own `n_process` leaves its workers behind when the parent is killed,
and its clean-up can wait on them for minutes after a Ctrl-C or a full disk.
These workers are forked with the loaded model (no second load), ask the kernel
to kill them when their parent dies, ignore Ctrl-C (the parent decides), and are
killed outright when the parent stops early. Only spans travel back, not Docs.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
from collections.abc import Generator, Iterable, Iterator
from itertools import chain, islice
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

#: One entity found by the model: start and end character offsets and the label.
Span = tuple[int, int, str]
#: Batches sent ahead to each worker, so it never waits for the parent.
IN_FLIGHT = 2
#: Texts one set of workers handles before it is replaced by freshly forked ones.
RECYCLE_TEXTS = 4000
_PR_SET_PDEATHSIG = 1


def spans(doc: Any) -> list[Span]:
    """The entities of one parsed text as plain tuples."""
    return [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]


def entity_spans(nlp: Language, texts: Iterable[str], processes: int,
                 batch_size: int) -> Generator[list[Span], None, None]:
    """The entities of each text, in order, using `processes` workers when more than one batch comes.

    Texts are read lazily: a stream that is still being produced (feeds downloading) is fine.
    """
    stream = iter(texts)
    head = list(islice(stream, batch_size + 1))
    if processes <= 1 or len(head) <= batch_size:
        for doc in nlp.pipe(chain(head, stream), batch_size=batch_size):
            yield spans(doc)
        return
    stream = chain(head, stream)
    while True:
        # Fresh workers every RECYCLE_TEXTS texts: the model's string store and the pages a child
        # copies from its parent only grow, and a long add must not end with gigabytes per worker.
        generation = islice(stream, RECYCLE_TEXTS)
        first = next(generation, None)
        if first is None:
            return
        pool = _Pool(nlp, processes)
        try:
            yield from pool.run(chain([first], generation), batch_size)
        finally:
            pool.close()


def _batches(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    stream = iter(texts)
    while batch := list(islice(stream, size)):
        yield batch


class _Pool:
    """Forked workers, each fed batches over its own pipe; results come back in order."""

    def __init__(self, nlp: Language, processes: int) -> None:
        context = multiprocessing.get_context("fork")
        gc.freeze()  # the parent's objects stay out of the children's collections: no copy-on-touch

        self._workers: list[tuple[Any, Connection]] = []
        parent = os.getpid()
        for _ in range(processes):
            mine, theirs = context.Pipe(duplex=True)
            process = context.Process(target=_work, args=(nlp, theirs, parent), daemon=True)
            process.start()
            theirs.close()
            self._workers.append((process, mine))
        gc.unfreeze()

    def run(self, texts: Iterable[str], batch_size: int) -> Iterator[list[Span]]:
        """Send batches round-robin, keep IN_FLIGHT per worker, yield results in input order."""
        batches = _batches(texts, batch_size)
        n = len(self._workers)
        sent = received = 0
        for batch in islice(batches, n * IN_FLIGHT):
            self._workers[sent % n][1].send(batch)
            sent += 1
        while received < sent:
            process, conn = self._workers[received % n]
            try:
                result = conn.recv()
            except EOFError:
                raise RuntimeError(f"an entity worker stopped unexpectedly (exit code {process.exitcode})") from None
            received += 1
            following = next(batches, None)  # may wait for a source still downloading; workers have work queued
            if following is not None:
                self._workers[sent % n][1].send(following)
                sent += 1
            yield from result

    def close(self) -> None:
        """Stop every worker now; they hold nothing worth waiting for."""
        for process, conn in self._workers:
            conn.close()
            if process.is_alive():
                process.kill()
        for process, _ in self._workers:
            process.join(timeout=5)
        self._workers = []


def _work(nlp: Language, conn: Connection, parent: int) -> None:
    """A worker: die with the parent, leave Ctrl-C to it, answer batches until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: the parent still kills its workers when it stops
    if os.getppid() != parent:
        os._exit(0)  # the parent died before the request took effect
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        conn.send(_extract(nlp, batch))


def _extract(nlp: Language, batch: list[str]) -> list[list[Span]]:
    """Spans for each text of a batch; a text the model fails on gets none rather than stopping the rest."""
    try:
        return [spans(doc) for doc in nlp.pipe(batch)]
    except Exception:  # noqa: BLE001 - retried one by one below
        out = []
        for text in batch:
            try:
                out.append(spans(nlp(text)))
            except Exception:  # noqa: BLE001 - one bad text must not stop an ingest
                out.append([])
        return out
