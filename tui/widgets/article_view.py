"""The article view: title, metadata, then the body with hits and actors highlighted."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from index import Article

from ..render import Block, render
from ..sanitize import clean_line

#: Entity type -> theme variable that colours it everywhere.
TYPE_COLOURS = {"person": "accent", "organization": "secondary", "place": "success",
                "group": "warning", "other": "primary"}


class BlockView(Static):
    """One rendered paragraph of the article."""

    DEFAULT_CSS = """
    BlockView { padding: 0 1 1 1; }
    BlockView.heading { text-style: bold; }
    BlockView.current { border-left: outer $accent; padding-left: 0; }
    """


class ArticleView(VerticalScroll, can_focus=True):
    """Shows one article; `n`/`N` jump between search hits."""

    BINDINGS = [
        Binding("n", "next_hit", "Next hit"),
        Binding("N", "previous_hit", "Prev hit"),
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("o", "open_link", "Open link"),
        Binding("escape", "app.focus_results", "Back", show=False),
    ]
    DEFAULT_CSS = """
    ArticleView { width: 2fr; border: round $border-blurred; border-title-color: $text-muted; }
    ArticleView:focus, ArticleView:focus-within { border: round $border; border-title-color: $text; }
    ArticleView #title { text-style: bold; padding: 0 1; }
    ArticleView #meta { color: $text-muted; padding: 0 1; border-bottom: solid $border-blurred; margin-bottom: 1; }
    ArticleView #empty { color: $text-muted; padding: 1 2; }
    """

    @dataclass
    class LinkRequested(Message):
        """The user asked to open the article's web page."""

        url: str

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.article: Article | None = None
        self.terms: tuple[str, ...] = ()
        self.selected_actor: str | None = None
        self._blocks: list[Block] = []
        self._hit_blocks: list[int] = []
        self._hit_index = -1

    def on_mount(self) -> None:
        self.border_title = "Article"
        self.mount(Static("Search on the left, then press enter to open an article.", id="empty"))

    def show(self, article: Article, terms: Sequence[str]) -> None:
        """Display an article with the query's terms and its entities highlighted."""
        self.article, self.terms, self.selected_actor = article, tuple(terms), None
        self._hit_index = -1
        self._blocks = render(article.text, article.format == "markdown")
        self.remove_children()
        meta = [clean_line(article.source) or "unknown source",
                article.date.isoformat() if article.date else "undated"]
        if article.url:
            meta.append(clean_line(article.url))
        widgets = [Static(Text(clean_line(article.title)), id="title"),
                   Static(Text(" · ".join(meta)), id="meta")]
        self._paint()
        widgets += [BlockView(b.text, classes=b.kind) for b in self._blocks]
        self.mount_all(widgets)
        self.scroll_home(animate=False)

    def emphasize(self, actor: str | None) -> None:
        """Light up one actor's mentions strongly (None: back to normal)."""
        if self.article is None or actor == self.selected_actor:
            return
        self.selected_actor = actor
        self._blocks = render(self.article.text, self.article.format == "markdown")
        self._paint()
        for view, block in zip(self.query(BlockView), self._blocks, strict=False):
            view.update(block.text)
        first = next((i for i, b in enumerate(self._blocks) for e in self.article.entities
                      if e.actor == actor and b.source_start <= e.start < b.source_end), None)
        if first is not None:
            self.query(BlockView)[first].scroll_visible(animate=False)

    def _paint(self) -> None:
        assert self.article is not None
        colours = self.app.get_css_variables()
        for entity in self.article.entities:
            colour = colours.get(TYPE_COLOURS.get(entity.type, "primary"), "")
            strong = entity.actor == self.selected_actor
            style = f"bold reverse {colour}" if strong else f"{colour}"
            for block in self._blocks:
                if block.source_start <= entity.start < block.source_end:
                    block.stylize(entity.start, entity.end, style)
        self._hit_blocks = []
        pattern = _terms_pattern(self.terms)
        if pattern is None:
            return
        hit_style = f"bold reverse {colours.get('accent', '')}"
        for match in pattern.finditer(self.article.text):
            for i, block in enumerate(self._blocks):
                if block.stylize(match.start(), match.end(), hit_style) and i not in self._hit_blocks:
                    self._hit_blocks.append(i)

    @property
    def hit_count(self) -> int:
        """How many paragraphs hold a search hit."""
        return len(self._hit_blocks)

    def action_next_hit(self) -> None:
        """Scroll to the next paragraph with a search hit."""
        self._go_hit(+1)

    def action_previous_hit(self) -> None:
        """Scroll to the previous paragraph with a search hit."""
        self._go_hit(-1)

    def _go_hit(self, step: int) -> None:
        if not self._hit_blocks:
            self.notify("No search hits in this article", severity="warning")
            return
        self._hit_index = (self._hit_index + step) % len(self._hit_blocks)
        views = list(self.query(BlockView))
        for view in views:
            view.remove_class("current")
        target = views[self._hit_blocks[self._hit_index]]
        target.add_class("current")
        self.scroll_to_widget(target, animate=False, top=True)

    def action_open_link(self) -> None:
        """Ask to open the article's URL (http and https only)."""
        if self.article is not None and self.article.url:
            self.post_message(self.LinkRequested(self.article.url))


def _terms_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    words = [t for t in terms if t.strip()]
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I)
