"""The sex a first name nearly always belongs to, so that "he" and "she" are not taken for a person
whose name says otherwise ("Marta Lind ... he said").

The table (``kg/data/first-names-en.tsv``, written by ``scripts/first_names.py`` from the US Social
Security Administration's first names at birth) keeps only names given to one sex at least 97 % of
the time; any other name, and a name known only by its surname, says nothing. US naming leaves
some names wrong for other countries (an Italian Andrea is a man): such a person's pronoun then goes
unresolved, never to someone else.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent.parent / "data" / "first-names-en.tsv"


@cache
def _table(path: Path = TABLE) -> dict[str, str]:
    rows = (line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#"))
    return {name: sex for name, sex in rows}


def sex_of(name: str) -> str | None:
    """"f" or "m" for the full name or entity key ``name`` ("Marta Lind", "person/jonas-berg") whose
    first word is a first name of one sex, else None (one word only, or a name of either sex)."""
    parts = name.split("/", 1)[-1].replace("-", " ").split() if "/" in name else name.split()
    return _table().get(parts[0].lower()) if len(parts) >= 2 else None
