"""The view of one actor across the library: sentences, mentions by month, company kept.

Its cost is bounded whatever the size of the library: the sentences are the
newest ones (each sentence once, however often it names the actor), the
company is counted over the newest articles, and only the months are counted
over everything, in SQL.
"""

from __future__ import annotations

import heapq
from dataclasses import replace
from datetime import date as Date

from .actors import Group, Resolver, aggregate
from .models import Actor, ActorLine, ActorProfile, Facet, Span, entity_type
from .sentences import sentence_around
from .store import Store
from .store_mentions import MentionRecords
from .store_rows import MentionRow

#: Sentences listed (the newest first).
LINE_LIMIT = 300
#: Articles (the newest) over which the actors mentioned alongside are counted.
COMPANY_ARTICLES = 1000


def profile(store: Store, mentions: MentionRecords, resolver: Resolver, group: Group, co_limit: int = 12,
            line_limit: int = LINE_LIMIT, with_company: bool = True) -> ActorProfile:
    """An actor's newest sentences, its mentions by month, and (unless not asked for) the actors most often
    beside it."""
    names = sorted(group.forms)
    summary = mentions.mention_summary(names)
    rows = mentions.mentions_of(names, articles=line_limit)
    lines = _lines(rows, store.texts(sorted({r.article_id for r in rows})), line_limit)
    actor = Actor(group.name, entity_type(group.type), summary.articles, summary.mentions, group.aliases())
    with_actors = company(mentions, resolver, group, co_limit) if with_company else ()
    return ActorProfile(actor, tuple(lines), summary.months, with_actors)


def company(mentions: MentionRecords, resolver: Resolver, group: Group, co_limit: int = 12) -> tuple[Facet, ...]:
    """The actors named most often in the same articles as `group` (over its newest COMPANY_ARTICLES)."""
    company_ids = mentions.articles_mentioning(sorted(group.forms), limit=COMPANY_ARTICLES)
    co = aggregate(mentions.actor_rows(company_ids), resolver)
    counts = ((len(arts), name) for name, (_, arts, _) in co.items() if name != group.name)
    return tuple(Facet(name, n) for n, name in heapq.nsmallest(co_limit, counts, key=lambda c: (-c[0], c[1])))


def _lines(rows: list[MentionRow], texts: dict[str, str], limit: int) -> list[ActorLine]:
    """One line per sentence, with every mention of the actor in it marked, in the order of the rows."""
    lines: dict[tuple[str, int], ActorLine] = {}
    for row in rows:
        if len(lines) >= limit and row.article_id != next(reversed(lines))[0]:
            break  # (rows come an article at a time: later ones could add no mark to a line kept)
        text = texts.get(row.article_id, "")
        lo, hi = sentence_around(text, row.start, row.end)
        mark = Span(row.start - lo, row.end - lo)
        known = lines.get((row.article_id, lo))
        if known is not None:
            lines[(row.article_id, lo)] = replace(known, marks=(*known.marks, mark))
            continue
        if len(lines) >= limit:
            continue
        stamp = Date.fromisoformat(row.date) if row.date else None
        lines[(row.article_id, lo)] = ActorLine(row.article_id, row.title, row.source, stamp,
                                                text[lo:hi].replace("\n", " "), mark, row.start, row.end, (mark,))
    return list(lines.values())

