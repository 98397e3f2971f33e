"""Finding the files to add: walking folders, choosing what is an article, naming sources.

Only regular files are read (a FIFO or a device would block or never end).
Inside folders, hidden files and folders, files named like a project's notes
(README, LICENSE, CHANGELOG ...) and files matching `--exclude` patterns are
skipped and counted. A file's source is the added folder's name plus its
subfolders ("bbc/business"). File names that are not valid UTF-8 (legal on
Linux) are kept losslessly as bytes and shown with replacement characters.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .progress_models import Failure
from .store_rows import PathKey

#: Names (before the suffix, any case) of files that describe a folder rather than report news.
NOT_ARTICLES = {"README", "LICENSE", "LICENCE", "CHANGELOG", "CHANGES", "COPYING", "AUTHORS",
                "CONTRIBUTING", "NOTICE", "INSTALL", "HISTORY", "TODO"}


@dataclass(frozen=True)
class FoundFile:
    """A file to read: where it is, its key in the store, its source and how to show it."""

    path: Path
    key: PathKey
    source: str
    shown: str


@dataclass
class ScanResult:
    """What a scan found, skipped and could not use."""

    files: list[FoundFile] = field(default_factory=list)
    skipped: list[Failure] = field(default_factory=list)
    excluded: int = 0
    failures: list[Failure] = field(default_factory=list)


def printable(text: str) -> str:
    """A path or name as text a user can read: undecodable bytes become U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def path_key(path: Path) -> PathKey:
    """The store key of a file: its absolute path, as bytes when it is not valid UTF-8."""
    text = str(path.resolve())
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text)
    return text


def scan(paths: Iterable[str | os.PathLike[str]], exclude: Sequence[str] = ()) -> ScanResult:
    """Every file to read under the given paths, in a stable order."""
    result = ScanResult()
    for raw in paths:
        path = Path(raw).expanduser()
        shown = printable(str(raw))
        try:
            info = path.stat()
        except OSError as exc:
            reason = "no such file or folder" if isinstance(exc, FileNotFoundError) else exc.strerror or str(exc)
            result.failures.append(Failure(shown, reason))
            continue
        if stat.S_ISDIR(info.st_mode):
            _walk(path, exclude, result)
        elif not stat.S_ISREG(info.st_mode):
            result.failures.append(Failure(shown, f"not a regular file ({_kind(info.st_mode)}); not read"))
        else:
            source = printable(path.resolve().parent.name)
            result.files.append(FoundFile(path, path_key(path), source, shown))
    return result


def _walk(root: Path, exclude: Sequence[str], result: ScanResult) -> None:
    top = printable(root.resolve().name)
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        relative = here.relative_to(root)
        for name in sorted(d for d in dirs if d.startswith(".")):
            result.skipped.append(Failure(printable(f"{top}/{relative / name}/"), "hidden folder"))
        excluded = [d for d in dirs if not d.startswith(".") and _excluded(relative / d, exclude)]
        result.excluded += len(excluded)  # a folder left out counts once, whatever it holds
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in excluded)
        source = top if relative == Path(".") else f"{top}/{printable(relative.as_posix())}"
        for name in sorted(files):
            rel = relative / name
            shown = printable(f"{top}/{rel.as_posix()}")
            reason = _skip_reason(here / name, name)
            if _excluded(rel, exclude):
                result.excluded += 1
            elif reason:
                result.skipped.append(Failure(shown, reason))
            else:
                result.files.append(FoundFile(here / name, path_key(here / name), source, shown))


def _skip_reason(path: Path, name: str) -> str | None:
    if name.startswith("."):
        return "hidden file"
    if name.split(".", 1)[0].upper() in NOT_ARTICLES:
        return "looks like a folder's notes, not an article (add it by name to read it)"
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return exc.strerror or "cannot be read"
    if not stat.S_ISREG(mode):
        return f"not a regular file ({_kind(mode)}); not read"
    return None


def _excluded(relative: Path, patterns: Sequence[str]) -> bool:
    text = relative.as_posix()
    return any(fnmatch.fnmatch(text, p) or fnmatch.fnmatch(relative.name, p) for p in patterns)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"
