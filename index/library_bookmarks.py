"""The Library's bookmark methods: passages with notes, kept in `bookmarks.db`.
A part of `Library`, kept apart to keep each module to one job."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import export
from .bookmarks import BookmarkError, BookmarkStore, filter_bookmarks, find_quote
from .models import Article, Bookmark, Draft
from .store import Store

if TYPE_CHECKING:
    from .actors import Resolver


class BookmarkMethods:
    """Bookmarks, drafts and exports; mixed into `Library`."""

    home: Path
    _store: Store
    _bookmark_store: BookmarkStore | None

    if TYPE_CHECKING:  # provided by Library and ActorMethods

        def article(self, article_id: str) -> Article: ...

        def _resolver(self) -> Resolver: ...


    @property
    def _bookmarks(self) -> BookmarkStore:
        if self._bookmark_store is None:
            self._bookmark_store = BookmarkStore(self.home / "bookmarks.db")
        return self._bookmark_store

    def add_bookmark(self, article_id: str, quote: str | None = None, start: int | None = None,
                     end: int | None = None, note: str = "", tags: Sequence[str] = ()) -> Bookmark:
        """Bookmark a passage given by offsets, or by a quote that must occur in the article.

        Raises:
            NotFound: no such article.
            BookmarkError: the quote is not in the article, or the offsets are outside it.
        """
        article = self.article(article_id)
        if start is None or end is None:
            if not quote or not quote.strip():
                raise BookmarkError("give the passage to bookmark (a quote or offsets)")
            span = find_quote(article.text, quote)
            if span is None:
                short = " ".join(quote.split())
                short = short if len(short) <= 60 else short[:57] + "..."
                raise BookmarkError(f"the quote {short!r} does not occur in article {article.id}")
            start, end = span
        return self._resolve_bookmark(self._bookmarks.add(article, start, end, note, tags))

    def bookmarks(self, query: str = "") -> list[Bookmark]:
        """Bookmarks newest first, narrowed by words in quote, note and title, `tag:` and `actor:`."""
        return filter_bookmarks([self._resolve_bookmark(b) for b in self._bookmarks.all()], query)

    def bookmarks_for(self, article_id: str) -> list[Bookmark]:
        """One article's bookmarks in text order."""
        return [self._resolve_bookmark(b) for b in self._bookmarks.for_article(article_id)]

    def _resolve_bookmark(self, bookmark: Bookmark) -> Bookmark:
        """The bookmark with its actors named as they are now (edits apply to old bookmarks too)."""
        resolver = self._resolver()
        names: dict[str, None] = {}
        for name in bookmark.actors:
            group = resolver.find(name)
            if group is None:
                names.setdefault(name, None)
            elif not group.hidden:
                names.setdefault(group.name, None)
        return replace(bookmark, actors=tuple(names))

    def update_bookmark(self, bookmark_id: int, note: str, tags: Sequence[str] = ()) -> Bookmark:
        """Change a bookmark's note and tags."""
        return self._bookmarks.update(bookmark_id, note, tags)

    def delete_bookmark(self, bookmark_id: int) -> Bookmark:
        """Delete a bookmark; returns it so `restore_bookmark` can undo."""
        return self._bookmarks.delete(bookmark_id)

    def restore_bookmark(self, bookmark: Bookmark) -> Bookmark:
        """Undo a delete."""
        return self._bookmarks.restore(bookmark)

    def export_bookmarks(self, fmt: str = "md", query: str = "") -> str:
        """Bookmarks as Markdown (`md`) or W3C Web Annotation JSON (`json`)."""
        chosen = self.bookmarks(query)
        if fmt == "md":
            return export.to_markdown(chosen)
        if fmt == "json":
            return json.dumps(export.to_annotations(chosen), ensure_ascii=False, indent=2) + "\n"
        raise BookmarkError(f"unknown export format {fmt!r} (use md or json)")

    def write_bookmarks(self, path: str | os.PathLike[str], fmt: str = "md", query: str = "") -> int:
        """Export bookmarks to a file, atomically (a crash leaves the old file or the new one).

        Returns how many bookmarks were written.
        """
        text = self.export_bookmarks(fmt, query)
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
        return len(self.bookmarks(query))

    def save_draft(self, draft: Draft) -> None:
        """Keep an unsaved note (called as the user types)."""
        self._bookmarks.save_draft(draft)

    def drafts(self) -> list[Draft]:
        """Notes left unsaved, e.g. by a crash."""
        return self._bookmarks.drafts()

    def discard_draft(self, key: str) -> None:
        """Forget a draft."""
        self._bookmarks.discard_draft(key)

    def _reanchor_bookmarks(self) -> None:
        if not (self.home / "bookmarks.db").exists():
            return
        for article_id in self._bookmarks.article_ids():
            self._bookmarks.reanchor(article_id, self._store.get(article_id))

