"""The Library: the one facade the command line and the TUI call.

It owns a home directory holding the article store (`library.db`, the truth)
and the Whoosh index (`index/`, derived). It hands out only the project's
dataclasses. One Library may be used from several threads: searches share one
searcher under a lock, writes go through Whoosh's single writer.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import LockError
from whoosh.writing import IndexWriter

from . import actor_view, export, fulltext, search
from . import actors as actors_mod
from .actors import ActorError
from .bookmarks import BookmarkError, BookmarkStore, filter_bookmarks, find_quote
from .entities import Extractor, model_name
from .errors import LibraryBusy, NotFound
from .fulltext import FullText
from .ingest import ingest
from .models import (
    Actor,
    ActorProfile,
    Article,
    Bookmark,
    Draft,
    Entity,
    Facet,
    Progress,
    SearchResults,
    Stats,
)
from .paths import default_home, seed_files
from .store import Store

FACET_LIMIT = 10


class Library:
    """A newsdesk library in one home directory."""

    def __init__(self, home: str | os.PathLike[str] | None = None, *, model: str | None = None) -> None:
        self.home = Path(home).expanduser() if home is not None else default_home()
        try:
            self.home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryBusy(f"{self.home}: cannot create the library folder ({exc.strerror})") from None
        self.model = model or model_name()
        self._store = Store(self.home / "library.db")
        self._fulltext = FullText(self.home / "index")
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

    def search(self, query: str, limit: int = 20, sort: search.Sort = "relevance",
               facets: bool = True, suggest: bool = True) -> SearchResults:
        """Articles matching a query in Whoosh's language, best (or newest) first.

        `facets=False` skips counting actors and sources; `suggest=False` skips the
        "did you mean" search (up to ~100 ms at 2,000 articles), for search as you type.

        Raises:
            QueryError: when the query cannot be parsed or run.
        """
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
        with self._lock:
            searcher = self._get_searcher()
            return search.suggest(searcher, self._query_parser(searcher), query)

    def _query_parser(self, searcher: Any) -> search.QueryParser:
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

    def _resolve_article(self, article: Article) -> Article:
        """The article with each mention named by its actor (user edits and defaults applied)."""
        resolver = self._resolver()
        entities = []
        for e in article.entities:
            group = resolver.actor(e.actor, e.type)
            if group is not None:
                kind = "group" if e.type != "person" and actors_mod.demonym_country(e.text) else e.type
                entities.append(replace(e, actor=group.name, type=kind))
        return replace(article, entities=tuple(entities))

    def actors(self, limit: int | None = None) -> list[Actor]:
        """Actors by how many articles mention them, then mentions, with their other spellings."""
        grouped = actors_mod.aggregate(self._store.actor_rows(), self._resolver())
        found = [Actor(name, group.type, len(arts), count,  # type: ignore[arg-type]
                       group.aliases())
                 for name, (group, arts, count) in grouped.items()]
        found.sort(key=lambda a: (-a.articles, -a.mentions, a.name))
        return found[:limit] if limit else found

    def actor(self, name: str) -> ActorProfile:
        """One actor across the library: sentences that mention it, mentions by month, co-actors.

        Raises:
            NotFound: when no actor goes by that name.
        """
        resolver = self._resolver()
        group = resolver.find(name)
        if group is None or group.hidden:
            raise NotFound(f"no actor named {name!r}" + (" (it is hidden)" if group else ""))
        return actor_view.profile(self._store, resolver, group)

    def complete_actor(self, prefix: str, limit: int = 10) -> list[str]:
        """Actor names that start with a prefix (or have a word that does)."""
        return self._resolver().complete(prefix, limit)

    # Actor edits: applied at query and display time, kept in actors.db --------

    def merge_actors(self, into: str, other: str) -> str:
        """Make `other` (all its spellings) part of `into`; returns the actor's name."""
        resolver = self._resolver()
        target, source = self._group(into), self._group(other)
        if target.key == source.key:
            raise ActorError(f"{into!r} and {other!r} are already one actor")
        aliases = {actors_mod.key(f): target.key for f in source.forms}
        aliases[source.key] = target.key
        self._registry.edit(aliases=aliases)
        return resolver.display.get(target.key, target.name)

    def rename_actor(self, name: str, new_name: str) -> None:
        """Show an actor under another name (its spellings stay its aliases)."""
        if not new_name.strip():
            raise ActorError("the new name is empty")
        group = self._group(name)
        self._registry.edit(display={group.key: " ".join(new_name.split())},
                            aliases={actors_mod.key(new_name): group.key}
                            if actors_mod.key(new_name) != group.key else None)

    def split_actor(self, name: str, alias: str) -> None:
        """Make one spelling of an actor an actor of its own."""
        group = self._group(name)
        k = actors_mod.key(alias)
        if k not in {actors_mod.key(f) for f in group.forms}:
            forms = ", ".join(sorted(group.forms))
            raise ActorError(f"{alias!r} is not a spelling of {group.name!r} (its spellings: {forms})")
        self._registry.edit(aliases={k: ""})

    def alias_actor(self, name: str, alias: str) -> None:
        """Count a name (say "Pyongyang") as the actor `name` (say "North Korea")."""
        group = self._group(name)
        self._registry.edit(aliases={actors_mod.key(alias): group.key})

    def hide_actor(self, name: str, hidden: bool = True) -> None:
        """Hide a false entity (or show it again) everywhere."""
        resolver = self._resolver()
        group = resolver.find(name)
        if group is None:
            raise NotFound(f"no actor named {name!r}")
        self._registry.edit(hidden={group.key: hidden})

    def _group(self, name: str) -> actors_mod.Group:
        group = self._resolver().find(name)
        if group is None:
            raise NotFound(f"no actor named {name!r}")
        return group

    @property
    def _registry(self) -> actors_mod.Registry:
        if self._actor_registry is None:
            self._actor_registry = actors_mod.Registry(self.home / "actors.db")
        return self._actor_registry

    def _resolver(self) -> actors_mod.Resolver:
        """Names -> actors for the current store and edits (rebuilt only when either changed)."""
        state = (self._store.generation(), self._registry.version())
        cached = self._resolver_cache
        if cached is None or cached[0] != state:
            resolver = actors_mod.Resolver(self._store.actor_names(), self._registry.load())
            self._resolver_cache = cached = (state, resolver)
        return cached[1]

    def entities(self, texts: Iterable[str]) -> Iterator[list[Entity]]:
        """Extract mentions from texts without storing them, loading the model once."""
        return self._get_extractor().extract_many(list(texts))

    def stats(self) -> Stats:
        """What the library holds."""
        with self._lock:
            documents = self._get_searcher().doc_count()
        return Stats(home=str(self.home), articles=self._store.count(),
                     files=self._store.count("files"), mentions=self._store.count("mentions"),
                     actors=len(self._resolver().groups), sources=tuple(self._store.sources()),
                     index_documents=documents, model=self.model)

    # Bookmarks -------------------------------------------------------------

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

    # Internals -------------------------------------------------------------

    def _get_index(self) -> whoosh_index.Index:
        if self._ix is None:
            generation = self._store.generation()
            self._ix = self._fulltext.open(generation)
            if self._ix is None:
                self._ix = self._open_stale() or self._rebuild()
        return self._ix

    def _open_stale(self) -> whoosh_index.Index | None:
        """An index another process is writing right now: use it rather than rebuild."""
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
