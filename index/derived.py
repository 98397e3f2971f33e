"""Derived data: values computed from the store, kept so no process computes them twice.

Each value is valid for one store change number (and a key naming whatever
else it depends on, such as the version of the user's actor edits). It is kept
in memory and, when it can be written as plain data, in `cache/` beside the
library, written atomically. Anything unreadable, stale or from another version
of newsdesk is ignored and rebuilt; the folder can be deleted at any time.
"""

from __future__ import annotations

import marshal
import os
import threading
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar, cast

from .store import Store

T = TypeVar("T")
#: Bump when the layout of any kept value changes.
FORMAT = 2


class Derived:
    """A cache of values derived from one store."""

    def __init__(self, folder: Path, store: Store) -> None:
        self.folder = folder
        self._store = store
        self._memory: dict[tuple[Hashable, ...], tuple[int, Any]] = {}
        self._lock = threading.Lock()
        self._writers: list[threading.Thread] = []

    def get(self, key: tuple[Hashable, ...], build: Callable[[], T],
            encode: Callable[[T], Any] | None = None, decode: Callable[[Any], T] | None = None) -> T:
        """The value for `key` at the store's current change number, built only if not kept.

        With `encode`/`decode` (to and from plain data: tuples, lists, dicts, str, int), the value
        is also kept on disk for the next process.
        """
        seq = self._store.seq()
        with self._lock:
            kept = self._memory.get(key)
            if kept is not None and kept[0] == seq:
                return cast(T, kept[1])
        value: T | None = None
        if decode is not None:
            value = self._load(key, seq, decode)
        if value is None:
            built = value = build()
            if encode is not None:  # written beside the caller, who need not wait (`close` waits)
                writer = threading.Thread(target=lambda: self._save(key, seq, encode(built)), name="newsdesk-derived")
                writer.start()
                self._writers = [w for w in self._writers if w.is_alive()] + [writer]
        with self._lock:
            for older in [k for k in self._memory if k[0] == key[0]]:  # one value of each kind is kept
                del self._memory[older]
            self._memory[key] = (seq, value)
        return value

    def load(self, key: tuple[Hashable, ...], decode: Callable[[Any], T]) -> bool:
        """Bring a value kept on disk for the current change number into memory, building nothing;
        True when it is in memory now."""
        seq = self._store.seq()
        with self._lock:
            kept = self._memory.get(key)
            if kept is not None and kept[0] == seq:
                return True
        value = self._load(key, seq, decode)
        if value is None:
            return False
        with self._lock:
            self._memory[key] = (seq, value)
        return True

    def latest(self, kind: str) -> tuple[tuple[Hashable, ...], Any] | None:
        """The (key, value) of a kind kept in memory for the store's current change number, whatever the
        rest of its key (a value to build the next one from), or None."""
        seq = self._store.seq()
        with self._lock:
            for key, (kept_seq, value) in self._memory.items():
                if key[0] == kind and kept_seq == seq:
                    return key, value
        return None

    def close(self) -> None:
        """Wait for the values being written to disk."""
        for writer in self._writers:
            writer.join()
        self._writers.clear()

    def _file(self, key: tuple[Hashable, ...]) -> Path:
        return self.folder / f"{key[0]}.marshal"

    def _load(self, key: tuple[Hashable, ...], seq: int, decode: Callable[[Any], T]) -> T | None:
        try:
            with self._file(key).open("rb") as fh:
                fmt, kept_seq, kept_key = marshal.load(fh)  # a small header first: a stale value is not read
                if fmt != FORMAT or kept_seq != seq or kept_key != list(map(str, key)):
                    return None
                payload = marshal.load(fh)
        except (OSError, EOFError, ValueError, TypeError):
            return None
        try:
            return decode(payload)
        except (TypeError, ValueError, KeyError, IndexError):
            return None

    def _save(self, key: tuple[Hashable, ...], seq: int, payload: Any) -> None:
        """Write atomically; a failure (a full disk, a read-only home) only costs the next process time."""
        target = self._file(key)
        tmp = target.with_suffix(f".tmp{os.getpid()}")
        try:
            self.folder.mkdir(exist_ok=True)
            tmp.write_bytes(marshal.dumps((FORMAT, seq, list(map(str, key)))) + marshal.dumps(payload))
            os.replace(tmp, target)
        except (OSError, ValueError):
            tmp.unlink(missing_ok=True)
