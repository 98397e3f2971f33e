"""The `newsdesk` command line as a script would use it: JSON shapes, exit codes, errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED_ID_PREFIX


def run(*args: str, home: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", "--home", str(home), *args],
                          capture_output=True, text=True, input=stdin, timeout=120)


@pytest.fixture
def home(seeded_home: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(seeded_home, copy)
    return copy


def test_search_json_shape_and_seed_first(home: Path) -> None:
    out = run("search", "North Korean troops", "--json", home=home)
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert hits[0]["id"].startswith(SEED_ID_PREFIX)
    assert set(hits[0]) == {"id", "title", "source", "date", "url", "score", "snippet", "story", "story_size"}
    assert (hits[0]["story"], hits[0]["story_size"]) == (hits[0]["id"], 1)  # the seeds tell different stories
    assert "troops" in hits[0]["snippet"].lower()


def test_search_text_output_marks_and_counts(home: Path) -> None:
    out = run("search", "kursk", home=home)
    assert out.returncode == 0
    assert "1 result" in out.stdout and "Kursk" in out.stdout


def test_search_sort_date_and_limit(home: Path) -> None:
    hits = json.loads(run("search", "source:wikinews", "--sort", "date", "--limit", "3", "--json",
                          home=home).stdout)
    assert len(hits) == 3 and hits[0]["date"] >= hits[1]["date"] >= hits[2]["date"]


def test_show_json_offsets_point_into_text(home: Path) -> None:
    article = json.loads(run("show", SEED_ID_PREFIX, "--json", home=home).stdout)
    assert set(article) == {"id", "title", "source", "date", "url", "text", "entities", "story", "story_members"}
    for e in article["entities"]:
        assert set(e) == {"start", "end", "text", "type", "actor"}
        assert article["text"][e["start"]:e["end"]] == e["text"]


def test_actors_json_shape(home: Path) -> None:
    actors = json.loads(run("actors", "--limit", "5", "--json", home=home).stdout)
    assert len(actors) == 5
    assert set(actors[0]) == {"actor", "type", "articles", "mentions", "aliases"}
    assert actors[0]["articles"] >= actors[-1]["articles"]


def test_entities_json_lines_from_files_and_stdin(home: Path, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("Angela Merkel visited Paris.\r\nShe met Emmanuel Macron.")
    out = run("entities", str(a), "-", "--json", home=home, stdin="Boris Johnson left London.")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(a), "-"]
    text = a.read_bytes().decode()
    for m in lines[0]["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
    assert {m["actor"] for m in lines[0]["mentions"]} >= {"Angela Merkel", "Paris", "Emmanuel Macron"}
    assert {m["text"] for m in lines[1]["mentions"]} >= {"Boris Johnson", "London"}


def test_add_reports_counts_and_failures_with_exit_codes(home: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Flood in Dhaka\n\nRivers rose in Dhaka, Bangladesh.\n")
    out = run("add", str(good), home=home)
    assert out.returncode == 0 and "added 1" in out.stdout
    bad = tmp_path / "bad.bin.txt"
    bad.write_bytes(b"\x00\x01\x02")
    out = run("add", str(good), str(bad), home=home)
    assert out.returncode == 1
    assert "unchanged 1" in out.stdout and "failed 1" in out.stdout
    assert f"{bad}: binary file" in out.stderr
    assert run("add", home=home).returncode == 2
    (tmp_path / "empty").mkdir()
    nothing = run("add", str(tmp_path / "empty"), home=home)  # a folder with nothing to read: said so
    assert nothing.returncode == 0 and f"no files found in {tmp_path / 'empty'}" in nothing.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("search", "colour:red"), "unknown field"),
    (("show", "nope-not-an-id"), "no article with id 'nope-not-an-id'"),
    (("search", "x", "--limit", "0"), "must be at least 1"),
])
def test_errors_are_one_line_without_traceback(home: Path, args: tuple[str, ...], message: str) -> None:
    out = run(*args, home=home)
    assert out.returncode in (1, 2)
    assert message in out.stderr and "Traceback" not in out.stderr


def test_first_command_on_an_empty_home_ingests_the_seeds(tmp_path: Path) -> None:
    out = run("search", "kursk", "--json", home=tmp_path / "fresh")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)[0]["id"].startswith(SEED_ID_PREFIX)


def test_reindex_and_stats(home: Path) -> None:
    assert "reindexed 25 articles" in run("reindex", home=home).stdout
    stats = run("stats", home=home).stdout
    assert "articles   25" in stats and str(home) in stats


def test_bookmarks_add_list_export(home: Path, tmp_path: Path) -> None:
    out = run("bookmarks", "add", SEED_ID_PREFIX, "--quote", "Lloyd Austin has warned", "--note",
              "Austin's warning", "--tag", "us", "--json", home=home)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["actors"] == ["Lloyd Austin"]
    bad = run("bookmarks", "add", SEED_ID_PREFIX, "--quote", "not in there", home=home)
    assert bad.returncode == 1 and "does not occur in article" in bad.stderr
    listed = json.loads(run("bookmarks", "list", "--json", home=home).stdout)
    assert [b["note"] for b in listed] == ["Austin's warning"]
    target = tmp_path / "notes.md"
    assert run("bookmarks", "export", "--format", "md", "-o", str(target), home=home).returncode == 0
    assert "> Lloyd Austin has warned" in target.read_text() and "Austin's warning" in target.read_text()
    annotations = json.loads(run("bookmarks", "export", "--format", "json", home=home).stdout)
    assert annotations[0]["type"] == "Annotation"


def test_a_query_that_starts_with_a_minus_is_a_query(home: Path) -> None:
    without = json.loads(run("search", "-korea", "--json", "--limit", "100", home=home).stdout)
    everything = json.loads(run("search", "", "--json", "--limit", "100", home=home).stdout)
    korea = json.loads(run("search", "korea", "--json", "--limit", "100", home=home).stdout)
    assert without and len(without) == len(everything) - len(korea)
    both = run("search", "north", "-korea", "--limit", "3", "--json", home=home)
    assert both.returncode == 0 and all("korea" not in h["snippet"].lower() for h in json.loads(both.stdout))


def test_a_query_the_index_would_choke_on_is_refused_in_one_line(home: Path) -> None:
    out = run("search", "a" * 20_000, home=home)
    assert out.returncode == 1 and out.stderr.count("\n") == 1 and "too long" in out.stderr


def test_newsdesk_without_a_terminal_names_the_commands_and_exits_2(home: Path) -> None:
    for args in ((), ("tui",)):
        out = run(*args, home=home, stdin="")  # stdin and stdout are pipes, as from a script
        assert out.returncode == 2
        assert out.stdout == "" and len(out.stderr.splitlines()) == 1
        assert "terminal" in out.stderr and all(word in out.stderr for word in ("search", "add", "show"))


def test_search_json_keeps_the_suggestion_and_the_total(home: Path) -> None:
    out = run("search", "kursc", "--json", home=home)
    assert out.returncode == 0 and json.loads(out.stdout) == []  # the list shape scripts rely on
    assert "did you mean: kursk" in out.stderr
    whole = json.loads(run("search", "--json=object", "korea", home=home).stdout)
    assert set(whole) == {"query", "total", "shown", "suggestion", "hits", "actors", "sources"}
    assert whole["total"] == len(whole["hits"]) == 3 and whole["query"] == "korea"
    assert {"actor": "South Korea", "articles": 3} in whole["actors"]
    assert set(whole["hits"][0]) == {"id", "title", "source", "date", "url", "score", "snippet", "story", "story_size"}
    assert json.loads(run("search", "--json=object", "kursc", home=home).stdout)["suggestion"] == "kursk"
    assert len(json.loads(run("search", "--json", "korea", home=home).stdout)) == 3  # --json before the words


def test_counts_read_as_english(home: Path, tmp_path: Path) -> None:
    run("bookmarks", "add", SEED_ID_PREFIX, "--quote", "Lloyd Austin has warned", home=home)
    out = run("bookmarks", "export", "-o", str(tmp_path / "one.md"), home=home)
    assert "wrote 1 bookmark to" in out.stderr
    assert "reindexed 25 articles" in run("reindex", home=home).stdout
    lone = tmp_path / "lone"
    (lone / "in").mkdir(parents=True)
    (lone / "in" / "a.txt").write_text("Flood in Dhaka\n\nRivers rose in Dhaka, Bangladesh.\n")
    run("add", str(lone / "in"), home=lone / "home")
    stats = run("stats", home=lone / "home").stdout
    assert "(from 1 file;" in stats


def test_every_search_option_is_known_to_the_minus_word_rule() -> None:
    import argparse

    from tui.cli import SEARCH_OPTIONS, build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices["search"]._option_string_actions) <= SEARCH_OPTIONS


def test_actor_view_piped_prints_every_sentence_whole(home: Path) -> None:
    out = run("actors", "show", "Kim Jong Un", home=home)
    assert out.returncode == 0, out.stderr
    assert "battle ready to launch surprise operations" in out.stdout  # the end of a 300-character sentence
    assert "…" not in out.stdout.split("with:", 1)[1].splitlines()[2]  # nor its start cut
