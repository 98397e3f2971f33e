"""The waits a user has, measured as a user waits: whole `newsdesk` commands and the reader in tmux.

Builds a library with the product's own `newsdesk add` (timed), then times each
command as a new process (median of several runs, and the first search right
after the add), and drives the real reader in a real terminal (tmux): first
frame, first results of a query typed at once, keystroke to painted results,
an actor rename reflected in the sidebar, the actor view of the most mentioned
actor, and the reader's memory. Prints a table; asserts nothing.

    python benchmarks/bench_journeys.py CORPUS_DIR [--home DIR] [--label NAME]
    python benchmarks/bench_journeys.py --home EXISTING_LIBRARY       # skip the add
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWSDESK = str(Path(sys.executable).with_name("newsdesk"))
SIZE = (140, 45)
RUNS = 7


def command(home: Path, *args: str) -> tuple[float, str]:
    """Seconds a whole `newsdesk` command takes as a new process, and its output."""
    started = time.perf_counter()
    done = subprocess.run([NEWSDESK, "--home", str(home), *args], capture_output=True, text=True, timeout=900)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"newsdesk {' '.join(args)} failed: {done.stderr.strip()}")
    return elapsed, done.stdout


def shell(home: Path, line: str) -> float:
    """Seconds a shell pipeline with newsdesk in it takes (`actors --json | head`)."""
    started = time.perf_counter()
    subprocess.run(["bash", "-c", line.replace("newsdesk", f"{NEWSDESK} --home {home}")], capture_output=True,
                   timeout=900)
    return time.perf_counter() - started


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Terminal:
    """The reader in a detached tmux session of a fixed size."""

    def __init__(self, home: Path) -> None:
        self.name = f"bench{os.getpid()}"
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)
        self._control: subprocess.Popen[str] | None = None
        self.started = time.perf_counter()
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", str(SIZE[0]), "-y", str(SIZE[1]),
                        f"{NEWSDESK} --home {home}"], check=True)

    def screen(self) -> str:
        """The pane's text now. Asked over one tmux control-mode client: starting a `tmux capture-pane`
        process every few milliseconds would take CPU from the reader being timed (2 cores)."""
        if self._control is None:
            self._control = subprocess.Popen(
                ["tmux", "-C", "attach-session", "-t", self.name, "-f", "no-output,ignore-size,read-only"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
        return "\n".join(self._ask(f"capture-pane -p -t {self.name}")) + "\n"

    def _ask(self, command: str) -> list[str]:
        """A command's output lines through the control client (notifications are skipped)."""
        control = self._control
        assert control is not None and control.stdin is not None and control.stdout is not None
        control.stdin.write(command + "\n")
        control.stdin.flush()
        lines: list[str] | None = None
        for line in control.stdout:
            line = line.rstrip("\n")
            if lines is None:
                if line.startswith("%begin") and line.endswith(" 1"):  # (flags 1: a command this client sent)
                    lines = []
                continue
            if line.startswith(("%end", "%error")):
                return lines
            lines.append(line)
        raise RuntimeError("the tmux control client stopped")

    def keys(self, *keys: str, literal: bool = False) -> float:
        sent = time.perf_counter()
        subprocess.run(["tmux", "send-keys", "-t", self.name, *(["-l"] if literal else []), *keys], check=True)
        return sent

    def wait(self, check: Callable[[str], bool], timeout: float = 60.0) -> float:
        """Poll the screen until `check` holds; returns when it did."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if check(self.screen()):
                return time.perf_counter()
            time.sleep(0.003)
        raise TimeoutError(self.screen())

    def pid(self) -> int:
        out = subprocess.run(["tmux", "list-panes", "-t", self.name, "-F", "#{pane_pid}"], capture_output=True,
                             text=True).stdout.split()
        return int(out[0])

    def close(self) -> None:
        if self._control is not None:
            self._control.kill()
            self._control.wait()
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def memory_mb(pid: int) -> tuple[float, float]:
    """Resident and peak memory of a process and its children, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]
    peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]
    return rss, peak


