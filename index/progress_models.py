"""What long work reports as it goes: the progress of an add, a fetch or a reindex, and each item's fate.

Frozen dataclasses of plain values, like the rest of the engine's models, so the
CLI and the reader drain the same steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Failure:
    """A file that could not be ingested and the one-line reason."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


Phase = Literal["scan", "read", "fetch", "extract", "wait", "index", "done"]

#: What became of one file or feed item: stored new, stored over its older version, already stored as it is,
#: already in the library from another source (another feed, format or file), or not stored.
ItemStatus = Literal["added", "updated", "unchanged", "duplicate", "failed"]


@dataclass(frozen=True)
class ItemResult:
    """What became of one file or feed item in an add or a fetch (`--json` prints one per line)."""

    status: ItemStatus
    id: str | None = None
    source: str = ""
    title: str = ""
    url: str = ""
    #: Why it failed; for a stored item, what went wrong on the way (a full text not fetched).
    error: str = ""

    def as_json(self) -> dict[str, object]:
        """The result as the JSON object `add --json` and `fetch --json` print."""
        return {"status": self.status, "id": self.id, "source": self.source, "title": self.title,
                "url": self.url, "error": self.error}


@dataclass(frozen=True)
class Progress:
    """Where a long ingest or reindex is: counts so far and the current item."""

    phase: Phase
    done: int
    total: int
    current: str = ""
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failures: tuple[Failure, ...] = field(default_factory=tuple)
    #: Files not read on purpose (hidden, a folder's notes, excluded, not regular files).
    skipped: int = 0
    #: The skipped files worth naming, with why.
    notes: tuple[Failure, ...] = field(default_factory=tuple)
    #: Things stored with a problem worth a line (a malformed feed's salvaged items, a full text not fetched).
    warnings: tuple[Failure, ...] = field(default_factory=tuple)
    #: The items settled since the previous step (not cumulative: a consumer that wants every one reads
    #: every step).
    items: tuple[ItemResult, ...] = field(default_factory=tuple)

    @property
    def failed(self) -> int:
        """How many files failed so far."""
        return len(self.failures)
