"""Adding files: paths -> what each file is -> pipeline units -> the store, then the index, with progress.

`.txt` and `.md` files are read as before (by name). Any other file is
recognised by its content (`feeds.sniff`): a web page becomes one article
(`pages.extract_page`), a feed (RSS, Atom, JSON Feed) one article per item;
anything else is refused with a one-line reason. Files are hashed first:
unchanged files and exact duplicates never reach the model. Then the units go
through the same extract-and-store stage as fetched feeds (`pipeline`); when
`ingest` returns, every stored article is searchable.

A file named like a feed (`.xml`, `.rss`, `.atom`, `.json`...) that holds none
gets the feed reader's reason ("an HTML page, not a feed").

A page's source is the site it names (its site name, else its URL's host), else
the folder it was added from, because the folder a browser saved a page in
("Downloads") rarely names its publisher; text files keep their folder's name.
A feed file's items carry the feed's title. A page's canonical URL is an item
key, so a saved page and the same article from a feed are one article (the
page's full text wins over a feed's summary).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .entities import Extractor
from .feed_model import FeedError
from .formats import MARKDOWN_SUFFIXES, SUPPORTED_SUFFIXES, UnreadableFile, derive_title, parse
from .fulltext import FullText
from .items import ItemDecider, ItemSource
from .models import Article
from .pages import PageError
from .pipeline import Note, Pending, Tally, Unit, store_stream
from .progress_models import Failure, ItemResult, Progress
from .scan import FoundFile, printable, scan
from .store import Store, StoreWriter
from .store_items import ItemWriter
from .urls import host_of, url_key

#: Files larger than this are refused: no news article is 20 MB of text.
MAX_BYTES = 20 * 1024 * 1024
#: Suffixes of web pages (read as pages even when their content looks like plain text or XML).
PAGE_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
#: Suffixes that promise a feed: content that is not one gets the feed reader's "not a feed" reason.
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".json", ".feed"}
#: How much of a file is read to tell what it is.
SNIFF_BYTES = 65536


def ingest(paths: Iterable[str | os.PathLike[str]], store: Store, fulltext: FullText, extractor: Extractor,
           exclude: Sequence[str] = (), tally: Tally | None = None) -> Iterator[Progress]:
    """Add files and folders to the library, yielding progress; the last item has phase "done"."""
    tally = tally or Tally()
    found = scan(paths, exclude)
    for failure in found.failures:
        tally.fail(failure.path, failure.reason)
    tally.notes.extend(found.skipped)
    tally.skipped = len(found.skipped) + found.excluded
    yield tally.progress("scan", len(found.files), len(found.files))
    units: list[Unit] = []
    for item in read(found.files, store, tally):
        if isinstance(item, Progress):
            yield item
        else:
            units.append(item)
    total = sum(isinstance(u, Pending) for u in units)
    yield from store_stream(units, store, fulltext, extractor, tally,
                            lambda: tally.progress("extract", tally.extracted, total))
    yield from fulltext.update(wait=True)
    yield tally.progress("done", total, total, "")


def read(files: list[FoundFile], store: Store, tally: Tally) -> Iterator[Unit | Progress]:
    """Hash and parse each file, yielding the units that need the pipeline, and progress."""
    reader = _Reader(store, tally)
    for done, found in enumerate(files, 1):
        try:
            yield from reader.units(found)
        except (UnreadableFile, FeedError, PageError) as exc:
            tally.fail(found.shown, str(exc))
        except OSError as exc:
            tally.fail(found.shown, exc.strerror or str(exc))
        except (ValueError, TypeError, LookupError, RecursionError) as exc:  # a parser's surprise: this file only
            tally.fail(found.shown, f"cannot be read ({type(exc).__name__}: {exc})")
        if done % 25 == 0 or done == len(files):
            yield tally.progress("read", done, len(files), found.shown)


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes (at most `limit` + 1); never blocks on a pipe that appeared since the scan.

    Raises:
        UnreadableFile: for anything but a regular file, or a file over MAX_BYTES.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("not a regular file; not read")
        if info.st_size > MAX_BYTES:
            raise UnreadableFile(f"file is larger than {MAX_BYTES // 1024 // 1024} MB")
        return fh.read(limit + 1)


def kind_of(path: Path) -> str:
    """What a file is: "text" or "markdown" by name, else "page" or "feed" by content.

    Raises:
        UnreadableFile: for anything newsdesk does not read, with the reason.
    """
    suffix = path.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return "markdown" if suffix in MARKDOWN_SUFFIXES else "text"
    from .decoding import binary_kind
    from .feeds import NotAFeed, parse_feed, sniff

    head = read_bytes(path, SNIFF_BYTES)
    what = sniff(head)
    if what == "feed":
        return "feed"
    if suffix in FEED_SUFFIXES and what != "binary":  # named as a feed: say what it is instead
        try:
            parse_feed(read_bytes(path))
        except NotAFeed as exc:
            raise UnreadableFile(str(exc)) from None
    if what == "html" or (suffix in PAGE_SUFFIXES and what in ("xml", "text")):
        return "page"
    if what == "empty":
        raise UnreadableFile("empty file")
    if what == "opml":
        raise UnreadableFile("an OPML subscription list, not an article (subscribe to its feeds with "
                             "`newsdesk subscribe --opml FILE`)")
    shown = f"'{suffix}'" if suffix else "without a suffix"
    kind = binary_kind(head)
    raise UnreadableFile(f"unsupported file type {shown}{f' ({kind})' if kind else ''}: newsdesk reads .txt, "
                         ".md, web pages and RSS, Atom or JSON feeds")


class _Reader:
    """Turns files into units, remembering what this run has seen (identical contents, item keys)."""

    def __init__(self, store: Store, tally: Tally) -> None:
        self._store, self._tally = store, tally
        self._decider = ItemDecider(store)
        self._seen: dict[str, str] = {}  # content hash -> article id, this run

    def units(self, found: FoundFile) -> Iterator[Unit]:
        """The units of one file (none when it is unchanged)."""
        kind = kind_of(found.path)
        data = read_bytes(found.path)
        digest = hashlib.sha256(data).hexdigest()
        known = self._store.file_record(found.key)
        if known and known.content_hash == digest:
            self._unchanged([known.article_id])
            return
        feed_file = self._decider.records.feed_file(found.key) if kind == "feed" else None
        if feed_file and feed_file[0] == digest:
            self._unchanged(feed_file[1])
            return
        previous = known.article_id if known else None
        twin = self._seen.get(digest) or self._store.article_for_hash(digest)
        if twin:
            yield self._link(found, digest, twin, previous)
        elif kind == "feed":
            yield from self._feed(found, data, digest)
        else:
            yield self._article(found, kind, data, digest, previous)

    def _unchanged(self, ids: list[str]) -> None:
        summaries = self._decider.records.summaries(ids)
        for article_id in ids:
            s = summaries.get(article_id)
            self._tally.unchanged += 1
            self._tally.results.append(ItemResult("unchanged", article_id, s.source if s else "",
                                                  s.title if s else "", s.url if s else ""))

    def _link(self, found: FoundFile, digest: str, twin: str, previous: str | None) -> Note:
        """A path whose content is already stored (maybe earlier in this run) as another article."""
        tally = self._tally

        def write(writer: StoreWriter) -> None:
            writer.link(found.key, digest, twin)
            if previous and previous != twin and writer.drop_if_unreferenced(previous):
                tally.changed_ids.append(previous)

        s = self._decider.records.summaries([twin]).get(twin)
        return Note(ItemResult("duplicate", twin, s.source if s else "", s.title if s else found.shown,
                               s.url if s else ""), write)

    def _article(self, found: FoundFile, kind: str, data: bytes, digest: str, previous: str | None) -> Pending:
        """One article from a text, Markdown or page file."""
        location = printable(str(found.path.resolve()))
        keys: tuple[str, ...] = ()
        if kind == "page":
            article = _page(data, found.source)
            keys = (f"url:{url_key(article.url)}",) if article.url else ()
        else:
            p = parse(found.path.name, data, found.source)
            article = Article(id="", title=p.title, text=p.text, source=p.source, date=p.date, url=p.url,
                              authors=p.authors, format=p.format)
        same_url = self._decider.known(keys) if keys else None
        article_id = previous or same_url or digest[:16]
        self._seen[digest] = article_id
        self._decider.claim(keys, article_id)
        article = Article(id=article_id, title=article.title, text=article.text, source=article.source,
                          date=article.date, url=article.url, authors=article.authors, format=article.format,
                          path=location)
        return Pending(article, digest, previous is not None or same_url is not None, found.shown,
                       file=found.key, keys=keys)

    def _feed(self, found: FoundFile, data: bytes, digest: str) -> Iterator[Unit]:
        """One unit per item of a feed file, then the note that records the file (once they are stored)."""
        from .feeds import parse_feed

        feed = parse_feed(data)
        if feed.problem:
            self._tally.warnings.append(Failure(found.shown, feed.problem))
        source = ItemSource(feed.title or host_of(feed.link) or found.source,
                            location=printable(str(found.path.resolve())))
        ids: list[str] = []
        for item in feed.items:
            unit = self._decider.decide(item, source)
            ids.append(unit.article.id if isinstance(unit, Pending) else (unit.result.id if unit.result else "") or "")
            yield unit
        key = found.key

        def record(writer: StoreWriter) -> None:
            ItemWriter(writer).feed_file(key, digest, ids)

        yield Note(None, record)  # no item of its own: it reports nothing


def _page(data: bytes, folder: str) -> Article:
    """The article of a saved web page (its id is given later)."""
    from .pages import extract_page

    page = extract_page(data)
    return Article(id="", title=page.title or derive_title(page.text), text=page.text,
                   source=page.site_name or host_of(page.url) or folder, date=page.date, url=page.url,
                   authors=page.authors)
