"""Adding web pages and feed files: told apart by content, one article per page or item, every item once."""

from __future__ import annotations

import gzip
import shutil
import sqlite3
from pathlib import Path

from index import Library, Progress
from tests.index.feedgen import Item, atom, items, json_feed, long_text, page, rss

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"


def add(library: Library, *paths: Path) -> tuple[Progress, list[dict[str, object]]]:
    """Add, returning the last step and every item result as its JSON object."""
    results: list[dict[str, object]] = []
    last = None
    for last in library.add(list(paths)):
        results.extend(item.as_json() for item in last.items)
    assert last is not None
    return last, results


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_a_saved_page_is_one_article_with_its_metadata(library: Library, tmp_path: Path) -> None:
    story = items(1)[0]
    saved = write(tmp_path / "Downloads" / "story.html",
                  page(story.title, long_text(story), url=story.link(tracking=True), author="Jane Doe"))
    final, results = add(library, saved)
    assert (final.added, final.failed) == (1, 0)
    article = library.article(str(results[0]["id"]))
    assert article.title == story.title  # not "... | Example News"
    assert (article.source, article.url, article.authors) == ("Example News", story.link(), ("Jane Doe",))
    assert article.date is not None and article.date.isoformat() == "2024-05-02"
    assert "Home" not in article.text and "All rights reserved" not in article.text
    assert library.search('"council would meet again"').total == 1


