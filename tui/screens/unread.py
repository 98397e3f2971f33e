"""Unread stories on the main screen: marking one read as it opens (or unread again with `u`) in a
thread worker, counting them, and showing the new state without searching again.

The worker posts `UnreadChanged` to the screen, which hands it to `show`: the header's count, the
result's dot and the article view's state follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message
from textual.screen import Screen

from index import Library

from ..widgets.article_view import ArticleView
from ..widgets.header import ReaderHeader
from ..widgets.search_pane import SearchPane


@dataclass
class UnreadChanged(Message):
    """How many stories are unread now, and which article was marked read or unread (if one was)."""

    unread: int
    article_id: str = ""
    read: bool = True


def mark(screen: Screen[Any], library: Library, article_id: str, read: bool) -> None:
    """Mark an article read or unread in a worker of `screen`, then post `UnreadChanged` to it."""

    def run() -> None:
        library.mark_read(article_id, read)
        screen.post_message(UnreadChanged(library.unread_count(), article_id, read))

    screen.run_worker(run, thread=True, group="read", name="Not marked read" if read else "Not marked unread",
                      exit_on_error=False)


def count(screen: Screen[Any], library: Library) -> None:
    """Count the unread stories in a worker of `screen`, then post `UnreadChanged` to it."""
    screen.run_worker(lambda: screen.post_message(UnreadChanged(library.unread_count())), thread=True,
                      group="unread-count", exclusive=True, exit_on_error=False)


def show(event: UnreadChanged, header: ReaderHeader, results: SearchPane, article: ArticleView) -> None:
    """Show a new unread state: the count in the header, the dot of the result, the article's state."""
    header.unread = event.unread
    if event.article_id:
        results.results_list.set_unread(event.article_id, not event.read)
        article.set_unread(event.article_id, not event.read)
