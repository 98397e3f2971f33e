"""Actors: one per real-world entity however written; user edits apply at once and persist."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index import ActorError, Library, NotFound
from index.actors import key
from tests.conftest import SEED_ID_PREFIX, drain


def sidebar(library: Library, article_id: str = SEED_ID_PREFIX) -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for e in library.article(article_id).entities:
        names.setdefault(e.actor, set()).add(e.text)
    return names


def test_spelling_key_ignores_case_dots_hyphens_the_and_possessives() -> None:
    assert key("U.S.") == key("US") == key("us")
    assert key("Kim Jong-un") == key("Kim Jong Un") == key("Kim Jong-un’s")
    assert key("the United Nations") == key("United Nations'")


def test_demonyms_acronyms_and_the_dprk_name_the_country(seeded: Library) -> None:
    names = sidebar(seeded)
    assert {"North Korea", "North Korean"} <= names["North Korea"]  # the demonym joins the country
    assert "North Korean" not in names
    assert {"U.S.", "United States"} <= names["United States"]
    demonyms = [e for e in seeded.article(SEED_ID_PREFIX).entities if e.text == "North Korean"]
    assert demonyms and all(e.type == "group" and e.actor == "North Korea" for e in demonyms)
    korea = seeded.search("quasi-state").hits[0].id
    assert "DPRK" in sidebar(seeded, korea)["North Korea"]


def test_actor_queries_find_every_spelling(seeded: Library) -> None:
    by_name = {h.id for h in seeded.search('actor:"United States"', limit=50)}
    assert by_name == {h.id for h in seeded.search("actor:US", limit=50)}
    assert by_name == {h.id for h in seeded.search('actor:"U.S."', limit=50)}
    assert SEED_ID_PREFIX in {i[:8] for i in by_name}
    assert len(by_name) >= 5


def test_actors_list_counts_an_actor_once_with_its_aliases(seeded: Library) -> None:
    actors = {a.name: a for a in seeded.actors.list()}
    assert "US" not in actors and "U.S." not in actors
    assert {"US", "U.S."} <= set(actors["United States"].aliases)
    assert "Kim" in actors["Kim Jong-un"].aliases


def test_edits_apply_at_once_and_survive_reindex_and_reingest(seeded_copy: Library) -> None:
    lib = seeded_copy
    lib.actors.hide("Defense")
    assert "Defense" not in sidebar(lib)
    lib.actors.alias("Russia", "Kursk")
    assert "Kursk" in sidebar(lib)["Russia"]
    assert SEED_ID_PREFIX in {h.id[:8] for h in lib.search("actor:russia")}
    lib.actors.rename("Kim Jong-un", "Kim Jong Un")
    assert "Kim Jong Un" in sidebar(lib) and "Kim Jong-un" not in sidebar(lib)
    assert lib.search('actor:"Kim Jong Un"').total == 2
    lib.actors.merge("Zelenskyy", "Putin")
    assert "Putin" not in sidebar(lib) and "Putin" in sidebar(lib)["Zelenskyy"]
    lib.actors.split("Zelenskyy", "Putin")
    assert "Putin" in sidebar(lib)
    drain(lib.reindex())
    seeds = Path(__file__).resolve().parents[2] / "seeds" / "000_532b7867ba6e277e.txt"
    drain(lib.add([seeds]))
    reopened = Library(lib.home)
    names = sidebar(reopened)
    assert "Defense" not in names and "Kursk" in names["Russia"] and "Kim Jong Un" in names
    assert reopened.search('actor:"Kim Jong Un"').total == 2
    reopened.close()


def test_facets_and_bookmarks_use_edited_names(seeded_copy: Library) -> None:
    bookmark = seeded_copy.bookmarks.add(SEED_ID_PREFIX, quote="Lloyd Austin has warned")
    seeded_copy.actors.rename("Lloyd Austin", "Secretary Austin")
    assert seeded_copy.bookmarks.list()[0].actors == ("Secretary Austin",)
    assert bookmark.actors == ("Lloyd Austin",)
    assert "Secretary Austin" in seeded_copy.bookmarks.export("md")
    facets = {f.value for f in seeded_copy.search("kursk").actor_facets}
    assert "Secretary Austin" in facets and "Lloyd Austin" not in facets


def test_bad_edits_are_refused(seeded_copy: Library) -> None:
    with pytest.raises(NotFound):
        seeded_copy.actors.merge("Nobody Atall", "Russia")
    with pytest.raises(ActorError, match="not a spelling"):
        seeded_copy.actors.split("Russia", "Ukraine")


def test_actor_view_lines_months_and_company(seeded: Library) -> None:
    profile = seeded.actors.profile("kim jong-un")
    assert profile.actor.name == "Kim Jong-un" and profile.actor.articles == 2
    assert len(profile.lines) == profile.actor.mentions == 4
    for line in profile.lines:
        assert line.sentence[line.mark.start:line.mark.end] in {"Kim Jong-un", "Kim"}
        assert line.sentence == seeded.article(line.article_id).text[
            line.start - line.mark.start:line.end + len(line.sentence) - line.mark.end].replace("\n", " ")
    assert profile.lines[0].date is not None  # dated articles first
    assert profile.months == (("2015-08", 1),)
    assert profile.with_actors[0].value == "North Korea"
    assert seeded.actors.complete("kim")[0] == "Kim Jong-un"


def test_edits_live_beside_the_bookmarks(seeded_copy: Library, tmp_path: Path) -> None:
    seeded_copy.actors.hide("Defense")
    seeded_copy.close()
    moved = tmp_path / "moved"
    shutil.copytree(seeded_copy.home, moved)
    shutil.rmtree(moved / "index")
    assert (moved / "actors.db").exists()
    with Library(moved) as again:
        assert "Defense" not in sidebar(again)


def test_plural_groups_and_sentence_full_stops_do_not_split_actors(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "in" / "story.txt"
    path.parent.mkdir()
    path.write_text("Vote\n\nMuslims in the city voted. One Muslim voter spoke to James To. "
                    "Later James To said the result was fair.\n")
    drain(library.add([path]))
    names = {a.name: a for a in library.actors.list()}
    assert "Muslim" not in names or "Muslims" not in names
    assert "James To." not in names
