"""Engine benchmark: ingest split (parse, NER, index), re-ingest, query latency vs SQLite FTS5.

Runs on the BBC News corpus in ../shared/corpora/bbc-news when it is there (never
committed), otherwise on the bundled seeds. Prints numbers; asserts nothing.

    python benchmarks/bench_engine.py [CORPUS_DIR]
"""

from __future__ import annotations

import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index import Library  # noqa: E402
from index.entities import Extractor  # noqa: E402
from index.formats import parse  # noqa: E402

BBC = ROOT.parent / "shared" / "corpora" / "bbc-news" / "bbc"


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in {".txt", ".md"}
                  and p.stem.upper() not in {"README", "LICENSE"} and not p.name.startswith("LICENSE"))


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else (BBC if BBC.is_dir() else ROOT / "seeds")
    files = corpus_files(folder)
    print(f"corpus: {folder} ({len(files)} files)")

    # Parse alone.
    t_parse, parsed = timed(lambda: [_parse(p) for p in files])
    texts = [p.text for p in parsed if p is not None]  # type: ignore[union-attr]
    words = sum(len(t.split()) for t in texts)
    print(f"parse:        {t_parse:7.2f} s  ({len(texts)} articles, {words:,} words)")

    # NER alone (model loaded first, as ingest does before it starts the clock on articles).
    extractor = Extractor()
    t_load, _ = timed(extractor.load)
    t_ner, _ = timed(lambda: sum(1 for _ in extractor.extract_many(texts)))
    print(f"model load:   {t_load:7.2f} s")
    print(f"NER alone:    {t_ner:7.2f} s  ({words / t_ner:,.0f} words/s, {extractor.processes} processes)")

    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp) / "home")
        library._adding.extractor().load()
        t_ingest, final = timed(lambda: _drain(library.add(files)))
        print(f"ingest:       {t_ingest:7.2f} s  (added {final.added}, duplicates {final.duplicates}, "
              f"failed {final.failed})")
        t_index, _ = timed(lambda: _drain(library.reindex()))
        print(f"index alone:  {t_index:7.2f} s  (rebuild from the store)")
        print(f"ingest / NER: {t_ingest / t_ner:7.2f}    (target <= 1.25)")
        t_again, again = timed(lambda: _drain(library.add(files)))
        print(f"re-ingest:    {t_again:7.2f} s  (unchanged {again.unchanged}; target <= 2 s at BBC size)")
        library.close()

        t_open, reopened = timed(lambda: _open(Path(tmp) / "home"))
        print(f"index open:   {t_open * 1000:7.1f} ms (Library + searcher)")
        _queries(reopened, Path(tmp))
        _actor_view(reopened)
        reopened.close()


def _parse(path: Path) -> object:
    try:
        return parse(path.name, path.read_bytes(), path.parent.name)
    except Exception:  # noqa: BLE001 - failures are counted by ingest
        return None


def _drain(steps):  # type: ignore[no-untyped-def]
    last = None
    for last in steps:
        pass
    return last


def _open(home: Path) -> Library:
    library = Library(home)
    library.search("warm", limit=1, facets=False)  # (opens the index)
    return library


def _queries(library: Library, tmp: Path) -> None:
    rng = random.Random(7)
    articles = list(library._store.all())
    vocab = sorted({w for a in articles[:400] for w in re.findall(r"[a-z]{5,}", a.text.lower())})
    actors = [a.name for a in library.actors.list(60) if '"' not in a.name]
    years = sorted({a.date.year for a in articles if a.date}) or [2004, 2005]
    pairs = []
    for a in rng.sample(articles, min(40, len(articles))):
        tokens = re.findall(r"[A-Za-z]{4,}", a.text)
        if len(tokens) > 3:
            i = rng.randrange(len(tokens) - 2)
            pairs.append((tokens[i].lower(), tokens[i + 1].lower()))
    kinds: dict[str, list[tuple[str, str]]] = {
        "term": [(w, w) for w in rng.sample(vocab, 30)],
        "two-term AND": [(f"{a} AND {b}", f"{a} AND {b}") for a, b in
                         zip(rng.sample(vocab, 30), rng.sample(vocab, 30), strict=False)],
        "phrase": [(f'"{a} {b}"', f'"{a} {b}"') for a, b in pairs[:30]],
        "actor:": [(f'actor:"{n}"', f'actors:"{n}"') for n in actors[:30]],
        "date range": [(f"date:[{y} to {y}-06]", f"{y}") for y in years] * 4,
    }
    fts = _fts(articles, tmp / "fts.db")
    print(f"\nqueries, top 20 with snippets ({len(articles)} articles); ms p50 / p95")
    print(f"{'kind':<14}{'whoosh':>16}{'+facets':>16}{'FTS5':>16}{'p50 ratio':>11}")
    for kind, queries in kinds.items():
        ours, faceted, theirs = [], [], []
        for _ in range(3):
            for ours_q, fts_q in queries:
                ours.append(timed(lambda: library.search(ours_q, limit=20, facets=False))[0])
                faceted.append(timed(lambda: library.search(ours_q, limit=20))[0])
                theirs.append(timed(lambda: _fts_query(fts, kind, fts_q))[0])
        o50, o95 = percentiles(ours)
        f50, f95 = percentiles(faceted)
        t50, t95 = percentiles(theirs)
        print(f"{kind:<14}{o50:8.2f} /{o95:6.2f}{f50:8.2f} /{f95:6.2f}{t50:8.2f} /{t95:6.2f}"
              f"{o50 / t50 if t50 else float('inf'):10.1f}x")


def _actor_view(library: Library) -> None:
    """The actor view of the most-mentioned actor (target < 200 ms at BBC size)."""
    t_first, actors = timed(library.actors)
    top = max(actors, key=lambda a: a.mentions)  # type: ignore[union-attr]
    samples = [timed(lambda: library.actors.profile(top.name))[0] for _ in range(5)]
    profile = library.actors.profile(top.name)
    print(f"\nactors list:  {t_first * 1000:7.1f} ms ({len(actors)} actors, names resolved once)")  # type: ignore[arg-type]
    print(f"actor view:   {statistics.median(samples) * 1000:7.1f} ms median, {max(samples) * 1000:.1f} ms max "
          f"for {top.name!r} ({profile.actor.articles} articles, {len(profile.lines)} sentences; target < 200 ms)")


def _fts(articles: list, path: Path) -> sqlite3.Connection:  # type: ignore[type-arg]
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, actors, day UNINDEXED)")
    conn.executemany("INSERT INTO docs VALUES (?,?,?,?,?)", [
        (a.id, a.title, a.text, " ; ".join(sorted({e.actor for e in a.entities})),
         a.date.isoformat() if a.date else "") for a in articles])
    conn.commit()
    return conn


def _fts_query(conn: sqlite3.Connection, kind: str, q: str) -> list:  # type: ignore[type-arg]
    if kind == "date range":
        return conn.execute(
            "SELECT id, title, snippet(docs, 2, '[', ']', '…', 20) FROM docs WHERE day >= ? AND day < ?"
            " ORDER BY day DESC, id LIMIT 20", (f"{q}-01-01", f"{q}-07-01")).fetchall()
    return conn.execute(
        "SELECT id, title, snippet(docs, 2, '[', ']', '…', 20) FROM docs WHERE docs MATCH ?"
        " ORDER BY rank LIMIT 20", (q,)).fetchall()


if __name__ == "__main__":
    main()
