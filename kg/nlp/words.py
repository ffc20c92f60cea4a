"""English words the rules read (``patterns/words.json``), each listed once.

The file holds tables; a word's entry names the rules that read it ("before_name", "copula"...),
so a word two rules share is written once, and each rule reads its set with ``words``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

WORDS = Path(__file__).with_name("patterns") / "words.json"


@cache
def _tables(path: str) -> dict[str, dict[str, list[str]]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {name: {w: uses for w, uses in table.items() if w != "about"}
            for name, table in data.items() if name != "about"}


def words(table: str, use: str, path: str = str(WORDS)) -> frozenset[str]:
    """The entries of ``table`` that the rule ``use`` reads."""
    return frozenset(w for w, uses in _tables(path)[table].items() if use in uses)


def entity_patterns(path: Path) -> list[dict]:
    """The entity ruler's patterns (JSON lines), where a list written ``"@table.use"`` is that word set."""
    return [_filled(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _filled(value: object) -> object:
    if isinstance(value, str) and value.startswith("@"):
        table, _, use = value[1:].partition(".")
        return sorted(words(table, use))
    if isinstance(value, dict):
        return {k: _filled(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_filled(v) for v in value]
    return value
