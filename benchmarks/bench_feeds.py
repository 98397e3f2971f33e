"""Feed reading on ../shared/feeds: items found against each file's true count, and the OPML import.

The true counts are read from the table in ../shared/feeds/README.md (taken with the
standard library's XML and JSON parsers). Every file goes through
`index.feeds.parse_feed` as bytes, as a fetch would hand it over; broken files must
give one clear line. `Subs.opml` goes through `index.opml.read_opml` and then into a
fresh `SubscriptionStore`. Prints numbers; asserts nothing.

    python benchmarks/bench_feeds.py [DIR]
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.feeds import FeedError, parse_feed  # noqa: E402
from index.opml import read_opml  # noqa: E402
from index.subscriptions import SubscriptionStore  # noqa: E402

# ../shared from the main checkout; a worktree under wt/ has it one level further up.
DATA = next((p / "shared" / "feeds" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
            ROOT.parent / "shared" / "feeds")
_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|[^|]*\|\s*(\d+)(?: feeds)?\s*\|", re.M)


def true_counts(readme: Path) -> dict[str, int]:
    """file -> true item count, from the README's table."""
    return {name: int(count) for name, count in _ROW.findall(readme.read_text(encoding="utf-8"))}


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    if not (data / "README.md").exists():
        print(f"no feeds at {data}: nothing to measure")
        return
    expected = true_counts(data / "README.md")
    right = 0
    print(f"{'file':<36} {'true':>5} {'found':>5}  {'ms':>5}  result")
    for name, count in sorted(expected.items()):
        if name.endswith(".opml"):
            continue
        raw = (data / name).read_bytes()
        started = time.perf_counter()
        try:
            feed = parse_feed(raw)
            found, note = len(feed.items), f"{feed.format} {feed.version}: {feed.title}" + \
                (f" ({feed.problem})" if feed.problem else "")
        except FeedError as exc:
            found, note = 0, f"{name}: {exc}"
        elapsed = (time.perf_counter() - started) * 1000
        right += found == count
        print(f"{name:<36} {count:>5} {found:>5}  {elapsed:5.0f}  {'ok ' if found == count else 'BAD'} {note}")
    feeds_total = sum(1 for n in expected if not n.endswith(".opml"))
    print(f"\n{right} of {feeds_total} files give their true item count")
    for name, count in expected.items():
        if name.endswith(".opml"):
            _opml(data / name, count)


def _opml(path: Path, count: int) -> None:
    opml = read_opml(path.read_bytes())
    groups = Counter(f.group or "(top level)" for f in opml.feeds)
    with tempfile.TemporaryDirectory() as tmp:
        store = SubscriptionStore(Path(tmp) / "subscriptions.db")
        started = time.perf_counter()
        added, existing = store.add_many(opml.feeds)
        elapsed = (time.perf_counter() - started) * 1000
        stored = len(store.all())
        store.close()
    print(f"\n{path.name}: {len(opml.feeds)} feeds read (true count {count}), {len(added)} subscribed "
          f"({len(existing)} already there), {stored} in the store, imported in {elapsed:.0f} ms")
    print("  folders: " + ", ".join(f"{g} {n}" for g, n in groups.items()))


if __name__ == "__main__":
    main()
