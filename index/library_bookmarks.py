"""The library's bookmarks: passages with notes, kept in `bookmarks.db`, and their exports.

Bookmarks never depend on the index. Their actors are shown as the library
names them now, so actor edits reach old bookmarks too. A damaged
`bookmarks.db` is set aside (never overwritten) and a fresh one started.
"""

from __future__ import annotations

import builtins
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from . import export
from .anchoring import find_quote
from .bookmark_filter import filter_bookmarks
from .bookmark_models import Bookmark, Draft
from .bookmark_store import BookmarkError, BookmarkStore
from .library_actors import Actors
from .models import Article
from .sqlite import has_data, open_or_set_aside
from .store import Store

ArticleReader = Callable[[str], Article]


class Bookmarks:
    """Bookmarks, drafts and exports of one library."""

    def __init__(self, home: Path, store: Store, actors: Actors, article: ArticleReader,
                 notice: Callable[[str], None]) -> None:
        self.path = home / "bookmarks.db"
        self._store = store
        self._actors = actors
        self._article = article
        self._notice = notice
        self._db: BookmarkStore | None = None

    @property
    def _marks(self) -> BookmarkStore:
        if self._db is None:
            self._db = open_or_set_aside(self.path, lambda: BookmarkStore(self.path), self._notice,
                                         "your bookmarks")
        assert self._db is not None
        return self._db

    def close(self) -> None:
        """Close the bookmarks file."""
        if self._db is not None:
            self._db.close()

    def add(self, article_id: str, quote: str | None = None, start: int | None = None,
            end: int | None = None, note: str = "", tags: Sequence[str] = ()) -> Bookmark:
        """Bookmark a passage given by offsets, or by a quote that must occur in the article.

        Raises:
            NotFound: no such article.
            BookmarkError: the quote is not in the article, or the offsets are outside it.
        """
        article = self._article(article_id)
        if start is None or end is None:
            if not quote or not quote.strip():
                raise BookmarkError("give the passage to bookmark (a quote or offsets)")
            span = find_quote(article.text, quote)
            if span is None:
                short = " ".join(quote.split())
                short = short if len(short) <= 60 else short[:57] + "..."
                raise BookmarkError(f"the quote {short!r} does not occur in article {article.id}")
            start, end = span
        return self._named(self._marks.add(article, start, end, note, tags))

    def list(self, query: str = "") -> builtins.list[Bookmark]:
        """Bookmarks newest first, narrowed by words in quote, note and title, `tag:` and `actor:`."""
        if not self._started():
            return []
        return filter_bookmarks([self._named(b) for b in self._marks.all()], query)

    def of_article(self, article_id: str) -> builtins.list[Bookmark]:
        """One article's bookmarks in text order."""
        if not self._started():
            return []
        return [self._named(b) for b in self._marks.for_article(article_id)]

    def _started(self) -> bool:
        """Whether there is a bookmarks file; reading never creates one."""
        return self._db is not None or has_data(self.path)

    def _named(self, bookmark: Bookmark) -> Bookmark:
        """The bookmark with its actors named as they are now."""
        resolver = self._actors.resolver()
        names: dict[str, None] = {}
        for name in bookmark.actors:
            group = resolver.find(name)
            if group is None:
                names.setdefault(name, None)
            elif not group.hidden:
                names.setdefault(group.name, None)
        return replace(bookmark, actors=tuple(names))

    def update(self, bookmark_id: int, note: str, tags: Sequence[str] = ()) -> Bookmark:
        """Change a bookmark's note and tags."""
        return self._named(self._marks.update(bookmark_id, note, tags))

    def delete(self, bookmark_id: int) -> Bookmark:
        """Delete a bookmark; returns it so `restore` can undo."""
        return self._marks.delete(bookmark_id)

    def restore(self, bookmark: Bookmark) -> Bookmark:
        """Undo a delete."""
        return self._marks.restore(bookmark)

    def export(self, fmt: str = "md", query: str = "") -> str:
        """Bookmarks as Markdown (`md`) or W3C Web Annotation JSON (`json`)."""
        chosen = self.list(query)
        if fmt == "md":
            return export.to_markdown(chosen)
        if fmt == "json":
            return json.dumps(export.to_annotations(chosen), ensure_ascii=False, indent=2) + "\n"
        raise BookmarkError(f"unknown export format {fmt!r} (use md or json)")

    def write(self, path: str | os.PathLike[str], fmt: str = "md", query: str = "") -> int:
        """Export bookmarks to a file, atomically (a crash leaves the old file or the new one).

        Returns how many bookmarks were written.
        """
        chosen = len(self.list(query))
        text = self.export(fmt, query)
        target = Path(path).expanduser()
        tmp = target.with_name(f".{target.name}.tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise BookmarkError(f"{target}: cannot write ({exc.strerror or exc})") from None
        return chosen

    def save_draft(self, draft: Draft) -> None:
        """Keep an unsaved note (called as the user types)."""
        self._marks.save_draft(draft)

    def drafts(self) -> builtins.list[Draft]:
        """Notes left unsaved, e.g. by a crash."""
        return self._marks.drafts() if self._started() else []

    def discard_draft(self, key: str) -> None:
        """Forget a draft."""
        self._marks.discard_draft(key)

    def reanchor(self, article_ids: Sequence[str]) -> None:
        """Find the bookmarks of changed articles again in their new text."""
        if not article_ids or not has_data(self.path):
            return
        marked = set(self._marks.article_ids())
        for article_id in article_ids:
            if article_id in marked:
                self._marks.reanchor(article_id, self._store.get(article_id))
