""""More like this": the articles closest to one article, its own story's versions first.

The versions of the article's story come first, most alike first (estimated
share of shared text, from the story signatures). Then other stories by
content: Whoosh's `more_like`, which picks the article's most distinctive
words (key terms, Bo1 model) and searches for them; each other story appears
once, as its best-ranked version (`story_index.rank_similar`), so five copies
of one report do not fill the list.
"""

from __future__ import annotations

from .fulltext import FullText
from .story_index import rank_similar
from .story_models import SimilarArticle
from .story_store import StoryRecords

#: Key terms of the article that the content search looks for.
KEY_TERMS = 12


def similar(fulltext: FullText, stories: StoryRecords, article_id: str, text: str,
            limit: int) -> list[SimilarArticle]:
    """Up to `limit` articles like a stored one (given with its text), its story's versions first."""
    own = stories.signatures(article_id)
    if article_id not in own:  # not grouped yet: a story of its own
        from .stories import signature

        own = {article_id: signature(text)}
    related: list[tuple[str, float]] = []
    with fulltext.reading() as searcher:
        docnum = searcher.document_number(id=article_id)
        if docnum is not None:
            top = 3 * limit + len(own)  # versions of one story take a place each until they are folded
            related = [(hit["id"], float(hit.score))
                       for hit in searcher.more_like(docnum, "body", top=top, numterms=KEY_TERMS)]
    story_of = stories.of([i for i, _ in related])
    ranked = rank_similar(article_id, own, related, {i: s.story for i, s in story_of.items()}, limit)
    about = stories.describe([s.id for s in ranked])
    sizes = stories.of([s.id for s in ranked])
    out = []
    for entry in ranked:
        if entry.id not in about:
            continue  # removed since the index was read
        title, source, date, url = about[entry.id]
        out.append(SimilarArticle(entry.id, title, source, date, url, entry.score, entry.same_story,
                                  sizes[entry.id].story, sizes[entry.id].size))
    return out
