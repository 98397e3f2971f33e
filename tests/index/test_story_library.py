"""Stories through the real pipeline: versions of one report added with `Library.add` form one story,
different reports on the same people do not; search shows a story once; `story`, `similar`; a library
stored before stories existed is grouped by the first writer."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from index import Library
from tests.conftest import SEEDS, drain
from tests.index.test_stories import BOILERPLATE_END, BOILERPLATE_TOP, DEBATE, RESULTS, edit_words, seed

DEFECTOR = SEEDS / "wikinews-defector.md"


def versions_folder(folder: Path) -> Path:
    """Three versions of the seeded defector report, and two different reports on one election."""
    folder.mkdir(parents=True)
    body = seed("defector")
    (folder / "headline.md").write_text(f"---\ntitle: Defector tells all\nsource: wire\n---\n\n{body}\n")
    (folder / "edited.txt").write_text(f"Defector speaks\n\n{edit_words(body, 0.03)}\n")
    (folder / "repost.txt").write_text(f"North Korean defector\n\n{BOILERPLATE_TOP}\n\n{body}\n\n{BOILERPLATE_END}\n")
    (folder / "debate.txt").write_text(f"Candidates debate\n\n{DEBATE}\n")
    (folder / "results.txt").write_text(f"Election results\n\n{RESULTS}\n")
    return folder


def ids_by_name(library: Library, folder: Path) -> dict[str, str]:
    """File stem -> article id, for the files of a folder (and 'seed' for the seeded defector article)."""
    files = library._store.connection().execute("SELECT path, article_id FROM files").fetchall()
    out = {Path(str(p)).stem: a for p, a in files if str(p).startswith(str(folder))}
    out["seed"] = next(a for p, a in files if str(p).endswith(DEFECTOR.name))
    return out


@pytest.fixture(scope="module")
def grouped(tmp_path_factory: pytest.TempPathFactory, seeded_home: Path) -> Path:
    """The seeded library with the versions folder added (read-only use)."""
    home = tmp_path_factory.mktemp("stories") / "home"
    shutil.copytree(seeded_home, home)
    with Library(home) as library:
        drain(library.add([versions_folder(home.parent / "news")]))
    return home


@pytest.fixture
def library(grouped: Path) -> Library:
    return Library(grouped)


def test_versions_of_one_report_are_one_story_and_other_reports_are_not(library: Library, grouped: Path) -> None:
    ids = ids_by_name(library, grouped.parent / "news")
    story = library.story(ids["repost"])
    members = {m.id for m in story.members}
    assert members == {ids["seed"], ids["headline"], ids["edited"], ids["repost"]}
    assert story.id == min(members)  # the smallest member id names the story
    assert library.story(ids["seed"]) == story
    assert {m.title for m in story.members} >= {"Defector tells all", "Defector speaks"}
    for alone in ("debate", "results"):
        assert [m.id for m in library.story(ids[alone]).members] == [ids[alone]]
    assert all(library.story(h.id).size == 1 for h in library.search("", limit=100, versions=True)
               if h.id not in members)


def test_search_shows_a_story_once_with_its_size_and_every_version_when_asked(library: Library,
                                                                              grouped: Path) -> None:
    ids = ids_by_name(library, grouped.parent / "news")
    results = library.search("defector")
    tellers = [h for h in results if h.story == library.story(ids["seed"]).id]
    assert len(tellers) == 1 and tellers[0].story_size == 4
    assert results.total >= 4  # the total still counts articles
    every = library.search("defector", versions=True)
    assert {h.id for h in every} >= set(ids[n] for n in ("seed", "headline", "edited", "repost"))
    assert {h.story_size for h in every if h.id in ids.values()} == {4}


def test_a_page_of_results_still_holds_limit_stories(library: Library) -> None:
    everything = library.search("", limit=100, versions=True)
    assert len(everything) == 30
    for limit in (3, 22, 27):
        page = library.search("", limit=limit)
        assert len(page) == limit and len({h.story for h in page}) == limit
    assert len(library.search("", limit=100)) == 27  # 30 articles, one story told four times


def test_similar_lists_the_story_first_then_other_stories_once(library: Library, grouped: Path) -> None:
    ids = ids_by_name(library, grouped.parent / "news")
    found = library.similar(ids["seed"], limit=6)
    # Most alike first: the same text under a new headline, then with boilerplate around it, then edited.
    assert [s.id for s in found[:3]] == [ids["headline"], ids["repost"], ids["edited"]]
    assert all(s.same_story for s in found[:3]) and not any(s.same_story for s in found[3:])
    assert found[0].score > 0.95 and 0.5 < found[2].score < 0.9
    assert len(found) == 6 and len({s.story for s in found[3:]}) == 3
    assert all(s.story_size == 4 for s in found[:3])
    related = library.similar(ids["debate"], limit=3)
    assert related[0].id == ids["results"] and not related[0].same_story  # same people, closest other story


def test_a_changed_version_leaves_its_story_and_a_removed_one_is_regrouped(seeded_copy: Library,
                                                                          tmp_path: Path) -> None:
    folder = versions_folder(tmp_path / "news")
    drain(seeded_copy.add([folder]))
    ids = ids_by_name(seeded_copy, folder)
    (folder / "edited.txt").write_text(f"Candidates debate again\n\n{DEBATE}\n\nMore later.\n")
    drain(seeded_copy.add([folder]))
    assert seeded_copy.story(ids["edited"]).id == min(ids["edited"], ids["debate"])  # it tells the debate now
    assert seeded_copy.story(ids["seed"]).size == 3
    # The headline file now holds the results' text: its old article is no one's any more and goes.
    shutil.copy(folder / "results.txt", folder / "headline.md")
    drain(seeded_copy.add([folder]))
    assert {m.id for m in seeded_copy.story(ids["seed"]).members} == {ids["seed"], ids["repost"]}
    conn = seeded_copy._store.connection()
    assert conn.execute("SELECT count(*) FROM stories WHERE article_id = ?", (ids["headline"],)).fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM stories").fetchone()[0] == seeded_copy.article_count()


def test_a_library_stored_before_stories_is_grouped_by_prepare(grouped: Path, tmp_path: Path) -> None:
    home = tmp_path / "old"
    shutil.copytree(grouped, home)
    with sqlite3.connect(home / "library.db") as conn:  # as schema 4 left it
        conn.executescript("DROP TABLE stories; DROP TABLE story_buckets; PRAGMA user_version = 4;")
    with Library(home) as library:
        before = library.search("defector", versions=True)
        assert {h.story_size for h in before} == {1}  # not grouped yet: each article stands alone
        steps = list(library.prepare())
        assert any("grouping the stored articles" in s.current for s in steps)
        assert steps[0].total == library.article_count()
        assert library.search("defector").hits[0].story_size == 4
        assert list(library.prepare()) == []  # once is enough
    with Library(grouped) as original, Library(home) as upgraded:
        assert _groups(original) == _groups(upgraded)


def _groups(library: Library) -> list[tuple[str, ...]]:
    rows = library._store.connection().execute("SELECT story_id, article_id FROM stories ORDER BY 1, 2")
    stories: dict[str, list[str]] = {}
    for story, article in rows:
        stories.setdefault(story, []).append(article)
    return sorted(tuple(m) for m in stories.values())
