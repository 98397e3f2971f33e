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
--similar N: a prototype of "more like this" for N grouped articles (Whoosh key terms).
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
from index.story_index import StoryIndex, rank_similar  # noqa: E402
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


def bbc(folder: Path, sample: int, similar: int) -> None:
    docs, files, repeats = load(folder)
    print(f"BBC: {files} files, {repeats} byte-identical repeats -> {len(docs)} distinct articles")
    by_id = {d.id: d for d in docs}
    t0 = time.process_time()
    sigs = [(d.id, signature(d.text)) for d in docs]
    t_sig = time.process_time() - t0
    index = StoryIndex()
    rng = random.Random(7)
    order = sigs[:]
    rng.shuffle(order)  # arrival order must not matter; one at a time, as the worst case
    t0 = time.process_time()
    for item in order:
        index.add([item])
    t_lookup = time.process_time() - t0
    batch = StoryIndex()
    batch.add(sigs)
    groups = index.groups()
    assert groups == batch.groups(), "incremental and batch grouping differ"
    cross = sum(1 for g in groups for a, b in combinations(g, 2) if by_id[a].category != by_id[b].category)
    sizes = Counter(len(g) for g in groups)
    print(f"  groups of 2+: {len(groups)} ({sum(map(len, groups))} articles); sizes {dict(sorted(sizes.items()))}")
    print(f"  cross-category pairs grouped together: {cross}")
    print(f"  CPU per article: signature {ms(t_sig, len(docs))}; lookup + grouping in memory, one at a time: "
          f"{ms(t_lookup, len(docs))}")
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
    if similar:
        more_like_this(docs, index, dict(sigs), similar)


def more_like_this(docs: list[Doc], index: StoryIndex, sigs: dict[str, bytes], count: int) -> None:
    """Prototype of `similar(id)`: the story's members, then Whoosh key-term neighbours, one per story."""
    from whoosh import fields
    from whoosh import index as whoosh_index
    from whoosh.filedb.filestore import RamStorage

    schema = fields.Schema(id=fields.ID(stored=True, unique=True), body=fields.TEXT(stored=True))
    ix: whoosh_index.Index = RamStorage().create_index(schema)
    t0 = time.perf_counter()
    with ix.writer() as writer:
        for d in docs:
            writer.add_document(id=d.id, body=d.text)
    print(f"\n  more like this (Whoosh index of {len(docs)} built in {time.perf_counter() - t0:.0f} s):")
    by_id = {d.id: d for d in docs}
    grouped = [g[0] for g in index.groups()]
    chosen = random.Random(5).sample(grouped, min(count, len(grouped)))
    with ix.searcher() as searcher:
        for article_id in sorted(chosen):
            t0 = time.perf_counter()
            docnum = searcher.document_number(id=article_id)
            hits = searcher.more_like(docnum, "body", top=30, numterms=12)
            related = [(h["id"], h.score) for h in hits]
            story = {m: sigs[m] for m in index.members(index.story(article_id))}
            story_of = {i: index.story(i) for i, _ in related}
            ranked = rank_similar(article_id, story, related, story_of, limit=6)
            took = (time.perf_counter() - t0) * 1000
            print(f"    {by_id[article_id].title}  ({took:.0f} ms)")
            for s in ranked:
                kind = "same story" if s.same_story else "related"
                print(f"      {kind:10} {s.score:6.2f}  {by_id[s.id].category}/{by_id[s.id].path.stem} "
                      f"{by_id[s.id].title}")


def big(folder: Path) -> None:
    t0 = time.perf_counter()
    docs, files, repeats = load(folder)
    print(f"\nBig corpus {folder}: {len(docs)} articles (read and parsed in {time.perf_counter() - t0:.1f} s)")
    t0 = time.process_time()
    sigs = [(d.id, signature(d.text)) for d in docs]
    t_sig = time.process_time() - t0
    print(f"  CPU per article: signature {ms(t_sig, len(docs))}")
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(Path(tmp) / "stories.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        tables = StoryTables(conn)
        tables.create()
        wall, cpu = [], []
        for start in range(0, len(sigs), 200):  # ingest stores 200 articles per transaction
            w0, c0 = time.perf_counter(), time.process_time()
            conn.execute("BEGIN IMMEDIATE")
            tables.add(sigs[start:start + 200])
            conn.execute("COMMIT")
            wall.append(time.perf_counter() - w0)
            cpu.append(time.process_time() - c0)
        print("  grouping through SQLite (WAL, synchronous=FULL), 200 articles per transaction, per article:")
        for label, part in [("first 4,000", slice(0, 20)), ("all", slice(None)), ("last 4,000", slice(-20, None))]:
            n = 200 * len(wall[part])
            print(f"    {label:12} wall {ms(sum(wall[part]), n)}, CPU {ms(sum(cpu[part]), n)}")
        w0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        tables.add([(f"zz{i:014d}", sig) for i, (_, sig) in enumerate(sigs[:100])])
        conn.execute("ROLLBACK")
        print(f"  adding 100 more to the full library: {(time.perf_counter() - w0) * 1000:.0f} ms")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        sizes = {name: conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name = ?", (name,)).fetchone()[0] or 0
                 for name in ("stories", "sqlite_autoindex_stories_1", "stories_story", "story_buckets")}
        print("  on disk: " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sizes.items()))
        stories = dict(conn.execute("SELECT article_id, story_id FROM stories"))
        conn.close()
    members: dict[str, list[str]] = defaultdict(list)
    for article_id, story in stories.items():
        members[story].append(article_id)
    groups = [sorted(m) for m in members.values() if len(m) > 1]
    sizes_ = Counter(len(g) for g in groups)
    print(f"  groups of 2+: {len(groups)} ({sum(map(len, groups))} articles); sizes {dict(sorted(sizes_.items()))}")
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

    print("\nCalibration: median (5th percentile) exact Jaccard of an article and its altered copy;")
    print("  over all pairs of different articles: the highest across categories, and how many reach 0.3 / 0.5")
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
        owners: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i, shingles in enumerate(sets):
            for x in shingles:
                owners[x].append(i)
        pairs = {(a, b) for ids in owners.values() if len(ids) <= 50 for a, b in combinations(ids, 2)}
        scores = [(_jac(sets[a], sets[b]), docs[a].category != docs[b].category) for a, b in pairs]
        cross = max((j for j, other in scores if other), default=0.0)
        print(f"  k={k}: " + ", ".join(row) + f"; across categories at most {cross:.3f}; pairs >= 0.3: "
              f"{sum(j >= 0.3 for j, _ in scores)}, >= 0.5: {sum(j >= 0.5 for j, _ in scores)}")
    print("  LSH: probability that a pair becomes a candidate, by Jaccard")
    for rows, bands in [(2, 20), (2, 64), (3, 42), (4, 32), (5, 25)]:
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
    parser.add_argument("--similar", type=int, default=0, help="show 'more like this' for N grouped articles")
    args = parser.parse_args()
    if not args.bbc.is_dir():
        sys.exit(f"{args.bbc}: no BBC corpus there (see --bbc)")
    signature("warm up numpy and the hash tables")
    if args.calibrate:
        calibrate(args.bbc)
    bbc(args.bbc, args.sample, args.similar)
    if args.big:
        big(args.big)


if __name__ == "__main__":
    main()
