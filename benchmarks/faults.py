"""Fault campaign: real kills, races, a really full disk and concurrent writers; prints a table.

Every case drives the real `newsdesk` command in separate processes on a
library home of its own, then checks what a user would check: each file stored
once, each stored article searchable, no process left behind, one clear line
instead of a traceback. Uses BBC articles from ../shared when present (else
made-up ones). The full-disk case mounts a 20 MB tmpfs and is skipped with a
line where mounting is not allowed.

    python benchmarks/faults.py [--kills 20] [--races 10]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BBC = ROOT.parent / "shared" / "corpora" / "bbc-news" / "bbc"

Row = tuple[str, str, str]


def newsdesk(home: Path, *args: str, **kw: object) -> subprocess.Popen[str]:
    """The real command as a new process (its own session, like a job in a shell)."""
    return subprocess.Popen([sys.executable, "-m", "tui", "--home", str(home), *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, **kw)  # type: ignore[call-overload]


def run(home: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    proc = newsdesk(home, *args)
    out, err = proc.communicate(timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def corpus(folder: Path, count: int, offset: int = 0) -> Path:
    """`count` article files: BBC ones when available, else made-up ones."""
    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(BBC.glob("*/*.txt")) if BBC.is_dir() else []
    if files:
        for i, path in enumerate(files[offset:offset + count]):
            shutil.copy(path, folder / f"{path.parent.name}-{path.name}")
    else:
        from tests.corpus import make_folder

        make_folder(folder, count, start=offset)
    return folder


def distinct(*folders: Path) -> int:
    """How many different articles some folders hold (the BBC corpus has exact duplicates)."""
    import hashlib

    return len({hashlib.sha256(p.read_bytes()).digest() for f in folders for p in f.iterdir()})


def consistency(home: Path) -> tuple[int, int, int]:
    """(stored articles, of which searchable, files recorded more than once)."""
    from index import Library

    with Library(home) as lib:
        for _ in lib.prepare():
            pass
        stored = {a.id for a in lib._store.all()}
        indexed = {h.id for h in lib.search("", limit=1_000_000, facets=False, suggest=False, versions=True)}
    with sqlite3.connect(home / "library.db") as conn:
        twice = conn.execute("SELECT count(*) FROM (SELECT content_hash FROM articles GROUP BY content_hash"
                             " HAVING count(*) > 1)").fetchone()[0]
    return len(stored), len(stored & indexed), int(twice)


def descendants(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids = {int(x) for x in (task / "children").read_text().split()}
        except OSError:
            continue
        for kid in kids:
            found |= {kid} | descendants(kid)
    return found


def alive(pids: set[int]) -> set[int]:
    left = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            left.add(pid)
    return left


def case_kills(work: Path, kills: int) -> Row:
    """SIGKILL `add` at random moments, then add again; everything stored once and searchable."""
    rng = random.Random(11)
    folder = corpus(work / "kill-news", 300)
    home = work / "kill-home"
    orphans = 0
    for _ in range(kills):
        proc = newsdesk(home, "add", str(folder))
        time.sleep(rng.uniform(0.5, 8.0))
        family = descendants(proc.pid)
        proc.kill()
        proc.communicate()
        time.sleep(0.5)
        orphans += len(alive(family))
    final = run(home, "add", str(folder))
    stored, searchable, twice = consistency(home)
    ok = final.returncode == 0 and stored == searchable == distinct(folder) and twice == 0 and orphans == 0
    return (f"SIGKILL during add x{kills}, then add", "ok" if ok else "FAILED",
            f"re-add exit {final.returncode}; {stored} stored, {searchable} searchable, {twice} stored twice, "
            f"{orphans} processes left behind")


def case_races(work: Path, races: int) -> Row:
    """`add` while a loop of `newsdesk search` runs; after each add every stored article is searchable."""
    home = work / "race-home"
    run(home, "add", str(corpus(work / "race-0", 100)))
    bad, failures = 0, 0
    for i in range(races):
        folder = corpus(work / f"race-{i + 1}", 60, offset=100 + 60 * i)
        stop = work / "stop"
        stop.unlink(missing_ok=True)
        loop = subprocess.Popen(["bash", "-c", f"while [ ! -e {stop} ]; do {sys.executable} -m tui --home {home}"
                                 " search oil --json >/dev/null 2>>" + str(work / "race-errors.txt") + "; done"],
                                cwd=ROOT)
        result = run(home, "add", str(folder))
        stop.touch()
        loop.wait()
        stored, searchable, _ = consistency(home)
        failures += result.returncode != 0
        bad += stored != searchable
    errors = (work / "race-errors.txt").read_text() if (work / "race-errors.txt").exists() else ""
    tracebacks = errors.count("Traceback")
    ok = bad == 0 and failures == 0 and tracebacks == 0
    return (f"add racing a search loop x{races}", "ok" if ok else "FAILED",
            f"{failures} adds failed; {bad} times stored != searchable; {tracebacks} tracebacks from searches")


def case_two_adds(work: Path) -> Row:
    """Two `add`s at once: both finish (or one says the library is busy), never a traceback."""
    home = work / "two-home"
    procs = [newsdesk(home, "add", str(corpus(work / f"two-{i}", 80, offset=400 + 80 * i))) for i in range(2)]
    results = [p.communicate(timeout=900) for p in procs]
    codes = [p.returncode for p in procs]
    tracebacks = sum(err.count("Traceback") for _, err in results)
    stored, searchable, twice = consistency(home)
    expected = distinct(*(work / f"two-{i}" for i in range(2)))
    ok = tracebacks == 0 and stored == searchable and (stored == expected or "busy" in " ".join(e for _, e in results))
    return ("two adds at once", "ok" if ok else "FAILED",
            f"exit codes {codes}; {stored} stored, {searchable} searchable; {tracebacks} tracebacks")


def case_full_disk(work: Path) -> Row:
    """A 20 MB filesystem filled during an add: one line, no hang; reads work; after freeing space, all is well."""
    mount = work / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        return ("full disk (20 MB tmpfs)", "skipped", "mounting is not allowed here")
    try:
        return _full_disk(work, mount)
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _full_disk(work: Path, mount: Path) -> Row:
    home = mount / "home"
    small = corpus(work / "disk-a", 100)
    first = run(home, "add", str(small))
    run(home, "bookmarks", "add", _some_id(home), "--quote", _some_quote(home), "--note", "kept")
    filler = mount / "filler"
    with open(filler, "wb") as fh:  # fill all but ~1.5 MB
        free = os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize
        fh.write(b"\0" * max(0, free - 1_500_000))
    big = corpus(work / "disk-b", 400, offset=100)
    start = time.monotonic()
    try:
        adding = run(home, "add", str(big), timeout=300)
        hung = False
    except subprocess.TimeoutExpired:
        adding, hung = None, True
    took = time.monotonic() - start
    reads = [run(home, *cmd, timeout=60) for cmd in (("stats",), ("search", "oil", "--json"), ("bookmarks", "list"))]
    read_ok = all(r.returncode == 0 for r in reads)
    adding_err = adding.stderr.strip().splitlines()[-1] if adding and adding.stderr.strip() else ""
    filler.unlink()
    again = run(home, "add", str(big))
    stored, searchable, twice = consistency(home)
    crashed = [r.returncode for r in reads if r.returncode < 0] + ([adding.returncode] if adding and
                                                                   adding.returncode < 0 else [])
    traceback = "Traceback" in (adding.stderr if adding else "") or any("Traceback" in r.stderr for r in reads)
    marks = run(home, "bookmarks", "list").stdout
    ok = (not hung and not crashed and not traceback and read_ok and again.returncode == 0
          and stored == searchable == distinct(small, big) and "kept" in marks and first.returncode == 0)
    return ("full disk (20 MB tmpfs) during add", "ok" if ok else "FAILED",
            f"add stopped after {took:.1f} s with: {adding_err[:110]!r}; reads while full "
            f"{'ok' if read_ok else [r.returncode for r in reads]}; after freeing: exit {again.returncode}, "
            f"{stored} stored, {searchable} searchable, bookmark {'kept' if 'kept' in marks else 'LOST'}")


def _some_id(home: Path) -> str:
    with sqlite3.connect(home / "library.db") as conn:
        return str(conn.execute("SELECT id FROM articles ORDER BY id LIMIT 1").fetchone()[0])


def _some_quote(home: Path) -> str:
    with sqlite3.connect(home / "library.db") as conn:
        text = str(conn.execute("SELECT text FROM articles ORDER BY id LIMIT 1").fetchone()[0])
    return " ".join(text.split()[:6])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--races", type=int, default=10)
    parser.add_argument("--only", choices=["kills", "races", "two", "disk"])
    args = parser.parse_args()
    cases: dict[str, Callable[[Path], Row]] = {
        "kills": lambda w: case_kills(w, args.kills), "races": lambda w: case_races(w, args.races),
        "two": case_two_adds, "disk": case_full_disk}
    rows = []
    with tempfile.TemporaryDirectory(prefix="newsdesk-faults-") as tmp:
        for name, case in cases.items():
            if args.only and name != args.only:
                continue
            work = Path(tmp) / name
            work.mkdir()
            started = time.monotonic()
            row = case(work)
            rows.append(row)
            print(f"{row[0]:<40} {row[1]:<8} {row[2]}  ({time.monotonic() - started:.0f} s)", flush=True)
    print("\n| case | result | what was seen |\n| --- | --- | --- |")
    for row in rows:
        print(f"| {row[0]} | {row[1]} | {row[2]} |")
    if any(r[1] == "FAILED" for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
