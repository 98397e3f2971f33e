"""One journey through every feature of the reader, in a real terminal (tmux) at 80x24 and 120x40.

First run on an empty home, help, search with a misspelling, history, reading with the passage cursor
and hits, a bookmark with a note, the actors (over the search pane when narrow), the actor view, a
correction from the sidebar and one from the palette, the link without a browser, the bookmarks screen
(edit, delete, undo, open), adding a folder (skipped files named), sorting, exporting, following a feed
served on loopback (subscribing, fetching with progress, its stories unread until opened), quitting;
then the command line on the same library.
"""

from __future__ import annotations

import subprocess
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.e2e.test_journey import Terminal, cli_command, newsdesk_command
from tests.index.feedgen import items, rss
from tests.index.loopback import LoopbackServer, send

pytestmark = pytest.mark.e2e


def settle() -> None:
    """Let a key's work finish before the next keys arrive: keys go to the widget focused when they
    arrive, a widget's own bindings (ctrl+u) run only after the keys already queued for it, and an ESC
    followed at once by a letter reads as alt+letter."""
    time.sleep(0.5)


def quit_and_wait(term: Terminal) -> None:
    term.send("q")
    deadline = time.monotonic() + 10
    while term.alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not term.alive(), "q did not quit"


@pytest.mark.parametrize(("width", "height"), [(80, 24), (120, 40)])
def test_every_feature(tmp_path: Path, width: int, height: int) -> None:
    home = tmp_path / "home"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "README.txt").write_text("About these files\n\nThey are articles.\n")
    (corpus / "flood.txt").write_text("Flood in Dhaka\n\nRivers rose in Dhaka, Bangladesh, after the monsoon.\n")
    server = LoopbackServer()
    server.routes["/news.rss"] = _slow_feed
    term = Terminal(f"newsdesk-all-{width}-{tmp_path.name}", newsdesk_command(home, "BROWSER=false"),
                    width=width, height=height)
    try:
        _reader_journey(term, corpus, tmp_path / "notes.md")
        _feeds_journey(term, server.url("/news.rss"))
        quit_and_wait(term)
    finally:
        term.close()
        server.close()
    exported = (tmp_path / "notes.md").read_text()
    assert "> Approximately 10,000 soldiers" in exported and "noted in tmux, edited" in exported
    out = subprocess.run([*cli_command(home), "search", "--json=object", "dhaka"], capture_output=True,
                         text=True, timeout=60)
    assert '"total": 1' in out.stdout
    renamed = subprocess.run([*cli_command(home), "actors", "show", "Secretary Austin"], capture_output=True,
                             text=True, timeout=60)
    assert renamed.returncode == 0 and "Lloyd Austin" in renamed.stdout  # the old name is an alias now
    hidden = subprocess.run([*cli_command(home), "actors", "show", "Defense"], capture_output=True, text=True,
                            timeout=60)
    assert hidden.returncode == 1 and "hidden" in hidden.stderr


