"""The watch and similar commands, and the story fields of search and show, as a script would use them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from index import Library
from index.watchlists import WatchlistStore
from tests.conftest import drain
from tests.index.test_story_library import ids_by_name, versions_folder
from tests.test_cli import run

COUNT_KEYS = {"name", "query", "created", "seen_upto", "seen_at", "total", "new", "error"}
MEMBER_KEYS = {"id", "title", "source", "date"}


@pytest.fixture(scope="module")
def grouped(tmp_path_factory: pytest.TempPathFactory, seeded_home: Path) -> Path:
    home = tmp_path_factory.mktemp("cli-stories") / "home"
    shutil.copytree(seeded_home, home)
    with Library(home) as library:
        drain(library.add([versions_folder(home.parent / "news")]))
    return home


@pytest.fixture
def home(grouped: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(grouped, copy)
    return copy


def ids(home: Path, grouped: Path) -> dict[str, str]:
    with Library(home) as library:
        return ids_by_name(library, grouped.parent / "news")


def test_search_json_shows_a_story_once_unless_all_versions(home: Path, grouped: Path) -> None:
    by_name = ids(home, grouped)
    hits = json.loads(run("search", "defector", "--json", home=home).stdout)
    story = min(by_name[n] for n in ("seed", "headline", "edited", "repost"))
    assert [(h["story"], h["story_size"]) for h in hits if h["story"] == story] == [(story, 4)]
    every = json.loads(run("search", "defector", "--all-versions", "--json", home=home).stdout)
    assert len([h for h in every if h["story"] == story]) == 4
    text = run("search", "defector", home=home).stdout
    assert "+3 sources" in text


def test_show_json_gives_the_story_and_its_members(home: Path, grouped: Path) -> None:
    by_name = ids(home, grouped)
    article = json.loads(run("show", by_name["edited"], "--json", home=home).stdout)
    assert article["story"] == min(m["id"] for m in article["story_members"])
    assert all(set(m) == MEMBER_KEYS for m in article["story_members"])
    assert {m["id"] for m in article["story_members"]} == {by_name[n] for n in ("seed", "headline", "edited", "repost")}
    alone = json.loads(run("show", by_name["debate"], "--json", home=home).stdout)
    assert (alone["story"], [m["id"] for m in alone["story_members"]]) == (by_name["debate"], [by_name["debate"]])
    assert "Also told by 3 other versions" in run("show", by_name["edited"], home=home).stdout


def test_similar_json_lists_the_story_first(home: Path, grouped: Path) -> None:
    by_name = ids(home, grouped)
    out = run("similar", by_name["seed"][:8], "--json", "--limit", "5", home=home)
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    assert set(found[0]) == {"id", "title", "source", "date", "url", "score", "same_story", "story", "story_size"}
    assert [f["same_story"] for f in found] == [True, True, True, False, False]
    assert run("similar", "nope", home=home).stderr.strip() == "newsdesk: error: no article with id 'nope'"


def test_watch_add_list_show_seen_rm(home: Path, tmp_path: Path) -> None:
    out = run("watch", "add", "Defectors", "defector OR defectors", home=home)
    assert out.returncode == 0 and "watching 'Defectors'" in out.stdout
    listed = json.loads(run("watch", "list", "--json", home=home).stdout)
    assert [set(c) for c in listed] == [COUNT_KEYS]
    assert (listed[0]["name"], listed[0]["new"], listed[0]["error"]) == ("Defectors", 0, None)
    news = tmp_path / "more"
    news.mkdir()
    (news / "flight.txt").write_text("Another defector\n\nA second defector crossed the border on Friday.\n")
    assert run("add", str(news), home=home).returncode == 0
    assert json.loads(run("watch", "list", "--json", home=home).stdout)[0]["new"] == 1
    shown = json.loads(run("watch", "show", "defectors", "--json", home=home).stdout)
    assert set(shown) == COUNT_KEYS | {"upto", "results"}
    assert shown["results"][0]["new"] is True and not any(r["new"] for r in shown["results"][1:])
    assert set(shown["results"][0]) == {"id", "title", "source", "date", "url", "score", "snippet", "story",
                                        "story_size", "new"}
    assert len(json.loads(run("watch", "show", "Defectors", "--new", "--json", home=home).stdout)["results"]) == 1
    assert "new" in run("watch", "show", "Defectors", home=home).stdout
    assert run("watch", "seen", "Defectors", home=home).returncode == 0
    assert json.loads(run("watch", "list", "--json", home=home).stdout)[0]["new"] == 0
    assert "stopped watching 'Defectors'" in run("watch", "rm", "defectors", home=home).stdout
    assert json.loads(run("watch", "list", "--json", home=home).stdout) == []


def test_watch_errors_are_one_line_and_a_broken_query_is_listed(home: Path) -> None:
    refused = run("watch", "add", "Red", "colour:red", home=home)
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1 and "unknown field 'colour:'" in refused.stderr
    assert run("watch", "add", "Korea", "korea", home=home).returncode == 0
    taken = run("watch", "add", "korea", "pyongyang", home=home)
    assert taken.returncode == 1 and taken.stderr == "newsdesk: error: a watchlist named 'Korea' already exists\n"
    missing = run("watch", "show", "nothing", home=home)
    assert missing.returncode == 1 and missing.stderr == "newsdesk: error: no watchlist named 'nothing'\n"
    WatchlistStore(home / "watchlists.db").add("Politics", "section:politics")
    listed = json.loads(run("watch", "list", "--json", home=home).stdout)
    assert [c["name"] for c in listed] == ["Korea", "Politics"]
    assert "unknown field 'section:'" in listed[1]["error"]
    assert "cannot run: query 'section:politics'" in run("watch", "list", home=home).stdout
    shown = json.loads(run("watch", "show", "Politics", "--json", home=home).stdout)
    assert shown["error"] and shown["results"] == []
