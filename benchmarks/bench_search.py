"""`Library.search` inside one warm process, by kind of query: for finding causes, not for claims.

Queries are drawn from the library itself (seeded, so runs compare): words of five
letters or more, two words that stand together in an article (the proximity
path), every prefix of common words as a user types them letter by letter,
`actor:` for the most mentioned actors, and date ranges. Each is timed as the
reader asks (30 hits, no facets) and as the command line asks (with facets).
Prints p50 / p95 / max in ms; asserts nothing.

    python benchmarks/bench_search.py LIBRARY_HOME
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index import Library  # noqa: E402

TYPED = ["government", "market", "england", "election", "music", "mobile"]


def queries(library: Library, rng: random.Random) -> dict[str, list[str]]:
    """Queries of each kind, taken from the library's own articles and actors."""
    sample = [library.article(h.id) for h in library.search("", limit=200, facets=False).hits]
    vocab = sorted({w for a in sample for w in re.findall(r"[a-z]{5,}", a.text.lower())})
    pairs = []
    for article in rng.sample(sample, min(40, len(sample))):
        tokens = re.findall(r"[A-Za-z]{4,}", article.text)
        if len(tokens) > 3:
            i = rng.randrange(len(tokens) - 2)
            pairs.append(f"{tokens[i].lower()} {tokens[i + 1].lower()}")
    actors = [a.name for a in library.actors.list(30) if '"' not in a.name]
    years = sorted({a.date.year for a in sample if a.date}) or [2004]
    return {
        "word": rng.sample(vocab, min(30, len(vocab))),
        "two words": pairs[:30],
        "typed prefixes": [w[:i] for w in TYPED for i in range(1, len(w) + 1)],
        "actor:": [f'actor:"{n}"' for n in actors],
        "date range": [f"date:[{y} to {y}-06]" for y in years],
    }


def timed(library: Library, text: str, facets: bool) -> float:
    started = time.perf_counter()
    library.search(text, limit=30, facets=facets, suggest=False)
    return (time.perf_counter() - started) * 1000


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):7.1f} {p95:7.1f} {ordered[-1]:7.1f}"


def main() -> None:
    home = Path(sys.argv[1])
    with Library(home) as library:
        kinds = queries(library, random.Random(7))
        library.search("warm", limit=30, facets=False)
        print(f"Library.search at {library.article_count()} articles, ms: p50 / p95 / max")
        print(f"{'kind':<16}{'reader (30, no facets)':>26}{'command (facets)':>26}")
        every_plain: list[float] = []
        every_faceted: list[float] = []
        for kind, texts in kinds.items():
            plain = [timed(library, t, False) for t in texts]
            faceted = [timed(library, t, True) for t in texts]
            every_plain += plain
            every_faceted += faceted
            print(f"{kind:<16}{summary(plain):>26}{summary(faceted):>26}")
        print(f"{'all':<16}{summary(every_plain):>26}{summary(every_faceted):>26}")


if __name__ == "__main__":
    main()
