"""Everyday nouns that never name a living being: "a report", "the footage", "a new version".

A verb of arresting, releasing or killing done to such a thing is another sense of the verb
("released a report", "executed the plan"). The table ``kg/data/inanimate-en.tsv`` holds the
everyday English words (``kg.frequency``'s table) that are nouns in WordNet 3.0 and have no noun
sense among people, groups, animals, quantities or the top concepts (a count such as "dozens" or
"one" may stand for people). ``scripts/precompute_tables.py`` writes it from the Debian package
``wordnet-base``; ``tests/test_precomputed.py`` rebuilds it.
"""

from __future__ import annotations

import functools
from pathlib import Path

TABLE = Path(__file__).resolve().parents[1] / "data" / "inanimate-en.tsv"
WORDNET = Path("/usr/share/wordnet")
ANIMATE_FILES = {"03": "noun.Tops", "05": "noun.animal", "14": "noun.group", "18": "noun.person",
                 "23": "noun.quantity"}
"""WordNet lexicographer files whose nouns may name people (or stand for them, as counts do)."""
SUFFIXES = (("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
            ("ies", "y"), ("s", ""))
"""WordNet's own detachment rules for nouns: plural ending -> base ending."""


def inanimate(word: str) -> bool:
    """Whether ``word`` (lower case) is an everyday noun that never names a being."""
    return word in _table()


@functools.cache
def _table() -> frozenset[str]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def table_text(wordnet: Path = WORDNET) -> str:
    """The table as WordNet gives it for the everyday words (what ``scripts/precompute_tables.py``
    writes)."""
    from kg.frequency import everyday_words

    files = _noun_files(wordnet)
    irregular = dict(line.split()[:2] for line in (wordnet / "noun.exc").read_text().splitlines() if line)
    rows = []
    for word in everyday_words():
        senses = {f for base in _bases(word, irregular) for f in files.get(base, ())}
        if senses and not senses & ANIMATE_FILES.keys():
            rows.append(word)
    head = ["# Everyday English words that are nouns in WordNet 3.0 with no sense among "
            + ", ".join(ANIMATE_FILES.values()) + ".",
            "# WordNet 3.0 Copyright 2006 by Princeton University (WordNet 3.0 licence, free to use and",
            "# distribute with this notice); words from kg/data/wordfreq-en.tsv.",
            "# Written by scripts/precompute_tables.py."]
    return "\n".join([*head, *rows]) + "\n"


def _noun_files(wordnet: Path) -> dict[str, set[str]]:
    """Each one-word noun lemma -> the lexicographer files of its senses."""
    offsets: dict[str, list[str]] = {}
    for line in (wordnet / "index.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split()
        lemma, count = fields[0], int(fields[2])
        if "_" not in lemma:
            offsets[lemma] = fields[-count:]
    file_of = {}
    for line in (wordnet / "data.noun").read_text(encoding="latin-1").splitlines():
        if not line.startswith(" "):
            offset, lexfile = line.split(maxsplit=2)[:2]
            file_of[offset] = lexfile
    return {lemma: {file_of[o] for o in found} for lemma, found in offsets.items()}


def _bases(word: str, irregular: dict[str, str]) -> set[str]:
    out = {word}
    if word in irregular:
        out.add(irregular[word])
    out |= {word[: -len(end)] + base for end, base in SUFFIXES if word.endswith(end) and len(word) > len(end) + 1}
    return out
