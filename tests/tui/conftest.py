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


@pytest.fixture(scope="session")
def grouped_home(seeded_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded library with three more versions of one seed's story and two different reports on one
    election (read-only use: copy it)."""
    from tests.conftest import drain
    from tests.index.test_story_library import versions_folder

    home = tmp_path_factory.mktemp("grouped") / "home"
    shutil.copytree(seeded_home, home)
    with Library(home) as library:
        drain(library.add([versions_folder(home.parent / "news")]))
    return home
