"""Derive a large corpus of distinct, realistic news articles from the BBC texts.

Each new article takes its title and opening paragraph from one BBC article and
splices in paragraphs from two to four others of the same category, so its
vocabulary and its actors are those of real news, and every article is distinct
(no two share the same paragraphs in the same order). Dates are spread over
three years. Articles are written as Markdown with front matter, one folder per
category, so `newsdesk add OUT` stores the category as the source.

    python benchmarks/make_corpus.py OUT [COUNT] [--bbc DIR] [--seed N]

Never commit the output: it is made from research-only texts.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "corpora" / "bbc-news" / "bbc"
START = date(2022, 1, 1)
DAYS = 3 * 365


def read_bbc(folder: Path) -> dict[str, list[tuple[str, list[str]]]]:
    """Per category, the (title, paragraphs) of every BBC article."""
    categories: dict[str, list[tuple[str, list[str]]]] = {}
    for path in sorted(folder.glob("*/*.txt")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        title, _, body = text.strip().partition("\n")
        paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
        if paragraphs:
            categories.setdefault(path.parent.name, []).append((title.strip(), paragraphs))
    return categories


def splice(rng: random.Random, articles: list[tuple[str, list[str]]]) -> tuple[str, list[str]]:
    """One new article: the head of one article, then paragraphs of a few others of its category."""
    lead, *others = rng.sample(articles, k=rng.randint(3, 5))
    title, paragraphs = lead
    body = paragraphs[: rng.randint(1, max(1, len(paragraphs) // 2))]
    for _, more in others:
        start = rng.randrange(len(more))
        body.extend(more[start:start + rng.randint(1, 3)])
    return title, body


def front_matter(title: str, day: date, source: str) -> str:
    """YAML front matter with the title quoted safely."""
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    return f'---\ntitle: "{quoted}"\ndate: {day.isoformat()}\nsource: {source}\n---\n\n'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int, nargs="?", default=45_000)
    parser.add_argument("--bbc", type=Path, default=BBC)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    categories = read_bbc(args.bbc)
    names = sorted(categories)
    weights = [len(categories[n]) for n in names]
    rng = random.Random(args.seed)
    seen: set[int] = set()
    written = 0
    while written < args.count:
        category = rng.choices(names, weights)[0]
        title, body = splice(rng, categories[category])
        fingerprint = hash((title, tuple(body)))
        if fingerprint in seen:
            continue
        seen.add(fingerprint)
        day = START + timedelta(days=rng.randrange(DAYS))
        folder = args.out / category
        folder.mkdir(parents=True, exist_ok=True)
        text = front_matter(title, day, f"bbc/{category}") + "\n\n".join(body) + "\n"
        (folder / f"{written:05d}.md").write_text(text, encoding="utf-8")
        written += 1
    print(f"wrote {written} articles to {args.out}")


if __name__ == "__main__":
    main()
