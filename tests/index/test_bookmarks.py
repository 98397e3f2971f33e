"""Bookmarks: anchoring, re-anchoring and orphans, filters, exports, durability under kills."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index import BookmarkError, Draft, Library
from tests.conftest import ROOT, SEED_ID_PREFIX, drain

QUOTE = "Approximately 10,000 soldiers from North Korea have been sent to Russia"


def test_bookmark_by_quote_records_offsets_context_and_actors(seeded_copy: Library) -> None:
    b = seeded_copy.bookmarks.add(SEED_ID_PREFIX, quote=QUOTE, note="first number", tags=["#deploy", "numbers"])
    text = seeded_copy.article(SEED_ID_PREFIX).text
    assert b.start is not None and text[b.start:b.end] == QUOTE
    assert text[:b.start].endswith(b.prefix) and text[b.end:].startswith(b.suffix)
    assert b.actors == ("North Korea", "Russia")
    assert b.tags == ("deploy", "numbers")
    assert b.title.startswith("The geopolitical dynamics")


def test_a_quote_that_is_not_in_the_article_is_refused(seeded_copy: Library) -> None:
    with pytest.raises(BookmarkError, match="does not occur in article"):
        seeded_copy.bookmarks.add(SEED_ID_PREFIX, quote="words that are not there")
    assert seeded_copy.bookmarks.list() == []


def test_filters_by_words_tags_and_actors_newest_first(seeded_copy: Library) -> None:
    first = seeded_copy.bookmarks.add(SEED_ID_PREFIX, quote=QUOTE, note="deployment size", tags=["numbers"])
    second = seeded_copy.bookmarks.add(SEED_ID_PREFIX, quote="Lloyd Austin has warned", note="US view")
    assert [b.id for b in seeded_copy.bookmarks.list()] == [second.id, first.id]
    assert [b.id for b in seeded_copy.bookmarks.list("tag:numbers")] == [first.id]
    assert [b.id for b in seeded_copy.bookmarks.list('actor:"lloyd austin"')] == [second.id]
    assert [b.id for b in seeded_copy.bookmarks.list("deployment")] == [first.id]
    assert seeded_copy.bookmarks.list("deployment tag:missing") == []


def test_changed_article_reanchors_and_keeps_orphans(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "in" / "story.txt"
    path.parent.mkdir()
    path.write_text("Storm news\n\nA storm hit Lisbon on Monday. The mayor said roads were closed. "
                    "Schools will reopen on Friday.\n")
    drain(library.add([path]))
    article_id = library.search("lisbon").hits[0].id
    kept = library.bookmarks.add(article_id, quote="The mayor said roads were closed.", note="roads")
    lost = library.bookmarks.add(article_id, quote="Schools will reopen on Friday.", note="schools note")
    path.write_text("Storm news\n\nUPDATE: power is back. A storm hit Lisbon on Monday. "
                    "The mayor said roads were closed. Schools stay shut.\n")
    drain(library.add([path]))
    moved = {b.id: b for b in library.bookmarks.list()}
    text = library.article(article_id).text
    assert moved[kept.id].start is not None and moved[kept.id].start > (kept.start or 0)
    assert text[moved[kept.id].start:moved[kept.id].end] == kept.quote
    orphan = moved[lost.id]
    assert orphan.orphaned and orphan.note == "schools note" and orphan.quote == lost.quote
    assert "no longer found" in library.bookmarks.export("md")


def test_markdown_export_groups_by_article(seeded_copy: Library) -> None:
    seeded_copy.bookmarks.add(SEED_ID_PREFIX, quote=QUOTE, note="first hard number", tags=["numbers"])
    korea = seeded_copy.search("quasi-state").hits[0]
    seeded_copy.bookmarks.add(korea.id, quote="placed on high alert", note="alert level")
    md = seeded_copy.bookmarks.export("md")
    assert md.count("\n## ") == 2
    assert f"> {QUOTE}" in md and "first hard number" in md
    assert "Tags: #numbers" in md and "Actors: North Korea, Russia" in md
    assert "Wikinews · 2015-08-21 · <https://en.wikinews.org/" in md


def test_json_export_is_w3c_web_annotation(seeded_copy: Library) -> None:
    b = seeded_copy.bookmarks.add(SEED_ID_PREFIX, quote=QUOTE, note="n", tags=["t"])
    items = json.loads(seeded_copy.bookmarks.export("json"))
    assert len(items) == 1
    a = items[0]
    assert a["@context"] == "http://www.w3.org/ns/anno.jsonld" and a["type"] == "Annotation"
    assert {"type": "TextualBody", "value": "n", "format": "text/plain", "purpose": "commenting"} in a["body"]
    assert {"type": "TextualBody", "value": "t", "purpose": "tagging"} in a["body"]
    selectors = {s["type"]: s for s in a["target"]["selector"]}
    assert selectors["TextQuoteSelector"] == {"type": "TextQuoteSelector", "exact": QUOTE,
                                              "prefix": b.prefix, "suffix": b.suffix}
    assert selectors["TextPositionSelector"] == {"type": "TextPositionSelector", "start": b.start, "end": b.end}
    assert a["target"]["source"] == f"urn:newsdesk:article:{b.article_id}"


def test_delete_and_undo(seeded_copy: Library) -> None:
    b = seeded_copy.bookmarks.add(SEED_ID_PREFIX, quote=QUOTE, note="keep me")
    gone = seeded_copy.bookmarks.delete(b.id)
    assert seeded_copy.bookmarks.list() == []
    assert seeded_copy.bookmarks.restore(gone) == b


def test_drafts_survive_until_discarded(seeded_copy: Library) -> None:
    seeded_copy.bookmarks.save_draft(Draft("k1", SEED_ID_PREFIX, 0, 10, None, "half a tho", "x"))
    seeded_copy.bookmarks.save_draft(Draft("k1", SEED_ID_PREFIX, 0, 10, None, "half a thought", "x"))
    reopened = Library(seeded_copy.home)
    assert [d.note for d in reopened.bookmarks.drafts()] == ["half a thought"]
    reopened.bookmarks.discard_draft("k1")
    assert reopened.bookmarks.drafts() == []
    reopened.close()


def test_a_newer_schema_is_refused_and_left_alone(seeded_copy: Library) -> None:
    seeded_copy.bookmarks.list()
    seeded_copy.close()
    db = seeded_copy.home / "bookmarks.db"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(BookmarkError, match="newer newsdesk"):
        Library(seeded_copy.home).bookmarks.list()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 99


WRITER = """
import sys
sys.path.insert(0, {root!r})
from index import Library
lib = Library({home!r})
article = lib.article({article!r})
quote = {quote!r}
i = 0
while True:
    b = lib.bookmarks.add(article.id, quote=quote, note=f"{tag} note {{i}}")
    print(b.id, flush=True)
    i += 1
    if {limit} and i >= {limit}:
        break
