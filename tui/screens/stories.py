"""Stories on the main screen: the other versions of a listed story (`v` on the results) and "more like
this" (`M` in the article), each read in a thread worker of the screen, which posts the answer back.

"More like this" is a listing of its own: the story's other versions first, marked "same story".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.message import Message
from textual.screen import Screen

from index import Hit, Library, SimilarArticle, Story

from ..sanitize import clean_line
from ..words import plural

#: Articles "more like this" lists.
SIMILAR = 30
#: Characters of the article's title the status line shows.
TITLE_SHOWN = 30
#: The badge of a version of the article's own story in "more like this".
SAME_STORY = "same story"


@dataclass
class VersionsLoaded(Message):
    """The story a listed article tells, with every version."""

    article_id: str
    story: Story


@dataclass(frozen=True)
class MoreLike:
    """What "more like this" lists the articles like: one article, by id and title."""

    article_id: str
    title: str

    @property
    def name(self) -> str:
        """The listing in words (for the status line when a query error covers it)."""
        return f"more like {self.title}"


@dataclass
class SimilarFound(Message):
    """The articles most like one, its story's other versions first."""

    like: MoreLike
    similar: list[SimilarArticle]


def load_versions(screen: Screen[Any], library: Library, article_id: str) -> None:
    """Read the story a listed article tells, then post `VersionsLoaded` to `screen`."""
    screen.run_worker(lambda: screen.post_message(VersionsLoaded(article_id, library.story(article_id))),
                      thread=True, group="versions", exclusive=True, name="Versions not shown",
                      exit_on_error=False)


def find_similar(screen: Screen[Any], library: Library, like: MoreLike) -> None:
    """Find the articles most like one, then post `SimilarFound` to `screen`."""
    screen.run_worker(lambda: screen.post_message(SimilarFound(like, library.similar(like.article_id, SIMILAR))),
                      thread=True, group="similar", exclusive=True, name="Nothing like it found",
                      exit_on_error=False)


def pick_version(screen: Screen[Any], story: Story, article_id: str, open_article: Callable[[str], object]) -> None:
    """Ask which other version of the open article's story to open, then open it."""
    from .versions_dialog import VersionsDialog  # (a dialog the first frame does not show loads when asked for)

    def chosen(version: str | None) -> None:
        if version:
            open_article(version)

    screen.app.push_screen(VersionsDialog(story, article_id), chosen)


def similar_listing(event: SimilarFound) -> tuple[Text, list[Hit], dict[str, str]]:
    """The status line, the hits and the badges that list "more like this"."""
    hits = [Hit(s.id, s.title, s.source, s.date, s.url, s.score, _share(s), story=s.story,
                story_size=s.story_size) for s in event.similar]
    title = clean_line(event.like.title)
    heading = Text("more like ")
    heading.append(title if len(title) <= TITLE_SHOWN else title[:TITLE_SHOWN - 1] + "…", style="bold")
    heading.append(f" · {plural(len(hits), 'article')}")
    return heading, hits, {s.id: SAME_STORY for s in event.similar if s.same_story}


def _share(similar: SimilarArticle) -> str:
    """The snippet line of a "more like this" entry: how much text a version shares."""
    return f"{round(similar.score * 100)}% of the text is the same" if similar.same_story else ""
