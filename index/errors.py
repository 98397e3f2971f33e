"""The errors the engine raises for users: each message is one line that names
the file, query or id involved and says what is wrong."""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base of every error meant to be shown to a user as one line."""


class NotFound(NewsdeskError):
    """No article (or actor) by that id or name."""


class LibraryBusy(NewsdeskError):
    """Another process is writing the library and we could not wait for it."""


class QueryError(NewsdeskError):
    """A query that cannot be run; the message is one line and names the query."""


class IndexDamaged(NewsdeskError):
    """The search index cannot be read; `Library.repair_index()` sets it aside and rebuilds it."""


class StorageFull(NewsdeskError):
    """The disk is full; the message says what was not saved. Nothing already stored is lost."""
