"""Everyday English nouns for a kind of person, in the plural: "democrats", "rebels", "socialists".

A name that is one of them ("Democrats", "Social Democrats") names a group of people, never one
person, whatever the model typed it as. The table ``kg/data/people-plurals-en.tsv`` holds the
everyday English words (``kg.frequency``'s table) that are the plural of a common noun of
WordNet 3.0's ``noun.person`` file (a noun WordNet writes in lower case: "democrat", not
"William"). ``scripts/precompute_tables.py`` writes it from the Debian package ``wordnet-base``;
``tests/test_precomputed.py`` rebuilds it.
"""

from __future__ import annotations

import functools
from pathlib import Path

from kg.nlp.animacy import SUFFIXES, WORDNET

TABLE = Path(__file__).resolve().parent / "data" / "people-plurals-en.tsv"
PERSON_FILE = "18"
"""WordNet's lexicographer file of nouns for people (``noun.person``)."""


def plural_of_people(word: str) -> bool:
    """Whether ``word`` (lower case) is the plural of an everyday noun for a kind of person."""
    return word in _table()


@functools.cache
def _table() -> frozenset[str]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def table_text(wordnet: Path = WORDNET) -> str:
    """The table as WordNet gives it for the everyday words (what ``scripts/precompute_tables.py``
    writes)."""
    from kg.frequency import everyday_words

    people = _person_nouns(wordnet)
    irregular = dict(line.split()[:2] for line in (wordnet / "noun.exc").read_text().splitlines() if line)
    rows = [word for word in everyday_words() if word not in people and _singulars(word, irregular) & people]
    head = ["# Everyday English words that are the plural of a lower-case noun of WordNet 3.0's noun.person.",
            "# WordNet 3.0 Copyright 2006 by Princeton University (WordNet 3.0 licence, free to use and",
            "# distribute with this notice); words from kg/data/wordfreq-en.tsv.",
            "# Written by scripts/precompute_tables.py."]
    return "\n".join([*head, *rows]) + "\n"


def _person_nouns(wordnet: Path) -> frozenset[str]:
    """The one-word nouns of ``noun.person`` as WordNet writes them in lower case."""
    out = set()
    for line in (wordnet / "data.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split()
        if fields[1] != PERSON_FILE:
            continue
        count = int(fields[3], 16)
        out |= {w for w in fields[4:4 + 2 * count:2] if w.isalpha() and w.islower()}
    return frozenset(out)


def _singulars(word: str, irregular: dict[str, str]) -> set[str]:
    out = {irregular[word]} if word in irregular else set()
    return out | {word[: -len(end)] + base for end, base in SUFFIXES if word.endswith(end) and len(word) > len(end) + 1}
