"""Several newsdesk processes at once, and processes that die: nothing stored goes unsearchable,
nothing is left running, no lock outlives its holder."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index import Library
from tests.conftest import ROOT, drain
from tests.corpus import make_folder

SEARCH_LOOP = """
import sys, time
sys.path.insert(0, {root!r})
from index import Library
stop = {stop!r}
import os
while not os.path.exists(stop):
    with Library({home!r}) as lib:
        for _ in lib.prepare():
            pass
        lib.search("oil", limit=5)
"""


def cli(*args: str, home: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """The real `newsdesk` command, as a separate process in its own process group, with Ctrl-C's signal
    as a terminal leaves it (a test run started in the background, `pytest &`, would pass it on ignored)."""
    return subprocess.Popen([sys.executable, "-m", "tui", "--home", str(home), *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, **(env or {})}, preexec_fn=_default_sigint)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def children(pid: int) -> set[int]:
    """The processes a process has started (Linux)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(x) for x in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(check, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def stored_count(home: Path) -> int:
    """Articles stored so far, read without disturbing the writer."""

    try:
        with sqlite3.connect(f"file:{home / 'library.db'}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def stored_and_indexed(home: Path) -> tuple[set[str], set[str]]:
    with Library(home) as lib:
        stored = {a.id for a in lib._store.all()}
        indexed = {h.id for h in lib.search("", limit=100_000, facets=False, versions=True)}
    return stored, indexed


def test_an_add_racing_a_search_loop_leaves_every_stored_article_searchable(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with Library(home) as lib:
        drain(lib.add([make_folder(tmp_path / "first", 30)]))
    stop = tmp_path / "stop"
    loop = subprocess.Popen([sys.executable, "-c", SEARCH_LOOP.format(root=str(ROOT), home=str(home),
                                                                      stop=str(stop))])
    try:
        for round_ in range(3):  # the failure was a race: try it more than once
            with Library(home) as lib:
                final = drain(lib.add([make_folder(tmp_path / f"more{round_}", 40, start=100 * (round_ + 1))]))
                assert final.added == 40
            stored, indexed = stored_and_indexed(home)
            assert stored == indexed, f"round {round_}: {len(stored - indexed)} stored articles not searchable"
    finally:
        stop.touch()
        loop.wait(timeout=60)
    assert loop.returncode == 0


def test_a_killed_add_leaves_no_worker_and_no_lock_and_the_next_add_finishes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = make_folder(tmp_path / "news", 160)
    proc = cli("add", str(folder), home=home)
    wait_until(lambda: len(children(proc.pid)) >= 2)  # the entity workers are running
    workers = children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    wait_until(lambda: not any(alive(w) for w in workers), timeout=5)
    again = cli("add", str(folder), home=home)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    stored, indexed = stored_and_indexed(home)
    assert len(stored) == 160 and stored == indexed


def test_one_ctrl_c_stops_an_add_within_two_seconds_and_keeps_what_was_stored(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = make_folder(tmp_path / "news", 3000)
    proc = cli("add", str(folder), home=home, env={"PYTHONFAULTHANDLER": "1"})
    wait_until(lambda: stored_count(home) >= 50)  # some articles are extracted and stored, most are not
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal sends it: to the whole process group
    try:
        out, err = proc.communicate(timeout=2.0)
    except subprocess.TimeoutExpired:  # say where it is stuck: the processes, and its threads' stacks
        processes = subprocess.run(["ps", "-eo", "pid,ppid,stat,pcpu,etime,args"], capture_output=True,
                                   text=True).stdout
        os.kill(proc.pid, signal.SIGABRT)
        out, err = proc.communicate(timeout=30)
        pytest.fail(f"still running 2 s after Ctrl-C\n{processes}\n{err[-6000:]}")
    assert proc.returncode == 130, err
    with Library(home) as lib:
        drain(lib.prepare())
    stored, indexed = stored_and_indexed(home)
    assert 0 < len(stored) < 3000, f"{len(stored)} stored"
    assert stored == indexed
    again = cli("add", str(folder), home=home)
    again.communicate(timeout=300)
    assert again.returncode == 0
    stored, indexed = stored_and_indexed(home)
    assert len(stored) == 3000 and stored == indexed


def test_two_adds_at_once_both_finish(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with Library(home) as lib:
        drain(lib.add([make_folder(tmp_path / "seed", 5)]))
    procs = [cli("add", str(make_folder(tmp_path / f"f{i}", 40, start=1000 * (i + 1))), home=home) for i in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    stored, indexed = stored_and_indexed(home)
    assert len(stored) == 85 and stored == indexed


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_skipped_not_read(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "news", 3)
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(tmp_path / "direct.txt")
    with Library(tmp_path / "home") as lib:
        started = time.monotonic()
        final = drain(lib.add([folder, tmp_path / "direct.txt"]))
        assert time.monotonic() - started < 60
    assert final.added == 3
    assert any(n.path.endswith("pipe.txt") and "named pipe" in n.reason for n in final.notes)
    assert any(f.path.endswith("direct.txt") and "named pipe" in f.reason for f in final.failures)
