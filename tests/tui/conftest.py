"""An app factory on a private copy of the seeded library."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from index import Library
from tui.app import NewsdeskApp


@pytest.fixture
def make_app(seeded_home: Path, tmp_path: Path) -> Iterator[Callable[[], NewsdeskApp]]:
    """Build the real app on a copy of the seeded library."""
    libraries: list[Library] = []

    def factory(home: Path | None = None) -> NewsdeskApp:
        if home is None:
            home = tmp_path / f"home{len(libraries)}"
            shutil.copytree(seeded_home, home)
        library = Library(home)
        libraries.append(library)
        return NewsdeskApp(library)

    yield factory  # type: ignore[misc]
    for library in libraries:
        library.close()
