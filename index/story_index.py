"""Stories: groups of articles that tell the same story, kept up to date as articles come and go.

Two articles are *linked* when they share an LSH bucket key and `same_story`
says yes; a story is a connected component of links (single link, merged
union-find style, so an article that matches two stories joins them). A story's
id is the smallest article id among its members: it depends only on who the
members are, never on the order they arrived in, so adding articles one by one
or all at once, or rebuilding from scratch, gives the same stories and ids.

`group` plans what adding articles changes, given any `StoredStories` (the
lead's SQLite tables, or `StoryIndex` in memory); `regroup` splits what is left
of a story when members leave; `rank_similar` orders "more like this".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from .stories import SCHEME, Scheme, band_keys, same_story, similarity


class Candidate(NamedTuple):
    """A stored article that shares a bucket with a new one."""

    key: int
    id: str
    signature: bytes
    story: str


class StoredStories(Protocol):
    """The articles already grouped: the one lookup `group` needs."""

    def candidates(self, keys: Collection[int]) -> Iterable[Candidate]:
        """Every stored article with one of these band keys, once per key it has."""
        ...


@dataclass(frozen=True)
class Grouping:
    """What adding articles changes: apply `renamed` to stored rows, then insert `stories`."""

    #: Story id of every new article (its own id when it matches nothing).
    stories: dict[str, str]
    #: Stored stories whose id changes (merged into another, or a new member has a smaller id).
    renamed: dict[str, str] = field(default_factory=dict)
    #: Links that joined stories, (new id, other id, estimated Jaccard), for reports: at least one
    #: per story a new article joined (members of a story already joined are not compared again).
    links: tuple[tuple[str, str, float], ...] = ()


class _UnionFind:
    """Components over string nodes; the root of each is its smallest node."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, node: str) -> str:
        parent = self.parent.setdefault(node, node)
        if parent != node:
            parent = self.parent[node] = self.find(parent)
        return parent

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = sorted((ra, rb))
            self.parent[high] = low


def group(new: Sequence[tuple[str, bytes]], stored: StoredStories, scheme: Scheme = SCHEME) -> Grouping:
    """Plan the story of each new (id, signature); stored articles must not reappear among them.

    Costs lookups of the new articles' band keys only: proportional to how many
    are added (and how many candidates share their buckets), not to the library.
    """
    sigs = dict(sorted(new))
    if len(sigs) != len(new):
        raise ValueError("an article id appears twice among the new articles")
    keys = {article_id: band_keys(sig, scheme) for article_id, sig in sigs.items()}
    buckets: dict[int, list[str]] = defaultdict(list)
    for article_id, article_keys in keys.items():
        for key in article_keys:
            buckets[key].append(article_id)
    stored_sigs: dict[str, bytes] = {}
    story_of: dict[str, str] = {}
    in_store: dict[int, list[str]] = defaultdict(list)
    for found in stored.candidates(buckets.keys()):
        in_store[found.key].append(found.id)
        stored_sigs[found.id] = found.signature
        story_of[found.id] = found.story
    components = _UnionFind()
    for article_id in sigs:
        components.find(article_id)
    links = []
    for article_id, article_keys in keys.items():
        found_ = _candidates(article_id, article_keys, buckets, in_store)
        for other in sorted(found_, key=lambda o: (story_of.get(o, o), o)):
            node = story_of.get(other, other)
            if components.find(node) == components.find(article_id):
                continue  # already in that story: one link is enough, so big stories stay cheap
            other_sig = sigs.get(other) or stored_sigs[other]
            if same_story(sigs[article_id], other_sig, scheme):
                links.append((article_id, other, similarity(sigs[article_id], other_sig, scheme)))
                components.union(article_id, node)
    stories = {article_id: components.find(article_id) for article_id in sigs}
    joined = {story_of[other] for _, other, _ in links if other in story_of}
    renamed = {old: components.find(old) for old in joined if components.find(old) != old}
    return Grouping(stories, renamed, tuple(links))


def _candidates(article_id: str, article_keys: Iterable[int], batch: Mapping[int, Sequence[str]],
                in_store: Mapping[int, Sequence[str]]) -> set[str]:
    """Articles sharing a bucket with this one; new articles only link to ids before them once."""
    found: set[str] = set()
    for key in article_keys:
        found.update(other for other in batch.get(key, ()) if other < article_id)
        found.update(in_store.get(key, ()))
    return found


