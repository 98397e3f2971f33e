"""The option list every pane uses: j/k move, the cursor stops at the ends (holding k reaches the top and
stays there), and it always has a highlighted item when focused."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class PickList(OptionList):
    """An option list that is never focused without a highlighted item (enter always acts)."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def action_cursor_up(self) -> None:
        """Up one item; at the first item, stay (OptionList would wrap to the last)."""
        before = self.highlighted
        super().action_cursor_up()
        if before is not None and self.highlighted is not None and self.highlighted > before:
            self.highlighted = before

    def action_cursor_down(self) -> None:
        """Down one item; at the last item, stay."""
        before = self.highlighted
        super().action_cursor_down()
        if before is not None and self.highlighted is not None and self.highlighted < before:
            self.highlighted = before

    def on_focus(self) -> None:
        """Arriving at the list puts the cursor on its first item if it has none."""
        self._first_if_none()  # (`has_focus` is set after this handler runs)

    def ensure_highlight(self) -> None:
        """Highlight the first enabled item when nothing is highlighted and the list is focused."""
        if self.has_focus:
            self._first_if_none()

    def _first_if_none(self) -> None:
        if self.highlighted is None and self.option_count:
            self.action_first()
