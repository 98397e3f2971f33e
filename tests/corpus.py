"""Small made-up news folders for tests that need many distinct articles (no data from outside)."""

from __future__ import annotations

import random
from pathlib import Path

PEOPLE = ["Maria Silva", "John Okafor", "Li Wei", "Anna Kowalski", "Omar Haddad", "Sofia Rossi",
          "Kenji Sato", "Fatima Diallo", "Pedro Alves", "Ingrid Berg"]
PLACES = ["Lisbon", "Lagos", "Shanghai", "Warsaw", "Beirut", "Milan", "Osaka", "Dakar", "Porto", "Oslo"]
TOPICS = ["oil prices", "a port strike", "a court ruling", "the harvest", "a rail project", "flooding",
          "a bank merger", "an election", "a vaccine trial", "a football final"]


def article(n: int, rng: random.Random) -> str:
    """A short article with a title line, names and places, unique to `n`."""
    person, place, topic = rng.choice(PEOPLE), rng.choice(PLACES), rng.choice(TOPICS)
    other = rng.choice(PLACES)
    return (f"Report {n} on {topic} in {place}\n\n"
            f"{person} said on Monday that {topic} in {place} had changed the week for many families. "
            f"Officials in {other} disagreed, and the ministry promised a statement. "
            f"Case number {n} was filed with the regional authority, reporter {n * 7919 % 10007} wrote. "
            f"Markets reacted as traders watched oil and grain.\n")


def make_folder(folder: Path, count: int, start: int = 0, seed: int = 7) -> Path:
    """Write `count` distinct .txt articles numbered from `start` into `folder`."""
    rng = random.Random(seed + start)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(start, start + count):
        (folder / f"{n:05d}.txt").write_text(article(n, rng), encoding="utf-8")
    return folder
