"""The Library: the one facade the command line and the TUI call.

It owns a home directory: the article store (`library.db`, the truth), the
search index (`index/`, derived from it), and the parts that hang off them:
`library.actors` (names, the actor view, corrections), `library.bookmarks`,
`library.feeds` (subscriptions and fetching) and `library.watchlists` (followed
queries and what is new in them). Files (`add`) and fetched feeds go through one
extract-and-store pipeline (`pipeline`, driven by `library_adding`), which also
groups articles that tell the same story (`story_store`): search shows each
story once.
Only the project's dataclasses come out of it. One Library may be used from
several threads.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .entities import model_name
from .errors import IndexDamaged, LibraryBusy, NotFound, QueryError, StorageFull
from .fulltext import FullText
from .library_actors import Actors
from .library_adding import Adding
from .library_bookmarks import Bookmarks
from .library_watchlists import Watchlists
from .lock import WriteLock
from .models import SORTS, Article, Entity, SearchResults, Sort, Stats
from .paths import default_home, seed_files
from .progress_models import Progress
from .searching import Searching
from .store import Store
from .store_items import ItemRecords
from .story_models import SimilarArticle, Story
from .story_store import StoryRecords

if TYPE_CHECKING:
    from .library_feeds import Feeds


class Library:
    """A newsdesk library in one home directory."""

    def __init__(self, home: str | os.PathLike[str] | None = None, *, model: str | None = None) -> None:
        self.home = Path(home).expanduser() if home is not None else default_home()
        try:
            self.home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryBusy(f"{self.home}: cannot create the library folder ({exc.strerror})") from None
        self.model = model or model_name()
        self._notices: list[str] = []
        self._notices_lock = threading.Lock()
        self._store = Store(self.home / "library.db")
        self._fulltext = FullText(self.home / "index", self._store, WriteLock(self.home / "write.lock"))
        self.actors = Actors(self.home, self._store, self._notice)
        self._searching = Searching(self._fulltext, self._store, self.actors)
        self.bookmarks = Bookmarks(self.home, self._store, self.actors, self.article, self._notice)
        self._adding = Adding(self.home, self.model, self._store, self._fulltext, self.actors, self.bookmarks)
        self._feeds: Feeds | None = None
        self._items = ItemRecords(self._store)
        self._stories = StoryRecords(self._store)
        self.watchlists = Watchlists(self.home, self._store, self._fulltext, self._searching,
                                     self._items.unread_ids, self._notice)

    # Lifecycle -------------------------------------------------------------

    def close(self) -> None:
        """Release the index, the stores and their files."""
        self._fulltext.close()
        if self._feeds is not None:
            self._feeds.close()
        self.watchlists.close()
        self.bookmarks.close()
        self.actors.close()
        self._store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def feeds(self) -> Feeds:
        """Subscriptions and fetching (`library_feeds.Feeds`); loaded on first use."""
        if self._feeds is None:
            from .library_feeds import Feeds

            self._feeds = Feeds(self.home, self._store, self._adding.pipeline, self._notice)
        return self._feeds

    def notices(self) -> list[str]:
        """Things the user should be told that happened on the way (a file set aside, a rebuild); drained."""
        with self._notices_lock:
            out, self._notices = self._notices, []
        return out

    def _notice(self, message: str) -> None:
        with self._notices_lock:
            self._notices.append(message)

    @property
    def is_empty(self) -> bool:
        """True when no article has been stored yet."""
        return self._store.count() == 0

    def article_count(self) -> int:
        """How many articles the library holds."""
        return self._store.count()

    # Writing ---------------------------------------------------------------

    def add(self, paths: Iterable[str | os.PathLike[str]], exclude: Sequence[str] = ()) -> Iterator[Progress]:
        """Ingest files and folders, yielding progress; the last item has phase "done".

        Stop iterating to cancel: what was extracted so far is kept. When the last
        item comes, every stored article is searchable.
        """
        yield from self._adding.add(paths, exclude)

    def seed(self) -> Iterator[Progress]:
        """Ingest the bundled sample corpus if the library is empty."""
        if self.is_empty:
            yield from self.add(seed_files())

    def reindex(self) -> Iterator[Progress]:
        """Rebuild the index from the store alone, yielding progress."""
        yield from self._fulltext.rebuild()

    def prepare(self) -> Iterator[Progress]:
        """Make the index ready to search: build it, or bring it up to date, unless an add is doing so; group
        articles stored before stories existed (once, with progress)."""
        yield from self._stories.backfill()
        state = self._fulltext.state()
        if state.current and state.documents == self._store.count():
            return
        if state.exists and self._adding.running():
            return  # a running add brings the index up to date as it goes
        try:
            yield from self._fulltext.update(wait=True)
        except StorageFull as exc:
            if not state.exists:
                raise
            self._notice(f"{exc}; searching what is already indexed")

    def repair(self, reason: str) -> Iterator[Progress]:
        """Set a damaged index aside and rebuild it from the store, yielding progress."""
        moved = self._fulltext.set_aside(reason)
        self._notice(f"{reason}; it was set aside as {moved} and rebuilt from the article store "
                     "(bookmarks and actor corrections are unaffected)")
        yield from self._fulltext.rebuild()

    def index_is_stale(self) -> bool:
        """True when the index must be built or brought up to date before searching."""
        state = self._fulltext.state()
        return not state.current

    # Reading ---------------------------------------------------------------

    def search(self, query: str, limit: int = 20, sort: Sort = "relevance", facets: bool = True,
               suggest: bool = True, repair: bool = True, versions: bool = False) -> SearchResults:
        """Articles matching a query, best (or newest) first, each story once.

        A story told by several articles appears once, as its best-ranked version,
        with `story` and `story_size` on the hit; `versions=True` lists every article.
        `total` counts articles. `facets=False` skips counting actors and sources; `suggest=False` skips the
        "did you mean" search, for search as you type. A damaged index is set aside
        and rebuilt, with a notice, and the query answered; with `repair=False`,
        IndexDamaged is raised instead so the caller can show the rebuild's progress.

        Raises:
            QueryError: when the query cannot be parsed or run.
            IndexDamaged: with `repair=False`, when the index cannot be read.
        """
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r} (use relevance or date)")
        try:
            return self._searching.run(query, max(1, limit), sort, facets, suggest, versions)
        except IndexDamaged as exc:
            if not repair:
                raise
            for _ in self.repair(str(exc)):
                pass
            return self._searching.run(query, max(1, limit), sort, facets, suggest, versions)

    def suggest(self, query: str) -> str | None:
        """The query with misspelled words corrected, or None.

        Raises:
            QueryError: when the query cannot be parsed.
        """
        return self._searching.suggest(query)

    def article(self, article_id: str) -> Article:
        """One article with its entity mentions; a unique prefix of the id is enough.

        Raises:
            NotFound: when no article has that id, or several start with it (they are named).
        """
        found = self._store.get(self._article_id(article_id))
        if found is None:
            raise NotFound(f"no article with id {article_id!r}")
        return self.actors.resolve_article(found)

    def _article_id(self, article_id: str) -> str:
        """The stored id an id or a unique prefix of one stands for."""
        if article_id and self._store.exists(article_id):
            return article_id
        candidates = self._store.ids_with_prefix(article_id, limit=6) if article_id else []
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            shown = ", ".join(candidates[:5]) + (", ..." if len(candidates) > 5 else "")
            raise NotFound(f"article id {article_id!r} is ambiguous: it could be {shown}; type more of it")
        raise NotFound(f"no article with id {article_id!r}")

    def story(self, article_id: str) -> Story:
        """The story an article tells: its id (the smallest member id) and every version of it.

        Raises:
            NotFound: as `article`.
        """
        found = self._article_id(article_id)
        members = tuple(self._stories.members(found))
        story = self._stories.of([found])[found].story
        return Story(story, members)

    def similar(self, article_id: str, limit: int = 10) -> list[SimilarArticle]:
        """"More like this": the other versions of the article's story, most alike first, then the
        closest other stories by content (each once).

        Raises:
            NotFound: as `article`.
            IndexDamaged: when the index cannot be read.
        """
        from .similar import similar

        found = self._article_id(article_id)
        return similar(self._fulltext, self._stories, found, self._store.texts([found]).get(found, ""),
                       max(1, limit))

    def mark_read(self, article_id: str, read: bool = True) -> bool:
        """Mark an article read (as opening it does) or, with `read=False`, unread again.

        Returns True when that changed anything. Nothing is re-indexed: `is:unread` is read from the store.
        """
        if read:
            return self._items.mark_read([article_id]) > 0
        return self._items.mark_unread([article_id]) > 0

    def unread_count(self) -> int:
        """How many articles a fetch brought that are not opened yet."""
        return self._items.unread_count()

    def entities(self, texts: Iterable[str]) -> Iterator[list[Entity]]:
        """Extract mentions from texts without storing them, named as the library names actors."""
        for mentions in self._adding.extractor().extract_many(list(texts)):
            yield self.actors.resolve(mentions)

    def stats(self) -> Stats:
        """What the library holds."""
        state = self._fulltext.state()
        damaged = sorted(p.name for p in self.home.glob("*.damaged-*") if not p.name.endswith(("-wal", "-shm")))
        return Stats(home=str(self.home), articles=self._store.count(), files=self._store.count("files"),
                     mentions=self._store.count("mentions"), actors=self.actors.count(),
                     sources=tuple(self._store.sources()), index_documents=state.documents, model=self.model,
                     index_current=state.current, set_aside=tuple(damaged))
