"""What `is:unread` costs a search, with thousands of articles and thousands of them unread.

Builds a library of N articles (the BBC corpus in ../shared when present, else N
generated ones), marks some unread as a fetch would, and times queries with and
without the filter (median of repeated runs, searcher warm), plus the first
filtered query after the index changed (which maps article ids to documents once).
Marking an article read is timed too: it re-indexes nothing. Prints numbers;
asserts nothing.

    python benchmarks/bench_unread.py [--articles N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index import Library  # noqa: E402
from index.store_items import ItemRecords  # noqa: E402
from tests.corpus import make_folder  # noqa: E402

BBC = next((p / "shared" / "corpora" / "bbc-news" / "bbc" for p in (ROOT.parent, ROOT.parent.parent)
            if (p / "shared").is_dir()), ROOT.parent / "shared" / "corpora" / "bbc-news" / "bbc")
QUERIES = ["oil", "oil is:unread", "oil -is:unread", "is:unread", ""]
#: The unread counts tried (capped at the library's size).
UNREAD = (0, 100, 1000, 2000, 5000, 10**9)


def median_ms(run: Callable[[], object], times: int = 15) -> float:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=0,
                        help="this many generated articles (default: the BBC corpus in ../shared, else 3000 generated)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = BBC if BBC.is_dir() and not args.articles else make_folder(Path(tmp) / "news", args.articles or 3000)
        with Library(Path(tmp) / "home") as library:
            started = time.perf_counter()
            for _ in library.add([source]):
                pass
            ids = sorted(a.id for a in library._store.all())
            print(f"{len(ids)} articles from {source} (added in {time.perf_counter() - started:.0f} s)\n")
            records = ItemRecords(library._store)
            print(f"{'unread':>7}  " + "  ".join(f"{q or '(all)':>16}" for q in QUERIES) + "   first filtered query")
            for unread in sorted({min(n, len(ids)) for n in UNREAD}):
                records.mark_read(ids)
                records.mark_unread(ids[:unread])
                library._fulltext.close()  # a new searcher: the id map is built again, as after a fetch
                started = time.perf_counter()
                library.search("oil is:unread", facets=False, suggest=False)
                first = (time.perf_counter() - started) * 1000
                row = [median_ms(lambda q=q: library.search(q, facets=False, suggest=False)) for q in QUERIES]
                print(f"{unread:>7}  " + "  ".join(f"{ms:>13.1f} ms" for ms in row) + f"   {first:8.1f} ms")
            one = ids[0]
            mark = median_ms(lambda: (library.mark_read(one, read=False), library.mark_read(one)))
            print(f"\nmark one article unread and read again: {mark:.1f} ms (nothing re-indexed)")


if __name__ == "__main__":
    main()
