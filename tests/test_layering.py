"""The engine never depends on the user interface, and start-up never pays for spaCy."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_index_imports_without_textual_rich_or_tui() -> None:
    code = ("import sys, index; bad = [m for m in ('textual', 'rich', 'tui') if m in sys.modules]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_no_index_module_imports_textual_rich_or_tui() -> None:
    pattern = re.compile(r"^\s*(from|import)\s+(textual|rich|tui)\b", re.M)
    offenders = [p.name for p in (ROOT / "index").rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []


def test_tui_uses_only_the_public_engine_api() -> None:
    pattern = re.compile(
        r"^\s*(from\s+index\.|import\s+index\.|(from|import)\s+(whoosh|spacy|sqlite3)\b)", re.M)
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "tui").rglob("*.py")
                 if pattern.search(p.read_text())]
    assert offenders == []


def test_searching_does_not_import_spacy(seeded_home) -> None:  # type: ignore[no-untyped-def]
    code = (f"import sys; from index import Library; lib = Library({str(seeded_home)!r}); "
            "lib.search('korea'); print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_importing_the_engine_does_not_load_whoosh_or_spacy() -> None:
    code = "import sys, index; print(sorted(m for m in ('whoosh', 'spacy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"  # the reader paints its first frame before it needs either


def test_import_contracts_hold() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    if not linter.exists():
        pytest.skip("import-linter is not installed (pip install '.[test]')")
    out = subprocess.run([str(linter), "--no-cache"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout[-3000:]
