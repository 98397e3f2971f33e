"""Story signatures: which articles tell the same story (near-duplicate detection).

An article's text becomes the set of its word 4-shingles (four consecutive
words, lower-cased, punctuation dropped); a MinHash signature of that set (128
values of 16 bits, 261 bytes) is computed once per article and stored. Two
signatures estimate the Jaccard similarity J of the two shingle sets: the share
of all the four-word runs in either text that occur in both.

Two articles are the same story when J >= 0.5: the same copy under another
headline, a few words edited, paragraphs reordered, a paragraph trimmed or
added, a re-post with boilerplate around it. Two reports that share a paragraph
or two of background (J of about 0.1 to 0.3) are not one story.

Candidates are found by LSH banding: the first 40 values are cut into 20 bands
of 2; articles that share a band's values share a bucket key (`band_keys`), so
finding candidates is one indexed lookup per key, never a scan. The parameters
were chosen by measurement (see `Scheme` and `benchmarks/bench_stories.py`).
Everything is deterministic: fixed seeds, CRC-32 of words, never Python's
randomized `hash()`.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


@dataclass(frozen=True)
class Scheme:
    """How signatures are made and compared; a signature records the version it was made with.

    Chosen by measurement (benchmarks/bench_stories.py --calibrate, BBC corpus):
    4-word shingles keep lightly edited copies similar (5% of words replaced: median J 0.70,
    against 0.64 with 5-shingles) while articles of different categories stay near 0 (at most
    0.12, against 0.15 with 3-shingles). 128 values estimate J within about 0.044 (one standard
    deviation) at J = 0.5; 16 bits each keep a signature at 261 bytes. The threshold 0.5 sits in
    the widest gap of the BBC pairs: rewrites of one report score 0.57 and up, the closest
    different reports (a preview and the event, two reports sharing background) 0.40 and down.
    20 bands of 2 values make a pair at J = 0.5 a candidate with probability 0.997 (0.85 at
    J = 0.3, 0.18 at J = 0.1): on 45,000 spliced articles they found 99.9% of the pairs that
    42 bands of 3 found, with 900,000 bucket rows instead of 1,890,000.
    """

    version: int = 1
    shingle: int = 4
    hashes: int = 128
    bands: int = 20
    rows: int = 2
    #: Estimated Jaccard at or above which two articles are one story.
    same: float = 0.5
    #: Fewer distinct shingles than this (about a dozen words) is too little text to judge.
    min_shingles: int = 8


SCHEME = Scheme()

_HEADER = struct.Struct("<BI")  # scheme version, number of distinct shingles
#: Shingles hashed at once: 128 x 4,096 x 8 bytes = 4 MB of scratch at most.
_CHUNK = 4096
_WORD = re.compile(r"\w+")


class _Lanes(dict[int, int]):
    """Per number of hashes, an integer with `pattern` in every 16-bit lane (built on first use)."""

    def __init__(self, pattern: int) -> None:
        super().__init__()
        self.pattern = pattern

    def __missing__(self, hashes: int) -> int:
        value = int.from_bytes(self.pattern.to_bytes(2, "little") * hashes, "little")
        self[hashes] = value
        return value


_LANES_LOW = _Lanes(0x7FFF)
_LANES_HIGH = _Lanes(0x8000)


def _seeds(count: int, label: bytes) -> list[int]:
    """Deterministic odd 64-bit constants (multipliers must be odd to be permutations)."""
    out = []
    for i in range(count):
        digest = hashlib.blake2b(label + i.to_bytes(4, "little"), digest_size=8).digest()
        out.append(int.from_bytes(digest, "little") | 1)
    return out


@dataclass(frozen=True)
class _Tables:
    """The numpy constants of one scheme, built on first use."""

    mul: npt.NDArray[np.uint64]
    add: npt.NDArray[np.uint64]
    word_mul: npt.NDArray[np.uint64]


_tables: dict[Scheme, _Tables] = {}


def _tables_for(scheme: Scheme) -> _Tables:
    import numpy as np

    tables = _tables.get(scheme)
    if tables is None:
        tables = _Tables(np.array(_seeds(scheme.hashes, b"mul"), dtype=np.uint64)[:, None],
                         np.array(_seeds(scheme.hashes, b"add"), dtype=np.uint64)[:, None],
                         np.array(_seeds(scheme.shingle, b"word"), dtype=np.uint64))
        _tables[scheme] = tables
    return tables


def words(text: str) -> list[str]:
    """The words a signature is made of: lower-cased runs of letters and digits."""
    return _WORD.findall(text.lower())


def signature(text: str, scheme: Scheme = SCHEME) -> bytes:
    """The MinHash signature of a text: a few hundred bytes, to store as a BLOB.

    The same text always gives the same bytes, in any process.
    """
    import numpy as np

    tables = _tables_for(scheme)
    tokens = words(text)
    if not tokens:
        return _HEADER.pack(scheme.version, 0) + bytes(2 * scheme.hashes)
    word_hashes = np.fromiter((zlib.crc32(w.encode()) for w in tokens), dtype=np.uint64, count=len(tokens))
    k = min(scheme.shingle, len(tokens))
    n = len(tokens) - k + 1
    with np.errstate(over="ignore"):
        # A shingle's hash mixes its k word hashes, each by its own odd constant (order matters).
        shingles = np.zeros(n, dtype=np.uint64)
        for i in range(k):
            shingles = (shingles ^ (word_hashes[i:i + n] * tables.word_mul[i])) * np.uint64(0x9E3779B97F4A7C15)
        shingles = np.unique(shingles ^ (shingles >> np.uint64(29)))
        # One multiply-add permutation per hash: the minimum over the set is the MinHash value.
        # Columns in chunks, so a book-length text needs a few MB, not hashes x shingles x 8 bytes.
        minima = np.full(scheme.hashes, np.iinfo(np.uint64).max, dtype=np.uint64)
        for start in range(0, len(shingles), _CHUNK):
            chunk = shingles[None, start:start + _CHUNK]
            minima = np.minimum(minima, (tables.mul * chunk + tables.add).min(axis=1))
    # Keep bits 16-31 of each minimum (its top bits are mostly zero).
    values = ((minima >> np.uint64(16)) & np.uint64(0xFFFF)).astype("<u2")
    return _HEADER.pack(scheme.version, len(shingles)) + values.tobytes()


def _check(sig: bytes, scheme: Scheme) -> None:
    """Refuse a signature made by another scheme (compare only like with like)."""
    version = sig[0] if sig else None
    if version != scheme.version or len(sig) != _HEADER.size + 2 * scheme.hashes:
        raise ValueError(f"story signature of version {version} ({len(sig)} bytes) is not "
                         f"version {scheme.version}: recompute it")


def shingle_count(sig: bytes) -> int:
    """How many distinct shingles the signed text had (0 for an empty text)."""
    return int(_HEADER.unpack_from(sig)[1])


def band_keys(sig: bytes, scheme: Scheme = SCHEME) -> list[int]:
    """The LSH bucket keys of a signature: one signed 32-bit integer per band.

    Two articles are candidates when they share any key. 32 bits keep SQLite's
    bucket index small; a chance collision only adds a candidate that `same_story`
    then rejects (at 45,000 articles, about one lookup in 250 meets one). Texts
    too short to judge have no keys, so they never group.
    """
    _check(sig, scheme)
    if shingle_count(sig) < scheme.min_shingles:
        return []
    width = 2 * scheme.rows
    keys = []
    for band in range(scheme.bands):
        start = _HEADER.size + band * width
        digest = hashlib.blake2b(sig[start:start + width], digest_size=4,
                                 person=band.to_bytes(2, "little")).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def similarity(a: bytes, b: bytes, scheme: Scheme = SCHEME) -> float:
    """The estimated Jaccard similarity of two signed texts' shingle sets, 0.0 to 1.0."""
    _check(a, scheme)
    _check(b, scheme)
    if not shingle_count(a) or not shingle_count(b):
        return 0.0
    # Count equal 16-bit lanes at once: a lane of the XOR is zero exactly when its top bit
    # stays clear after adding 0x7FFF to its low 15 bits (no carry crosses a lane).
    x = int.from_bytes(a[_HEADER.size:], "little") ^ int.from_bytes(b[_HEADER.size:], "little")
    low, high = _LANES_LOW[scheme.hashes], _LANES_HIGH[scheme.hashes]
    equal = (~(((x & low) + low) | x) & high).bit_count()
    # Unequal minima agree by chance on 16 bits once in 65,536: remove that bias.
    chance = 1 / 65536
    return max(0.0, (equal / scheme.hashes - chance) / (1 - chance))


def containment(a: bytes, b: bytes, jaccard: float | None = None, scheme: Scheme = SCHEME) -> float:
    """The estimated share of the smaller text's shingles that occur in the larger, 0.0 to 1.0."""
    j = similarity(a, b, scheme) if jaccard is None else jaccard
    na, nb = shingle_count(a), shingle_count(b)
    if not na or not nb:
        return 0.0
    shared = j * (na + nb) / (1 + j)
    return min(1.0, shared / min(na, nb))


def same_story(a: bytes, b: bytes, scheme: Scheme = SCHEME) -> bool:
    """Whether two signed texts tell the same story (the rule in the module docstring)."""
    if min(shingle_count(a), shingle_count(b)) < scheme.min_shingles:
        return False
    return similarity(a, b, scheme) >= scheme.same
