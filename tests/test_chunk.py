"""The scale-out unit: ``extract_chunk`` (one N-Quads file per chunk) and ``load_chunks``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.chunk import extract_chunk, load_chunks, record_nquads
from kg.errors import InputError, StoreError
from kg.types import Built
from kg.rdf.graph import Run
from kg.rdf.iris import Minter
from kg.rdf.namespaces import DEFAULT_BASE, PROV
from kg.store import Store

BASE = DEFAULT_BASE
G1, G2 = f"{BASE}graph/aaaaaaaaaaaaaaaa", f"{BASE}graph/bbbbbbbbbbbbbbbb"


def graph_nq(graph: str, n: int) -> bytes:
    return "".join(f"<{BASE}id/person/p{i}> <http://www.w3.org/2000/01/rdf-schema#label> "
                   f'"Person {i}"@en <{graph}> .\n' for i in range(n)).encode()


def built(graph: str, n: int, content_hash: str = "h1") -> Built:
    return Built(graph.rpartition("/")[2], graph, graph_nq(graph, n), content_hash, "src.jsonl:1")


def article_quads(out_dir: Path) -> set[ox.Quad]:
    with Store.open(out_dir, read_only=True) as store:
        return set(ox.parse(store.quads_nq(), format=ox.RdfFormat.N_QUADS))


def test_load_uses_the_records_and_skips_unchanged(tmp_path: Path) -> None:
    chunk = tmp_path / "c.nq"
    chunk.write_bytes(b"".join(record_nquads(b) + b.nquads for b in (built(G1, 3), built(G2, 2, "h2"))))
    report = load_chunks([chunk], tmp_path / "out")
    assert (report.files, report.loaded, report.unchanged, report.quads) == (1, 2, 0, 5)
    with Store.open(tmp_path / "out", read_only=True) as store:
        assert store.known_hashes() == {"aaaaaaaaaaaaaaaa": "h1", "bbbbbbbbbbbbbbbb": "h2"}
        assert store.article_graphs() == [G1, G2]
    again = load_chunks([chunk], tmp_path / "out")
    assert (again.loaded, again.unchanged) == (0, 2)
    assert len(article_quads(tmp_path / "out")) == 5


def test_a_later_chunk_replaces_an_article_graph(tmp_path: Path) -> None:
    first, second = tmp_path / "1.nq", tmp_path / "2.nq"
    first.write_bytes(record_nquads(built(G1, 4)) + built(G1, 4).nquads)
    second.write_bytes(record_nquads(built(G1, 1, "h9")) + built(G1, 1, "h9").nquads)
    load_chunks([first, second], tmp_path / "out")
    assert len(article_quads(tmp_path / "out")) == 1
    with Store.open(tmp_path / "out", read_only=True) as store:
        assert store.known_hashes() == {"aaaaaaaaaaaaaaaa": "h9"}


def test_plain_nquads_without_records_load_with_an_empty_hash(tmp_path: Path) -> None:
    plain = tmp_path / "plain.nq"
    plain.write_bytes(graph_nq(G1, 2) + graph_nq(G2, 3))
    report = load_chunks([plain], tmp_path / "out")
    assert (report.loaded, report.quads) == (2, 5)
    with Store.open(tmp_path / "out", read_only=True) as store:
        assert store.known_hashes() == {"aaaaaaaaaaaaaaaa": "", "bbbbbbbbbbbbbbbb": ""}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (graph_nq(G1, 1) + graph_nq(G2, 1) + graph_nq(G1, 1).replace(b"p0", b"p7"), "not together"),
        (b'<http://s> <http://p> "x" .\n', "default graph"),
        (b"<http://s> <http://p> broken .\n", "not valid N-Quads"),
    ],
)
def test_bad_chunk_files_fail_with_one_line(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.nq"
    bad.write_bytes(content)
    with pytest.raises(StoreError, match=message) as info:
        load_chunks([bad], tmp_path / "out")
    assert "\n" not in str(info.value)


def test_missing_files_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_chunks([tmp_path / "absent.nq"], tmp_path / "out")
    with pytest.raises(InputError):
        extract_chunk(tmp_path / "absent.jsonl", tmp_path / "x.nq")
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "x.nq").exists()


# -- with the real model ----------------------------------------------------------------------

def write_articles(path: Path, urls: list[str]) -> None:
    body = ("General Anna Berg of the 3rd Infantry Division met Colonel Tomas Ruiz in Lisbon on "
            "4 March 2021.\n\nThe 12th Armored Brigade moved to Porto two days later.")
    path.write_text("".join(json.dumps({"url": u, "title": f"Report {i}", "body": body,
                                        "datePublished": "2021-03-05"}) + "\n"
                            for i, u in enumerate(urls)), encoding="utf-8")


@pytest.mark.slow
def test_extract_chunk_is_deterministic_atomic_and_loads_like_a_build(tmp_path: Path) -> None:
    src = tmp_path / "chunk.jsonl"
    write_articles(src, [f"https://news.example/a/{i}" for i in range(3)])
    run = Run.now(Minter(BASE))
    dest = tmp_path / "chunk.nq"
    dest.write_text("stale output of an earlier attempt\n")
    first = extract_chunk(src, dest, run=run)
    data = dest.read_bytes()
    second = extract_chunk(src, dest, run=run)
    assert first.articles == second.articles == 3 and not first.skipped
    assert dest.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chunk.jsonl", "chunk.nq"]

    load_chunks([dest], tmp_path / "loaded")
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(src), "--out", str(tmp_path / "built"), "-q"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert without_run(article_quads(tmp_path / "loaded")) == without_run(article_quads(tmp_path / "built"))
    with Store.open(tmp_path / "loaded", read_only=True) as a, Store.open(tmp_path / "built", read_only=True) as b:
        assert a.known_hashes() == b.known_hashes() and len(a.known_hashes()) == 3


@pytest.mark.slow
def test_duplicate_articles_in_a_chunk_are_reported(tmp_path: Path) -> None:
    src = tmp_path / "dup.jsonl"
    write_articles(src, ["https://news.example/a/1", "https://news.example/a/1", "https://news.example/a/2"])
    report = extract_chunk(src, tmp_path / "dup.nq")
    assert report.articles == 2
    assert [s.source for s in report.skipped] == [f"{src}:2"]


@pytest.mark.slow
def test_cli_extract_then_load(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    write_articles(src, ["https://news.example/b/1", "https://news.example/b/2"])
    kg = [sys.executable, "-m", "kg"]
    ex = subprocess.run([*kg, "extract", str(src), "-o", str(tmp_path / "c.nq")], capture_output=True, text=True)
    assert ex.returncode == 0, ex.stderr
    assert "extracted 2 article(s)" in ex.stdout
    ld = subprocess.run([*kg, "load", str(tmp_path / "out"), str(tmp_path / "c.nq")], capture_output=True, text=True)
    assert ld.returncode == 0, ld.stderr
    assert "loaded 2 article(s)" in ld.stdout
    bad = subprocess.run([*kg, "load", str(tmp_path / "out"), str(tmp_path / "none.nq")],
                         capture_output=True, text=True)
    assert bad.returncode != 0 and bad.stderr.startswith("kg: error:") and "Traceback" not in bad.stderr


def without_run(quads: set[ox.Quad]) -> set[ox.Quad]:
    """Quads minus the two that differ between runs: the run IRI and prov:generatedAtTime."""
    run_prefix = f"{BASE}run/"
    keep = set()
    for q in quads:
        if q.predicate.value == str(PROV.generatedAtTime):
            continue
        if any(isinstance(t, ox.NamedNode) and t.value.startswith(run_prefix) for t in (q.subject, q.object)):
            continue
        keep.add(q)
    return keep
