"""The Library: the one facade the command line and the TUI call.

It owns a home directory holding the article store (`library.db`, the truth)
and the Whoosh index (`index/`, derived). It hands out only the project's
dataclasses. One Library may be used from several threads: searches share one
searcher under a lock, writes go through Whoosh's single writer.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import actors as actors_mod
from .bookmarks import BookmarkStore
from .entities import Extractor, model_name
from .errors import LibraryBusy, NotFound
from .library_actors import ActorMethods
from .library_bookmarks import BookmarkMethods
from .models import (
    Article,
    Entity,
    Facet,
    Progress,
    SearchResults,
    Stats,
)
from .paths import default_home, seed_files
from .store import Store

if TYPE_CHECKING:
    from whoosh import index as whoosh_index
    from whoosh.writing import IndexWriter

    from . import search
    from .fulltext import FullText
    from .models import Sort

FACET_LIMIT = 10


class Library(ActorMethods, BookmarkMethods):
    """A newsdesk library in one home directory."""

    def __init__(self, home: str | os.PathLike[str] | None = None, *, model: str | None = None) -> None:
        self.home = Path(home).expanduser() if home is not None else default_home()
        try:
            self.home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryBusy(f"{self.home}: cannot create the library folder ({exc.strerror})") from None
        self.model = model or model_name()
        self._store = Store(self.home / "library.db")
        # Whoosh is imported on first use, not at start-up: the reader paints before it needs it.
        self._fulltext_dir: FullText | None = None
        self._lock = threading.RLock()
        self._ix: whoosh_index.Index | None = None
        self._searcher: Any = None
        self._parser: search.QueryParser | None = None
        self._extractor: Extractor | None = None
        self._bookmark_store: BookmarkStore | None = None
        self._actor_registry: actors_mod.Registry | None = None
        self._resolver_cache: tuple[tuple[int, int], actors_mod.Resolver] | None = None

    # Lifecycle -------------------------------------------------------------

    def close(self) -> None:
        """Release the searcher and the store connection."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._ix = None
        self._store.close()
        if self._bookmark_store is not None:
            self._bookmark_store.close()
        if self._actor_registry is not None:
            self._actor_registry.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def is_empty(self) -> bool:
        """True when no article has been stored yet."""
        return self._store.count() == 0

    def article_count(self) -> int:
        """How many articles the library holds."""
        return self._store.count()

    def seed(self) -> Iterator[Progress]:
        """Ingest the bundled sample corpus if the library is empty."""
        if self.is_empty:
            yield from self.add(seed_files())

    def index_is_stale(self) -> bool:
        """True when the index must be rebuilt from the store before searching."""
        with self._lock:
            if self._ix is None:
                # Keep what opened, so the first search does not open it again.
                self._ix = self._fulltext.open(self._store.generation())
            return self._ix is None and not self.is_empty

    # Writing ---------------------------------------------------------------

    def add(self, paths: Iterable[str | os.PathLike[str]]) -> Iterator[Progress]:
        """Ingest files and folders, yielding progress; the last item has phase "done".

        Stop iterating to cancel: what was extracted so far is kept.
        """
        from .ingest import ingest

        try:
            yield from ingest(paths, self._store, _Target(self), self._get_extractor())
        finally:
            self._reanchor_bookmarks()

    ingest = add

    def reindex(self) -> Iterator[Progress]:
        """Rebuild the index from the store alone, yielding progress."""
        total = self._store.count()
        yield Progress("index", 0, total, "rebuilding the index")
        with self._lock:
            from . import fulltext

            new = self._fulltext.create()
            writer = new.writer(limitmb=256)
            try:
                for done, article in enumerate(self._store.all(), 1):
                    writer.add_document(**fulltext.document(article))
                    if done % 100 == 0:
                        yield Progress("index", done, total, article.title)
                yield Progress("index", total, total, "committing the index")
                writer.commit()
            except BaseException:
                writer.cancel()
                raise
            self._drop_searcher()
            self._ix = self._fulltext.swap_in(self._store.generation())
        yield Progress("done", total, total)

    def _get_extractor(self) -> Extractor:
        if self._extractor is None:
            self._extractor = Extractor(self.model)
        return self._extractor

    # Reading ---------------------------------------------------------------

    def search(self, query: str, limit: int = 20, sort: Sort = "relevance",
               facets: bool = True, suggest: bool = True) -> SearchResults:
        """Articles matching a query in Whoosh's language, best (or newest) first.

        `facets=False` skips counting actors and sources; `suggest=False` skips the
        "did you mean" search (up to ~100 ms at 2,000 articles), for search as you type.

        Raises:
            QueryError: when the query cannot be parsed or run.
        """
        from . import search

        with self._lock:
            searcher = self._get_searcher()
            return search.run(searcher, self._query_parser(searcher), query, limit, sort,
                              self._first_mention, self._count_facets if facets else None, suggest,
                              self._resolver().members)

    def suggest(self, query: str) -> str | None:
        """The query with misspelled words corrected, or None.

        Raises:
            QueryError: when the query cannot be parsed.
        """
        from . import search

        with self._lock:
            searcher = self._get_searcher()
            return search.suggest(searcher, self._query_parser(searcher), query)

    def _query_parser(self, searcher: Any) -> Any:
        from . import search

        if self._parser is None:
            self._parser = search.QueryParser(searcher.schema)
        return self._parser

    def article(self, article_id: str) -> Article:
        """One article with its entity mentions; a unique prefix of the id is enough.

        Raises:
            NotFound: when no article (or more than one) has that id.
        """
        found = self._store.get(article_id)
        if found is not None:
            return self._resolve_article(found)
        candidates = self._store.ids_with_prefix(article_id) if len(article_id) >= 4 else []
        if len(candidates) == 1:
            found = self._store.get(candidates[0])
        if found is None:
            more = f" (it could be {', '.join(candidates)})" if len(candidates) > 1 else ""
            raise NotFound(f"no article with id {article_id!r}{more}")
        return self._resolve_article(found)

    def entities(self, texts: Iterable[str]) -> Iterator[list[Entity]]:
        """Extract mentions from texts without storing them, named as the library would show them."""
        resolver = self._resolver()
        return (resolver.resolve(found) for found in self._get_extractor().extract_many(list(texts)))

    def stats(self) -> Stats:
        """What the library holds."""
        with self._lock:
            documents = self._get_searcher().doc_count()
        return Stats(home=str(self.home), articles=self._store.count(),
                     files=self._store.count("files"), mentions=self._store.count("mentions"),
                     actors=len(self._resolver().groups), sources=tuple(self._store.sources()),
                     index_documents=documents, model=self.model)

    # Internals -------------------------------------------------------------

    @property
    def _fulltext(self) -> FullText:
        if self._fulltext_dir is None:
            from .fulltext import FullText

            self._fulltext_dir = FullText(self.home / "index")
        return self._fulltext_dir

    def _get_index(self) -> whoosh_index.Index:
        if self._ix is None:
            generation = self._store.generation()
            self._ix = self._fulltext.open(generation)
            if self._ix is None:
                self._ix = self._open_stale() or self._rebuild()
        return self._ix

    def _open_stale(self) -> whoosh_index.Index | None:
        """An index another process is writing right now: use it rather than rebuild."""
        from whoosh import index as whoosh_index
        from whoosh.index import LockError

        from . import fulltext

        try:
            ix = whoosh_index.open_dir(str(self._fulltext.path), indexname=fulltext.INDEX_NAME)
            writer = ix.writer()
        except LockError:
            return ix
        except Exception:  # noqa: BLE001 - damaged or missing: rebuild
            return None
        writer.cancel()
        return None

    def _rebuild(self) -> whoosh_index.Index:
        for _ in self.reindex():
            pass
        assert self._ix is not None
        return self._ix

    def _get_searcher(self) -> Any:
        if self._searcher is not None and not self._searcher.up_to_date():
            # Not Searcher.refresh(): it reuses segment readers and misses new deletions.
            self._drop_searcher()
        if self._searcher is None:
            self._searcher = self._get_index().searcher()
        return self._searcher

    def _drop_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def _first_mention(self, article_id: str, actors: Sequence[str]) -> tuple[int, int] | None:
        resolver = self._resolver()
        wanted = {m for a in actors for m in resolver.members(a)}
        for entity in self._store.mentions(article_id):
            if entity.actor.lower() in wanted:
                return entity.start, entity.end
        return None

    def _count_facets(self, ids: Sequence[str]) -> tuple[tuple[Facet, ...], tuple[Facet, ...]]:
        grouped = actors_mod.aggregate(self._store.actor_rows(ids), self._resolver())
        ranked = sorted(((name, len(arts)) for name, (_, arts, _) in grouped.items()),
                        key=lambda x: (-x[1], x[0]))
        return (tuple(Facet(n, c) for n, c in ranked[:FACET_LIMIT]),
                tuple(self._store.sources_of(ids, FACET_LIMIT)))


class _Target:
    """Lets ingestion write the library's index and keep it in step with the store."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def writer(self) -> IndexWriter:
        from whoosh.index import LockError

        lib = self.library
        with lib._lock:
            ix = lib._get_index()
        try:
            return ix.writer(limitmb=256)
        except LockError:
            raise LibraryBusy(f"{lib.home}: another newsdesk is writing this library; "
                              "try again when it has finished") from None

    def commit(self, writer: IndexWriter) -> None:
        lib = self.library
        writer.commit()
        with lib._lock:
            lib._fulltext.mark(lib._store.generation())
            lib._drop_searcher()
