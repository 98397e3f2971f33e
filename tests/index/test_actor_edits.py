"""An edit applied to the resolver before it gives the same actors as building the resolver afresh."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import Any

import pytest

from index import Library
from index.actors import Resolver
from index.resolver_state import freeze, thaw


def fresh(lib: Library) -> Resolver:
    """The resolver built from every stored name and the edits, as a new library would."""
    return Resolver(lib.actors._mentions.actor_names(), lib.actors._registry.load())


def content(resolver: Resolver) -> dict[str, Any]:
    groups = {k: (g.name, g.type, g.hidden, dict(g.forms), dict(g.written), dict(g.types))
              for k, g in resolver.groups.items()}
    same = {k: sorted(gkeys) for k, gkeys in resolver._same_name.items()}
    return {"groups": groups, "by_raw": resolver._by_raw, "by_name": resolver._by_name, "same_name": same,
            "edits": (resolver.user_aliases, resolver.display, resolver.hidden)}


def ranked_afresh(lib: Library) -> list[Any]:
    """The ranked actor list a new process computes (nothing kept: no cache on disk, none in memory)."""
    lib.actors._derived.close()
    shutil.rmtree(lib.home / "cache", ignore_errors=True)
    with Library(lib.home) as other:
        return other.actors.list()


def edits(lib: Library) -> list[tuple[str, Callable[[], object]]]:
    """A run of every kind of edit on the seeded library's own actors."""
    top = [a for a in lib.actors.list() if a.type in ("person", "organization", "place")]
    first, second, third = top[0].name, top[1].name, top[2].name
    single = next(a.name for a in reversed(top) if not a.aliases)
    spelling = lib.actors.members(second)[0]
    return [
        ("rename", lambda: lib.actors.rename(first, "First Renamed")),
        ("merge", lambda: lib.actors.merge("First Renamed", second)),
        ("alias", lambda: lib.actors.alias(third, single)),
        ("split", lambda: lib.actors.split("First Renamed", spelling)),
        ("hide", lambda: lib.actors.hide(third)),
        ("show", lambda: lib.actors.hide(third, hidden=False)),
        ("rename onto another actor's name", lambda: lib.actors.rename(third, top[3].name)),
    ]


@pytest.mark.parametrize("loaded", [False, True], ids=["built", "loaded from cache"])
def test_every_kind_of_edit_gives_the_actors_of_a_fresh_build(seeded_copy: Library, loaded: bool) -> None:
    lib = seeded_copy
    lib.actors.list()
    if loaded:  # as in a new process: the resolver before the edits comes from cache/, groups made on demand
        lib.actors._derived.close()
        lib.actors._derived._memory.clear()
        lib.actors.list()
        assert type(lib.actors.resolver().groups).__name__ == "LazyGroups"
    for what, edit in edits(lib):
        edit()
        version = lib.actors._registry.version()
        after = lib.actors.resolver()
        assert version in lib.actors._edits, f"{what}: built afresh, not from the resolver before"
        assert content(after) == content(fresh(lib)), what
        assert lib.actors.list() == ranked_afresh(lib), what
    lib.actors._derived.close()
    assert content(thaw(freeze(after))) == content(fresh(lib))  # and it is kept on disk as it is
