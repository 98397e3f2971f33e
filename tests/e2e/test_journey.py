"""The real `newsdesk` in a real terminal (tmux): first run, search, read, help, quit."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]


#: A tmux server of this test run's own: parallel runs (and a user's sessions) never meet.
TMUX = ["tmux", "-L", f"newsdesk-tests-{os.getpid()}"]


class Terminal:
    """A detached tmux session running one command."""

    def __init__(self, name: str, command: list[str], width: int = 140, height: int = 45) -> None:
        self.name = name
        # Start a shell that waits a moment, so the window has its size before the program asks.
        script = "sleep 0.5; exec " + " ".join(shlex.quote(part) for part in command)
        subprocess.run([*TMUX, "new-session", "-d", "-s", name, "-x", str(width), "-y", str(height),
                        "sh", "-c", script], check=True)
        subprocess.run([*TMUX, "resize-window", "-t", name, "-x", str(width), "-y", str(height)],
                       capture_output=True)

    def send(self, *keys: str) -> None:
        subprocess.run([*TMUX, "send-keys", "-t", self.name, *keys], check=True)

    def screen(self) -> str:
        out = subprocess.run([*TMUX, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True)
        return out.stdout

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def alive(self) -> bool:
        return subprocess.run([*TMUX, "has-session", "-t", self.name], capture_output=True).returncode == 0

    def close(self) -> None:
        subprocess.run([*TMUX, "kill-session", "-t", self.name], capture_output=True)


def cli_command(home: Path) -> list[str]:
    exe = Path(sys.executable).with_name("newsdesk")
    base = [str(exe)] if exe.exists() else [sys.executable, "-m", "tui"]
    return [*base, "--home", str(home)]


def newsdesk_command(home: Path, *env: str) -> list[str]:
    return ["env", "-u", "COLUMNS", "-u", "LINES", "TERM=xterm-256color", *env, *cli_command(home)]


def test_first_run_search_read_help_quit(tmp_path: Path) -> None:
    term = Terminal(f"newsdesk-e2e-{tmp_path.name}", newsdesk_command(tmp_path / "home"))
    try:
        term.wait_for("25 articles", timeout=120)  # the seeds were indexed on first run
        term.send("/")
        term.send("kursk")  # no Enter: results follow the typing
        term.wait_for("1 result")
        term.send("Enter")
        time.sleep(0.3)  # keys go to the widget focused when they arrive: let the focus move first
        term.send("Enter")
        term.wait_for("People")  # the actors sidebar fills when the article opens
        screen = term.screen()
        assert "Approximately 10,000 soldiers" in screen  # the article body, not the snippet
        assert "Kim Jong-un" in screen and "Lloyd Austin" in screen and "Kursk" in screen
        term.send("?")
        term.wait_for("move between panes")  # the help screen
        term.send("Escape")
        time.sleep(0.5)  # an ESC followed at once by "q" would read as alt+q
        term.wait_for("Approximately 10,000 soldiers")
        term.send("q")
        deadline = time.monotonic() + 10
        while term.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not term.alive(), "q did not quit"
    finally:
        term.close()


def test_bookmark_a_passage_and_export_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    term = Terminal(f"newsdesk-e2e-bm-{tmp_path.name}", newsdesk_command(home))
    try:
        term.wait_for("25 articles", timeout=120)
        term.send("/")  # the list has the focus at launch; / goes to the search box
        term.send("kursk")
        term.wait_for("1 result")
        term.send("Enter")
        time.sleep(0.3)  # keys go to the widget focused when they arrive: let the focus move first
        term.send("Enter")
        term.wait_for("People")
        term.send("j")
        term.send("J")
        term.send("b")
        time.sleep(0.3)
        term.wait_for("ctrl+s save")
        term.send("-l", "second and third sentences, noted in tmux")
        term.send("C-s")  # at once: the save must not overtake the keys typed before it
        term.wait_for("Bookmarked")
        term.send("q")
        deadline = time.monotonic() + 10
        while term.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        term.close()
    exported = tmp_path / "notes.md"
    out = subprocess.run([*cli_command(home), "bookmarks", "export", "--format", "md", "-o",
                          str(exported)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    text = exported.read_text()
    assert "second and third sentences, noted in tmux" in text
    assert "> Approximately 10,000 soldiers from North Korea" in text
    assert "This move follows increasing pressures" in text
