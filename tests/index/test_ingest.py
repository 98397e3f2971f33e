"""Ingesting files: counts, idempotence, changed files, duplicates, failures, rebuilds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from index import Library
from tests.conftest import drain


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def corpus(folder: Path) -> Path:
    write(folder / "a.txt", "Storm in Lisbon\n\nA storm hit Lisbon on Monday, said Mayor Carlos Moedas.\n")
    write(folder / "b.md", "---\ntitle: Budget vote\ndate: 2020-05-01\nsource: Gazette\n---\n\n"
                           "The Senate passed the budget. Senator Maria Silva voted against it.\n")
    write(folder / "sub" / "c.txt", "Quiet day\n\nNothing happened in Oslo.\n")
    return folder


def test_adding_a_folder_counts_and_searches(library: Library, tmp_path: Path) -> None:
    final = drain(library.add([corpus(tmp_path / "in")]))
    assert (final.phase, final.added, final.failed) == ("done", 3, 0)
    assert [h.title for h in library.search("lisbon")] == ["Storm in Lisbon"]
    assert library.search("oslo").hits[0].source == "in/sub"  # the subfolder is part of the source
    assert library.search("source:gazette").hits[0].title == "Budget vote"


def test_readding_unchanged_files_skips_them(library: Library, tmp_path: Path) -> None:
    folder = corpus(tmp_path / "in")
    drain(library.add([folder]))
    ids = {h.id for h in library.search("")}
    again = drain(library.add([folder]))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    assert {h.id for h in library.search("")} == ids


def test_a_changed_file_replaces_its_article_and_keeps_its_id(library: Library, tmp_path: Path) -> None:
    folder = corpus(tmp_path / "in")
    drain(library.add([folder]))
    old_id = library.search("lisbon").hits[0].id
    write(folder / "a.txt", "Storm in Porto\n\nThe storm moved north to Porto overnight.\n")
    final = drain(library.add([folder]))
    assert (final.added, final.updated, final.unchanged) == (0, 1, 2)
    assert library.search("lisbon").total == 0
    hit = library.search("porto").hits[0]
    assert hit.id == old_id and hit.title == "Storm in Porto"
    assert library.stats().articles == 3


def test_identical_content_from_two_paths_is_stored_once(library: Library, tmp_path: Path) -> None:
    folder = corpus(tmp_path / "in")
    shutil.copy(folder / "a.txt", folder / "copy-of-a.txt")
    final = drain(library.add([folder]))
    assert (final.added, final.duplicates) == (3, 1)
    assert library.search("lisbon").total == 1
    assert library.stats().files == 4


def test_bad_files_fail_with_reasons_and_the_rest_is_added(library: Library, tmp_path: Path) -> None:
    folder = corpus(tmp_path / "in")
    write(folder / "image.txt", b"GIF89a\x00\x01\x00\x00")
    write(folder / "report.pdf", b"%PDF-1.7")
    write(folder / "latin.txt", "Caf\u00e9 prices\n\nA coffee costs \u00a33 in Leeds.\n".encode("cp1252"))
    final = drain(library.add([folder, tmp_path / "missing"]))
    reasons = {Path(f.path).name: f.reason for f in final.failures}
    assert final.added == 4
    assert "binary" in reasons["image.txt"]
    assert "unsupported file type '.pdf'" in reasons["report.pdf"]
    assert reasons["missing"] == "no such file or folder"
    assert "£3" in library.article(library.search("leeds").hits[0].id).text


def test_reindex_rebuilds_the_index_from_the_store_alone(seeded_copy: Library) -> None:
    before = [h.id for h in seeded_copy.search("korea", limit=50)]
    seeded_copy.close()
    shutil.rmtree(seeded_copy.home / "index")
    reopened = Library(seeded_copy.home)
    assert reopened.index_is_stale()
    final = drain(reopened.reindex())
    assert final.phase == "done" and final.total == 25
    assert [h.id for h in reopened.search("korea", limit=50)] == before
    reopened.close()


def test_a_damaged_index_is_rebuilt_when_opened(seeded_copy: Library) -> None:
    seeded_copy.close()
    for toc in (seeded_copy.home / "index").glob("*.toc"):
        toc.write_bytes(b"garbage")
    reopened = Library(seeded_copy.home)
    assert reopened.search('"North Korean troops"').total >= 1
    reopened.close()


def test_article_ids_are_stable_across_libraries(seeded: Library, library: Library) -> None:
    drain(library.seed())
    assert {h.id for h in library.search("", limit=100)} == {h.id for h in seeded.search("", limit=100)}


def test_a_file_name_that_is_not_utf8_is_added_and_shown_readably(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    odd = os.fsdecode(b"caf\xe9-report.txt")  # Latin-1 bytes in a name: legal on Linux
    (folder / odd).write_text("Cafe report\n\nThe cafe in Lisbon reopened on Monday.\n")
    write(folder / "plain.txt", "Plain report\n\nNothing happened in Oslo.\n")
    final = drain(library.add([folder]))
    assert (final.added, final.failed) == (2, 0)
    article = library.article(library.search("lisbon").hits[0].id)
    assert "caf\ufffd-report.txt" in article.path
    again = drain(library.add([folder]))
    assert again.unchanged == 2  # the name is kept losslessly: the same file is known again


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_text_with_a_byte_order_mark_is_decoded_by_it(library: Library, tmp_path: Path, encoding: str) -> None:
    text = "Tea in Kraków\n\nThe café in Kraków serves tea, said Zoë Nowak.\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = write(tmp_path / "in" / "tea.txt", data)
    final = drain(library.add([path]))
    assert (final.added, final.failed) == (1, 0), final.failures
    article = library.article(library.search("kraków").hits[0].id)
    assert article.title == "Tea in Kraków" and "Zoë Nowak" in article.text


def test_notes_files_hidden_files_and_excluded_ones_are_skipped_and_reported(library: Library,
                                                                              tmp_path: Path) -> None:
    folder = corpus(tmp_path / "in")
    write(folder / "README.TXT", "About this corpus\n\nIt has articles.\n")
    write(folder / "LICENSE.md", "All rights reserved.\n")
    write(folder / ".hidden.txt", "Secret\n\nNot an article.\n")
    write(folder / "drafts" / "x.txt", "Draft\n\nNot ready.\n")
    final = drain(library.add([folder], exclude=["drafts"]))
    assert final.added == 3 and final.failed == 0
    assert final.skipped == 3 + 1  # README, LICENSE, the hidden file, and the excluded folder (counted once)
    reasons = {Path(n.path).name: n.reason for n in final.notes}
    assert "notes" in reasons["README.TXT"] and "hidden" in reasons[".hidden.txt"]
    single = drain(library.add([folder / "README.TXT"]))  # named on purpose: read
    assert single.added == 1


def _current(library: Library) -> bool:
    state = library._fulltext.state()
    return state.current and state.documents == library.article_count()


def test_after_every_kind_of_add_the_index_holds_exactly_the_store(library: Library, tmp_path: Path) -> None:
    from tests.corpus import make_folder

    folder = corpus(tmp_path / "in")
    shutil.copy(folder / "a.txt", folder / "dup-of-a.txt")  # a duplicate in the first add of a fresh home
    drain(library.add([folder]))
    assert _current(library)
    drain(library.add([folder]))  # nothing changed
    assert _current(library)
    write(folder / "bad.txt", b"\x00\x01")  # a failure
    write(folder / "b.md", "# Budget vote, again\n\nThe Senate voted once more.\n")  # a changed file
    drain(library.add([folder]))
    assert _current(library)
    shutil.copy(folder / "sub" / "c.txt", folder / "b.md")  # a path now holding another article's text
    drain(library.add([folder]))
    assert _current(library) and library.search("senate").total == 0
    steps = library.add([make_folder(tmp_path / "many", 60)])
    for step in steps:  # cancelled part way through extraction
        if step.phase == "extract" and step.done >= 30:
            break
    steps.close()
    for _ in library.prepare():
        pass
    assert _current(library)
    reopened = Library(library.home)
    assert reopened.index_is_stale() is False
    assert {h.id for h in reopened.search("", limit=1000, versions=True)} == {a.id for a in reopened._store.all()}
    reopened.close()
