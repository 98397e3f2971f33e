"""Article extraction quality on ../shared/html (Scrapinghub's article-extraction benchmark pages).

Each page goes through `index.pages.extract_page` (bytes in, as when fetched) and
its text is compared with the human-made `articleBody` the way the benchmark
defines it: `\\w+` tokens, multisets of 4-token shingles, precision and recall per
page (normalized so long pages weigh no more), averaged over pages, then F1 from
the two averages. `--raw` also scores trafilatura with its default options for
comparison. Prints numbers; asserts nothing.

    python benchmarks/bench_pages.py [--raw] [DIR]
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.pages import PageError, extract_page  # noqa: E402

# ../shared from the main checkout; a worktree under wt/ has it one level further up.
DATA = next((p / "shared" / "html" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
            ROOT.parent / "shared" / "html")
_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of n-token shingles, as the benchmark's evaluate.py builds it."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def precision_recall(true: str, pred: str) -> tuple[float, float]:
    """Per-page precision and recall over shingles (the benchmark's normalized tp/fp/fn)."""
    t, p = shingles(true), shingles(pred)
    keys = t.keys() | p.keys()
    tp = sum(min(t[k], p[k]) for k in keys)
    fp = sum(max(0, p[k] - t[k]) for k in keys)
    fn = sum(max(0, t[k] - p[k]) for k in keys)
    if fp == fn == 0:
        return 1.0, 1.0
    precision = 0.0 if tp == fp == 0 else tp / (tp + fp)
    recall = 0.0 if tp == fn == 0 else tp / (tp + fn)
    return precision, recall


def f1(precision: float, recall: float) -> float:
    """Harmonic mean (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(name: str, extract: object, pages: list[tuple[str, bytes, str, str]]) -> None:
    """Print one line per page and the benchmark's mean P/R/F1 for an extractor."""
    rows: list[tuple[str, float, float]] = []
    started = time.perf_counter()
    for key, data, url, expected in pages:
        try:
            text = extract(data, url)  # type: ignore[operator]
        except PageError as exc:
            print(f"  {key[:12]}  failed: {exc}")
            text = ""
        p, r = precision_recall(expected, text)
        rows.append((key, p, r))
    elapsed = time.perf_counter() - started
    print(f"\n{name}\n  {'page':<12}  {'P':>6}  {'R':>6}  {'F1':>6}")
    for key, p, r in rows:
        print(f"  {key[:12]:<12}  {p:6.3f}  {r:6.3f}  {f1(p, r):6.3f}")
    mp, mr = statistics.mean(r[1] for r in rows), statistics.mean(r[2] for r in rows)
    print(f"  {'mean':<12}  {mp:6.3f}  {mr:6.3f}  {f1(mp, mr):6.3f}   "
          f"({len(rows)} pages, {elapsed / len(rows) * 1000:.0f} ms/page)")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    data = Path(args[0]) if args else DATA
    if not (data / "expected.json").exists():
        print(f"no benchmark pages at {data}: nothing to measure")
        return
    expected = json.loads((data / "expected.json").read_text(encoding="utf-8"))
    pages = [(key, gzip.decompress((data / "pages" / f"{key}.html.gz").read_bytes()), item.get("url", ""),
              item.get("articleBody", "")) for key, item in sorted(expected.items())]
    score("newsdesk (index.pages.extract_page)", lambda d, u: extract_page(d, u).text, pages)
    if "--raw" in sys.argv:
        import trafilatura

        score("trafilatura defaults (extract(html))", lambda d, u: trafilatura.extract(d) or "", pages)


if __name__ == "__main__":
    main()
