"""Where newsdesk keeps its data: one home directory per library.

The home is `--home DIR`, else `$NEWSDESK_HOME`, else the platform's user data
directory. Everything the program writes lives below it.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "newsdesk"


def default_home() -> Path:
    """The library home when none is given: `$NEWSDESK_HOME` or the user data dir."""
    env = os.environ.get("NEWSDESK_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def seeds_dir() -> Path:
    """The bundled sample corpus: inside the installed package, or the checkout's `seeds/`."""
    here = Path(__file__).resolve().parent
    installed = here / "seeds"
    if installed.is_dir():
        return installed
    return here.parent / "seeds"


def seed_files() -> list[Path]:
    """The sample articles themselves (not the folder's README or licence)."""
    folder = seeds_dir()
    return sorted(
        p for p in folder.iterdir()
        if p.suffix.lower() in {".txt", ".md"}
        and p.stem.upper() != "README" and not p.name.upper().startswith("LICENSE")
    )
