"""Near-duplicate articles: the same story run twice (a wire story on several sites, with a new
headline, a trimmed ending, a sentence reworded) is one source.

Every article graph carries a MinHash signature of its text (``signature``, written by
``kg.rdf.graph`` as ``kgo:minhash`` on the article's ``nif:Context``): 128 minimum hashes of
its five-word shingles. After a build, ``near_duplicates`` compares the signatures of the whole
corpus (locality-sensitive hashing in bands, so it never compares every pair) and groups the
articles whose texts share at least ``THRESHOLD`` of their shingles (estimated Jaccard
similarity). In each group the first published article (then the smallest IRI) is the
original; ``kg.identity_store`` links every other one to it (``kgo:nearDuplicateOf``), and the
queries that count articles count an original and its copies once.

Two articles written apart about one event share few five-word runs (a long quotation at most),
so their similarity stays far below the threshold; a copy with a new headline and a few edited
sentences stays far above it. Texts shorter than ``MIN_WORDS`` are not compared: a stock line
("Photo: Reuters") would make any two of them copies.

Signing and grouping are the textbook scheme (Broder's minimum hashes under random affine maps, then bands of rows
as buckets) in a few lines of numpy, which the spaCy pipeline has already loaded: the library
that did it before imported SciPy, a second per build and per worker.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

PERMUTATIONS = 128
SHINGLE = 5
THRESHOLD = 0.5
MIN_WORDS = 25
BANDS = 32
"""LSH bands of ``PERMUTATIONS // BANDS`` rows: two texts share a bucket with probability
1 - (1 - J^4)^32, which is 0.87 at J = 0.5 and 0.9996 at J = 0.7 (a copy scores far higher)."""
_WORD = re.compile(r"\w+")
_HEX = 8
"""Hex digits per minimum hash: hash values are 32-bit."""
_PRIME = (1 << 32) + 15
"""The affine maps work modulo this prime, just above the 32-bit hash values."""
_SEED = 20241207
_FORMAT = "mh2:"
"""Begins every signature: a later change of shingles or hashing writes another, and signatures
of different formats are never compared."""


@dataclass(frozen=True, slots=True)
class Signed:
    """An article with its text's signature; ``published`` (ISO date or "") orders originals."""

    article: str
    signature: str
    published: str = ""


@dataclass(frozen=True, slots=True)
class Duplicate:
    """``article`` is a near-duplicate of ``original`` (estimated Jaccard ``similarity``)."""

    article: str
    original: str
    similarity: float


@functools.cache
def _maps():
    import numpy as np

    rng = np.random.default_rng(_SEED)
    # a < 2^31 and x < 2^32 keep a * x + b inside 64 bits, so numpy's arithmetic is exact
    return (rng.integers(1, 1 << 31, PERMUTATIONS, dtype=np.uint64)[:, None],
            rng.integers(0, 1 << 32, PERMUTATIONS, dtype=np.uint64)[:, None])



def signature(text: str) -> str | None:
    """The MinHash signature of a text as hex digits, or None for a text under ``MIN_WORDS`` words."""
    import numpy as np

    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return None
    a, b = _maps()
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    x = np.fromiter((int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=4).digest(), "big")
                     for s in shingles), dtype=np.uint64, count=len(shingles))
    mins = ((a * x + b) % _PRIME & 0xFFFFFFFF).min(axis=1)
    return _FORMAT + mins.astype(">u4").tobytes().hex()  # 32-bit big-endian: _HEX digits each


def _decode(sig: str) -> tuple[int, ...] | None:
    if not sig.startswith(_FORMAT) or len(sig) != len(_FORMAT) + PERMUTATIONS * _HEX:
        return None
    sig = sig[len(_FORMAT):]
    try:
        return tuple(int(sig[i:i + _HEX], 16) for i in range(0, len(sig), _HEX))
    except ValueError:
        return None


def _similarity(x: tuple[int, ...], y: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity: the share of minimum hashes two signatures have in common."""
    return sum(p == q for p, q in zip(x, y, strict=True)) / PERMUTATIONS


def near_duplicates(articles: Iterable[Signed]) -> tuple[Duplicate, ...]:
    """Every article that copies an earlier one, with the original of its group (a copy of a
    copy has the first original). A signature this module did not write is ignored."""
    order = sorted(articles, key=lambda a: (a.published or "9999", a.article))
    rank = {a.article: i for i, a in enumerate(order)}
    rows = PERMUTATIONS // BANDS
    buckets: defaultdict[tuple[int, tuple[int, ...]], list[str]] = defaultdict(list)
    hashes: dict[str, tuple[int, ...]] = {}
    original: dict[str, str] = {}
    out = []
    for a in order:
        m = _decode(a.signature)
        if m is None or a.article in hashes:
            continue
        keys = [(band, m[band * rows:(band + 1) * rows]) for band in range(BANDS)]
        candidates = {o for key in keys for o in buckets.get(key, ())}
        close: dict[str, float] = {}
        for o in candidates:
            if (s := _similarity(hashes[o], m)) >= THRESHOLD:
                first = original.get(o, o)
                close[first] = max(close.get(first, 0.0), s)
        if close:
            first = min(close, key=rank.__getitem__)
            original[a.article] = first
            out.append(Duplicate(a.article, first, round(max(close.values()), 2)))
        hashes[a.article] = m
        for key in keys:
            buckets[key].append(a.article)
    return tuple(out)
