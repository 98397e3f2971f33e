"""What the screens of one run share: the library, drafts bookkeeping, the actors the palette
offers and the `actor:` completer. The App holds one Session and passes it to each screen."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from index import Actor, Draft, Library

from .completion import ActorCompleter


class DraftBook:
    """Drafts of notes being written: kept as the user types, never brought back once finished.

    Called from worker threads; a draft write that arrives after its note was
    saved or cancelled is dropped.
    """

    def __init__(self, library: Library) -> None:
        self._library = library
        self._lock = threading.Lock()
        self._finished: set[str] = set()

    def keep(self, draft: Draft) -> None:
        """Save a draft unless its note is already finished."""
        with self._lock:
            if draft.key not in self._finished:
                self._library.bookmarks.save_draft(draft)

    def finish(self, key: str) -> None:
        """The note was saved or cancelled: forget its draft for good."""
        with self._lock:
            self._finished.add(key)
            self._library.bookmarks.discard_draft(key)


class Session:
    """Shared state of the reader (no widgets in here)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.drafts = DraftBook(library)
        self.completer = ActorCompleter(library.actors.complete)
        #: The most mentioned actors, offered in the command palette (loaded by the main screen).
        self.actors: Sequence[Actor] = ()

    def actors_loaded(self, actors: Sequence[Actor]) -> None:
        """New actor names: offer them and forget completions made with the old ones."""
        self.actors = tuple(actors)
        self.completer.forget()
