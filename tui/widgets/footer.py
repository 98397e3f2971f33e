"""The footer: the keys that work where the focus is, with how to get help and quit first, so
a narrow terminal cuts off the least useful keys, never those."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # the footer's own key widget; Textual is pinned

#: Actions shown first, in this order.
FIRST = ("help", "app.help_anywhere", "quit", "app.quit_anywhere")


class ReaderFooter(Footer):
    """Textual's footer, reordered and compact (more keys fit in 80 columns)."""

    def __init__(self) -> None:
        super().__init__(compact=True)

    def compose(self) -> ComposeResult:
        """Textual's keys, help and quit first."""
        keys = list(super().compose())

        def rank(widget: object) -> int:
            action = widget.action if isinstance(widget, FooterKey) else ""
            return FIRST.index(action) if action in FIRST else len(FIRST)

        yield from sorted(keys, key=rank)
