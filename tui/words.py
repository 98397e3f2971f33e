"""Small wording helpers for what the user reads."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """"1 article", "2 articles"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