def test_each_feed_format_gives_one_article_per_item_with_the_feed_as_source(library: Library,
                                                                             tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    write(folder / "a.rss", rss(items(3, "alpha"), title="Alpha Daily"))
    write(folder / "b.xml", atom(items(4, "beta"), title="Beta Times"))
    write(folder / "c", json_feed(items(5, "gamma"), title="Gamma Post"))  # no suffix: read by content
    final, results = add(library, folder)
    assert (final.added, final.failed) == (12, 0)
    assert {r["source"] for r in results} == {"Alpha Daily", "Beta Times", "Gamma Post"}
    assert library.search("source:gamma").total == 5
    hit = library.search("Beta 2 council").hits[0]
    assert hit.url == "https://news.example/beta-2" and hit.date is not None


def test_real_feeds_of_each_format_give_their_true_item_counts(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "real"
    write(folder / "guardian.rss", gzip.decompress((FIXTURES / "rss" / "guardian.rss.gz").read_bytes()))
    for name in ("rss/livemint.xml", "atom/RSS-Verge.xml", "jsonfeed/pxlnv.json"):
        shutil.copy(FIXTURES / name, folder / Path(name).name)
    final, _ = add(library, folder)
    assert (final.added, final.failed) == (55 + 25 + 10 + 20, 0)


def test_a_folder_mixing_texts_pages_feeds_and_other_files(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    story = items(1, "page")[0]
    write(folder / "note.txt", b"Harbour reopens\n\nThe harbour in Porto reopened on Monday.\n")
    write(folder / "brief.md", b"---\ntitle: Brief\n---\n\nA brief from Oslo.\n")
    write(folder / "story.htm", page(story.title, long_text(story), url=story.link()))
    write(folder / "feed.xml", rss(items(2)))
    write(folder / "subs.opml", (FIXTURES / "opml" / "Subs.opml").read_bytes())
    write(folder / "photo.jpg", b"\xff\xd8\xff\xe0" + bytes(64))
    write(folder / "moved.rss", (FIXTURES / "malformed" / "unrecognized.rss").read_bytes())
    write(folder / "data.json", b'{"temperature": 21}')
    final, results = add(library, folder)
    reasons = {Path(f.path).name: f.reason for f in final.failures}
    assert final.added == 5
    assert "OPML subscription list" in reasons["subs.opml"] and "--opml" in reasons["subs.opml"]
    assert reasons["photo.jpg"].startswith("unsupported file type '.jpg' (a JPEG image)")
    assert reasons["moved.rss"] == "an HTML page, not a feed"
    assert reasons["data.json"].startswith("JSON, but not a JSON Feed")
    failed = [r for r in results if r["status"] == "failed"]
    assert len(failed) == 4 and all(r["id"] is None and ": " in str(r["error"]) for r in failed)


def test_the_same_items_in_three_formats_and_with_trackers_are_stored_once(library: Library,
                                                                          tmp_path: Path) -> None:
    news = items(4)
    folder = tmp_path / "site"
    write(folder / "1.rss", rss(news, tracking=True))
    write(folder / "2.atom", atom(news))
    write(folder / "3.json", json_feed(news))
    final, results = add(library, folder)
    assert (final.added, final.duplicates, final.failed) == (4, 8, 0)
    assert library.search("council").total == 4
    assert len({r["id"] for r in results}) == 4
    assert all(r["url"] == f"https://news.example/story-{n}" for n, r in enumerate(results[:4]))
    again, again_results = add(library, folder)  # unchanged files: every item reported unchanged
    assert (again.added, again.updated, again.unchanged) == (0, 0, 12)
    assert {r["status"] for r in again_results} == {"unchanged"}


def test_a_changed_item_updates_its_article_under_the_same_id(library: Library, tmp_path: Path) -> None:
    news = items(3)
    feed = write(tmp_path / "feed.xml", rss(news))
    _, results = add(library, feed)
    first_id = results[1]["id"]
    news[1] = Item(news[1].slug, "Story 1: council moves to Quito", "The council moved its meeting to Quito.")
    write(feed, rss(news))
    final, results = add(library, feed)
    assert (final.added, final.updated, final.unchanged) == (0, 1, 2)
    assert [r["status"] for r in results] == ["unchanged", "updated", "unchanged"]
    assert results[1]["id"] == first_id and library.search("quito").hits[0].id == first_id
    assert library.stats().articles == 3


def test_a_malformed_feed_adds_what_it_salvaged_and_says_so(library: Library, tmp_path: Path) -> None:
    whole = rss(items(3)).decode()
    cut = whole[:whole.index("<item>", whole.index("story-1"))] + "<item><title>Broken"
    broken = write(tmp_path / "broken.xml", cut.encode())
    empty = write(tmp_path / "empty.rss", b"")
    final, _ = add(library, broken, empty)
    assert final.added == 3  # the two whole items and what there is of the third (its title)
    assert [(Path(w.path).name, "salvaged 3 items" in w.reason) for w in final.warnings] == [("broken.xml", True)]
    assert [(Path(f.path).name, f.reason) for f in final.failures] == [("empty.rss", "empty file, not a feed")]


def test_a_saved_page_and_the_same_story_in_a_feed_are_one_article(library: Library, tmp_path: Path) -> None:
    story = items(1)[0]
    feed = write(tmp_path / "feed.xml", rss([story], summary_only=True))
    _, results = add(library, feed)
    saved = write(tmp_path / "story.html", page(story.title, long_text(story), url=story.link(tracking=True)))
    final, page_results = add(library, saved)
    assert final.updated == 1 and page_results[0]["id"] == results[0]["id"]  # the page's full text wins
    assert "Paragraph 3" in library.article(str(results[0]["id"])).text
    write(feed, rss([story], title="Example News (renamed)", summary_only=True))
    again, _ = add(library, feed)  # the feed's summary does not replace the page
    assert (again.added, again.updated) == (0, 0)
    assert "Paragraph 3" in library.article(str(results[0]["id"])).text
    assert library.stats().articles == 1


def test_a_library_made_before_feeds_is_upgraded_in_place(tmp_path: Path) -> None:
    from index import store_schema

    home = tmp_path / "home"
    home.mkdir()
    conn = sqlite3.connect(home / "library.db")
    for step in (store_schema._V1, store_schema._V2):
        conn.executescript(step)
    conn.execute("INSERT INTO articles(id, title, text, content_hash, seq, added) VALUES"
                 " ('0123456789abcdef', 'Harbour reopens', 'The harbour in Porto reopened.', 'abc', 1, 1)")
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'seq'")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with Library(home) as library:
        assert library.search("porto").hits[0].title == "Harbour reopens"
        final, _ = add(library, write(tmp_path / "feed.xml", rss(items(2))))
        assert final.added == 2 and library.stats().articles == 3
    conn = sqlite3.connect(home / "library.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store_schema.SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM item_keys").fetchone()[0] == 4
