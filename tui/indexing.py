"""Long library work in the reader: adding files, fetching feeds, building, catching up or repairing
the index.

A thread worker walks one of the Library's progress generators, checks for
cancellation between steps and posts `IndexProgress` (a burst collapses to the
newest) and, whatever happens, `IndexFinished`; a failure is raised on to the
App's one handler.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from textual.dom import DOMNode
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.widget import Widget
from textual.worker import get_current_worker

from index import Failure, Library, Progress

from .sanitize import clean_line
from .words import fetched, phase_name, summary

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
        counts = "".join(f" · {n} {what}" for n, what in ((p.added, "added"), (p.failed, "failed")) if n)
        return f"{self.label}: {phase_name(p.phase)} {p.done}/{p.total}{counts}"


@dataclass
class IndexFinished(Message):
    """The work ended; `progress` is its last step when there is a summary to give, else None."""

    progress: Progress | None
    label: str
    articles: int
    #: What the work was: "index" (adding files, building or repairing the index) or "fetch" (feeds).
    kind: str = "index"


def drain(node: DOMNode, library: Library, steps: Iterator[Progress], label: str, report: bool,
          kind: str = "index") -> None:
    """Walk `steps` in a thread worker, posting progress and then the finish to `node` (one queue keeps
    them in order; both bubble on to the screen and the App); a failure propagates after the finish."""
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
        node.post_message(IndexFinished(last if completed and report else None, label, library.article_count(),
                                        kind))


def report(node: Widget, event: IndexFinished) -> None:
    """Tell the user what an add did: the counts, then the files that failed or were skipped, by name."""
    p = event.progress
    if p is None:
        return
    node.notify(summary(p), title=event.label)
    _name(node, p.failures, "Could not add", "error")
    _name(node, p.notes, "Skipped", "information")


def report_fetch(node: Widget, event: IndexFinished) -> None:
    """Tell the user what a fetch did: the counts, then one line per feed that failed, was salvaged or
    was not asked (its server asked to wait)."""
    p = event.progress
    if p is None:
        return
    if p.total == 0 and not p.notes:
        node.notify("No subscriptions yet: press F, then a, to follow a feed", title="Nothing to fetch")
        return
    node.notify(fetched(p), title=event.label)
    _name(node, p.failures, "Could not fetch", "error")
    _name(node, p.warnings, "Fetched with a problem", "warning")
    _name(node, p.notes, "Not fetched now", "information")


def _name(node: Widget, problems: Sequence[Failure], title: str, severity: SeverityLevel) -> None:
    """One notice per problem (file or feed: reason), the first NAMED of them; the rest are counted."""
    for problem in problems[:NAMED]:
        node.notify(clean_line(str(problem)), title=title, severity=severity, timeout=10, markup=False)
    if len(problems) > NAMED:
        node.notify(f"and {len(problems) - NAMED} more", title=title, severity=severity, timeout=10)
