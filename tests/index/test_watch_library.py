"""`library.watchlists` on a real library: what is new is exact (added after the seen mark, matching now),
actor edits count at once, a changed file keeps its number, an article arriving between show and seen stays
new, a broken query is kept with its error, and counts kept between commands equal a recount."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import Library, QueryError, WatchCount, WatchlistError
from index.watchlists import WatchlistStore
from tests.conftest import drain


def write(folder: Path, name: str, title: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"{title}\n\n{body}\n")
    return path


def add(library: Library, *paths: Path) -> list[str]:
    """Add files; returns their article ids in order."""
    final = drain(library.add(paths))
    assert not final.failures
    conn = library._store.connection()
    return [conn.execute("SELECT article_id FROM files WHERE path = ?", (str(p.resolve()),)).fetchone()[0]
            for p in paths]


def counts(library: Library) -> dict[str, tuple[int, int]]:
    return {c.watchlist.name: (c.total, c.new) for c in library.watchlists.list()}


KOREA = ("Talks on the Korean peninsula resumed in Panmunjom on Tuesday, officials in Seoul said, and "
         "the delegations from North Korea and South Korea met for three hours.")


def test_new_since_seen_and_an_article_arriving_between_show_and_seen_stays_new(seeded_copy: Library,
                                                                                tmp_path: Path) -> None:
    library = seeded_copy
    before = library.search("korea").total
    made = library.watchlists.add("Korea", "korea")
    assert (made.total, made.new, made.error) == (before, 0, None)  # a new watchlist starts with nothing new
    first, = add(library, write(tmp_path / "news", "talks.txt", "Korea talks resume", KOREA))
    assert counts(library)["Korea"] == (before + 1, 1)
    shown = library.watchlists.show("korea")
    assert shown.hits[0].id == first and shown.is_new(shown.hits[0]) and shown.new_ids == {first}
    assert [h.id for h in library.watchlists.show("korea", new_only=True).hits] == [first]
    later, = add(library, write(tmp_path / "news", "later.txt", "Korea talks end", KOREA + " They ended late."))
    with Library(library.home) as other:  # `newsdesk watch seen` in another process marks what was shown
        assert other.watchlists.seen("Korea").seen_upto == shown.upto
    assert counts(library)["Korea"] == (before + 2, 1)
    assert [h.id for h in library.watchlists.show("Korea", new_only=True).hits] == [later]
    library.watchlists.seen("Korea")
    assert counts(library)["Korea"] == (before + 2, 0)


def test_seen_with_the_upto_of_a_show_marks_exactly_that(seeded_copy: Library, tmp_path: Path) -> None:
    library = seeded_copy
    library.watchlists.add("Korea", "korea")
    add(library, write(tmp_path / "news", "a.txt", "Korea talks resume", KOREA))
    shown = library.watchlists.show("Korea")
    library.watchlists.list()  # a later listing covers more than the reader was shown ...
    add(library, write(tmp_path / "news", "b.txt", "Korea talks end", KOREA + " They ended late."))
    library.watchlists.list()
    library.watchlists.seen("Korea", upto=shown.upto)  # ... so the reader passes what it showed
    assert counts(library)["Korea"][1] == 1
    library.watchlists.seen("Korea", upto=10**9)  # never beyond what the library holds
    assert library.watchlists.get("Korea").seen_upto == library._store.max_added()


def test_actor_edits_change_what_an_actor_watchlist_matches_at_once(seeded_copy: Library, tmp_path: Path) -> None:
    library = seeded_copy
    news = tmp_path / "news"
    rojas, = add(library, write(news, "rojas.txt", "Port deal", "Carlos Rojas, the mayor of Lima, signed the "
                                "port deal on Monday. Carlos Rojas said the port would open in May."))
    library.watchlists.add("Silva", 'actor:"Maria Silva"')
    add(library, write(news, "silva.txt", "Council vote", "Maria Silva told reporters in Lisbon that the council "
                       "would vote on Friday. Maria Silva leads the council."),
        write(news, "berg.txt", "Bridge plan", "Jonas Berg presented the bridge plan in Oslo on Tuesday. "
              "Jonas Berg said it would cost less than the tunnel."))
    assert counts(library)["Silva"] == (1, 1)
    library.actors.merge("Maria Silva", "Jonas Berg")  # new, and now Maria Silva's
    assert counts(library)["Silva"] == (2, 2)
    library.actors.merge("Maria Silva", "Carlos Rojas")  # seen before the watchlist was made: not new
    assert counts(library)["Silva"] == (3, 2)
    assert rojas in {h.id for h in library.watchlists.show("Silva").hits} - library.watchlists.show("Silva").new_ids
    library.actors.split("Maria Silva", "Jonas Berg")
    assert counts(library)["Silva"] == (2, 1)


def test_a_changed_file_keeps_its_number(seeded_copy: Library, tmp_path: Path) -> None:
    library = seeded_copy
    news = tmp_path / "news"
    old = write(news, "old.txt", "Harvest report", "The harvest in the north was late this year, farmers said.")
    add(library, old)
    library.watchlists.add("Korea", "korea")
    total = counts(library)["Korea"][0]
    write(news, "old.txt", "Harvest report", "The harvest in North Korea was late this year, farmers said.")
    add(library, old)  # it matches now, but it was in the library before: not new
    assert counts(library)["Korea"] == (total + 1, 0)
    fresh = write(news, "fresh.txt", "Korea talks resume", KOREA)
    add(library, fresh)
    write(news, "fresh.txt", "Korea talks resume", KOREA + " A second round is planned.")
    add(library, fresh)  # changed again: still the one new article, not two
    assert counts(library)["Korea"] == (total + 2, 1)


def test_a_query_that_stops_parsing_is_kept_with_its_error(seeded_copy: Library) -> None:
    library = seeded_copy
    library.watchlists.add("Korea", "korea")
    WatchlistStore(library.watchlists.path).add("Politics", "section:politics")  # as if a field were renamed
    listed = {c.watchlist.name: c for c in library.watchlists.list()}
    assert listed["Politics"].error is not None and "unknown field 'section:'" in listed["Politics"].error
    assert (listed["Politics"].total, listed["Politics"].new) == (0, 0)
    assert [c.watchlist.name for c in library.watchlists.list()][-1] == "Politics"  # listed last, never dropped
    shown = library.watchlists.show("politics")
    assert shown.error == listed["Politics"].error and shown.hits == ()
    library.watchlists.set_query("Politics", "source:wikinews")
    assert library.watchlists.list()[0].error is None


def test_a_bad_query_or_a_taken_name_is_refused(seeded_copy: Library) -> None:
    library = seeded_copy
    with pytest.raises(QueryError, match="unknown field 'colour:'"):
        library.watchlists.add("Red", "colour:red")
    with pytest.raises(QueryError, match="stands for more than"):  # parses, but cannot run fast
        library.watchlists.add("A", "a*")
    library.watchlists.add("Korea", "korea")
    with pytest.raises(WatchlistError, match="a watchlist named 'Korea' already exists"):
        library.watchlists.add("KOREA", "pyongyang")
    with pytest.raises(QueryError):
        library.watchlists.set_query("Korea", "colour:red")
    assert [c.watchlist.query for c in library.watchlists.list()] == ["korea"]


def test_counts_kept_between_commands_equal_a_recount(seeded_copy: Library, tmp_path: Path) -> None:
    library = seeded_copy
    for name, query in [("Korea", "korea"), ("Russia", "russia OR moscow"), ("Kim", 'actor:"Kim Jong-un"'),
                        ("Recent", "date:[2015 to now]"), ("Unread", "is:unread korea")]:
        library.watchlists.add(name, query)
    library.watchlists.list()
    news = tmp_path / "news"
    add(library, write(news, "a.txt", "Korea talks resume", KOREA),
        write(news, "b.txt", "Moscow summit", "Leaders met in Moscow on Wednesday, Russian officials said."))

    def fresh() -> list[WatchCount]:
        (library.home / "cache" / "watch-counts.marshal").unlink(missing_ok=True)
        with Library(library.home) as other:
            return other.watchlists.list()

    with Library(library.home) as other:  # the next command starts from the kept counts
        kept = other.watchlists.list()
    assert kept == fresh()
    assert {c.watchlist.name: c.new for c in kept} == {"Korea": 1, "Russia": 1, "Kim": 0, "Recent": 0, "Unread": 0}
    write(news, "a.txt", "Moscow talks", "Leaders met in Moscow again, Russian officials said.")
    add(library, news / "a.txt")  # a changed article: everything is counted again
    with Library(library.home) as other:
        kept = other.watchlists.list()
    assert kept == fresh() and {c.watchlist.name: c.new for c in kept}["Russia"] == 2
    assert library.watchlists.remove("kim").name == "Kim"
    assert [c.watchlist.name for c in library.watchlists.list()] == ["Russia", "Korea", "Recent", "Unread"]
