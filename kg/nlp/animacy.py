"""Everyday nouns that never name a living being: "a report", "the footage", "a new version".

A verb of arresting, releasing or killing done to such a thing is another sense of the verb
("released a report", "executed the plan"). The table ``kg/data/inanimate-en.tsv`` holds the
everyday English words (``kg.frequency``'s table) that are nouns in WordNet 3.0 and have no noun
sense among people, groups, animals, quantities or the top concepts (a count such as "dozens" or
"one" may stand for people). ``scripts/precompute_tables.py`` writes it from the Debian package
``wordnet-base``; ``tests/test_precomputed.py`` rebuilds it.

Everyday nouns for a kind of person, in the plural: "democrats", "rebels", "socialists". A name
that is one of them ("Democrats", "Social Democrats") names a group of people, never one person,
whatever the model typed it as. The table ``kg/data/people-plurals-en.tsv`` holds the everyday
words that are the plural of a common noun of WordNet's ``noun.person`` file (one WordNet writes
in lower case: "democrat", not "William"); written and rebuilt the same way.

Everyday nouns that seldom do anything to anyone: "stocks", "cells", "numbers", "bacteria". A
fight, an attack or a march whose doer is one of them is a figure of speech ("stocks rallied",
"the body fights off invaders"). The table ``kg/data/non-actors-en.tsv`` holds the everyday
words whose most frequent WordNet noun sense is not among people, groups, places, quantities,
animals other than microorganisms or the top concepts, that have no sense among people, and no
sense that is a kind of weapon, vehicle or explosive device (a drone, a tank and a bomb do
strike); written and rebuilt the same way.
"""

from __future__ import annotations

import functools
from pathlib import Path

TABLE = Path(__file__).resolve().parents[1] / "data" / "inanimate-en.tsv"
PEOPLE_TABLE = TABLE.with_name("people-plurals-en.tsv")
NON_ACTOR_TABLE = TABLE.with_name("non-actors-en.tsv")
PERSON_FILE = "18"
"""WordNet's lexicographer file of nouns for people (``noun.person``)."""
WORDNET = Path("/usr/share/wordnet")
ANIMATE_FILES = {"03": "noun.Tops", "05": "noun.animal", "14": "noun.group", "18": "noun.person",
                 "23": "noun.quantity"}
