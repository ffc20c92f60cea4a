"""The English word tables (``kg/nlp/patterns``): each word once, each use documented."""

from __future__ import annotations

import json

import pytest

from kg.nlp.words import WORDS, words


def _pairs_once(pairs: list[tuple[str, object]]) -> dict:
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    return dict(pairs)


def test_each_word_is_listed_once_and_each_use_is_explained() -> None:
    data = json.loads(WORDS.read_text(encoding="utf-8"), object_pairs_hook=_pairs_once)
    for name, table in data.items():
        if name == "about":
            continue
        uses = {use for word, found in table.items() if word != "about" for use in found}
        assert uses and all(f"{use}:" in table["about"] for use in uses), name


@pytest.mark.parametrize(("table", "use", "word"), [
    ("titles", "before_name", "colonel"), ("titles", "comes_off", "field marshal"),
    ("places", "area", "district"), ("pronouns", "third_person", "them"), ("verbs", "copula", "became"),
])
def test_a_rule_reads_the_words_marked_for_it(table: str, use: str, word: str) -> None:
    assert word in words(table, use)
    assert "it" not in words("pronouns", "third_person")


def test_the_entity_patterns_read_their_word_lists_from_the_tables() -> None:
    from kg.nlp import PATTERNS
    from kg.nlp.words import entity_patterns

    text = (PATTERNS / "entities.jsonl").read_text(encoding="utf-8")
    patterns = entity_patterns(PATTERNS / "entities.jsonl")
    assert '"@units.named_force"' in text
    named_force = next(p for p in patterns if p.get("id") == "named-force")["pattern"][1]["LOWER"]["IN"]
    assert named_force == sorted(words("units", "named_force")) and "navy" in named_force
    assert not any(isinstance(v, str) and v.startswith("@") for p in patterns for v in _strings(p))


def _strings(value: object):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    else:
        yield value
