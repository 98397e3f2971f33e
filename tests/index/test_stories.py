"""Story grouping: constructed near-duplicates group, different reports on the same actors do not,
and the grouping is deterministic and the same however the articles arrive."""

from __future__ import annotations

import hashlib
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from index.formats import parse
from index.stories import SCHEME, band_keys, same_story, shingle_count, signature, similarity
from index.story_index import StoryIndex, group, rank_similar, regroup
from index.story_tables import StoryTables
from tests.conftest import ROOT, SEEDS


def seed(name: str) -> str:
    """The text of a bundled Wikinews article."""
    path = SEEDS / f"wikinews-{name}.md"
    return parse(path.name, path.read_bytes()).text


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def edit_words(text: str, share: float, seed_: int = 1) -> str:
    """Replace about `share` of the words, the way a sub-editor's light touch would."""
    rng = random.Random(seed_)
    swaps = ["said", "reported", "officials", "new", "on Monday"]
    return " ".join(rng.choice(swaps) if rng.random() < share else w for w in text.split(" "))


BOILERPLATE_TOP = "Share this story: Facebook, Twitter, Email. Advertisement. Listen to this article (4 min)."
BOILERPLATE_END = ("Copyright 2016 Newswire Ltd. All rights reserved. This material may not be published, "
                   "broadcast, rewritten or redistributed. Sign up for our morning newsletter.")

# Two different reports of one election with the same people in them (written for this test).
DEBATE = """Eddie Chu, Regina Ip and Nathan Law met in a televised debate on Tuesday evening, five days
before Hong Kong votes for its Legislative Council. Regina Ip of the New People's Party defended the
government's housing record and said new land would be released in the New Territories within two
years. Nathan Law of Demosisto, at 23 the youngest candidate on Hong Kong Island, asked her why young
families still wait seven years for public flats. Eddie Chu, who is standing without a party in New
Territories West, accused rural landlords of blocking development and said he had received threats.
Junius Ho, his pro-Beijing rival, did not attend. Lee Cheuk-yan of the Labour Party, defending his seat,
said the pan-democrats must not split their vote. The debate was shown on two channels and the
broadcaster said more than half a million people watched it. Polling stations open at 7.30 on Sunday."""

RESULTS = """Counting finished on Monday morning and Nathan Law has won a seat on Hong Kong Island with
50,818 votes, making the Demosisto founder the youngest member the Legislative Council has had. Regina
Ip kept her seat with 60,760 votes, the most on the island. In New Territories West, Eddie Chu took
84,121 votes, the largest number for any list in the city, while Junius Ho beat Lee Cheuk-yan by about
five thousand votes, ending the Labour Party veteran's time in the council. Turnout reached 58 per cent,
about two million voters, a record. The anti-establishment camp holds a majority of the geographical
seats, enough to block members' bills, and more than a third of the council, enough to veto changes
to the electoral system. Queues outside some polling stations were still long at the 10.30 close, and
the last ballots were counted at dawn. Regina Ip told reporters she would work with the newcomers."""


@pytest.fixture(scope="module")
def base() -> str:
    return seed("defector")


@pytest.mark.parametrize("change", [
    "changed headline", "two percent of words edited", "five percent of words edited",
    "paragraphs reordered", "last two paragraphs trimmed", "paragraph added", "re-post with boilerplate",
])
def test_near_duplicates_are_one_story(base: str, change: str) -> None:
    paras = paragraphs(base)
    copies = {
        "changed headline": parse("x.md", f"---\ntitle: Defector tells all\n---\n\n{base}".encode()).text,
        "two percent of words edited": edit_words(base, 0.02),
        "five percent of words edited": edit_words(base, 0.05),
        "paragraphs reordered": "\n\n".join(random.Random(4).sample(paras, len(paras))),
        "last two paragraphs trimmed": "\n\n".join(paras[:-2]),
        "paragraph added": "\n\n".join([*paras[:3], paragraphs(seed("stampede"))[3], *paras[3:]]),
        "re-post with boilerplate": f"{BOILERPLATE_TOP}\n\n{base}\n\n{BOILERPLATE_END}",
    }
    a, b = signature(base), signature(copies[change])
    assert same_story(a, b), f"{change}: similarity {similarity(a, b):.2f}"
    assert set(band_keys(a)) & set(band_keys(b)), "near-duplicates must share a bucket to be found"


def test_different_reports_on_the_same_election_and_people_are_not_one_story() -> None:
    debate, results, wiki = signature(DEBATE), signature(RESULTS), signature(seed("election"))
    for a, b in [(debate, results), (results, wiki), (debate, wiki)]:
        assert not same_story(a, b)
        assert similarity(a, b) < 0.2


