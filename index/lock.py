"""The library's locks: one writer of the search index at a time, and a flag raised by running adds.

It is an `flock` on `write.lock` in the library home. The kernel drops it when
its holder dies, so a lock whose holder is gone never blocks. Processes forked
while it is held (the entity extractor's workers) close their copy of it at
once, so a worker that outlives its parent cannot keep it either. Threads of one
process take turns through an ordinary lock in front of it.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .errors import LibraryBusy

#: Seconds between tries while waiting for another writer.
POLL = 0.1

#: Descriptors holding our file locks: a forked child closes its copies at once (without unlocking).
_LOCK_FDS: set[int] = set()


def _close_in_child() -> None:
    for fd in list(_LOCK_FDS):
        with suppress(OSError):
            os.close(fd)
    _LOCK_FDS.clear()


os.register_at_fork(after_in_child=_close_in_child)


class WriteLock:
    """An inter-process lock on a file, re-entrant within one thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._thread_lock = threading.RLock()
        self._depth = 0

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; True when taken."""
        if not self._thread_lock.acquire(blocking=False):
            return False
        if self._depth:
            self._depth += 1
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError:
            self._thread_lock.release()
            raise
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            self._thread_lock.release()
            return False
        self._fd, self._depth = fd, 1
        _LOCK_FDS.add(fd)
        return True

    def acquire(self, timeout: float | None = None, waiting: Callable[[], None] | None = None) -> None:
        """Take the lock, waiting for its holder; `waiting` is called once if we must wait.

        Raises:
            LibraryBusy: when `timeout` seconds pass first.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        told = False
        while not self.try_acquire():
            if deadline is not None and time.monotonic() >= deadline:
                raise LibraryBusy(f"{self.path.parent}: another newsdesk is writing this library; "
                                  "try again when it has finished")
            if waiting is not None and not told:
                waiting()
                told = True
            time.sleep(POLL)

    def release(self) -> None:
        """Give the lock back (the last release of a nested hold unlocks the file)."""
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            _LOCK_FDS.discard(self._fd)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
        self._thread_lock.release()

    @contextmanager
    def held(self, timeout: float | None = None, waiting: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold the lock for a block of work."""
        self.acquire(timeout, waiting)
        try:
            yield
        finally:
            self.release()

    def is_held_elsewhere(self) -> bool:
        """True when another process (or another thread here) holds the lock right now."""
        if self.try_acquire():
            self.release()
            return False
        return True


class ActivityFlag:
    """Held, shared, by every running add, so others can tell that one is running."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def raised(self) -> Iterator[None]:
        """Hold the flag for a block of work."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        _LOCK_FDS.add(fd)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            yield
        finally:
            _LOCK_FDS.discard(fd)
            os.close(fd)

    def is_raised(self) -> bool:
        """True when some add (in any process, this one included) holds the flag."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
        return False