def regroup(members: Mapping[str, bytes], scheme: Scheme = SCHEME) -> dict[str, str]:
    """The stories among what is left of one story after some members left (id -> story id).

    Uses the same links as `group` (a shared bucket and `same_story`), so the
    result equals grouping the remaining articles from scratch.
    """

    class _Empty:
        def candidates(self, keys: Collection[int]) -> Iterable[Candidate]:
            return ()

    return group(list(members.items()), _Empty(), scheme).stories


@dataclass(frozen=True)
class Similar:
    """One article in a "more like this" list."""

    id: str
    #: Estimated Jaccard for members of the same story; the content score it came with otherwise.
    score: float
    same_story: bool


def rank_similar(article_id: str, story: Mapping[str, bytes], related: Iterable[tuple[str, float]],
                 story_of: Mapping[str, str], limit: int = 20, scheme: Scheme = SCHEME) -> list[Similar]:
    """"More like this": the article's own story first, then the closest other stories by content.

    Args:
        article_id: the article the list is for.
        story: signatures of every member of its story (including itself).
        related: (id, score) by content, best first, e.g. Whoosh `more_like` key-term hits.
        story_of: the story id of each related article (articles missing from it stand alone).
        limit: at most this many entries.

    Story members come first, most similar first (ties by id). Each other story
    appears once, as its best-ranked member, so five copies of one report do not
    fill the list.
    """
    own = story[article_id]
    members = sorted(((similarity(own, sig, scheme), other) for other, sig in story.items()
                      if other != article_id), key=lambda pair: (-pair[0], pair[1]))
    out = [Similar(other, score, True) for score, other in members]
    seen_stories = {story_of.get(article_id, article_id)}
    for other, score in related:
        if len(out) >= limit:
            break
        if other == article_id or other in story:
            continue
        key = story_of.get(other, other)
        if key not in seen_stories:
            seen_stories.add(key)
            out.append(Similar(other, score, False))
    return out[:limit]


class StoryIndex:
    """Stories kept in memory: the reference for the lead's SQLite tables, and for benchmarks.

    It stores what the proposed tables store (signature per article, band key ->
    articles, article -> story) and applies `group`'s plans the way SQL would.
    """

    def __init__(self, scheme: Scheme = SCHEME) -> None:
        self.scheme = scheme
        self._sigs: dict[str, bytes] = {}
        self._buckets: dict[int, list[str]] = defaultdict(list)
        self._story: dict[str, str] = {}
        self._members: dict[str, set[str]] = defaultdict(set)

    def candidates(self, keys: Collection[int]) -> Iterable[Candidate]:
        """Every stored article with one of these band keys, once per key."""
        for key in keys:
            for article_id in self._buckets.get(key, ()):
                yield Candidate(key, article_id, self._sigs[article_id], self._story[article_id])

    def add(self, items: Sequence[tuple[str, bytes]]) -> Grouping:
        """Group new articles with the stored ones and store them; returns the plan applied."""
        plan = group(items, self, self.scheme)
        for old, new in plan.renamed.items():
            for member in self._members.pop(old):
                self._story[member] = new
                self._members[new].add(member)
        for article_id, sig in items:
            self._sigs[article_id] = sig
            for key in band_keys(sig, self.scheme):
                self._buckets[key].append(article_id)
            story = plan.stories[article_id]
            self._story[article_id] = story
            self._members[story].add(article_id)
        return plan

    def remove(self, ids: Collection[str]) -> dict[str, str]:
        """Forget articles; what is left of their stories is regrouped. Returns the changed story ids."""
        touched = {self._story[i] for i in ids if i in self._story}
        for article_id in ids:
            sig = self._sigs.pop(article_id, None)
            if sig is None:
                continue
            for key in band_keys(sig, self.scheme):
                self._buckets[key].remove(article_id)
                if not self._buckets[key]:
                    del self._buckets[key]
            self._members[self._story.pop(article_id)].discard(article_id)
        changed: dict[str, str] = {}
        for story in sorted(touched):
            left = self._members.pop(story)
            for member, new in regroup({m: self._sigs[m] for m in left}, self.scheme).items():
                self._story[member] = new
                self._members[new].add(member)
                if new != story:
                    changed[member] = new
        return changed

    def story(self, article_id: str) -> str:
        """The story id of a stored article."""
        return self._story[article_id]

    def members(self, story_id: str) -> list[str]:
        """The members of a story, sorted by id."""
        return sorted(self._members.get(story_id, ()))

    def groups(self, min_size: int = 2) -> list[list[str]]:
        """Every story with at least `min_size` members, each sorted, in order of story id."""
        return [sorted(m) for _, m in sorted(self._members.items()) if len(m) >= min_size]
