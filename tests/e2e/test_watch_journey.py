"""Following a story in a real terminal (tmux): a story listed once with its versions, watching the query,
the watchlists screen counting what an add brings while it is open, the new article marked and read,
the other versions in the article, more like this; then the command line agrees it was seen."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_every_feature import quit_and_wait, settle
from tests.e2e.test_journey import Terminal, cli_command, newsdesk_command
from tests.index.test_stories import edit_words, seed
from tests.index.test_story_library import versions_folder

pytestmark = pytest.mark.e2e


def test_watch_a_story_and_read_what_is_new(tmp_path: Path) -> None:
    home = tmp_path / "home"
    added = subprocess.run([*cli_command(home), "add", str(versions_folder(tmp_path / "news"))],
                           capture_output=True, text=True, timeout=300)
    assert added.returncode == 0, added.stderr
    later = tmp_path / "later"
    later.mkdir()
    (later / "account.txt").write_text(f"The defector's account\n\n{edit_words(seed('defector'), 0.04, 7)}\n")
    term = Terminal(f"newsdesk-watch-{tmp_path.name}", newsdesk_command(home), width=120, height=40)
    try:
        term.wait_for("5 articles", timeout=120)
        term.send("/")
        settle()
        term.send("-l", "defector")
        term.wait_for("3 results")  # the count is of articles
        term.wait_for("+2 sources")  # three versions of one report, listed once
        term.send("Enter")  # to the results
        settle()
        term.send("v")  # its versions, in place
        term.wait_for("↳ ")
        term.send("v")
        settle()
        assert "↳ " not in term.screen()
        term.send("w")  # watch the query
        term.wait_for("Name:")
        settle()
        term.send("Enter")
        term.wait_for("Watching 'defector'")

        term.send("W")  # the watchlists: nothing new yet
        term.wait_for("no new  defector  3 articles in all")
        term.send("A")  # an add while the screen is open: the count follows
        term.wait_for("Add files or a folder")
        settle()
        term.send("-l", str(later))
        term.send("Enter")
        term.wait_for("1 new  defector  4 articles in all", timeout=120)
        term.send("Enter")  # its articles on the main screen, the new one first and marked
        term.wait_for("watchlist defector · 1 new")
        term.wait_for("new The defector's account")
        settle()
        term.send("Enter")  # read it: every new article is read, so the watchlist is seen
        term.wait_for("Also told by 3 other versions")
        term.wait_for("Marked 'defector' seen")
        term.send("M")  # more like this: the story's other versions first
        term.wait_for("more like The defector")
        term.wait_for("same story")
        term.send("Escape")  # to the search box, then out of it, so q quits
        settle()
        term.send("Escape")
        settle()
        quit_and_wait(term)
    finally:
        term.close()
    listed = subprocess.run([*cli_command(home), "watch", "list", "--json"], capture_output=True, text=True,
                            timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert [(w["name"], w["new"], w["total"]) for w in json.loads(listed.stdout)] == [("defector", 0, 4)]
