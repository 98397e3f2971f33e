"""Stories through the real pipeline: BBC groups, cross-category pairs, and what grouping costs at ingest.

    python benchmarks/bench_story_ingest.py [--bbc DIR] [--runs 2] [--base-rev c70569e] [--sample 50]
                                            [--big HOME]

1. Whole `newsdesk add BBC` commands into fresh homes, alternating the code
   without stories (`--base-rev`, exported with `git archive`) and this
   checkout, `--runs` times each: wall time and CPU of the command and its
   children (the entity model's processes).
2. The same add in this process with the grouping's two steps timed (signing
   before the transaction, grouping inside it): its share of the add.
3. From the library the last command built: groups of 2+, pairs from different
   BBC categories grouped together (must be 0), and a deterministic sample of
   groups (titles and first words) to check by hand.
4. Grouping a library stored before stories existed (the backfill `prepare`
   runs), at BBC size; with `--big HOME`, on a copy of that library (e.g. a
   45,000-article home; the copy is made under /tmp and removed).

Never commits the corpus; prints numbers, asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index import Library  # noqa: E402

BBC = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared")
            if (p / "corpora" / "bbc-news" / "bbc").is_dir()), ROOT.parent / "shared") / "corpora" / "bbc-news" / "bbc"


def command(code: Path, home: Path, corpus: Path) -> tuple[float, float]:
    """Wall and CPU seconds (the command and its children) of one `newsdesk add`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tui", "--home", str(home), "add", str(corpus)], cwd=code, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def whole_commands(corpus: Path, runs: int, base_rev: str, work: Path) -> Path:
    base = work / "base-code"
    base.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", base_rev], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
    times: dict[str, list[tuple[float, float]]] = {"without stories": [], "with stories": []}
    home = work / "none"
    for n in range(runs):
        for label, code in (("without stories", base), ("with stories", ROOT)):
            home = work / f"{label.replace(' ', '-')}-{n}"
            times[label].append(command(code, home, corpus))
            print(f"  run {n + 1} {label:16} wall {times[label][-1][0]:6.1f} s  CPU {times[label][-1][1]:6.1f} s",
                  flush=True)
    wall = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in times.items()}
    print(f"  median wall: {wall['without stories']:.1f} s -> {wall['with stories']:.1f} s "
          f"({wall['with stories'] / wall['without stories'] - 1:+.1%}); CPU {cpu['without stories']:.1f} s -> "
          f"{cpu['with stories']:.1f} s ({cpu['with stories'] / cpu['without stories'] - 1:+.1%})")
    return home


def in_process(corpus: Path, work: Path) -> None:
    """One add in this process with the grouping's steps timed."""
    import index.pipeline as pipeline

    spent = {"sign": 0.0, "group": 0.0}
    sign, record = pipeline.sign, pipeline.record

    def timed_sign(texts):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return sign(texts)
        finally:
            spent["sign"] += time.perf_counter() - start

    def timed_record(conn, sigs):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return record(conn, sigs)
        finally:
            spent["group"] += time.perf_counter() - start

    pipeline.sign, pipeline.record = timed_sign, timed_record  # type: ignore[assignment]
    try:
        with Library(work / "in-process") as library:
            start = time.perf_counter()
            for _ in library.add([corpus]):
                pass
            total = time.perf_counter() - start
    finally:
        pipeline.sign, pipeline.record = sign, record  # type: ignore[assignment]
    grouping = spent["sign"] + spent["group"]
    print(f"  add {total:.1f} s, of which signing {spent['sign']:.2f} s and grouping in the transaction "
          f"{spent['group']:.2f} s: {grouping / total:.1%} of the add")


def quality(home: Path, sample: int) -> None:
    conn = sqlite3.connect(home / "library.db")
    rows = conn.execute("SELECT s.story_id, a.id, a.source, a.title, a.text, f.path FROM stories s "
                        "JOIN articles a ON a.id = s.article_id LEFT JOIN files f ON f.article_id = a.id "
                        "GROUP BY a.id ORDER BY s.story_id, a.id").fetchall()
    stories: dict[str, list[tuple[str, str, str, str, str]]] = defaultdict(list)
    for story, article, source, title, text, path in rows:
        stories[story].append((article, source, title, text, str(path or "")))
    groups = [m for m in stories.values() if len(m) > 1]
    sizes: dict[int, int] = defaultdict(int)
    for members in groups:
        sizes[len(members)] += 1
    cross = sum(1 for m in groups for a, b in combinations(m, 2) if a[1] != b[1])
    print(f"  {len(rows)} articles; groups of 2+: {len(groups)} ({sum(map(len, groups))} articles); "
          f"sizes {dict(sorted(sizes.items()))}")
    print(f"  pairs from different categories grouped together: {cross}")
    chosen = random.Random(12).sample(groups, min(sample, len(groups)))
    print(f"\n  {len(chosen)} groups, sampled with random.Random(12), to check by hand:")
    for n, members in enumerate(sorted(chosen), 1):
        print(f"\n  [{n}] {len(members)} articles")
        for article, _, title, text, path in members:
            lead = " ".join(text.split())[:140]
            print(f"    {Path(path).parent.name}/{Path(path).name} {article[:8]}  {title}\n        {lead}")


def backfill(home: Path, work: Path, label: str) -> None:
    """Copy a library, make it look stored before stories existed, and time `prepare` grouping it."""
    copy = work / f"backfill-{label}"
    shutil.copytree(home, copy)
    conn = sqlite3.connect(copy / "library.db")
    if conn.execute("PRAGMA user_version").fetchone()[0] >= 5:
        conn.executescript("DROP TABLE IF EXISTS stories; DROP TABLE IF EXISTS story_buckets; PRAGMA user_version = 4;")
    conn.close()
    start = time.perf_counter()
    with Library(copy) as library:
        opened = time.perf_counter() - start
        steps = [s for s in library.prepare() if "grouping" in s.current]
        total = time.perf_counter() - start
        articles = library.article_count()
    print(f"  {label}: {articles} articles: opening (schema upgrade) {opened:.1f} s, grouping "
          f"{total - opened:.1f} s ({(total - opened) / max(1, articles) * 1000:.2f} ms per article, "
          f"{len(steps)} progress steps)")
    shutil.rmtree(copy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bbc", type=Path, default=BBC)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--base-rev", default="c70569e", help="the code without stories (a git revision)")
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--big", type=Path, help="a library home to copy and backfill (never changed)")
    parser.add_argument("--skip-commands", action="store_true", help="skip the whole-command runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-stories-") as tmp:
        work = Path(tmp)
        if not args.bbc.is_dir():
            sys.exit(f"{args.bbc}: no BBC corpus there (see --bbc)")
        built = work / "in-process"
        print("grouping's share of one add, in process:")
        in_process(args.bbc, work)
        if not args.skip_commands:
            print(f"\nwhole `newsdesk add {args.bbc}` commands, fresh homes, alternating:")
            built = whole_commands(args.bbc, args.runs, args.base_rev, work)
        print(f"\nstories formed on BBC ({built.name}):")
        quality(built, args.sample)
        print("\ngrouping a library stored before stories existed (what the first writer or prepare does once):")
        backfill(built, work, "BBC")
        if args.big:
            backfill(args.big, work, args.big.name)


if __name__ == "__main__":
    main()
