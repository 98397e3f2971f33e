"""Two fixes to whoosh-reloaded 2.7.5, applied when the index is first opened.

Whoosh memory-maps a segment file, then wraps each part it reads (terms,
postings, stored fields) in `io.BytesIO(memoryview)`, which copies the part
into memory. At 45,000 articles that is half a second and a few hundred MB
each time a reader opens. The reader here reads the memory map in place.

Whoosh decodes the document numbers of each posting block (stored as gaps) with
a Python generator, a step per number; `itertools.accumulate` gives the same
numbers at C speed (a common word at 45,000 articles has 13,000 of them).
"""

from __future__ import annotations

import itertools
import threading
from typing import Any

_APPLIED = False
_LOCK = threading.Lock()


class MemoryReader:
    """A read-only, seekable file over a buffer (a memoryview of a memory map), without copying it."""

    def __init__(self, buf: Any) -> None:
        self._buf = memoryview(buf)
        self._pos = 0
        self.closed = False

    def read(self, size: int | None = -1) -> bytes:
        end = len(self._buf) if size is None or size < 0 else min(len(self._buf), self._pos + size)
        out = self._buf[self._pos:end].tobytes()
        self._pos = end
        return out

    def readline(self, size: int | None = -1) -> bytes:
        limit = len(self._buf) if size is None or size < 0 else min(len(self._buf), self._pos + size)
        end = self._pos
        while end < limit and self._buf[end] != 0x0A:
            end += 1
        return self.read(min(end + 1, limit) - self._pos)

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self._pos, len(self._buf))[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        return None

    def close(self) -> None:
        self.closed = True


def apply() -> None:
    """Make Whoosh's in-memory sub-files read their buffer in place (once per process)."""
    global _APPLIED
    with _LOCK:
        if _APPLIED:
            return
        from whoosh.codec import whoosh3
        from whoosh.filedb import structfile

        def __init__(self: Any, buf: Any, name: str | None = None, onclose: Any = None) -> None:
            self._buf = buf
            self._name = name
            self.file = MemoryReader(buf)
            self.onclose = onclose
            self.is_real = False
            self.is_closed = False

        structfile.BufferFile.__init__ = __init__
        whoosh3.delta_decode = itertools.accumulate  # (the running sum of the gaps, as delta_decode yields)
        _APPLIED = True
