"""Near-duplicate articles: the same story run twice (a wire story on several sites, with a new
headline, a trimmed ending, a sentence reworded) is one source.

Every article graph carries a MinHash signature of its text (``signature``, written by
``kg.rdf.graph`` as ``kgo:minhash`` on the article's ``nif:Context``): 128 minimum hashes of
its five-word shingles, made by ``datasketch``. After a build, ``near_duplicates`` compares the
signatures of the whole corpus (locality-sensitive hashing, so it never compares every pair) and
groups the articles whose texts share at least ``THRESHOLD`` of their shingles (estimated
Jaccard similarity). In each group the first published article (then the smallest IRI) is the
original; ``kg.identity_store`` links every other one to it (``kgo:nearDuplicateOf``), and the
queries that count articles count an original and its copies once.

Two articles written apart about one event share few five-word runs (a long quotation at most),
so their similarity stays far below the threshold; a copy with a new headline and a few edited
sentences stays far above it. Texts shorter than ``MIN_WORDS`` are not compared: a stock line
("Photo: Reuters") would make any two of them copies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

PERMUTATIONS = 128
SHINGLE = 5
THRESHOLD = 0.5
MIN_WORDS = 25
_WORD = re.compile(r"\w+")
_HEX = 8
"""Hex digits per minimum hash: the scheme keeps 32-bit hash values."""
_SCHEME = "affine32"
_FORMAT = "mh1:"
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


def _minhash(hashvalues: Iterable[int] | None = None):
    from datasketch import MinHash  # imported here: its import costs seconds, and only builds need it

    if hashvalues is None:
        return MinHash(num_perm=PERMUTATIONS, scheme=_SCHEME)
    return MinHash(num_perm=PERMUTATIONS, hashvalues=list(hashvalues), scheme=_SCHEME)


def signature(text: str) -> str | None:
    """The MinHash signature of a text as hex digits, or None for a text under ``MIN_WORDS`` words."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i:i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}
    m = _minhash()
    m.update_batch(sorted(shingles))
    return _FORMAT + "".join(f"{int(v):0{_HEX}x}" for v in m.hashvalues)


def _decode(sig: str):
    if not sig.startswith(_FORMAT) or len(sig) != len(_FORMAT) + PERMUTATIONS * _HEX:
        return None
    sig = sig[len(_FORMAT):]
    try:
        return _minhash(int(sig[i:i + _HEX], 16) for i in range(0, len(sig), _HEX))
    except ValueError:
        return None


def near_duplicates(articles: Iterable[Signed]) -> tuple[Duplicate, ...]:
    """Every article that copies an earlier one, with the original of its group (a copy of a
    copy has the first original). A signature this module did not write is ignored."""
    from datasketch import MinHashLSH

    order = sorted(articles, key=lambda a: (a.published or "9999", a.article))
    rank = {a.article: i for i, a in enumerate(order)}
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS)
    hashes, original, out = {}, {}, []
    for a in order:
        m = _decode(a.signature)
        if m is None or a.article in hashes:
            continue
        close = {o: hashes[o].jaccard(m) for o in lsh.query(m)}
        close = {original.get(o, o): s for o, s in close.items() if s >= THRESHOLD}
        if close:
            first = min(close, key=rank.__getitem__)
            original[a.article] = first
            out.append(Duplicate(a.article, first, round(max(close.values()), 2)))
        hashes[a.article] = m
        lsh.insert(a.article, m)
    return tuple(out)
