"""Mentions over time as a line of block characters."""

from __future__ import annotations

from collections.abc import Sequence

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(counts: Sequence[int]) -> str:
    """A row of block characters, one per count, scaled to the largest."""
    top = max(counts, default=0)
    if not top:
        return ""
    return "".join(SPARKS[min(len(SPARKS) - 1, (n * (len(SPARKS) - 1) + top - 1) // top)] if n else " "
                   for n in counts)


def month_series(months: Sequence[tuple[str, int]]) -> tuple[str, str, list[int]]:
    """Every month from the first to the last with its count (months with none are 0)."""
    if not months:
        return "", "", []
    have = dict(months)
    first, last = months[0][0], months[-1][0]
    year, month = int(first[:4]), int(first[5:7])
    series = []
    while f"{year:04d}-{month:02d}" <= last:
        series.append(have.get(f"{year:04d}-{month:02d}", 0))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return first, last, series
