"""TUI benchmark: time to first frame, keystroke-to-results latency, peak memory (Pilot).

Builds (once, in a temporary folder) a library of the BBC corpus from ../shared
when it is there, else of the seeds, then drives the real app. Prints numbers;
asserts nothing.

    python benchmarks/bench_tui.py [LIBRARY_HOME]
"""

from __future__ import annotations

import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TEXTUAL_FPS", "120")  # (as `newsdesk` sets it for the reader)
BBC = ROOT.parent / "shared" / "corpora" / "bbc-news" / "bbc"

FIRST_FRAME = """
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from index import Library
from tui.app import NewsdeskApp
from tui.widgets.search_pane import ResultsList

class Timed(NewsdeskApp):
    def on_mount(self):  # (Textual calls NewsdeskApp.on_mount too: no super() call, or two main screens)
        self.call_after_refresh(self._frame)
    def _frame(self):
        with open({out!r}, "w") as fh:
            fh.write(f"{{(time.perf_counter() - t0) * 1000:.0f}}")
        self.exit()

Timed(Library({home!r})).run(headless=True, size=(140, 45))
"""


def build(home: Path) -> None:
    from index import Library

    source = [BBC] if BBC.is_dir() else None
    with Library(home) as library:
        steps = library.add(source) if source else library.seed()
        for _ in steps:
            pass


def first_frame(home: Path, runs: int = 5) -> list[float]:
    """Whole-process time from interpreter start to the first painted frame, in ms."""
    out_file = home.parent / "first-frame.txt"
    code = FIRST_FRAME.format(root=str(ROOT), home=str(home), out=str(out_file))
    times = []
    for _ in range(runs):
        out_file.unlink(missing_ok=True)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        wall = (time.perf_counter() - start) * 1000
        inner = float(out_file.read_text()) if out_file.exists() else float("nan")
        times.append(inner)
        print(f"  first frame: {inner:6.0f} ms after imports began ({wall:6.0f} ms whole process)")
    return times


async def typing_latency(home: Path) -> list[float]:
    """From a key reaching the query box to the results for that text being painted, per key."""
    from index import Library
    from tui.app import NewsdeskApp
    from tui.widgets.search_pane import QueryInput, SearchPane

    keyed: dict[str, float] = {}
    painted: dict[str, float] = {}
    on_key, show = QueryInput._on_key, SearchPane.show_results

    async def timed_key(self: QueryInput, event: object) -> None:
        start = time.perf_counter()
        await on_key(self, event)  # type: ignore[arg-type]
        keyed.setdefault(self.value, start)

    def timed_show(self: SearchPane, results: object, *rest: object) -> None:
        show(self, results, *rest)  # type: ignore[arg-type]
        query = results.query  # type: ignore[attr-defined]
        self.call_after_refresh(lambda: painted.setdefault(query, time.perf_counter()))

    QueryInput._on_key, SearchPane.show_results = timed_key, timed_show  # type: ignore[method-assign]
    app = NewsdeskApp(Library(home))
    samples: list[float] = []
    try:
        async with app.run_test(size=(140, 45)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            box = app.main.search_pane.query_input
            for query in ["government", "election labour", "mobile phone", "chelsea", "oil prices",
                          "governmnet", "econmy growth"]:
                box.value = ""
                box.focus()
                await app.workers.wait_for_complete()
                await pilot.pause()
                keyed.clear()
                painted.clear()
                for ch in query:
                    await pilot.press(ch if ch != " " else "space")
                    typed = box.value
                    for _ in range(2000):
                        if typed in painted:
                            break
                        await asyncio.sleep(0.001)
                    if typed in painted and typed in keyed:
                        samples.append((painted[typed] - keyed[typed]) * 1000)
    finally:
        QueryInput._on_key, SearchPane.show_results = on_key, show  # type: ignore[method-assign]
    return samples


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tmp) / "home"
        if not (home / "library.db").exists():
            print(f"building a library in {home} from {BBC if BBC.is_dir() else 'the seeds'} …")
            build(home)
        from index import Library

        with Library(home) as library:
            print(f"library: {library.article_count()} articles")
        times = first_frame(home)
        print(f"time to first frame: median {statistics.median(times):.0f} ms (target <= 500 ms)")
        samples = asyncio.run(typing_latency(home))
        ordered = sorted(samples)
        p95 = ordered[int(round(0.95 * (len(ordered) - 1)))]
        print(f"keystroke to results: p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms "
              f"over {len(ordered)} keys (target p95 <= 60 ms)")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory (this process, app + library): {peak:.0f} MB")


if __name__ == "__main__":
    main()