def test_sharing_one_paragraph_of_six_is_not_one_story() -> None:
    a = paragraphs(seed("clock"))[1:7]
    b = [a[3], *paragraphs(seed("hackers"))[1:6]]
    j = similarity(signature("\n\n".join(a)), signature("\n\n".join(b)))
    assert 0.03 < j < 0.2  # they do share something, about a tenth of their word runs
    assert not same_story(signature("\n\n".join(a)), signature("\n\n".join(b)))


def test_unrelated_articles_are_far_apart() -> None:
    names = ["afghan", "asylum", "clock", "crane", "korea", "nasa", "soccer", "taxes"]
    sigs = [signature(seed(n)) for n in names]
    worst = max(similarity(a, b) for i, a in enumerate(sigs) for b in sigs[i + 1:])
    assert worst < 0.05


def test_similarity_estimates_the_share_of_shared_word_runs(base: str) -> None:
    paras = paragraphs(base)
    half = "\n\n".join(paras[: len(paras) // 2])
    assert similarity(signature(base), signature(base)) == 1.0
    # Keeping about half of the text keeps about half of the shingles.
    assert 0.3 < similarity(signature(base), signature(half)) < 0.7


def test_signature_is_compact_and_identical_in_another_process(base: str) -> None:
    sig = signature(base)
    assert len(sig) == 5 + 2 * SCHEME.hashes
    code = ("import sys; from index.stories import signature; "
            "sys.stdout.write(signature(sys.stdin.read()).hex())")
    out = subprocess.run([sys.executable, "-c", code], input=base, capture_output=True, text=True, check=True,
                         cwd=ROOT, env={"PYTHONHASHSEED": "12345", "PATH": ""})
    assert bytes.fromhex(out.stdout) == sig


def test_signatures_and_keys_never_change_meaning() -> None:
    """Stored signatures are compared with new ones for years: a change here needs a new Scheme.version."""
    sig = signature("Stored signatures must never change meaning: the same words give the same bytes in "
                    "every release.")
    assert hashlib.sha256(sig).hexdigest()[:32] == "5cad519aec724707a4298d9f92f9c689"
    assert band_keys(sig)[:3] == [1882536015, 2113062097, 394026637]


def test_empty_and_tiny_texts_never_group() -> None:
    empty, tiny = signature(""), signature("Markets closed.")
    assert shingle_count(empty) == 0 and band_keys(empty) == []
    assert band_keys(tiny) == [] and not same_story(tiny, tiny)
    assert similarity(empty, empty) == 0.0


def test_a_signature_from_another_scheme_is_refused(base: str) -> None:
    with pytest.raises(ValueError, match="recompute it"):
        similarity(signature(base), b"\x07" + signature(base)[1:])


# Grouping ---------------------------------------------------------------------------------------

def corpus() -> list[tuple[str, bytes]]:
    """Seeds plus near-copies of three of them, with ids that do not sort by arrival."""
    items: list[tuple[str, bytes]] = []
    for n, path in enumerate(sorted(SEEDS.glob("wikinews-*.md"))):
        text = parse(path.name, path.read_bytes()).text
        items.append((f"{(n * 7919) % 1000:03d}-{path.stem}", signature(text)))
        if path.stem in {"wikinews-korea", "wikinews-nasa", "wikinews-soccer"}:
            items.append((f"{(n * 104729) % 1000:03d}-copy", signature(edit_words(text, 0.03, n))))
            items.append((f"{(n * 15485863) % 1000:03d}-repost", signature(f"{BOILERPLATE_TOP}\n\n{text}")))
    return items


def test_groups_copies_and_nothing_else() -> None:
    index = StoryIndex()
    index.add(corpus())
    groups = index.groups()
    assert len(groups) == 3 and all(len(g) == 3 for g in groups)
    for members in groups:
        assert {m.split("-", 1)[1] for m in members} - {"copy", "repost"}  # each with its original
        assert index.story(members[1]) == members[0]  # the story id is the smallest member id


def test_one_at_a_time_in_any_order_equals_one_batch() -> None:
    items = corpus()
    batch = StoryIndex()
    batch.add(items)
    for seed_ in range(3):
        shuffled = random.Random(seed_).sample(items, len(items))
        incremental = StoryIndex()
        for item in shuffled:
            incremental.add([item])
        chunked = StoryIndex()
        for start in range(0, len(shuffled), 5):
            chunked.add(shuffled[start:start + 5])
        assert incremental.groups() == chunked.groups() == batch.groups()
        assert all(incremental.story(i) == batch.story(i) for i, _ in items)


def bridge() -> tuple[list[tuple[str, bytes]], tuple[str, bytes]]:
    """Two articles that are different stories, and one that overlaps both a lot."""
    paras = paragraphs(seed("warhol"))
    a = ("b-first", signature("\n\n".join(paras[0:10])))
    c = ("a-second", signature("\n\n".join(paras[5:15])))
    middle = ("c-middle", signature("\n\n".join(paras[0:15])))  # J about 0.65 with each, 0.3 between them
    return [a, c], middle


def test_an_article_that_matches_two_stories_joins_them_and_leaving_splits_them() -> None:
    (a, c), middle = bridge()
    assert not same_story(a[1], c[1])
    assert same_story(a[1], middle[1]) and same_story(c[1], middle[1])
    index = StoryIndex()
    index.add([a, c])
    assert index.groups() == []
    plan = index.add([middle])
    assert plan.renamed == {"b-first": "a-second"}
    assert index.groups() == [["a-second", "b-first", "c-middle"]]
    assert index.remove(["c-middle"]) == {"b-first": "b-first"}
    assert index.groups() == [] and index.story("b-first") == "b-first"


def test_a_changed_article_is_removed_and_added_again() -> None:
    (a, c), middle = bridge()
    index = StoryIndex()
    index.add([a, c, middle])
    index.remove([middle[0]])
    index.add([(middle[0], signature("An unrelated text about something else entirely, " * 5))])
    assert index.groups() == []


def test_sqlite_tables_group_like_memory(tmp_path: Path) -> None:
    items = corpus()
    (a, c), middle = bridge()
    conn = sqlite3.connect(tmp_path / "stories.db", isolation_level=None)
    tables = StoryTables(conn)
    tables.create()
    memory = StoryIndex()
    for chunk in (items[:10], items[10:], [a, c], [middle]):
        conn.execute("BEGIN")
        tables.add(chunk)
        conn.execute("COMMIT")
        memory.add(chunk)
    stored = dict(conn.execute("SELECT article_id, story_id FROM stories"))
    assert stored == {i: memory.story(i) for i, _ in [*items, a, c, middle]}
    assert tables.members("a-second") == ["a-second", "b-first", "c-middle"]
    assert tables.remove(["c-middle"]) == memory.remove(["c-middle"]) == {"b-first": "b-first"}
    assert conn.execute("SELECT count(*) FROM story_buckets").fetchone()[0] == sum(
        len(set(band_keys(sig))) for _, sig in [*items, a, c])
    # A second connection (another process) sees the committed stories.
    other = sqlite3.connect(tmp_path / "stories.db")
    assert other.execute("SELECT story_id FROM stories WHERE article_id = 'b-first'").fetchone() == ("b-first",)


def test_group_refuses_the_same_id_twice() -> None:
    sig = signature(seed("korea"))
    with pytest.raises(ValueError, match="twice"):
        group([("x", sig), ("x", sig)], StoryIndex())


def test_regroup_matches_grouping_from_scratch() -> None:
    items = dict(corpus())
    fresh = StoryIndex()
    fresh.add(list(items.items()))
    assert regroup(items) == {i: fresh.story(i) for i in items}


def test_more_like_this_puts_the_story_first_and_each_other_story_once() -> None:
    korea = signature(seed("korea"))
    story = {"k1": korea, "k2": signature(edit_words(seed("korea"), 0.08)),
             "k3": signature(edit_words(seed("korea"), 0.02))}
    related = [("k2", 9.0), ("n1", 8.0), ("n2", 7.5), ("s1", 7.0), ("k1", 6.0), ("n3", 5.0)]
    story_of = {"k1": "k1", "k2": "k1", "k3": "k1", "n1": "n1", "n2": "n1", "n3": "n1", "s1": "s1"}
    ranked = rank_similar("k1", story, related, story_of)
    assert [(s.id, s.same_story) for s in ranked] == [("k3", True), ("k2", True), ("n1", False), ("s1", False)]
    assert ranked[0].score > ranked[1].score
    assert len(rank_similar("k1", story, related, story_of, limit=3)) == 3


def test_joining_a_big_story_compares_one_of_its_members() -> None:
    copies = [(f"copy-{n:02d}", signature(edit_words(seed("korea"), 0.01, n))) for n in range(30)]
    index = StoryIndex()
    index.add(copies)
    assert index.groups() == [[i for i, _ in copies]]
    plan = index.add([("late-copy", signature(seed("korea")))])
    assert len(plan.links) == 1 and plan.stories == {"late-copy": "copy-00"}


def test_a_book_length_text_is_signed_in_small_memory() -> None:
    text = "\n\n".join(seed(n) for n in ["afghan", "clock", "nasa", "warhol", "iodine"] * 12)  # ~60,000 words
    half = "\n\n".join(seed(n) for n in ["afghan", "clock", "nasa", "warhol", "iodine"] * 6)
    assert similarity(signature(text), signature(half)) == 1.0  # the same shingles, repeated
    assert shingle_count(signature(text)) > 4096  # more than one chunk of columns