def _reader_journey(term: Terminal, corpus: Path, export_to: Path) -> None:
    term.wait_for("25 articles", timeout=120)  # the first run indexed the sample articles
    term.wait_for("q Quit")  # the footer says how to quit, at any width
    term.send("?")
    term.wait_for("move between panes")
    term.send("Escape")
    settle()

    term.send("/")  # search, with a misspelling: the suggestion is readable whole
    settle()
    term.send("-l", "kursc")
    term.wait_for("did you mean")
    term.wait_for("kursk")
    term.send("C-u")
    settle()
    term.send("-l", "kursk")
    term.wait_for("1 result")
    term.send("Enter")  # the query is kept in the history; to the results
    settle()
    term.send("Enter")
    term.wait_for("seeds · undated")  # the article is open
    settle()  # (its hits and passage cursor are set once it is shown; keys before that would move nothing)
    term.send("n")  # the next search hit
    settle()
    term.send("j")
    term.send("J")  # the passage: the second and third sentences
    settle()
    term.send("b")
    term.wait_for("ctrl+s save")
    settle()
    term.send("-l", "noted in tmux")
    term.send("C-s")
    term.wait_for("Bookmarked")

    term.send("a")  # the actors (over the search pane when narrow)
    term.wait_for("People")
    term.wait_for("Lloyd Austin")
    term.send("a")  # the actor view of the highlighted actor (the first person)
    term.wait_for("Mentioned with")
    term.wait_for("enter: open the article there")
    settle()
    term.send("j")  # the second sentence is in the sample article we came from
    term.send("Enter")
    term.wait_for("seeds · undated")
    term.send("a")
    term.wait_for("People")
    for _ in range(2):
        term.send("j")  # Kim Jong-un, Andriy Kovalenko, Lloyd Austin
    term.send("r")
    term.wait_for("Rename actor")
    settle()
    term.send("C-u")
    settle()
    term.send("-l", "Secretary Austin")
    term.send("Enter")
    term.wait_for("Renamed to")
    term.wait_for("Secretary Austin")

    term.send("C-p")  # a correction from the palette
    settle()
    term.send("-l", "Hide actor: Defense")
    settle()
    term.send("Enter")
    term.wait_for("Hid 'Defense'")
    term.send("Escape")  # back to the article
    settle()
    term.send("/")
    settle()
    term.send("C-u")
    settle()
    term.send("-l", "stampede")
    term.wait_for("1 result")
    term.send("Enter")
    settle()
    term.send("Enter")
    term.wait_for("Hundreds dead in Hajj stampede")
    term.send("o")  # no browser here: the link is shown
    term.wait_for("No browser here")

    term.send("B")  # the bookmarks screen: edit, delete, undo, open
    term.wait_for("noted in tmux")
    term.send("Enter")  # from the filter to the list
    settle()
    term.send("e")
    term.wait_for("Edit bookmark")
    settle()
    term.send("-l", ", edited")
    term.send("C-s")
    term.wait_for("Saved")
    term.send("d")
    term.wait_for("Deleted")
    term.send("u")
    term.wait_for("Bookmark restored")
    term.send("Enter")
    term.wait_for("seeds · undated")

    term.send("Escape")
    settle()
    term.send("A")  # add a folder: its README is skipped and named
    term.wait_for("Add files or a folder")
    settle()
    term.send("-l", str(corpus))
    term.send("Enter")
    term.wait_for("Skipped")
    term.wait_for("26 articles")
    term.send("s")  # sort
    term.wait_for("newest first")

    term.send("C-p")  # export the bookmarks
    settle()
    term.send("-l", "Export bookmarks as Markdown")
    settle()
    term.send("Enter")
    term.wait_for("File to write")
    settle()
    term.send("C-u")
    settle()
    term.send("-l", str(export_to))
    term.send("Enter")
    term.wait_for("Wrote 1 bookmark to")

    term.send("/")  # the history: up recalls earlier queries
    settle()
    term.send("C-u")
    settle()
    term.wait_for("26 articles · newest first")
    term.send("Up")
    term.wait_for("query: stampede")
    term.send("Up")
    term.wait_for("query: kursk")
    term.send("F1")  # help while typing
    term.wait_for("move between panes")
    term.send("Escape")
    settle()
    term.send("Escape")  # escape leaves the box, so q quits
    settle()


def _slow_feed(handler: BaseHTTPRequestHandler) -> None:
    """A feed that takes a second to answer, so the fetch's progress can be seen."""
    time.sleep(1)
    send(handler, 200, rss(items(4)), "application/rss+xml")


def _feeds_journey(term: Terminal, feed_url: str) -> None:
    term.send("F")  # the subscriptions screen, empty
    term.wait_for("0 feeds")
    term.send("a")
    term.wait_for("Subscribe to a feed")
    settle()
    term.send("-l", feed_url)
    term.send("Enter")
    term.wait_for("no articles yet")
    term.send("f")  # fetch it: the progress shows, then the counts
    term.wait_for("Feeds: ")
    term.wait_for("4 unread · 4 articles")
    term.send("Enter")  # its stories, newest first, unread
    term.wait_for("Example News · 4 articles")
    term.wait_for("● Story 0")
    term.wait_for("4 unread")
    settle()
    term.send("Enter")  # reading one marks it read
    term.wait_for("3 unread")
    term.wait_for("Maria Silva told reporters in Lisbon")
    term.send("Escape")
    settle()
