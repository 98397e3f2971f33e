"""Watchlist counts at scale: 50 watchlists over a large corpus, in full and after an add.

    python benchmarks/bench_watchlists.py CORPUS_DIR [--cache DIR] [--batch 200]
    python benchmarks/bench_watchlists.py --library HOME [--batch 200]

With CORPUS_DIR, the phase-1 prototype: a Whoosh index with an `added`
sequence number per article (the index is built once into --cache, default
/tmp/newsdesk-bench-watch-<corpus name>), a `Matcher` that counts a query's
matches above an `added` number by stepping the query's matcher to the few
documents above it (found once with a numeric range), and `WatchCounter`. Times a full recount of 50
watchlists, then the update after the last --batch articles are "added"
(the counts are first taken as if they were not there yet). Prints numbers;
asserts nothing except that the quick update equals a full recount.

With --library HOME (e.g. a 45,000-article home; it is COPIED under /tmp, never
changed): the real thing. `library.watchlists` with the same 50 watchlists
(one does not parse); the first listing (everything counted), then --batch new
articles added through `Library.add` (changed copies of stored ones, so the
entity model runs), then the listing the reader makes in the same process
after the add, the one a new `newsdesk watch list` makes from the counts kept
on disk, and a full recount for comparison (they must be equal).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from whoosh import fields, index, query  # noqa: E402
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer  # noqa: E402
from whoosh.qparser import MultifieldParser  # noqa: E402
from whoosh.support.charset import accent_map  # noqa: E402

from index.errors import QueryError  # noqa: E402
from index.formats import parse  # noqa: E402
from index.watch_counts import WatchCounter  # noqa: E402
from index.watchlists import WatchlistStore  # noqa: E402

QUERIES = [
    "blair", "brown", "howard", "kilroy", "yukos", "gazprom", "google", "microsoft", "apple", "sony",
    "chelsea", "arsenal", "liverpool", "federer", "hewitt", "wimbledon", "oscar*", "bafta", "eminem", "u2",
    '"interest rates"', '"general election"', '"prime minister"', '"world cup"', '"six nations"',
    "iraq AND war", "oil OR gas", "broadband*", "virus AND (phone OR mobile)", "euro NOT football",
    "tsunami", "aids", "china AND growth", "dollar AND (slide OR falls)", "immigration", "asylum",
    "title:deal", "title:record", "boeing OR airbus", "ebbers", "worldcom", "parmalat", "glazer",
    '"manchester united"', "spam", "playstation OR xbox", "lions AND tour", "tax*", "strike", "section:(politics",
]


def build(corpus: Path, where: Path) -> None:
    """Index every article's title and body with its `added` number (file order)."""
    text = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
    schema = fields.Schema(title=fields.TEXT(analyzer=text), body=fields.TEXT(analyzer=text),
                           # Signed: in whoosh-reloaded 2.7.5 a NumericRange over an unsigned NUMERIC
                           # field matches every document once the range spans trie levels.
                           added=fields.NUMERIC(int, bits=32))
    where.mkdir(parents=True)
    ix = index.create_in(where, schema)
    files = sorted(p for p in corpus.rglob("*") if p.suffix in {".txt", ".md"})
    writer = ix.writer(limitmb=256)
    for n, path in enumerate(files, 1):
        parsed = parse(path.name, path.read_bytes())
        writer.add_document(title=parsed.title, body=parsed.text, added=n)
    writer.commit()


class WhooshMatcher:
    """Counts matches with `added` in (after, ceiling]: the ceiling pretends later articles are not there yet.

    Ranges are open above (`added` > N), so the question about newcomers is a narrow
    range and a total is the plain query, as the Library would ask them.
    """

    def __init__(self, ix: index.Index, ceiling: int | None = None) -> None:
        self.searcher = ix.searcher()
        self.parser = MultifieldParser(["title", "body"], ix.schema)
        self.ceiling = ceiling
        self._cache: dict[int, list[int]] = {}

    def count(self, text: str, after: int) -> int:
        if text.count("(") != text.count(")"):
            raise QueryError(f"query {text!r}: unbalanced parenthesis")
        q = self.parser.parse(text)
        above = self._above(q, self.ceiling) if self.ceiling is not None else 0
        return self._above(q, after) - above

    def key(self, text: str) -> str:
        if text.count("(") != text.count(")"):
            raise QueryError(f"query {text!r}: unbalanced parenthesis")
        return text  # no actors to expand here: a query means what it says

    def _above(self, q: query.Query, after: int) -> int:
        if after <= 0:
            return sum(1 for _ in q.docs(self.searcher))
        newcomers = self._newcomers(after)
        if len(newcomers) > 5000:
            return sum(1 for _ in query.And([q, query.NumericRange("added", after + 1, None)]).docs(self.searcher))
        # Few articles above `after` (the usual case: an add, a recent seen mark): step the
        # query's matcher to each of them instead of walking its whole posting lists.
        matcher, found = q.matcher(self.searcher), 0
        for docnum in newcomers:
            if not matcher.is_active():
                break
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
            found += matcher.is_active() and matcher.id() == docnum
        return found

    def _newcomers(self, after: int) -> list[int]:
        """Document numbers with `added` > after, in order (cached: every watchlist asks the same)."""
        if after not in self._cache:
            self._cache[after] = sorted(query.NumericRange("added", after + 1, None).docs(self.searcher))
        return self._cache[after]