"""WordNet lexicographer files whose nouns may name people (or stand for them, as counts do)."""
ACTOR_FIRST_FILES = ("03", "14", "15", "18", "23")
"""Lexicographer files (noun.Tops, noun.group, noun.location, noun.person, noun.quantity) whose
nouns, as a word's most frequent sense, may do something: "the government", "the state", "the
man", "thousands"."""
ACTOR_THINGS = ("weapon", "vehicle", "explosive_device")
"""The first WordNet senses of these nouns head the things that strike, carry or move forces."""
ANIMAL_FILE = "05"
MICROBES = ("microorganism",)
"""Animals act ("humans", "a shark"; WordNet files "human" under noun.animal), microorganisms do not."""
NOUN_FILES = {**ANIMATE_FILES, "15": "noun.location"}
SUFFIXES = (("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
            ("ies", "y"), ("s", ""))
"""WordNet's own detachment rules for nouns: plural ending -> base ending."""


def inanimate(word: str) -> bool:
    """Whether ``word`` (lower case) is an everyday noun that never names a being."""
    return word in _words(TABLE)


def non_actor(word: str) -> bool:
    """Whether ``word`` (lower case) is an everyday noun that seldom does anything to anyone."""
    return word in _words(NON_ACTOR_TABLE)


def plural_of_people(word: str) -> bool:
    """Whether ``word`` (lower case) is the plural of an everyday noun for a kind of person."""
    return word in _words(PEOPLE_TABLE)


@functools.cache
def _words(table: Path) -> frozenset[str]:
    lines = table.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def table_text(wordnet: Path = WORDNET) -> str:
    """The table of nouns of things as WordNet gives it for the everyday words (what
    ``scripts/precompute_tables.py`` writes)."""
    from kg.frequency import everyday_words

    files = _noun_files(wordnet)
    irregular = _irregular(wordnet)
    rows = []
    for word in everyday_words():
        senses = {f for base in _bases(word, irregular) for f in files.get(base, ())}
        if senses and not senses & ANIMATE_FILES.keys():
            rows.append(word)
    return _written("nouns in WordNet 3.0 with no sense among " + ", ".join(ANIMATE_FILES.values()), rows)


def people_table_text(wordnet: Path = WORDNET) -> str:
    """The table of plurals for kinds of people, as ``table_text``."""
    from kg.frequency import everyday_words

    people = _person_nouns(wordnet)
    irregular = _irregular(wordnet)
    rows = [word for word in everyday_words() if word not in people and _bases(word, irregular) & people]
    return _written("the plural of a lower-case noun of WordNet 3.0's noun.person", rows)


def non_actor_table_text(wordnet: Path = WORDNET) -> str:
    """The table of nouns that seldom act, as ``table_text``."""
    from kg.frequency import everyday_words

    senses = _noun_senses(wordnet)
    files, hypernyms = _synsets(wordnet)
    actor_things = {senses[word][0] for word in ACTOR_THINGS}
    microbes = {senses[word][0] for word in MICROBES}
    irregular = _irregular(wordnet)
    rows = []
    for word in everyday_words():
        found = [senses[base] for base in _bases(word, irregular) if base in senses]
        if found and not any(_may_act(offsets, files, hypernyms, actor_things, microbes) for offsets in found):
            rows.append(word)
    what = ("nouns in WordNet 3.0 whose first sense is not in " + ", ".join(NOUN_FILES[f] for f in ACTOR_FIRST_FILES)
            + " nor an animal other than a " + ", ".join(MICROBES) + ", with no sense in noun.person and none under "
            + ", ".join(ACTOR_THINGS))
    return _written(what, rows)


def _may_act(offsets: list[str], files: dict[str, str], hypernyms: dict[str, list[str]],
             actor_things: set[str], microbes: set[str]) -> bool:
    """Whether a noun with these senses (most frequent first) may name a doer."""
    first = offsets[0]
    animal = files[first] == ANIMAL_FILE and not _under(first, microbes, hypernyms)
    return (animal or files[first] in ACTOR_FIRST_FILES or any(files[o] == PERSON_FILE for o in offsets)
            or any(_under(o, actor_things, hypernyms) for o in offsets))


def _under(offset: str, tops: set[str], hypernyms: dict[str, list[str]]) -> bool:
    """Whether the synset at ``offset`` is one of ``tops`` or a kind of one of them."""
    seen, todo = set(), [offset]
    while todo:
        here = todo.pop()
        if here in tops:
            return True
        if here not in seen:
            seen.add(here)
            todo.extend(hypernyms.get(here, ()))
    return False


def _noun_senses(wordnet: Path) -> dict[str, list[str]]:
    """Each noun lemma (a compound's words joined by "_") -> its synset offsets, most frequent first."""
    out = {}
    for line in (wordnet / "index.noun").read_text(encoding="latin-1").splitlines():
        if not line.startswith(" "):
            fields = line.split()
            out[fields[0]] = fields[-int(fields[2]):]
    return out


def _synsets(wordnet: Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Each noun synset offset -> its lexicographer file, and -> its hypernyms (also instance-of)."""
    files, hypernyms = {}, {}
    for line in (wordnet / "data.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split(" | ")[0].split()
        offset, files[offset] = fields[0], fields[1]
        words = int(fields[3], 16)
        at = 4 + 2 * words
        pointers = int(fields[at])
        rows = (fields[at + 1 + 4 * k: at + 5 + 4 * k] for k in range(pointers))
        hypernyms[offset] = [target for symbol, target, pos, _ in rows if symbol in ("@", "@i") and pos == "n"]
    return files, hypernyms


def _written(what: str, rows: list[str]) -> str:
    head = [f"# Everyday English words that are {what}.",
            "# WordNet 3.0 Copyright 2006 by Princeton University (WordNet 3.0 licence, free to use and",
            "# distribute with this notice); words from kg/data/wordfreq-en.tsv.",
            "# Written by scripts/precompute_tables.py."]
    return "\n".join([*head, *rows]) + "\n"


def _irregular(wordnet: Path) -> dict[str, str]:
    """WordNet's irregular plurals: plural -> singular."""
    return dict(line.split()[:2] for line in (wordnet / "noun.exc").read_text().splitlines() if line)


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


def _noun_files(wordnet: Path) -> dict[str, set[str]]:
    """Each one-word noun lemma -> the lexicographer files of its senses."""
    files, _ = _synsets(wordnet)
    return {lemma: {files[o] for o in found} for lemma, found in _noun_senses(wordnet).items() if "_" not in lemma}


def _bases(word: str, irregular: dict[str, str]) -> set[str]:
    out = {word}
    if word in irregular:
        out.add(irregular[word])
    out |= {word[: -len(end)] + base for end, base in SUFFIXES if word.endswith(end) and len(word) > len(end) + 1}
    return out
