"""The wheel carries everything news-kg reads at run time: installed from it (not from the
source tree), the gazetteers, pattern files and queries load."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

CHECK = """
import sys
sys.path.insert(0, sys.argv[1])
import kg, kg.link, kg.chronology, kg.query, kg.sparql.named, kg.gazetteer_pack, kg.frequency
assert kg.__file__.startswith(sys.argv[1]), kg.__file__
assert kg.gazetteer_pack.shipped() is not None, "the gazetteer pack is missing or out of date"
assert kg.frequency.common("paper", 4.5)
from kg.nlp.animacy import inanimate
from kg.nlp.first_names import sex_of
assert inanimate("keyboard") and sex_of("Marta Lind") == "f"
tables = kg.link.tables()
assert kg.link.lookup("Manchuria", kg.link.Kind.PLACE) is not None
assert kg.link.unit_names()
assert kg.chronology._dates()
assert kg.sparql.named.list_named_queries()
from kg.nlp import load_pipeline
assert "kg_entity_ruler" in load_pipeline().pipe_names
from kg.nlp.lexicon import load_lexicon
from kg.nlp.participants import participant_kinds
assert load_lexicon().verbs and participant_kinds()
from kg.export.html import render
page = render({"nodes": [], "edges": [], "articles": [], "colors": {}, "communities": []}, "t")
assert "new Sigma(" in page and "graphology" in page and "function nodeReducer" in page
print("ok")
"""


def test_an_installed_wheel_finds_its_tables_patterns_and_queries(tmp_path: Path) -> None:
    source = tmp_path / "src"  # without build/ and *.egg-info, whose leftovers can fill gaps
    shutil.copytree(ROOT, source, symlinks=True, ignore=shutil.ignore_patterns(
        "build", "*.egg-info", ".git", "node_modules", "__pycache__", ".pytest_cache"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(source)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("news_kg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for table in (ROOT / "data" / "gazetteer").glob("*.tsv"):
        assert f"kg/data/gazetteer/{table.name}" in names
    for pattern in (ROOT / "kg" / "nlp" / "patterns").iterdir():
        assert f"kg/nlp/patterns/{pattern.name}" in names
    for table in (ROOT / "kg" / "data").iterdir():
        if table.is_file():
            assert f"kg/data/{table.name}" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-c", CHECK, str(target)], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
