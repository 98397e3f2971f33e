"""newsdesk's engine: ingest articles, extract their actors, search them.

The public API is the `Library` and the dataclasses it returns; nothing here
imports Textual, Rich or the `tui` package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .actors import ActorError
from .actors import defaults as default_actors
from .bookmark_models import Bookmark, Draft
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
    Entity,
    EntityType,
    Facet,
    Hit,
    SearchResults,
    Sort,
    Span,
    Stats,
)
from .progress_models import Failure, ItemResult, ItemStatus, Progress
from .sentences import split_sentences
from .snippets import words_pattern
from .store import StoreError
from .story_models import SimilarArticle, Story, StoryMember
from .watch_counts import WatchCount
from .watch_results import WatchResults
from .watchlists import Watchlist, WatchlistError, WatchlistNotFound

if TYPE_CHECKING:
    from .opml import OpmlError
    from .subscription_model import Subscription
    from .subscriptions import SubscriptionError

#: Exported names whose modules load on first use, so `import index` stays light.
_LAZY = {"OpmlError": ".opml", "Subscription": ".subscription_model", "SubscriptionError": ".subscriptions"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "ENTITY_TYPES", "SORTS", "Actor", "ActorError", "ActorLine", "ActorProfile", "Article", "Bookmark",
    "BookmarkError", "Draft", "Entity", "EntityType", "Facet", "Failure", "Hit", "IndexDamaged", "ItemResult",
    "ItemStatus", "Library", "LibraryBusy", "ModelUnavailable", "NewsdeskError", "NotFound", "OpmlError",
    "Progress", "QueryError", "SearchResults", "SimilarArticle", "Sort", "Span", "Stats", "StorageFull",
    "StoreError", "Story", "StoryMember", "Subscription", "SubscriptionError", "UnreadableFile", "WatchCount",
    "WatchResults", "Watchlist", "WatchlistError", "WatchlistNotFound", "decode_exact", "default_actors",
    "split_sentences", "words_pattern",
]
