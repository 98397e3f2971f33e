"""The view of one actor across the library: sentences, mentions by month, company kept."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date as Date

from .actors import Group, Resolver, aggregate
from .models import Actor, ActorLine, ActorProfile, Facet, Span
from .store import Store

#: How far to look either side of a mention for the ends of its sentence.
WINDOW = 400
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n")


def profile(store: Store, resolver: Resolver, group: Group, co_limit: int = 12) -> ActorProfile:
    """Every sentence mentioning an actor, newest article first, plus its timeline and co-actors."""
    names = sorted(group.forms)
    rows = store.mentions_of(names)
    ids = sorted({r[0] for r in rows})
    texts = store.texts(ids)
    lines = []
    months: Counter[str] = Counter()
    for article_id, start, end, _kind, day, title, source in rows:
        text = texts.get(article_id, "")
        lo, hi = sentence_around(text, start, end)
        sentence = text[lo:hi].replace("\n", " ")
        stamp = Date.fromisoformat(day) if day else None
        lines.append(ActorLine(article_id, title, source, stamp, sentence, Span(start - lo, end - lo),
                               start, end))
        if day:
            months[day[:7]] += 1
    co = aggregate(store.actor_rows(ids), resolver)
    with_actors = sorted(((name, len(arts)) for name, (_, arts, _) in co.items() if name != group.name),
                         key=lambda x: (-x[1], x[0]))[:co_limit]
    actor = Actor(group.name, group.type, len(ids), len(rows),  # type: ignore[arg-type]
                  group.aliases())
    return ActorProfile(actor, tuple(lines), tuple(sorted(months.items())),
                        tuple(Facet(n, c) for n, c in with_actors))


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end], found by looking for boundaries nearby."""
    lo = max(0, start - WINDOW)
    before = [m.end() for m in _BOUNDARY.finditer(text, lo, start)]
    left = before[-1] if before else lo
    after = _BOUNDARY.search(text, end, min(len(text), end + WINDOW))
    right = after.start() if after else min(len(text), end + WINDOW)
    return left, right
