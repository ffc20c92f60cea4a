"""First names and their sex (kg/data/first-names-en.tsv), which keep "he" and "she" from the wrong person."""

from __future__ import annotations

import importlib.util

import pytest

from kg.nlp.first_names import TABLE, sex_of
from tests.conftest import ROOT


def test_a_first_name_of_one_sex_tells_it_and_a_surname_alone_does_not() -> None:
    assert sex_of("Marta Lind") == "f"
    assert sex_of("person/jonas-berg") == "m"
    assert sex_of("Lind") is None and sex_of("person/lind") is None
    assert sex_of("Jordan Reyes") is None  # given to both sexes


@pytest.mark.slow
def test_the_table_is_what_the_script_writes_from_the_source() -> None:
    spec = importlib.util.spec_from_file_location("first_names_script", ROOT / "scripts" / "first_names.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.table(script.source()) == TABLE.read_text(encoding="utf-8")
