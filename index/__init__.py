"""newsdesk's engine: ingest articles, extract their actors, search them.

The public API is the `Library` and the dataclasses it returns; nothing here
imports Textual, Rich or the `tui` package.
"""

from __future__ import annotations

from .actors import ActorError
from .actors import defaults as default_actors
from .bookmark_store import BookmarkError
from .entities import ModelUnavailable
from .errors import IndexDamaged, LibraryBusy, NewsdeskError, NotFound, QueryError, StorageFull
from .formats import UnreadableFile, decode_exact
from .library import Library
from .models import (
    ENTITY_TYPES,
    SORTS,
    Actor,
    ActorLine,
    ActorProfile,
    Article,
    Bookmark,
    Draft,
    Entity,
    EntityType,
    Facet,
    Failure,
    Hit,
    Progress,
    SearchResults,
    Sort,
    Span,
    Stats,
)
from .sentences import split_sentences
from .snippets import words_pattern
from .store import StoreError

__all__ = [
    "ENTITY_TYPES", "SORTS", "Actor", "ActorError", "ActorLine", "ActorProfile", "Article", "Bookmark",
    "BookmarkError", "Draft", "Entity", "EntityType", "Facet", "Failure", "Hit", "IndexDamaged", "Library",
    "LibraryBusy",
    "ModelUnavailable", "NewsdeskError", "NotFound", "Progress", "QueryError", "SearchResults", "Sort", "Span",
    "Stats", "StorageFull", "StoreError", "UnreadableFile", "decode_exact", "default_actors", "split_sentences",
    "words_pattern",
]