def library_mode(home: Path, batch: int) -> None:
    """The real `library.watchlists` on a copy of a library, before and after adding `batch` articles."""
    import shutil

    from index import Library

    with tempfile.TemporaryDirectory(prefix="bench-watch-") as tmp:
        copy = Path(tmp) / "home"
        t0 = time.perf_counter()
        shutil.copytree(home, copy)
        with Library(copy) as library:
            for _ in library.prepare():  # schema upgrades, stories grouped, index current
                pass
            print(f"{library.article_count()} articles (copied and made ready in {time.perf_counter() - t0:.0f} s)")
            for n, q in enumerate(QUERIES):
                try:
                    library.watchlists.add(f"watch {n:02d}", q)
                except QueryError:  # kept as if its field had been renamed since
                    WatchlistStore(library.watchlists.path).add(f"watch {n:02d}", q, library._store.max_added())
            t0 = time.perf_counter()
            first = library.watchlists.list()
            print(f"first listing of {len(first)} watchlists (everything counted): "
                  f"{(time.perf_counter() - t0) * 1000:.0f} ms")
            tally = library.watchlists._tally
            assert tally._counter is not None
            before = (tally._counter.counted(), tally._counter.upto, tally._since)
            kept = (copy / "cache" / "watch-counts.marshal").read_bytes()  # what the next command starts from
            texts = library._store.texts(sorted(library._store.ids())[:batch])
            folder = Path(tmp) / "new"
            folder.mkdir()
            for n, text in enumerate(texts.values()):
                (folder / f"{n:05d}.txt").write_text(f"Update {n}\n\n{text}\n\nUpdated: a new paragraph {n}.\n")
            t0 = time.perf_counter()
            for _ in library.add([folder]):
                pass
            print(f"added {batch} articles in {time.perf_counter() - t0:.0f} s")
            same = []
            for _ in range(5):
                # The reader's state after its last listing before the add, each time.
                tally._counter, tally._since = WatchCounter(before[0], before[1]), before[2]
                t0 = time.perf_counter()
                after = library.watchlists.list()
                same.append(time.perf_counter() - t0)
            print(f"listing in the same process after the add (the reader): median "
                  f"{statistics.median(same) * 1000:.0f} ms, max {max(same) * 1000:.0f} ms")
        runs = []
        for _ in range(5):
            (copy / "cache" / "watch-counts.marshal").write_bytes(kept)
            with Library(copy) as library:
                t0 = time.perf_counter()
                listed = library.watchlists.list()
                runs.append(time.perf_counter() - t0)
        print(f"a new `watch list` after the add, from the counts kept before it: median "
              f"{statistics.median(runs) * 1000:.0f} ms (a new Library each time, in this process)")
        (copy / "cache" / "watch-counts.marshal").unlink()
        with Library(copy) as library:
            t0 = time.perf_counter()
            full = library.watchlists.list()
            print(f"everything counted again (no kept counts): {(time.perf_counter() - t0) * 1000:.0f} ms; "
                  f"equal to the kept ones: {full == listed == after}")
        busiest = sorted(full, key=lambda c: -c.total)[:3]
        print("largest: " + ", ".join(f"{c.watchlist.query} {c.total} ({c.new} new)" for c in busiest))
        print("broken: " + "; ".join(f"{c.watchlist.query}: {c.error}" for c in full if c.error))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, nargs="?")
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--library", type=Path, help="a library home to copy and measure (never changed)")
    args = parser.parse_args()
    if args.library:
        library_mode(args.library, args.batch)
        return
    if args.corpus is None:
        parser.error("give CORPUS_DIR or --library HOME")
    where = args.cache or Path(tempfile.gettempdir()) / f"newsdesk-bench-watch-{args.corpus.name}"
    if not index.exists_in(where):
        t0 = time.perf_counter()
        build(args.corpus, where)
        print(f"built the index in {time.perf_counter() - t0:.0f} s")
    ix = index.open_dir(where)
    total = ix.doc_count()
    before = total - args.batch
    print(f"{total} articles; {len(QUERIES)} watchlists (one does not parse)")
    with tempfile.TemporaryDirectory() as tmp:
        store = WatchlistStore(Path(tmp) / "watchlists.db")
        for n, q in enumerate(QUERIES):
            store.add(f"watch {n:02d}", q, seen_upto=before - 1000 * (n % 5))
        watchlists = store.all()
        full, quick = [], []
        for _ in range(5):
            counter = WatchCounter()
            t0 = time.perf_counter()
            counter.recount(watchlists, WhooshMatcher(ix, before), before)
            full.append(time.perf_counter() - t0)
            matcher = WhooshMatcher(ix)
            t0 = time.perf_counter()
            after = counter.added(watchlists, matcher, total)
            quick.append(time.perf_counter() - t0)
        assert after == WatchCounter().recount(watchlists, matcher, total)
    print(f"full recount of {len(QUERIES)} watchlists: median {statistics.median(full) * 1000:.0f} ms")
    print(f"update after adding {args.batch} articles: median {statistics.median(quick) * 1000:.0f} ms "
          f"(equals a full recount: yes)")
    busiest = sorted(after, key=lambda c: -c.total)[:3]
    print("largest: " + ", ".join(f"{c.watchlist.query} {c.total} ({c.new} new)" for c in busiest))


if __name__ == "__main__":
    main()
