"""The help screen: every key binding, grouped by where it works."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Anywhere (not typing)", [
        ("/", "search: type a query, results update as you type"),
        ("tab / shift+tab", "move between panes"),
        ("a", "the actors of the open article (shown over the search pane in a narrow terminal)"),
        ("ctrl+p", "command palette: actors, corrections, feeds, unread, watchlists, add files, rebuild index, export,"
                   " theme"),
        ("A", "add files or a folder to the library"),
        ("B", "bookmarks: filter, open, edit, delete"),
        ("F", "subscriptions: the feeds you follow, with unread counts, last fetch and errors"),
        ("W", "watchlists: how many articles are new in each query and actor you follow"),
        ("R", "fetch every subscription now (in the background; progress above the footer)"),
        ("s", "sort by relevance or newest first"),
        ("? or F1", "this help (F1 works while typing too)"),
        ("q or ctrl+q", "quit (ctrl+q works while typing too)"),
    ]),
    ("Search box", [
        ("up / down", "earlier / later queries (kept per library); down past the last: the results"),
        ("enter", "go to the results"),
        ("tab", 'complete actor:kim to actor:"Kim Jong-un" (shown in the status line)'),
        ("ctrl+s", "watch the query (asks for a name): what arrives and matches is new"),
        ("escape", "leave the box (for the results)"),
    ]),
    ("Results", [
        ("j / k, up / down", "move"),
        ("enter", "open the article (a ● before its title: unread; opening it marks it read)"),
        ("u", "mark it unread again (on an unread one: read)"),
        ("v", 'a story told by several sources ("+2 sources"): show its other versions under it, or fold them'),
        ("w", "watch the query (asks for a name)"),
        ("S", "while a watchlist is listed: mark it seen (reading every new article does too)"),
        ("escape", "back to the search box"),
    ]),
    ("Article", [
        ("j / k", "passage cursor (gutter ▌): next / previous sentence (the view follows)"),
        ("J / K", "extend the passage by a sentence forward / backward"),
        ("b", "bookmark the passage (or the text selected with the mouse) with a note"),
        ("n / N", "next / previous search hit (hits in reverse video, the current one's gutter ║)"),
        ("space, page up/down, wheel", "scroll"),
        ("o", "open the article's web page (http/https; without a browser the link is shown and copied)"),
        ("v", "open another version of the story (listed as “Also told by …”)"),
        ("M", "more like this: the story's other versions first, then the closest other stories"),
        ("u", "mark the article unread again (u again: read)"),
        ("escape", "back to the results"),
    ]),
    ("Note dialog", [
        ("ctrl+s", "save the bookmark"),
        ("escape", "cancel (an unsaved note survives a crash as a draft)"),
    ]),
    ("Bookmarks (B)", [
        ("type", 'filter by words, tag:name, actor:"Name"'),
        ("enter", "open the article at the passage"),
        ("e / d / u", "edit the note / delete / undo the delete"),
    ]),
    ("Subscriptions (F)", [
        ("enter", "list the feed's articles, newest first, in the results"),
        ("f / R", "fetch this feed now / fetch every feed now"),
        ("a", "subscribe: a feed's URL, or a web page that links its feed"),
        ("d", "unsubscribe (asks first; its articles stay in the library)"),
        ("r / g", "rename it (the source of its new articles) / move it to a group"),
        ("ctrl+p", "Import OPML…, Export OPML…, Fetch feeds now with full text"),
    ]),
    ("Watchlists (W)", [
        ("enter", 'list its articles: new ones first, marked "new"'),
        ("S", "mark it seen: nothing is new until more arrives"),
        ("r / e", "rename it / change its query (mend one that cannot run)"),
        ("d / a", "stop following it (asks first) / watch a new query"),
    ]),
    ("Actors", [
        ("j / k", "move; the actor's mentions are marked bold and double-underlined in the article"),
        ("enter", 'search the library for actor:"…"'),
        ("a", "actor view: its sentences, mentions by month, actors mentioned with it"),
        ("w", 'watch the actor (actor:"…"; also in the actor view)'),
        ("r / m / l", "rename it / merge another actor into it / add a name for it"),
        ("x / h", "split a spelling off / hide a false entity (also in the palette)"),
        ("escape", "back to the article"),
    ]),
    ("Query language", [
        ("words", "all words must appear (AND); OR, NOT, -word and ( ) work too"),
        ('"a phrase"', "words side by side"),
        ("kurs*", "wildcard"),
        ("title: source:", "search one field (source:business finds bbc/business)"),
        ('actor:"Kim Jong-un"', "articles that mention an actor, however it is written"),
        ("date:2015  date:[2015-08 to 2016]", "dates; also yesterday, 'last month', -2w"),
        ("is:unread  is:read", "stories a fetch brought that are not opened yet (or the others); with AND"),
    ]),
]


class HelpScreen(ModalScreen[None]):
    """Lists the key bindings; any of escape, q, ? or F1 closes it."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen VerticalScroll { width: 90; max-width: 95%; height: auto; max-height: 90%;
                                border: round $accent; background: $surface; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "up/down scroll · escape to close"
            yield Static(_table())

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()  # so the arrow and page keys scroll a short terminal


def _table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", max_width=24)  # long keys wrap; the descriptions keep their room
    table.add_column()
    for section, rows in KEYS:
        table.add_row(Text(section, style="bold underline"), "")
        for key, what in rows:
            table.add_row(key, what)
        table.add_row("", "")
    return table
