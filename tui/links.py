"""Opening an article's web page: in a browser when there is one, else the URL is shown whole
and copied to the clipboard (OSC 52, where the terminal allows it)."""

from __future__ import annotations

import webbrowser
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.message import Message
from textual.screen import Screen

from .sanitize import clean_line


@dataclass
class LinkNotOpened(Message):
    """No browser could open the URL."""

    url: str


def open_link(screen: Screen[Any], url: str) -> None:
    """Open an http(s) URL in the background; other schemes are refused."""
    if not url.lower().startswith(("http://", "https://")):
        screen.notify(f"Not opening {clean_line(url)!r}: only http(s) links open", severity="warning", markup=False)
    elif screen.app.is_web:
        screen.app.open_url(url)
    else:
        screen.run_worker(partial(_browse, screen, url), thread=True, group="link", exit_on_error=False)


def _browse(screen: Screen[Any], url: str) -> None:
    """Ask the system's browser (thread: some browsers are started and waited for)."""
    if webbrowser.open(url, new=2):
        screen.notify(clean_line(url), title="Opened in the browser", markup=False)
    else:
        screen.post_message(LinkNotOpened(url))


def show_link(screen: Screen[Any], url: str) -> None:
    """Say the URL in full and put it on the clipboard."""
    screen.app.copy_to_clipboard(url)
    screen.notify(clean_line(url), title="No browser here: the link (copied to the clipboard if the terminal allows)",
                  timeout=30, markup=False)
