"""Actors in the app: the actor screen, corrections from the sidebar, `actor:` completions.

Like `BookmarkFlow`, an App layer whose handlers run Library calls in thread workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual import on, work
from textual.message import Message
from textual.suggester import Suggester

from index import ActorProfile, NewsdeskError

from .bookmark_flow import BookmarkFlow
from .screens.actor import ActorScreen
from .screens.input_dialog import InputDialog
from .widgets.entity_sidebar import EntitySidebar


class ActorSuggester(Suggester):
    """Completes `actor:` in the query box from the library's actor names (kept in memory)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.names: list[str] = []

    async def get_suggestion(self, value: str) -> str | None:
        """Ghost text when the completion extends what was typed (`actor:"kim` -> `actor:"kim jong-un"`)."""
        completion = self.complete(value)
        if completion is None:
            return None
        if completion.lower().startswith(value.lower()):
            return value + completion[len(value):]
        return None

    def complete(self, value: str) -> str | None:
        """The query with a trailing `actor:` prefix replaced by the best matching actor, quoted."""
        head, sep, typed = value.rpartition("actor:")
        quoted = typed.startswith('"')
        typed = typed.lstrip('"')
        if not sep or not typed or '"' in typed or (" " in typed and not quoted):
            return None
        lowered = typed.lower()
        for name in self.names:
            if name.lower().startswith(lowered) or any(w.lower().startswith(lowered) for w in name.split()):
                return f'{head}actor:"{name}"'
        return None


@dataclass
class ProfileLoaded(Message):
    """An actor's profile, ready to show."""

    profile: ActorProfile


@dataclass
class ActorsChanged(Message):
    """Actor names changed (an edit or new articles): refresh what shows them."""

    names: list[str]


class ActorFlow(BookmarkFlow):
    """App behaviour for actors; `NewsdeskApp` builds on it."""

    actor_suggester: ActorSuggester

    @work(thread=True, exclusive=True, group="actor-names", exit_on_error=False)
    def load_actor_names(self) -> None:
        """Read the actor names used for completions."""
        self.post_message(ActorsChanged([a.name for a in self.library.actors.list()]))

    @on(ActorsChanged)
    def _actors_changed(self, event: ActorsChanged) -> None:
        self.actor_suggester.names = event.names

    # The actor screen ----------------------------------------------------------------

    @on(EntitySidebar.ActorOpened)
    def _actor_opened(self, event: EntitySidebar.ActorOpened) -> None:
        self.open_actor(event.actor)

    @work(thread=True, exclusive=True, group="actor", exit_on_error=False)
    def open_actor(self, name: str) -> None:
        """Build an actor's profile and show it."""
        try:
            profile = self.library.actors.profile(name)
        except NewsdeskError as exc:
            self.notify(str(exc), severity="error")
            return
        self.post_message(ProfileLoaded(profile))

    @on(ProfileLoaded)
    def _profile_loaded(self, event: ProfileLoaded) -> None:
        self.push_screen(ActorScreen(event.profile))

    @on(ActorScreen.LineChosen)
    def _line_chosen(self, event: ActorScreen.LineChosen) -> None:
        self.pop_screen()
        self.main.load_article(event.line.article_id, (event.line.start, event.line.end))

    @on(ActorScreen.CompanyChosen)
    def _company_chosen(self, event: ActorScreen.CompanyChosen) -> None:
        self.pop_screen()
        self.main.search_for(f'actor:"{event.actor}" AND actor:"{event.other}"')

    # Corrections from the sidebar ------------------------------------------------------

    @on(EntitySidebar.EditRequested)
    def _edit_requested(self, event: EntitySidebar.EditRequested) -> None:
        actor, edit = event.actor, event.edit
        if edit == "hide":
            self._apply_edit(partial(self.library.actors.hide, actor), f"Hid {actor!r} (newsdesk actors unhide)")
            return
        prompts = {
            "rename": ("Rename actor", f"New name for {actor!r}:", actor),
            "merge": ("Merge actors", f"Name of the actor to merge into {actor!r}:", ""),
            "alias": ("Add a name", f"Another name that means {actor!r} (e.g. a capital for a state):", ""),
            "split": ("Split off a spelling", f"Spelling of {actor!r} that is a different actor:", ""),
        }
        title, hint, value = prompts[edit]

        def answered(text: str | None) -> None:
            if not text:
                return
            calls = {"rename": self.library.actors.rename, "merge": self.library.actors.merge,
                     "alias": self.library.actors.alias, "split": self.library.actors.split}
            done = {"rename": f"Renamed to {text!r}", "merge": f"Merged {text!r} into {actor!r}",
                    "alias": f"{text!r} now counts as {actor!r}", "split": f"{text!r} is its own actor"}
            self._apply_edit(partial(calls[edit], actor, text), done[edit])

        self.push_screen(InputDialog(title, hint, value=value), answered)

    @work(thread=True, group="actor-edit", exit_on_error=False)
    def _apply_edit(self, change: partial[object], done: str) -> None:
        try:
            change()
        except NewsdeskError as exc:
            self.notify(str(exc), title="Not changed", severity="error")
            return
        self.notify(done, title="Actors")
        self.post_message(ActorsChanged([a.name for a in self.library.actors.list()]))
        self.call_from_thread(self.main.reload_article)