def results_line(screen: str) -> str:
    match = re.search(r"(\d[\d,]*) (?:results?|articles?) ·", screen)
    return match.group(1).replace(",", "") if match else ""


def reader(home: Path, query: str, totals: dict[str, int], top_actor: str) -> dict[str, float]:
    """The reader's numbers, from a fresh launch each time."""
    out: dict[str, float] = {}
    frames: list[float] = []
    for _ in range(RUNS):
        term = Terminal(home)
        try:
            frames.append(term.wait(lambda s: "newsdesk" in s and "Search" in s) - term.started)
            term.wait(lambda s: results_line(s) != "")
            rss, _ = memory_mb(term.pid())
        finally:
            term.close()
    out["first frame, median"], out["first frame, slowest"] = median(frames), max(frames)
    out["memory after launch (MB)"] = rss
    term = Terminal(home)
    try:
        term.keys("/")  # a user types at once: / then the words, before anything is painted
        term.keys(query, literal=True)
        want = str(totals[query])
        out["launch to first results"] = term.wait(lambda s: f"query: {query}" in s and results_line(s) == want) \
            - term.started
        out.update(_keystrokes(term, totals))
        out.update(_actor_journeys(term, top_actor, totals[f'actor:"{top_actor}"']))
        rss, peak = memory_mb(term.pid())
        out["memory at the end (MB)"], out["peak memory (MB)"] = rss, peak
    finally:
        term.close()
        # The actor gets its name back, so that the next run measures the same library.
        subprocess.run([NEWSDESK, "--home", str(home), "actors", "rename", RENAMED, top_actor], capture_output=True)
    return out


def _keystrokes(term: Terminal, totals: dict[str, int]) -> dict[str, float]:
    """Type words letter by letter; time each key to the painted result count for the text so far."""
    samples: list[float] = []
    for word in TYPED:
        term.keys("C-u")
        term.wait(lambda s: "query:" not in s.splitlines()[0])
        time.sleep(0.2)
        previous = results_line(term.screen())
        typed = ""
        for letter in word:
            typed += letter
            expected = totals.get(typed)
            sent = term.keys(letter, literal=True)
            if expected is None or str(expected) == previous:
                term.wait(lambda s, t=typed: f"query: {t}" in s)
                time.sleep(0.05)
                previous = results_line(term.screen())
                continue
            painted = term.wait(lambda s, e=str(expected), t=typed: f"query: {t}" in s and results_line(s) == e)
            samples.append(painted - sent)
            previous = str(expected)
    return {"keystroke to results p50": median(samples), "keystroke to results p95": p95(samples),
            "keystrokes timed": float(len(samples))}


def _actor_journeys(term: Terminal, top_actor: str, total: int) -> dict[str, float]:
    """Open an article about the top actor, open its actor view from the sidebar, rename it there."""
    out: dict[str, float] = {}
    term.keys("C-u")
    term.keys(f'actor:"{top_actor}"', literal=True)
    term.wait(lambda s: "query: actor:" in s and results_line(s) == str(total))
    term.keys("Enter")  # to the results
    time.sleep(0.3)
    term.keys("Enter")  # open the first article
    term.wait(lambda s: top_actor in _sidebar(s))
    term.keys("a")  # to the actors sidebar
    time.sleep(0.3)
    for _ in range(_entries_before(_sidebar(term.screen()), top_actor)):
        term.keys("j")
    time.sleep(0.3)
    sent = term.keys("a")
    out["actor view (top actor)"] = term.wait(lambda s: "mentions by month" in s and top_actor in s) - sent
    term.keys("Escape")
    term.wait(lambda s: "mentions by month" not in s)
    time.sleep(0.3)
    term.keys("r")
    term.wait(lambda s: "Rename actor" in s)
    time.sleep(0.3)  # (a person reads the dialog before clearing its text)
    term.keys("C-u")
    renamed = RENAMED
    term.keys(renamed, literal=True)
    time.sleep(0.2)
    sent = term.keys("Enter")
    out["actor rename to sidebar"] = term.wait(lambda s: renamed in _sidebar(s)) - sent
    return out


