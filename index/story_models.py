"""The value objects of stories: an article's story and its members, and a "more like this" entry.

Frozen dataclasses of plain values, like `models`: the Library hands them to the
CLI and the reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date


@dataclass(frozen=True)
class StoryMember:
    """One article of a story, as a line listing the versions shows it."""

    id: str
    title: str
    source: str
    date: Date | None

    def as_json(self) -> dict[str, object]:
        """The member as `show --json` lists it."""
        return {"id": self.id, "title": self.title, "source": self.source,
                "date": self.date.isoformat() if self.date else None}


@dataclass(frozen=True)
class Story:
    """Articles that tell the same story; its id is the smallest member id."""

    id: str
    #: Every member, the article asked about included: oldest first, undated last, then by id.
    members: tuple[StoryMember, ...]

    @property
    def size(self) -> int:
        """How many articles tell this story."""
        return len(self.members)

    def others(self, article_id: str) -> tuple[StoryMember, ...]:
        """The other versions of the story, beside one of its articles."""
        return tuple(m for m in self.members if m.id != article_id)

    def as_json(self) -> dict[str, object]:
        """The fields `show --json` adds to an article: the story id and its members."""
        return {"story": self.id, "story_members": [m.as_json() for m in self.members]}


@dataclass(frozen=True)
class SimilarArticle:
    """An article close to another one: a version of the same story, or a related story."""

    id: str
    title: str
    source: str
    date: Date | None
    url: str
    #: For a version of the same story, the estimated share of shared text (0 to 1); otherwise the
    #: content score of the key-term search (higher is closer; not comparable across articles).
    score: float
    same_story: bool
    story: str
    story_size: int

    def as_json(self) -> dict[str, object]:
        """The entry as `newsdesk similar --json` prints it."""
        return {"id": self.id, "title": self.title, "source": self.source,
                "date": self.date.isoformat() if self.date else None, "url": self.url,
                "score": round(self.score, 4), "same_story": self.same_story, "story": self.story,
                "story_size": self.story_size}
