"""Story grouping benchmark: quality on BBC News, cost per article, behaviour at 45,000 articles.

    python benchmarks/bench_stories.py [--bbc DIR] [--big DIR] [--calibrate] [--sample N]

BBC (../shared/corpora/bbc-news/bbc, never committed): groups of 2+, pairs from
different categories grouped together (must be 0), time per article for the
signature and for the lookup, and a deterministic sample of groups (titles and
first lines) to check by hand. Articles get the store's ids (sha256 of the file
bytes, 16 hex digits), so byte-identical files are one article, as in a library.

--big DIR (e.g. a corpus from benchmarks/make_corpus.py): grouping time at that
size, through the proposed SQLite tables, and how pairs that share paragraphs
are treated, by the share of text they have in common.

--calibrate: the measurements behind the chosen shingle size and bands.
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.formats import UnreadableFile, parse  # noqa: E402
from index.stories import SCHEME, band_keys, containment, signature, similarity, words  # noqa: E402
from index.story_index import StoryIndex  # noqa: E402
from index.story_tables import StoryTables  # noqa: E402

#: ../shared beside the checkout (or beside the worktrees folder of a git worktree).
BBC = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared")
            if (p / "corpora" / "bbc-news" / "bbc").is_dir()), ROOT.parent / "shared") / "corpora" / "bbc-news" / "bbc"


class Doc:
    """One article of a corpus: id as the store makes it, category, title, body, paragraphs."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.id = hashlib.sha256(data).hexdigest()[:16]
        self.path = path
        self.category = path.parent.name
        parsed = parse(path.name, data, self.category)
        self.title, self.text = parsed.title, parsed.text
        self.paragraphs = [p.strip() for p in self.text.split("\n\n") if p.strip()]


def load(folder: Path) -> tuple[list[Doc], int, int]:
    """Distinct articles of a corpus (by content), the number of files and of byte-identical repeats."""
    docs: dict[str, Doc] = {}
    files = repeats = 0
    cross_repeats = 0
    for path in sorted(folder.rglob("*")):
        if path.suffix not in {".txt", ".md"} or path.name.upper().startswith(("README", "LICENSE")):
            continue
        files += 1
        data = path.read_bytes()
        key = hashlib.sha256(data).hexdigest()[:16]
        if key in docs:
            repeats += 1
            cross_repeats += docs[key].category != path.parent.name
            continue
        try:
            docs[key] = Doc(path, data)
        except UnreadableFile:
            continue
    if cross_repeats:
        print(f"  ({cross_repeats} byte-identical files sit in different categories)")
    return sorted(docs.values(), key=lambda d: d.id), files, repeats


def ms(seconds: float, count: int) -> str:
    return f"{seconds / max(1, count) * 1000:.3f} ms"


def bbc(folder: Path, sample: int) -> None:
    docs, files, repeats = load(folder)
    print(f"BBC: {files} files, {repeats} byte-identical repeats -> {len(docs)} distinct articles")
    by_id = {d.id: d for d in docs}
    t0 = time.perf_counter()
    sigs = [(d.id, signature(d.text)) for d in docs]
    t_sig = time.perf_counter() - t0
    index = StoryIndex()
    rng = random.Random(7)
    order = sigs[:]
    rng.shuffle(order)  # arrival order must not matter; one at a time, as the worst case
    t0 = time.perf_counter()
    for item in order:
        index.add([item])
    t_lookup = time.perf_counter() - t0
    batch = StoryIndex()
    batch.add(sigs)
    groups = index.groups()
    assert groups == batch.groups(), "incremental and batch grouping differ"
    cross = sum(1 for g in groups for a, b in combinations(g, 2) if by_id[a].category != by_id[b].category)
    sizes = Counter(len(g) for g in groups)
    print(f"  groups of 2+: {len(groups)} ({sum(map(len, groups))} articles); sizes {dict(sorted(sizes.items()))}")
    print(f"  cross-category pairs grouped together: {cross}")
    print(f"  signature: {ms(t_sig, len(docs))}/article; lookup + grouping, one at a time: "
          f"{ms(t_lookup, len(docs))}/article")
    print(f"  one-at-a-time equals one batch: {groups == batch.groups()}")
    chosen = sorted(random.Random(12).sample(groups, min(sample, len(groups))))
    print(f"\n  {len(chosen)} groups, sampled with random.Random(12):")
    for n, members in enumerate(chosen, 1):
        first = dict(sigs)[members[0]]
        print(f"\n  [{n}] {len(members)} articles")
        for m in members:
            d = by_id[m]
            j = similarity(first, dict(sigs)[m])
            c = containment(first, dict(sigs)[m])
            lead = " ".join(d.text.split())[:150]
            print(f"    {d.category}/{d.path.stem}  J={j:.2f} C={c:.2f}  {d.title}\n        {lead}")


