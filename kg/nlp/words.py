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
