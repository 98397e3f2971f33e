"""The rows the article store hands out, named so no caller unpacks a tuple by position."""

from __future__ import annotations

from typing import NamedTuple

#: A file's key in the store: its path as text, or as bytes when the name is not valid UTF-8
#: (legal on Linux); SQLite keeps the two kinds apart, so no name is lost or confused.
PathKey = str | bytes


class FileRecord(NamedTuple):
    """What a path held when it was last ingested."""

    content_hash: str
    article_id: str


class NameRow(NamedTuple):
    """A stored actor name, the mention type it was given, a way it was written, and how often."""

    actor: str
    type: str
    text: str
    times: int


class ActorRow(NamedTuple):
    """A stored actor name of one type in one article, and how many times it is mentioned there."""

    actor: str
    type: str
    article_id: str
    mentions: int


class MentionRow(NamedTuple):
    """One mention with the article it is in (for the actor view)."""

    article_id: str
    start: int
    end: int
    type: str
    date: str | None
    title: str
    source: str


class MentionSummary(NamedTuple):
    """How often some names are mentioned, in how many articles, and by month (dated articles)."""

    mentions: int
    articles: int
    months: tuple[tuple[str, int], ...]