def big(folder: Path) -> None:
    t0 = time.perf_counter()
    docs, files, repeats = load(folder)
    print(f"\nBig corpus {folder}: {len(docs)} articles (read and parsed in {time.perf_counter() - t0:.1f} s)")
    t0 = time.perf_counter()
    sigs = [(d.id, signature(d.text)) for d in docs]
    t_sig = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(Path(tmp) / "stories.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        tables = StoryTables(conn)
        tables.create()
        t0 = time.perf_counter()
        per_batch = []
        for start in range(0, len(sigs), 200):  # ingest stores 200 articles per transaction
            b0 = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            tables.add(sigs[start:start + 200])
            conn.execute("COMMIT")
            per_batch.append(time.perf_counter() - b0)
        t_group = time.perf_counter() - t0
        last = statistics.mean(per_batch[-20:]) / 200
        first = statistics.mean(per_batch[:20]) / 200
        t0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        extra = [(f"zz{i:014d}", sig) for i, (_, sig) in enumerate(sigs[:100])]
        tables.add(extra)
        conn.execute("ROLLBACK")
        t_extra = time.perf_counter() - t0
        stories = dict(conn.execute("SELECT article_id, story_id FROM stories"))
        db_bytes = sum(p.stat().st_size for p in Path(tmp).iterdir())
        conn.close()
    members: dict[str, list[str]] = defaultdict(list)
    for article_id, story in stories.items():
        members[story].append(article_id)
    groups = [sorted(m) for m in members.values() if len(m) > 1]
    sizes = Counter(len(g) for g in groups)
    print(f"  signature: {ms(t_sig, len(docs))}/article; grouping through SQLite in batches of 200: "
          f"{ms(t_group, len(docs))}/article (first 4,000: {first * 1000:.3f} ms, last 4,000: {last * 1000:.3f} ms)")
    print(f"  adding 100 more to the full library: {t_extra * 1000:.0f} ms; tables on disk: {db_bytes / 1e6:.1f} MB")
    print(f"  groups of 2+: {len(groups)} ({sum(map(len, groups))} articles); sizes {dict(sorted(sizes.items()))}")
    overlap_report(docs, dict(sigs), stories)


def overlap_report(docs: list[Doc], sigs: dict[str, bytes], stories: dict[str, str]) -> None:
    """Pairs sharing at least one paragraph, by the share of words they have in common."""
    owners: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        for p in set(d.paragraphs):
            owners[p].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    count: Counter[tuple[int, int]] = Counter()
    for p, ids in owners.items():
        n = len(words(p))
        for a, b in combinations(ids, 2):
            shared[(a, b)] += n
            count[(a, b)] += 1
    lengths = [len(words(d.text)) for d in docs]
    bins = [(0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.01)]
    table = {b: [0, 0, 0] for b in bins}
    one_of_six = [0, 0, 0]
    for (a, b), n in shared.items():
        row = [1, similarity(sigs[docs[a].id], sigs[docs[b].id]) >= SCHEME.same,
               stories[docs[a].id] == stories[docs[b].id]]
        share = n / max(lengths[a], lengths[b])
        bin_ = next(x for x in bins if x[0] <= share < x[1])
        table[bin_] = [x + y for x, y in zip(table[bin_], row, strict=True)]
        if count[(a, b)] == 1 and min(len(docs[a].paragraphs), len(docs[b].paragraphs)) >= 6:
            one_of_six = [x + y for x, y in zip(one_of_six, row, strict=True)]
    print("  pairs sharing paragraphs, by words in shared paragraphs / words of the longer article:")
    print("    share      pairs   linked (J >= 0.5)   in one story")
    for (lo, hi), (pairs, linked, together) in table.items():
        print(f"    {lo:.1f}-{min(hi, 1.0):.1f} {pairs:9d} {linked:9d} ({linked / max(1, pairs):6.2%}) "
              f"{together:9d} ({together / max(1, pairs):6.2%})")
    pairs, linked, together = one_of_six
    print(f"  pairs sharing exactly one paragraph, both with 6 or more: {pairs}, linked {linked}, "
          f"in one story {together}")


def calibrate(folder: Path) -> None:
    """Shingle sizes against constructed near-duplicates and unrelated pairs; band curves."""
    docs, _, _ = load(folder)
    rng = random.Random(3)
    sample = rng.sample(docs, 300)

    def edit(text: str, share: float) -> str:
        out = text.split()
        for i in range(len(out)):
            if rng.random() < share:
                out[i] = rng.choice(["said", "the", "new", "official", "reported"])
        return " ".join(out)

    print("\nCalibration: median (5th percentile) exact Jaccard of an article and its altered copy")
    for k in (3, 4, 5, 6):
        def sh(text: str, k: int = k) -> set[tuple[str, ...]]:
            w = words(text)
            return {tuple(w[i:i + k]) for i in range(max(1, len(w) - k + 1))}

        row = []
        for name, change in [("2% words", lambda t: edit(t, 0.02)), ("5% words", lambda t: edit(t, 0.05)),
                             ("10% words", lambda t: edit(t, 0.10)),
                             ("reordered", lambda t: "\n\n".join(rng.sample(t.split("\n\n"), t.count("\n\n") + 1)))]:
            vals = sorted(_jac(sh(d.text), sh(change(d.text))) for d in sample)
            row.append(f"{name} {statistics.median(vals):.2f} ({vals[len(vals) // 20]:.2f})")
        sets = [sh(d.text) for d in docs]
        cross = max(_jac(sets[a], sets[b]) for a, b in (rng.sample(range(len(docs)), 2) for _ in range(20000))
                    if docs[a].category != docs[b].category)
        print(f"  k={k}: " + ", ".join(row) + f"; highest of 20,000 random cross-category pairs {cross:.3f}")
    print("  LSH: probability that a pair becomes a candidate, by Jaccard")
    for rows, bands in [(2, 64), (3, 42), (4, 32), (5, 25)]:
        probs = " ".join(f"J={j}: {1 - (1 - j ** rows) ** bands:.3f}" for j in (0.1, 0.25, 0.35, 0.5, 0.7))
        print(f"    {bands} bands x {rows} rows: {probs}")
    print(f"  chosen: {SCHEME}")
    print(f"  band keys per article: {len(band_keys(signature(docs[0].text)))}")


def _jac(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    return len(a & b) / max(1, len(a | b))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bbc", type=Path, default=BBC)
    parser.add_argument("--big", type=Path)
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--sample", type=int, default=50)
    args = parser.parse_args()
    if not args.bbc.is_dir():
        sys.exit(f"{args.bbc}: no BBC corpus there (see --bbc)")
    signature("warm up numpy and the hash tables")
    if args.calibrate:
        calibrate(args.bbc)
    bbc(args.bbc, args.sample)
    if args.big:
        big(args.big)


if __name__ == "__main__":
    main()
