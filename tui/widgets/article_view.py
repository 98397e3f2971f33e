"""The article view: title, metadata, then the body with hits, actors and passages marked.

A passage cursor marks one sentence (`j`/`k`), `J`/`K` extend it, and `b` asks
to bookmark it (or the text selected with the mouse). Bookmarked passages keep
an underline; the note of the one under the cursor shows below the article.
Other versions of its story are listed under its metadata (`v` asks to open one);
`M` asks for more like it. How the paragraphs are marked lives in `article_blocks`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from index import Article, Bookmark, Story, split_sentences

from ..passages import locate
from ..render import Block, render
from ..sanitize import clean_line
from ..texts import meta
from .article_blocks import BlockView, note_line, paint, sentences_for, versions_text


class ArticleView(VerticalScroll, can_focus=True):
    """Shows one article; moves a passage cursor by sentence and jumps between hits."""

    BINDINGS = [
        Binding("j", "move(1)", "Next sentence", show=False),
        Binding("k", "move(-1)", "Prev sentence", show=False),
        Binding("J", "extend(1)", "Extend", show=False),
        Binding("K", "extend(-1)", "Extend back", show=False),
        Binding("b", "bookmark", "Bookmark"),
        Binding("n", "next_hit", "Next hit"),
        Binding("N", "previous_hit", "Prev hit"),
        Binding("o", "open_link", "Open link", show=False),
        Binding("v", "versions", "Versions", show=False),
        Binding("u", "toggle_read", "Unread", show=False),
        Binding("M", "more_like_this", "Similar"),
        Binding("escape", "app.focus_results", "Back", show=False),
    ]
    DEFAULT_CSS = """
    ArticleView { width: 2fr; border: round $border-blurred; border-title-color: $text-muted; }
    ArticleView:focus, ArticleView:focus-within { border: round $border; border-title-color: $text; }
    ArticleView .title { text-style: bold; padding: 0 1; }
    ArticleView .meta { color: $text-muted; padding: 0 1; border-bottom: solid $border-blurred; margin-bottom: 1; }
    ArticleView #empty { color: $text-muted; padding: 1 2; }
    ArticleView .versions { color: $text-muted; padding: 0 1 1 1; display: none; }
    ArticleView .versions.shown { display: block; }
    """

    @dataclass
    class LinkRequested(Message):
        """The user asked to open the article's web page."""

        url: str

    @dataclass
    class VersionsRequested(Message):
        """The user wants to open another version of the article's story (`v`)."""

        article_id: str
        story: Story

    @dataclass
    class SimilarRequested(Message):
        """The user wants the articles most like this one listed (`M`)."""

        article: Article

    @dataclass
    class MarkRequested(Message):
        """The user wants the article marked read or unread (`u`)."""

        article_id: str
        read: bool

    @dataclass
    class BookmarkRequested(Message):
        """The user wants to bookmark article.text[start:end] (or edit the bookmark there)."""

        article: Article
        start: int
        end: int
        existing: Bookmark | None = None

    def __init__(self) -> None:
        super().__init__()
        self.article: Article | None = None
        #: The story the article tells, once known (None: not yet, or not looked up).
        self.story: Story | None = None
        #: Whether the article is unread (it is marked read as it opens; `u` marks it unread again).
        self.unread = False
        self.terms: tuple[str, ...] = ()
        self.selected_actor: str | None = None
        self.bookmarks: list[Bookmark] = []
        self.sentences: list[tuple[int, int]] = []
        self.selection = (0, 0)  # first and last sentence of the passage
        self._blocks: list[Block] = []
        self._base: list[Text] = []
        self._hit_blocks: list[int] = []
        self._hit_index = -1
        self._versions = Static()

    def on_mount(self) -> None:
        self.border_title = "Article"
        self.mount(Static("Search on the left, then press enter to open an article.", id="empty"))

    # Showing -------------------------------------------------------------------

    def show(self, article: Article, terms: Sequence[str], bookmarks: Sequence[Bookmark] = (),
             passage: tuple[int, int] | None = None) -> None:
        """Display an article, optionally with the cursor on a passage (start, end offsets)."""
        self.article, self.terms, self.selected_actor = article, tuple(terms), None
        self.story = None
        self.unread = False
        self.bookmarks = list(bookmarks)
        self.sentences = split_sentences(article.text) or [(0, len(article.text))]
        self.selection = sentences_for(self.sentences, passage) if passage else (0, 0)
        self._hit_index = -1
        self._blocks = render(article.text, article.format == "markdown")
        self.remove_children()
        self._paint_base()
        self._versions = Static(classes="versions")  # filled once the story is known
        widgets = [Static(Text(clean_line(article.title)), classes="title"),
                   Static(Text(meta(article.source, article.date, article.url)), classes="meta"), self._versions]
        widgets += [BlockView(b.text, classes=b.kind) for b in self._blocks]
        self.mount_all(widgets)
        self.call_after_refresh(self._refresh_passage, passage is not None)  # a new article opens at its top
        if not passage:
            self.scroll_home(animate=False)

    def show_versions(self, story: Story) -> None:
        """Name the other versions of the open article's story under its metadata ("Also told by …")."""
        if self.article is None or all(m.id != self.article.id for m in story.members):
            return
        self.story = story
        others = story.others(self.article.id)
        self._versions.set_class(bool(others), "shown")
        if others:
            self._versions.update(versions_text(others))

    def set_bookmarks(self, bookmarks: Sequence[Bookmark]) -> None:
        """Show a new set of bookmarked passages."""
        self.bookmarks = list(bookmarks)
        if self.article is not None:
            self._paint_base()
            self._refresh_passage(False, force=True)

    def set_unread(self, article_id: str, unread: bool) -> None:
        """Note that an article was marked unread or read (if it is the one shown)."""
        if self.article is not None and self.article.id == article_id:
            self.unread = unread

    def emphasize(self, actor: str | None) -> None:
        """Light up one actor's mentions strongly (None: back to normal)."""
        if self.article is None or actor == self.selected_actor:
            return
        self.selected_actor = actor
        self._paint_base()
        self._refresh_passage(False, force=True)
        first = next((i for i, b in enumerate(self._blocks) for e in self.article.entities
                      if e.actor == actor and b.source_start <= e.start < b.source_end), None)
        if first is not None:
            self._views()[first].scroll_visible(animate=False)

    @property
    def passage(self) -> tuple[int, int]:
        """Source offsets of the passage under the cursor."""
        first, last = self.selection
        return self.sentences[first][0], self.sentences[last][1]

    @property
    def hit_count(self) -> int:
        """How many paragraphs hold a search hit."""
        return len(self._hit_blocks)

    def _views(self) -> list[BlockView]:
        return list(self.query(BlockView))

    def _paint_base(self) -> None:
        """Entities, search hits and bookmarks, painted once per article (not per cursor move)."""
        assert self.article is not None
        self._blocks, self._hit_blocks = paint(self.article, self.app.get_css_variables(), self.selected_actor,
                                               self.bookmarks, self.terms)
        self._base = [b.text.copy() for b in self._blocks]

    def _refresh_passage(self, scroll: bool, force: bool = False) -> None:
        """Mark the passage on the blocks it covers; repaint only blocks that change."""
        if self.article is None or not self._blocks:
            return
        start, end = self.passage
        style = "italic" if self.app.no_color else f"on {self.app.get_css_variables().get('primary-muted', '')}"
        views = self._views()
        for i, (block, view) in enumerate(zip(self._blocks, views, strict=False)):
            inside = block.source_start < end and block.source_end > start
            if not inside and not view.has_class("passage") and not force:
                continue
            block.text = self._base[i].copy()
            if inside:
                block.stylize(start, end, style)
            view.set_class(inside, "passage")
            view.update(block.text)
        self.border_subtitle = note_line(self.bookmarks, start, end)
        if scroll:
            head = next((v for v in views if v.has_class("passage")), None)
            if head is not None:
                self.scroll_to_widget(head, animate=False)

    # Actions -------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        """Move the passage cursor to the next or previous sentence."""
        if not self.sentences:
            return
        first, last = self.selection
        target = min(len(self.sentences) - 1, last + 1) if step > 0 else max(0, first - 1)
        self.selection = (target, target)
        self._refresh_passage(True)

    def action_extend(self, step: int) -> None:
        """Grow the passage by a sentence forward (`J`) or backward (`K`)."""
        if not self.sentences:
            return
        first, last = self.selection
        if step > 0:
            self.selection = (first, min(len(self.sentences) - 1, last + 1))
        else:
            self.selection = (max(0, first - 1), last)
        self._refresh_passage(True)

    def action_bookmark(self) -> None:
        """Ask to bookmark the mouse selection, or else the passage under the cursor."""
        if self.article is None:
            return
        start, end = self.passage
        selected = self.screen.get_selected_text()
        if selected and selected.strip():
            found = locate(self.article.text, selected, near=start)
            if found is None:
                self.notify("Could not find the selected text in the article", severity="warning")
                return
            start, end = found
            self.screen.clear_selection()
        existing = next((b for b in self.bookmarks if (b.start, b.end) == (start, end)), None)
        self.post_message(self.BookmarkRequested(self.article, start, end, existing))

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
        views = self._views()
        for view in views:
            view.remove_class("hit")
        target = views[self._hit_blocks[self._hit_index]]
        target.add_class("hit")
        self.scroll_to_widget(target, animate=False, top=True)

    def action_versions(self) -> None:
        """Ask to open another version of the article's story."""
        if self.article is None:
            return
        if self.story is None or self.story.size < 2:
            self.notify("No other source tells this story", timeout=3)
            return
        self.post_message(self.VersionsRequested(self.article.id, self.story))

    def action_more_like_this(self) -> None:
        """Ask for the articles most like this one."""
        if self.article is not None:
            self.post_message(self.SimilarRequested(self.article))

    def action_open_link(self) -> None:
        """Ask to open the article's URL (http and https only)."""
        if self.article is not None and self.article.url:
            self.post_message(self.LinkRequested(self.article.url))
        elif self.article is not None:
            self.notify("This article has no web page (its file gave no url)", severity="warning")

    def action_toggle_read(self) -> None:
        """Ask for the article to be marked unread again (or, if it is unread, read)."""
        if self.article is not None:
            self.post_message(self.MarkRequested(self.article.id, read=self.unread))