"""


def _writer(home: Path, tag: str, limit: int = 0) -> subprocess.Popen[str]:
    code = WRITER.format(root=str(ROOT), home=str(home), article=SEED_ID_PREFIX, quote=QUOTE, tag=tag,
                         limit=limit)
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)


def test_sigkill_never_loses_an_acknowledged_bookmark(seeded_copy: Library) -> None:
    home = seeded_copy.home
    seeded_copy.bookmarks.list()  # create the file first
    acknowledged: set[int] = set()
    for round_ in range(12):
        proc = _writer(home, f"r{round_}")
        assert proc.stdout is not None
        first = proc.stdout.readline()  # writing has begun, however slow the machine is
        time.sleep(0.2 + 0.05 * (round_ % 5))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        acknowledged |= {int(line) for line in (first + out).split()}
    assert len(acknowledged) > 12
    with sqlite3.connect(home / "bookmarks.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in conn.execute("SELECT id FROM bookmarks")}
    assert acknowledged <= stored


def test_two_processes_save_at_once(seeded_copy: Library) -> None:
    seeded_copy.bookmarks.list()
    procs = [_writer(seeded_copy.home, name, limit=60) for name in ("a", "b")]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    ids = [int(x) for out in outs for x in out.split()]
    assert len(ids) == 120 and len(set(ids)) == 120
    assert len(seeded_copy.bookmarks.list()) == 120
