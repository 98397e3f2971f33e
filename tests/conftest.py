"""Shared fixtures: real libraries built on tmp_path from the bundled seeds."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from index import Library, Progress

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ID_PREFIX = "1bdaafb9"


def drain(steps: Iterator[Progress]) -> Progress:
    """Run a progress generator to the end and return its last step."""
    last = None
    for last in steps:
        pass
    assert last is not None
    return last


@pytest.fixture(scope="session")
def seeded_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library home with the seeds ingested once per test session (read-only use)."""
    home = tmp_path_factory.mktemp("seeded")
    with Library(home) as library:
        drain(library.seed())
    return home


@pytest.fixture
def seeded(seeded_home: Path) -> Iterator[Library]:
    """The seeded library, opened read-only by convention."""
    with Library(seeded_home) as library:
        yield library


@pytest.fixture
def seeded_copy(seeded_home: Path, tmp_path: Path) -> Iterator[Library]:
    """A private copy of the seeded library that a test may change."""
    home = tmp_path / "home"
    shutil.copytree(seeded_home, home)
    with Library(home) as library:
        yield library


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """An empty library."""
    with Library(tmp_path / "home") as lib:
        yield lib
