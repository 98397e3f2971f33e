"""Input boxes: ctrl+u clears as it arrives; the box of a screen whose search key is "/"."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import Input


class LineInput(Input):
    """An input where ctrl+u clears what is left of the cursor as the key arrives (as a binding it would run
    after letters typed right after it, and clear them too)."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "ctrl+u":
            self.action_delete_left_all()
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)


class SlashInput(LineInput):
    """A "/" typed into the empty box is the key that focused it, not the start of the text.

    While typing, "?" and "q" are text: the footer offers F1 and ctrl+q instead.
    """

    BINDINGS = [
        Binding("f1", "app.help_anywhere", "Help"),
        Binding("ctrl+q", "app.quit_anywhere", "Quit"),
    ]

    async def _on_key(self, event: events.Key) -> None:
        if event.character == "/" and not self.value:
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)
