"""GraphStoreClient against a real Oxigraph server started on 127.0.0.1 by the test."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.gsp import GraphStoreClient
from kg.store import Store

pytestmark = pytest.mark.slow
OXIGRAPH = shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    if OXIGRAPH is None:
        pytest.skip("the oxigraph CLI (pip install oxigraph) is not installed")
    port = free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path / "remote"),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph server did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def remote_quads(client: GraphStoreClient, graphs) -> set[ox.Quad]:
    out = set()
    for g in graphs:
        for t in ox.parse(client.get_graph(g), format=ox.RdfFormat.N_TRIPLES):
            out.add(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g)))
    return out


def test_remote_sink_matches_embedded_store(server: str, fixture_store: Path, fixture_graphs) -> None:
    client = GraphStoreClient(server)
    for g, nq in fixture_graphs.items():
        client.replace_article(g.rsplit("/", 1)[1], g, nq, "sha-" + g[-6:], f"fixture:{g[-6:]}")
    with Store.open(fixture_store, read_only=True) as store:
        local = set(ox.parse(store.quads_nq(), format=ox.RdfFormat.N_QUADS))
        assert client.known_hashes() == store.known_hashes()
    assert remote_quads(client, fixture_graphs) == local

    g = next(iter(fixture_graphs))
    small = f"<{g}> <http://www.w3.org/ns/prov#wasDerivedFrom> <urn:x:a> <{g}> .\n".encode()
    client.replace_article(g.rsplit("/", 1)[1], g, small, "changed", "changed")  # replace, not merge
    assert len(remote_quads(client, [g])) == 1
    assert client.known_hashes()[g.rsplit("/", 1)[1]] == "changed"

    url = "https://other.example.net/history/kwantung-army-defeat"
    assert client.remove_article(url)
    assert "ec51eaeb80bf9e89" not in client.known_hashes()
    assert client.get_graph("https://w3id.org/news-kg/graph/ec51eaeb80bf9e89") == b""
    assert not client.delete_graph("https://w3id.org/news-kg/graph/never-there")


def test_unreachable_store_is_one_clear_error() -> None:
    client = GraphStoreClient(f"http://127.0.0.1:{free_port()}", timeout=2)
    with pytest.raises(StoreError, match="cannot reach the triple store"):
        client.known_hashes()


def test_kg_build_to_a_remote_store_gives_the_embedded_quads(server: str, seed_dir: Path, tmp_path: Path) -> None:
    import sys

    def kg(*args: str) -> None:
        proc = subprocess.run([sys.executable, "-m", "kg", "build", str(seed_dir), "-q", *args],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr

    kg("--store", server)
    kg("--out", str(tmp_path / "local"))
    client = GraphStoreClient(server)
    with Store.open(tmp_path / "local", read_only=True) as store:
        graphs = [g for g in store.article_graphs()]
        local = {q for q in ox.parse(store.quads_nq(), format=ox.RdfFormat.N_QUADS)
                 if "generatedAtTime" not in q.predicate.value and "/run/" not in str(q)}
        assert client.known_hashes() == store.known_hashes()
    remote = {q for q in remote_quads(client, graphs)
              if "generatedAtTime" not in q.predicate.value and "/run/" not in str(q)}
    assert remote == local and len(local) > 100
    kg("--store", server)  # unchanged input: nothing to redo, nothing changes
    assert {q for q in remote_quads(client, graphs)
            if "generatedAtTime" not in q.predicate.value and "/run/" not in str(q)} == local
