"""Actor quality on GUM (../shared/ner/gum-dev, never committed): the shared scorer, run on this checkout.

Rebuilds the 39 GUM texts with the scorer's own code, runs `newsdesk entities --json`
from this checkout on them (timed: target under 15 s), and prints the scorer's
metrics beside the goals of issue 13. `--misses` also lists the actors split in two
and the actors never found. Prints numbers; asserts nothing.

    python benchmarks/bench_actors.py [--misses] [GUM_DIR]
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_ner import shared  # noqa: E402

GOALS = {"merge_acc": 0.85, "actor_recall": 0.93, "precision": 0.93, "purity": 0.98}
LABELS = {"merge_acc": "merge", "actor_recall": "actor recall", "precision": "precision", "purity": "purity",
          "mention_recall": "mention recall"}
ENTITIES_SECONDS = 15.0


def load_scorer(folder: Path) -> ModuleType:
    """The scorer that ships with the data (`score.py`), imported from its folder."""
    spec = importlib.util.spec_from_file_location("gum_score", folder / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extract(scorer: ModuleType, conllu: Path) -> tuple[dict[str, list[tuple[int, int, str, str]]], float]:
    """Predicted mentions per document from `newsdesk entities`, and how long the command took."""
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for path in sorted(conllu.glob("GUM_*.conllu")):
            text_file = Path(tmp) / f"{path.stem}.txt"
            text_file.write_text(scorer.build(path)[1], encoding="utf-8")
            files.append(str(text_file))
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "tui", "--home", str(Path(tmp) / "home"), "entities",
                              "--json", *files], capture_output=True, text=True, cwd=ROOT, check=True)
        seconds = time.perf_counter() - start
    found = {}
    for line in out.stdout.splitlines():
        record = json.loads(line)
        found[Path(record["file"]).stem] = [(m["start"], m["end"], m["type"], m["actor"])
                                            for m in record["mentions"]]
    return found, seconds


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    folder = Path(args[0]) if args else shared("ner/gum-dev")
    if not (folder / "score.py").exists():
        print(f"no GUM scorer at {folder}; nothing to measure")
        return
    scorer = load_scorer(folder)
    conllu = folder / "conllu"
    found, seconds = extract(scorer, conllu)
    scores = scorer.score(conllu, found)
    print(f"GUM dev: {scores['gold_actors']} gold actors in {len(found)} documents, "
          f"{scores['merge_pairs']} written in several ways")
    for metric, label in LABELS.items():
        goal = GOALS.get(metric)
        mark = "" if goal is None else f"  (goal >= {goal:.2f}: {'met' if scores[metric] >= goal else 'NOT met'})"
        print(f"  {label:<15} {scores[metric]:.3f}{mark}")
    verdict = "met" if seconds < ENTITIES_SECONDS else "NOT met"
    print(f"  entities time   {seconds:.1f} s  (goal < {ENTITIES_SECONDS:.0f} s: {verdict})")
    if "--misses" in sys.argv:
        split, missed = scorer.split_and_missed(conllu, found)
        print(f"\nsplit ({len(split)}): one gold actor, several predicted names")
        for doc, ident, _, names in split:
            print(f"  {doc} {ident}: {names}")
        print(f"\nmissed ({len(missed)}): no predicted mention")
        for doc, ident, forms in missed:
            print(f"  {doc} {ident}: {forms}")


if __name__ == "__main__":
    main()
