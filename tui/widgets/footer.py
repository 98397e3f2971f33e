"""The footer: the keys that work where the focus is, with how to get help and quit first, so
a narrow terminal cuts off the least useful keys, never those."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # the footer's own key widget; Textual is pinned

#: Actions shown first, in this order.
FIRST = ("help", "app.help_anywhere", "quit", "app.quit_anywhere")


class ReaderFooter(Footer):
    """Textual's footer, reordered, compact (more keys fit in 80 columns), and rebuilt once per burst of
    binding changes (focus moves and mounts come in bursts; Textual rebuilds it for each), and only when
    the keys it shows changed (at start the same keys came four times before the first frame)."""

    # Compact, Textual gives the palette key a right margin: the last letter of a key that does not fit
    # showed through it ("^p palettes"). Padding keeps that column covered.
    DEFAULT_CSS = """
    ReaderFooter.-compact FooterKey.-command-palette { margin-right: 0; padding-right: 1; }
    """

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._rebuild_queued = False
        #: The bindings the keys shown were made from.
        self._shown: tuple[object, ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Textual's `Footer.bindings_changed`, with one rebuild queued at a time."""
        self._bindings_ready = True
        if not screen.app.app_focus or self._rebuild_queued:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_queued = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_queued = False
        if not self.is_attached or self._pruning or self.screen._pruning:  # its screen is going away (as recompose)
            return
        shown = tuple((binding, enabled, tooltip) for _node, binding, enabled, tooltip
                      in self.screen.active_bindings.values())
        if shown != self._shown:
            self._shown = shown
            await self.recompose()

    def compose(self) -> ComposeResult:
        """Textual's keys, help and quit first."""
        keys = list(super().compose())

        def rank(widget: object) -> int:
            action = widget.action if isinstance(widget, FooterKey) else ""
            return FIRST.index(action) if action in FIRST else len(FIRST)

        yield from sorted(keys, key=rank)
