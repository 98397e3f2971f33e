"""Async work behind a plain iterator: an event loop in a helper thread, results through a queue.

Callers of the engine are synchronous (the CLI, Textual thread workers), but many
network requests at once are easiest on one asyncio loop. `iterate_in_thread`
runs a coroutine on its own loop in a daemon thread and yields what it delivers,
as it delivers it; closing the iterator early cancels the coroutine.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable, Coroutine, Generator
from typing import Any, TypeVar

T = TypeVar("T")
Producer = Callable[[Callable[[T], None]], Coroutine[Any, Any, None]]


def iterate_in_thread(produce: Producer[T], count: int, name: str = "newsdesk-async") -> Generator[T, None, None]:
    """Run `produce(deliver)` on a fresh event loop in a thread; yield the `count` items it delivers.

    An exception raised by the coroutine is raised here, in the caller's thread.
    """
    if count <= 0:
        return
    results: queue.SimpleQueue[tuple[bool, Any]] = queue.SimpleQueue()
    runner = _Runner(produce, results, name)
    runner.start()
    try:
        for _ in range(count):
            failed, item = results.get()
            if failed:
                raise item
            yield item
    finally:
        runner.stop()


class _Runner(threading.Thread):
    """Runs one coroutine on its own event loop; `stop` cancels it."""

    def __init__(self, produce: Producer[Any], results: queue.SimpleQueue[tuple[bool, Any]], name: str) -> None:
        super().__init__(name=name, daemon=True)
        self._produce, self._results = produce, results
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._stopping = threading.Event()

    def run(self) -> None:
        try:
            asyncio.run(self._main())
        except asyncio.CancelledError:
            pass
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, which raises it
            self._results.put((True, exc))

    async def _main(self) -> None:
        self._loop, self._task = asyncio.get_running_loop(), asyncio.current_task()
        if self._stopping.is_set():
            return
        await self._produce(lambda item: self._results.put((False, item)))

    def stop(self) -> None:
        """Cancel the coroutine if it still runs, and wait (briefly) for the loop to end."""
        self._stopping.set()
        loop, task = self._loop, self._task
        if loop is not None and task is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(task.cancel)
        self.join(timeout=5)
