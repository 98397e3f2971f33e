"""An input box for a screen whose search key is "/"."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class SlashInput(Input):
    """A "/" typed into the empty box is the key that focused it, not the start of the text."""

    async def _on_key(self, event: events.Key) -> None:
        if event.character == "/" and not self.value:
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)
