"""The Library's adding part: files and fetched feeds into the store through one pipeline.

Every add and fetch raises `adding.lock` (so searches in other processes leave the
catching up of the index to it), groups articles stored before stories existed,
finds the bookmarks of changed articles again in their new text however it ends,
and, when articles were added, works out the actor names the next command will ask for.
The NER model is loaded on first use and kept.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .entities import Extractor
from .fulltext import FullText
from .library_actors import Actors
from .library_bookmarks import Bookmarks
from .lock import ActivityFlag
from .progress_models import Progress
from .store import Store
from .story_store import StoryRecords

if TYPE_CHECKING:
    from .pipeline import Report, Settle, Tally, Unit


class Adding:
    """Adds files and feed items to one library and brings its index up to date."""

    def __init__(self, home: Path, model: str, store: Store, fulltext: FullText, actors: Actors,
                 bookmarks: Bookmarks) -> None:
        self._flag = ActivityFlag(home / "adding.lock")
        self._model = model
        self._store = store
        self._fulltext = fulltext
        self._actors = actors
        self._bookmarks = bookmarks
        self._stories = StoryRecords(store)
        self._extractor: Extractor | None = None

    def extractor(self) -> Extractor:
        """The library's NER extractor (its model loads when first used)."""
        if self._extractor is None:
            self._extractor = Extractor(self._model)
        return self._extractor

    def running(self) -> bool:
        """True while an add or a fetch (in any process) is catching the index up."""
        return self._flag.is_raised()

    def add(self, paths: Iterable[str | os.PathLike[str]], exclude: Sequence[str] = ()) -> Iterator[Progress]:
        """Ingest files and folders, yielding progress (see `Library.add`)."""
        from .ingest import ingest
        from .pipeline import Tally

        tally = Tally()
        with self._storing(tally):
            yield from self._stories.backfill()
            yield from self._warm_at_end(ingest(paths, self._store, self._fulltext, self.extractor(), exclude,
                                                tally))

    def pipeline(self, units: Iterable[Unit], tally: Tally, report: Report, settle: Settle) -> Iterator[Progress]:
        """Units from any source (feeds) through the pipeline, then the index brought up to date."""
        from .pipeline import store_stream

        with self._storing(tally):
            yield from self._stories.backfill()
            yield from self._warm_at_end(
                store_stream(units, self._store, self._fulltext, self.extractor(), tally, report, settle))
            if self._fulltext.synced() != self._store.seq():  # nothing stored and the index current: done
                yield from self._fulltext.update(wait=True)

    def _warm_at_end(self, steps: Iterator[Progress]) -> Iterator[Progress]:
        """Pass progress on; when articles were added, first work out the actor names the next command
        (in this process or another) will ask for, so it does not have to."""
        for step in steps:
            if step.phase == "done" and (step.added or step.updated):
                yield replace(step, phase="index", current="updating actor names")
                self._actors.warm()
            yield step

    @contextmanager
    def _storing(self, tally: Tally) -> Iterator[None]:
        """Around every add and fetch: others know the index is being caught up, and bookmarks of
        changed articles are found again in their new text, however it ends."""
        with self._flag.raised():
            try:
                yield
            finally:
                self._bookmarks.reanchor(tally.changed_ids)
