"""Long library work in the reader: adding files, building, catching up or repairing the index.

A thread worker walks one of the Library's progress generators, checks for
cancellation between steps and posts `IndexProgress` (a burst collapses to the
newest) and, whatever happens, `IndexFinished`; a failure is raised on to the
App's one handler.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from textual.dom import DOMNode
from textual.message import Message
from textual.widget import Widget
from textual.worker import get_current_worker

from index import Library, Progress

from .sanitize import clean_line
from .words import phase_name, summary

#: Failed and skipped files named one by one after an add (the rest are counted).
NAMED = 10


@dataclass
class IndexProgress(Message):
    """The work made progress."""

    progress: Progress
    label: str

    def can_replace(self, message: Message) -> bool:
        """Only the newest step waiting to be shown matters."""
        return isinstance(message, IndexProgress)

    @property
    def status(self) -> str:
        """What to tell the user: "Adding: extracting entities 3/25", or what is being waited for."""
        p = self.progress
        if p.phase == "wait" or (p.done == 0 and p.current):
            return f"{self.label}: {p.current or phase_name(p.phase)}"  # e.g. loading the entity model
        return f"{self.label}: {phase_name(p.phase)} {p.done}/{p.total}"


@dataclass
class IndexFinished(Message):
    """The work ended; `progress` is its last step when there is a summary to give, else None."""

    progress: Progress | None
    label: str
    articles: int


def drain(node: DOMNode, library: Library, steps: Iterator[Progress], label: str, report: bool) -> None:
    """Walk `steps` in a thread worker, posting progress and then the finish to `node` (one queue keeps
    them in order; the finish bubbles on to the screen); a failure propagates after the finish."""
    worker = get_current_worker()
    last: Progress | None = None
    completed = False
    try:
        for last in steps:
            node.post_message(IndexProgress(last, label))
            if worker.is_cancelled:
                break
        completed = True
    finally:
        node.post_message(IndexFinished(last if completed and report else None, label, library.article_count()))


def report(node: Widget, event: IndexFinished) -> None:
    """Tell the user what an add did: the counts, then the files that failed or were skipped, by name."""
    p = event.progress
    if p is None:
        return
    node.notify(summary(p), title=event.label)
    for failure in p.failures[:NAMED]:
        node.notify(clean_line(str(failure)), title="Could not add", severity="error", timeout=10)
    for note in p.notes[:NAMED]:
        node.notify(clean_line(str(note)), title="Skipped", timeout=10)
