"""The entity model's worker processes: results in order and equal to one process, workers replaced
as they go, and none left behind when the caller stops early."""

from __future__ import annotations

import multiprocessing

import pytest

from index.entities import Extractor


def texts(n: int) -> list[str]:
    return [f"Maria Silva met John Okafor in Lisbon on day {i}. The United Nations said Paris agreed."
            for i in range(n)]


def spans(results: list) -> list:  # type: ignore[type-arg]
    return [[(e.start, e.end, e.type, e.actor) for e in found] for found in results]


def test_workers_give_what_one_process_gives_and_are_replaced_as_they_go(monkeypatch: pytest.MonkeyPatch) -> None:
    import index.ner_pool as pool

    monkeypatch.setattr(pool, "RECYCLE_TEXTS", 70)  # five sets of workers for 300 texts
    started: list[int] = []
    original = pool._Pool.__init__

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        started.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(pool._Pool, "__init__", counting)
    many = list(Extractor(processes=2).extract_many(texts(300)))
    assert len(started) == 5
    assert spans(many) == spans(list(Extractor(processes=1).extract_many(texts(300))))


def test_stopping_early_leaves_no_worker_running() -> None:
    results = Extractor(processes=2).extract_many(texts(400))
    next(results)
    assert multiprocessing.active_children()
    results.close()
    assert not [p for p in multiprocessing.active_children() if p.is_alive()]
