"""Small wording helpers for what the user reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index import Progress


def plural(count: int, noun: str) -> str:
    """"1 article", "2 articles"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary(progress: Progress) -> str:
    """What an add did, in the words both faces use: "added 3, updated 0, … failed 1"."""
    p = progress
    return (f"added {p.added}, updated {p.updated}, unchanged {p.unchanged}, duplicates {p.duplicates}, "
            f"skipped {p.skipped}, failed {p.failed}")


def fetched(progress: Progress) -> str:
    """What a fetch did, in the words both faces use: "fetched 3 feeds: added 4, updated 0, … failed 1"."""
    p = progress
    return (f"fetched {plural(p.total, 'feed')}: added {p.added}, updated {p.updated}, unchanged {p.unchanged}, "
            f"duplicates {p.duplicates}, failed {p.failed}")


#: Progress phases in words.
PHASES = {"scan": "scanning", "read": "reading", "fetch": "fetching feeds", "extract": "extracting entities",
          "wait": "waiting", "index": "indexing", "done": "done"}


def phase_name(phase: str) -> str:
    """A progress phase in words ("extracting entities")."""
    return PHASES.get(phase, phase)
