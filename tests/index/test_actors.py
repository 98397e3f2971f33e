"""Actors: one per real-world entity however written; user edits apply at once and persist."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index import ActorError, Entity, Library, NotFound, actor_keys
from index import actors as actors_mod
from index.actors import Resolver, key
from index.store_mentions import MentionRecords
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
    # The reader shows the sentences first and counts the company after: the same answer in two steps.
    first = seeded.actors.profile("kim jong-un", with_company=False)
    assert first.with_actors == () and first.lines == profile.lines
    assert seeded.actors.company("Kim Jong-un") == profile.with_actors


def test_an_actors_newest_articles_are_the_same_found_either_way(seeded: Library) -> None:
    """A name in many articles is found by walking them newest first, a rare one by sorting its own: a small
    `limit` takes the first way, a large one the second, and both give the same articles in the same order."""
    store = MentionRecords(seeded._store)
    top = seeded.actors.list(limit=1)[0]
    assert (top.mentions // 2) ** 2 > 1 * seeded.article_count()  # so that limit=1 walks
    names = sorted(seeded.actors.resolver().find(top.name).forms)
    every = store.articles_mentioning(names, limit=100)
    assert len(every) == top.articles >= 3
    for limit in (1, 2, 3):
        assert store.articles_mentioning(names, limit=limit) == every[:limit]
    dates = [seeded.article(i).date for i in every]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated, reverse=True) and dates[:len(dated)] == dated  # newest first, undated last


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


NO_EDITS: tuple[dict[str, str], dict[str, str], set[str]] = ({}, {}, set())


def test_resolve_names_mentions_as_the_library_shows_them() -> None:
    resolver = Resolver([("Vance Hollis", "person", "Vance Hollis", 2)], ({}, {}, {"kessel fc"}))
    found = resolver.resolve([
        Entity(0, 2, "US", "place", "US"), Entity(5, 9, "U.S.", "place", "U.S."),
        Entity(12, 18, "Hollis", "person", "Vance Hollis"),
        Entity(20, 29, "Kessel FC", "organization", "Kessel FC"),
        Entity(31, 40, "Ukrainian", "place", "Ukrainian"),
        Entity(42, 48, "Ostrow", "place", "Ostrow"), Entity(50, 60, "Ostrow Bay", "place", "Ostrow"),
    ])
    assert [(e.text, e.actor, e.type) for e in found] == [
        ("US", "United States", "place"), ("U.S.", "United States", "place"),
        ("Hollis", "Vance Hollis", "person"), ("Ukrainian", "Ukraine", "group"),
        ("Ostrow", "Ostrow", "place"), ("Ostrow Bay", "Ostrow", "place")]  # hidden actors are left out


def test_entities_prints_the_actor_that_show_shows(library: Library, tmp_path: Path) -> None:
    text = ("Kessel\n\nThe US and the U.S. Senate disagreed. Mira Sandholm of the Brampton Institute of "
            "Technology (BIT) said BIT would wait. Sandholm left for Norway.\n")
    path = tmp_path / "in" / "kessel.txt"
    path.parent.mkdir()
    path.write_text(text)
    drain(library.add([path]))
    article = library.article(library.search("Sandholm").hits[0].id)
    shown = [(e.start, e.end, e.actor, e.type) for e in article.entities]
    offset = article.text.index("The US")
    extracted = next(library.entities([article.text]))
    assert [(e.start, e.end, e.actor, e.type) for e in extracted] == shown
    by_text = {e.text: e.actor for e in article.entities if e.start >= offset}
    assert by_text["US"] == "United States"
    assert by_text["Sandholm"] == "Mira Sandholm"
    assert by_text["BIT"] == "Brampton Institute of Technology"


def test_surnames_and_acronyms_learned_in_one_article_name_the_actor_in_others() -> None:
    stored = [("Odile Varga", "person", "Odile Varga", 1), ("Odile Varga", "person", "Varga", 2),
              ("Varga", "person", "Varga", 3),  # an article that only says "Varga"
              ("Brampton Institute of Technology", "organization", "BIT", 1), ("BIT", "organization", "BIT", 4),
              ("Kessel Rovers", "organization", "Rovers", 1), ("Rovers", "organization", "Rovers", 2)]
    resolver = Resolver(stored, NO_EDITS)
    assert resolver.find("Varga").name == "Odile Varga"  # type: ignore[union-attr]
    assert resolver.members("Odile Varga") == ["odile varga", "varga"]
    assert resolver.find("BIT").name == "Brampton Institute of Technology"  # type: ignore[union-attr]
    assert resolver.find("Rovers").name == "Rovers"  # type: ignore[union-attr]  # too general to carry


def test_a_surname_two_people_share_is_learned_only_for_the_one_it_almost_always_meant() -> None:
    stored = [("Odile Varga", "person", "Varga", 1), ("Pal Varga", "person", "Varga", 1),
              ("Varga", "person", "Varga", 1)]
    assert Resolver(stored, NO_EDITS).find("Varga").name == "Varga"  # type: ignore[union-attr]
    stored[0] = ("Odile Varga", "person", "Varga", 19)
    assert Resolver(stored, NO_EDITS).find("Varga").name == "Odile Varga"  # type: ignore[union-attr]


def test_nicknames_accents_and_country_prefixes_give_one_actor_across_articles() -> None:
    stored = [("Larry Vance", "person", "Larry Vance", 1), ("Lawrence Vance", "person", "Lawrence Vance", 2),
              ("Jan Kovač", "person", "Jan Kovač", 1), ("Jan Kovac", "person", "Jan Kovac", 1),
              ("U.S. Senate", "organization", "U.S. Senate", 1),
              ("United States Senate", "organization", "United States Senate", 1)]
    names = {g.name: set(g.forms) for g in Resolver(stored, NO_EDITS).groups.values()}
    assert names["Lawrence Vance"] == {"Larry Vance", "Lawrence Vance"}
    assert len([n for n in names if "Kov" in n]) == 1
    assert names["United States Senate"] == {"U.S. Senate", "United States Senate"}


def test_edits_saved_under_an_accented_key_still_apply() -> None:
    resolver = Resolver([("Jan Kovač", "person", "Jan Kovač", 1)], ({}, {"jan kovač": "J. Kovač"}, set()))
    assert resolver.find("Jan Kovac").name == "J. Kovač"  # type: ignore[union-attr]


def test_building_a_resolver_is_linear_in_the_stored_names(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"key": 0}
    real_key = actors_mod.key

    def counting_key(name: str) -> str:
        calls["key"] += 1
        return real_key(name)

    monkeypatch.setattr(actors_mod, "key", counting_key)
    monkeypatch.setattr(actor_keys, "key", counting_key)

    def cost(n: int) -> int:
        calls["key"] = 0
        stored = [(f"Person{i} Surname{i}", "person", f"Surname{i}", 1) for i in range(n)]
        stored += [(f"Org{i} Holdings", "organization", f"Org{i} Holdings", 2) for i in range(n)]
        Resolver(stored, NO_EDITS)
        return calls["key"]

    small, large = cost(200), cost(800)
    assert large <= 4 * small + 50  # four times the names, at most four times the work
    assert small <= 20 * 400


def test_the_next_process_loads_the_actor_resolver_instead_of_building_it(seeded_copy: Library,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import index.actors as actors_module

    home = seeded_copy.home
    expected = {a.name: a.aliases for a in seeded_copy.actors.list()}
    names = sidebar(seeded_copy)
    seeded_copy.close()
    built: list[int] = []
    original = actors_module.Resolver.__init__

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(actors_module.Resolver, "__init__", counting)
    with Library(home) as again:  # a new process would start just like this
        assert sidebar(again) == names
        assert {a.name: a.aliases for a in again.actors.list()} == expected
        assert again.search('actor:"Kim Jong-un"').total == 2
        assert built == []
        again.actors.hide("Defense")  # an edit makes a new state: made from the one before it, then kept
        assert "Defense" not in sidebar(again)
        assert built == []
    with Library(home) as third:  # the state after the edit was kept on disk too
        assert "Defense" not in sidebar(third)
        assert built == []


def test_the_names_table_follows_every_mention_in_and_out(library: Library, tmp_path: Path) -> None:
    import sqlite3

    def counted(home: Path) -> tuple[list[tuple[str, str, str, int]], list[tuple[str, str, str, int]]]:
        with sqlite3.connect(home / "library.db") as conn:
            kept = sorted(conn.execute("SELECT actor, type, text, n FROM names"))
            fresh = sorted(conn.execute("SELECT actor, type, text, count(*) FROM mentions GROUP BY 1, 2, 3"))
        return kept, fresh

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Storm\n\nMaria Silva spoke in Lisbon. Silva said Lisbon was calm.\n")
    (folder / "b.txt").write_text("Vote\n\nJohn Okafor won in Lagos. Okafor thanked Lagos.\n")
    drain(library.add([folder]))
    kept, fresh = counted(library.home)
    assert kept == fresh and kept
    (folder / "a.txt").write_text("Storm\n\nAnna Kowalski spoke in Warsaw.\n")  # replaced: old names leave
    drain(library.add([folder]))
    kept, fresh = counted(library.home)
    assert kept == fresh and not [k for k in kept if k[0] == "Maria Silva"]


def test_an_actor_no_one_goes_by_gets_the_closest_actor_suggested(seeded: Library) -> None:
    missed = seeded.search('actor:"Kim Jong-uun" korea', limit=5)
    assert missed.total == 0 and missed.suggestion == 'actor:"Kim Jong-un" korea'
    assert seeded.suggest("actor:Austinn") == 'actor:"Lloyd Austin"'  # (the reader asks once typing pauses)
    assert seeded.search('actor:"Nobody Atall"').suggestion is None  # nothing near: no guess
    assert seeded.search('actor:"Kim Jong-un"').suggestion is None  # a known actor is not corrected
