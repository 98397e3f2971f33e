"""`actor:` completion in the query box: the query syntax is the reader's, the names the engine's.

The engine's `library.actors.complete` does the matching; it can take a while on a
big library, so it runs off the event loop and the answers are kept until actors change.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from textual.suggester import Suggester

#: (prefix, limit) -> actor names that start with it.
Complete = Callable[[str, int], list[str]]
#: Completions kept (they are cleared when actors change).
KEPT = 256


def trailing_actor(value: str) -> tuple[str, str] | None:
    """(text before it, typed prefix) when a query ends with an unfinished `actor:` prefix."""
    head, sep, typed = value.rpartition("actor:")
    quoted = typed.startswith('"')
    typed = typed.lstrip('"')
    if not sep or not typed or '"' in typed or (" " in typed and not quoted):
        return None
    return head, typed


class ActorCompleter(Suggester):
    """Completes a trailing `actor:kim` to `actor:"Kim Jong-un"`; also the box's ghost text."""

    def __init__(self, complete: Complete) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._complete = complete
        self._kept: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def complete(self, value: str) -> str | None:
        """The query with its trailing `actor:` prefix replaced by the best actor, quoted (blocking)."""
        found = trailing_actor(value)
        if found is None:
            return None
        with self._lock:
            if value in self._kept:
                return self._kept[value]
        names = self._complete(found[1], 1)
        completion = f'{found[0]}actor:"{names[0]}"' if names else None
        with self._lock:
            if len(self._kept) >= KEPT:
                self._kept.clear()
            self._kept[value] = completion
        return completion

    def forget(self) -> None:
        """Drop kept completions (actor names changed)."""
        with self._lock:
            self._kept.clear()

    async def get_suggestion(self, value: str) -> str | None:
        """Ghost text when the completion extends what was typed (`actor:"kim` -> `actor:"kim jong-un"`)."""
        if trailing_actor(value) is None:
            return None
        completion = await asyncio.to_thread(self.complete, value)
        if completion and completion.lower().startswith(value.lower()):
            return value + completion[len(value):]
        return None