def _sidebar(screen: str) -> str:
    """The text of the actors sidebar (the right-hand pane)."""
    return "\n".join(line.rsplit("││", 1)[-1] for line in screen.splitlines()[2:] if "││" in line)


def _entries_before(sidebar: str, actor: str) -> int:
    """How many actors the sidebar lists above `actor` (headings are not entries)."""
    count = 0
    for line in sidebar.splitlines():
        text = line.strip("│ ")
        if actor in text:
            return count
        if line.startswith(" ") and text:
            count += 1
    return count


#: The name the actor journey gives the most mentioned actor (and takes back at the end).
RENAMED = "Zz Renamed Actor"

#: Words typed letter by letter in the keystroke journey (common news words of every category).
TYPED = ["government", "market", "england", "election", "music", "mobile"]


def totals_for(home: Path, queries: list[str]) -> dict[str, int]:
    """What the reader should show for each text typed: the total of the search."""
    sys.path.insert(0, str(ROOT))
    from index import Library, QueryError

    out: dict[str, int] = {}
    with Library(home) as lib:
        for query in queries:
            try:
                out[query] = lib.search(query, limit=1, facets=False, suggest=False).total
            except QueryError:
                continue
    return out


def build(corpus: Path, home: Path) -> dict[str, float]:
    """`newsdesk add CORPUS` into a new home, timed; then the first search, right after."""
    shutil.rmtree(home, ignore_errors=True)
    files = sum(1 for p in corpus.rglob("*") if p.is_file())
    took, _ = command(home, "add", str(corpus))
    first, _ = command(home, "search", "government", "--json")
    return {"add (s)": took, "add (articles/s)": files / took, "first search after add": first}


def commands(home: Path) -> tuple[dict[str, float], str, str]:
    """Median whole-command times, the id of an article to show and the most mentioned actor."""
    out: dict[str, float] = {}
    queries = ["government", '"prime minister"', "oil AND prices", "date:[2004 to 2005]", "",
               'actor:"United Kingdom"']
    samples = [command(home, "search", q, "--json")[0] for _ in range(RUNS // 2 + 1) for q in queries]
    out["search --json, median"] = median(samples)
    out["search --json, slowest"] = max(samples)
    _, found = command(home, "search", "government", "--json", "--limit", "1")
    article = json.loads(found)[0]["id"]
    _, listed = command(home, "actors", "--json", "--limit", "1")
    top = json.loads(listed)[0]["actor"]
    for label, argv in [("stats", ["stats"]), ("show ID", ["show", article]),
                        ("bookmarks list", ["bookmarks", "list"])]:
        out[label] = median([command(home, *argv)[0] for _ in range(RUNS)])
    out["actors --json | head"] = median([shell(home, "newsdesk actors --json | head -5") for _ in range(RUNS)])
    return out, article, top


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, nargs="?")
    parser.add_argument("--home", type=Path)
    parser.add_argument("--label", default="")
    parser.add_argument("--no-reader", action="store_true", help="time the commands only")
    args = parser.parse_args()
    tmp = None
    home = args.home
    if home is None:
        tmp = tempfile.mkdtemp(prefix="newsdesk-journeys-")
        home = Path(tmp) / "home"
    rows: dict[str, float] = {}
    try:
        if args.corpus is not None:
            rows.update(build(args.corpus, home))
        timed, _, top = commands(home)
        rows.update(timed)
        if args.no_reader:
            pass
        elif shutil.which("tmux"):
            prefixes = sorted({w[:i] for w in TYPED for i in range(1, len(w) + 1)})
            totals = totals_for(home, prefixes + ["government", f'actor:"{top}"'])
            rows.update(reader(home, "government", totals, top))
        else:
            print("tmux is not installed: the reader's numbers are skipped")
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    label = args.label or str(args.corpus or home)
    print(f"\n| {label} | value |\n| --- | --- |")
    for name, value in rows.items():
        unit = "" if name.endswith(")") or name.endswith("timed") else " s"
        shown = f"{value:,.0f}" if value >= 100 else f"{value:.3f}" if unit else f"{value:.1f}"
        print(f"| {name} | {shown}{unit} |")


if __name__ == "__main__":
    main()
