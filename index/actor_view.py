"""The view of one actor across the library: sentences, mentions by month, company kept."""

from __future__ import annotations

from collections import Counter
from datetime import date as Date

from .actors import Group, Resolver, aggregate
from .models import Actor, ActorLine, ActorProfile, Facet, Span
from .sentences import sentence_around
from .store import Store


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

