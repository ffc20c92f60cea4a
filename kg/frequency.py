"""How common an English word is (wordfreq's Zipf scale), mostly without loading wordfreq.

Importing wordfreq and reading its English list costs about as much as loading the spaCy model
(its ``locate`` walks the whole call stack at import). The everyday words, those of ASCII letters
at ``FLOOR`` or more, are precomputed in ``kg/data/wordfreq-en.tsv`` (``scripts/precompute_tables.py``)
with wordfreq's own values; wordfreq itself is asked only what the table cannot answer: a word
not in it asked below the floor, or one with other characters (digits, dots; not punctuation alone).
``tests/test_precomputed.py`` compares the table with wordfreq.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

TABLE = Path(__file__).parent / "data" / "wordfreq-en.tsv"
EVERYDAY = 4.5
"""Zipf frequency (``wordfreq``: 5 = once per 100,000 words) from which a word is an everyday word."""
FLOOR = 4.0
"""The table holds every word of ASCII letters whose Zipf frequency is at least this."""
APOSTROPHES = "'’"


def common(word: str, zipf: float) -> bool:
    """Whether wordfreq's ``zipf_frequency(word, "en")`` is at least ``zipf``."""
    bare = word.lstrip(APOSTROPHES)  # wordfreq reads "'s" as "s", "'em" as "em"
    if bare.isascii() and bare.isalpha() and bare.islower():  # one token, as wordfreq tokenizes it
        known = _table().get(bare)
        if known is not None or zipf >= FLOOR:
            return (known or 0.0) >= zipf
    if all(unicodedata.category(c).startswith("P") for c in word):
        return zipf <= 0.0  # wordfreq finds no word in punctuation alone ("," "--" "—")
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= zipf


def everyday_words() -> list[str]:
    """The words of the table, in order: those of ASCII letters at ``FLOOR`` or more."""
    return sorted(_table())


@functools.cache
def _table() -> dict[str, float]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    return {word: float(z) for word, z in (line.split("\t") for line in lines if line and not line.startswith("#"))}


def table_text() -> str:
    """The table as wordfreq gives it now (what ``scripts/precompute_tables.py`` writes)."""
    import importlib.metadata

    from wordfreq import get_frequency_dict, zipf_frequency

    least = 10 ** (FLOOR - 9) * 0.99  # a frequency a little below the floor's, as wordfreq rounds
    words = sorted(w for w, f in get_frequency_dict("en", "best").items()
                   if f >= least and w.isascii() and w.isalpha() and w.islower())
    rows = [f"{w}\t{z}" for w in words if (z := zipf_frequency(w, "en")) >= FLOOR]
    head = [f"# English words of ASCII letters with a Zipf frequency of {FLOOR} or more, from wordfreq "
            f"{importlib.metadata.version('wordfreq')} (Robyn Speer, https://github.com/rspeer/wordfreq), "
            "list 'best'.", "# Licence: CC BY-SA 4.0, as wordfreq's data. Written by scripts/precompute_tables.py."]
    return "\n".join([*head, *rows]) + "\n"
