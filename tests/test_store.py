"""The embedded store: atomic replace, bookkeeping, removal, exports, and SIGKILL safety."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.errors import StoreError
from kg.pipeline import StoreWriter
from kg.store import Store
from kg.types import Built

STORE_FIXTURE = Path(__file__).parent / "data" / "store_fixture.trig"
BASE = "https://w3id.org/news-kg/"
G_A = BASE + "graph/0d665d3f63faac4e"
G_B = BASE + "graph/ec51eaeb80bf9e89"
URL_A = "https://news.example.com/2025/08/09/manchuria-1945"


def graph_quads(store: Store, g: str) -> set[ox.Quad]:
    return set(store.db.quads_for_pattern(None, None, None, ox.NamedNode(g)))


def ask(store: Store, sparql: str) -> bool:
    return store.query(sparql).boolean


def test_open_missing_or_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreError, match="no news-kg store"):
        Store.open(tmp_path / "empty", read_only=True)


def test_second_writer_gets_a_clear_lock_error(fixture_store: Path) -> None:
    with Store.open(fixture_store):
        with pytest.raises(StoreError, match="in use by another process") as err:
            Store.open(fixture_store)
        assert "\n" not in str(err.value)
        with Store.open(fixture_store, read_only=True) as reader:  # readers take no lock
            assert len(reader.article_graphs()) == 3


def test_fixture_round_trips_and_hashes_are_recorded(fixture_store: Path, fixture_graphs) -> None:
    canonical = ox.Store()  # Oxigraph stores numbers canonically ("19"^^nonNegativeInteger -> integer)
    for nq in fixture_graphs.values():
        canonical.load(nq, ox.RdfFormat.N_QUADS)
    expected = set(canonical)
    with Store.open(fixture_store, read_only=True) as store:
        got = set(ox.parse(store.quads_nq(), format=ox.RdfFormat.N_QUADS))
        assert got == expected  # the bookkeeping graph is not exported
        assert store.known_hashes() == {g.rsplit("/", 1)[1]: "sha-" + g[-6:] for g in fixture_graphs}


def test_replace_swaps_one_graph_and_leaves_the_others(fixture_store: Path) -> None:
    small = (f'<{BASE}id/unit/red-army> <http://www.w3.org/2000/01/rdf-schema#label> "Red Army"@en <{G_A}> .\n'
             f'<{G_A}> <http://www.w3.org/ns/prov#wasDerivedFrom> <{BASE}article/0d665d3f63faac4e> <{G_A}> .\n')
    with Store.open(fixture_store) as store:
        before_b = graph_quads(store, G_B)
        store.replace_article("0d665d3f63faac4e", G_A, small.encode(), "new-hash", "changed.txt")
        assert graph_quads(store, G_A) == set(ox.parse(small.encode(), format=ox.RdfFormat.N_QUADS))
        assert graph_quads(store, G_B) == before_b
        assert store.known_hashes()["0d665d3f63faac4e"] == "new-hash"


def test_replace_refuses_quads_in_another_graph(fixture_store: Path) -> None:
    stray = f"<{BASE}x> <{BASE}p> <{BASE}y> <{G_B}> .\n".encode()
    with Store.open(fixture_store) as store:
        with pytest.raises(StoreError, match="another graph"):
            store.replace_article("0d665d3f63faac4e", G_A, stray, "h", "s")
        assert len(graph_quads(store, G_A)) > 50  # unchanged


def test_oxigraph_normalises_numeric_literals(tmp_path: Path) -> None:
    """Known Oxigraph behaviour (oxigraph#526, #1413): derived integer types become xsd:integer."""
    x = "http://www.w3.org/2001/XMLSchema#"
    g = BASE + "graph/n"
    nq = f'<{BASE}s> <{BASE}p> "19"^^<{x}nonNegativeInteger> <{g}> .\n'.encode()
    with Store.open(tmp_path, create=True) as store:
        store.replace_article("n", g, nq, "h", "s")
        (obj,) = [q.object for q in graph_quads(store, g)]
    assert (obj.value, obj.datatype.value) == ("19", x + "integer")


def test_literals_survive_the_update_path(tmp_path: Path) -> None:
    text = 'quote " backslash \\ newline \n tab \t brace } semicolon ; é 😀 \u0001'
    g = BASE + "graph/weird"
    q = ox.Quad(ox.NamedNode(BASE + "s"), ox.NamedNode(BASE + "p"), ox.Literal(text), ox.NamedNode(g))
    b = ox.Quad(ox.BlankNode(), ox.NamedNode(BASE + "p"), ox.Literal("x", language="en"), ox.NamedNode(g))
    with Store.open(tmp_path, create=True) as store:
        store.replace_article("weird", g, ox.serialize([q, b], format=ox.RdfFormat.N_QUADS), "h", "s")
        assert q in graph_quads(store, g)
        assert len(graph_quads(store, g)) == 2


def test_bulk_write_holds_what_one_by_one_replacement_holds(tmp_path: Path, fixture_store: Path,
                                                           fixture_graphs) -> None:
    articles = [Built(g.rsplit("/", 1)[1], g, nq, "sha-" + g[-6:], f"fixture:{g[-6:]}")
                for g, nq in fixture_graphs.items()]
    with Store.open(tmp_path / "bulk", create=True) as store:
        store.write_articles(articles, max_quads=150)  # small parts: several bulk loads
        bulk = set(store.db)
    with Store.open(fixture_store, read_only=True) as store:
        assert bulk == set(store.db)  # bookkeeping records included


def test_bulk_write_replaces_and_the_later_of_two_wins(fixture_store: Path) -> None:
    def one(value: str) -> Built:
        return Built("0d665d3f63faac4e", G_A, f'<{BASE}s> <{BASE}p> "{value}" <{G_A}> .\n'.encode(),
                     value, "changed.txt")

    with Store.open(fixture_store) as store:
        before_b = graph_quads(store, G_B)
        store.write_articles([one("first"), one("second")])
        assert {q.object.value for q in graph_quads(store, G_A)} == {"second"}
        assert graph_quads(store, G_B) == before_b
        assert store.known_hashes()["0d665d3f63faac4e"] == "second"


def test_bulk_write_keeps_blank_nodes_of_articles_apart(tmp_path: Path) -> None:
    graphs = [BASE + "graph/b1", BASE + "graph/b2"]
    articles = [Built(g[-2:], g, f'_:b0 <{BASE}p> "{g[-2:]}" <{g}> .\n'.encode(), "h", "s") for g in graphs]
    with Store.open(tmp_path, create=True) as store:
        store.write_articles(articles)
        subjects = {q.subject for g in graphs for q in graph_quads(store, g)}
    assert len(subjects) == 2


def test_bulk_write_names_the_invalid_article_and_keeps_the_valid_one(tmp_path: Path) -> None:
    good, bad = BASE + "graph/good", BASE + "graph/bad"
    articles = [Built("good", good, f'<{BASE}s> <{BASE}p> "ok" <{good}> .\n'.encode(), "h1", "s"),
                Built("bad", bad, f'<{BASE}s> <{BASE}p> "unterminated <{bad}> .\n'.encode(), "h2", "s")]
    with Store.open(tmp_path, create=True) as store:
        with pytest.raises(StoreError, match="graph/bad is not valid N-Quads"):
            store.write_articles(articles)
        assert store.known_hashes() == {"good": "h1"}
        assert len(graph_quads(store, good)) == 1
        assert not store.db.contains_named_graph(ox.NamedNode(bad))


def test_a_build_writer_skips_an_article_the_store_refuses_and_writes_the_rest(tmp_path: Path) -> None:
    def built(name: str, body: str) -> Built:
        g = BASE + "graph/" + name
        return Built(name, g, f'<{BASE}s> <{BASE}p> {body} <{g}> .\n'.encode(), "h-" + name, f"in/{name}.txt")

    articles = [built("a", '"ok"'), built("bad", '"unterminated'), built("b", '"ok"'), built("c", '"ok"')]
    with Store.open(tmp_path, create=True) as store:
        writer = StoreWriter(store, batch=3)
        for article in articles:
            writer.put(article)
        writer.close()
        assert writer.written == 3 and set(store.known_hashes()) == {"a", "b", "c"}
    assert [(s.source, "graph/bad is not valid N-Quads" in s.reason) for s in writer.refused] == [("in/bad.txt", True)]


def test_remove_keeps_what_another_article_supports(fixture_store: Path) -> None:
    red_army = f"<{BASE}id/unit/red-army>"
    korea = f"<{BASE}id/place/korea>"
    with Store.open(fixture_store) as store:
        assert store.remove_article(URL_A)  # by URL
        assert not store.db.contains_named_graph(ox.NamedNode(G_A))
        assert "0d665d3f63faac4e" not in store.known_hashes()
        # Red Army is also in article B: its type and label survive; Korea was only in A
        assert ask(store, f"ASK {{ GRAPH ?g {{ {red_army} a <http://dbpedia.org/ontology/MilitaryUnit> ; "
                          f"<http://www.w3.org/2000/01/rdf-schema#label> ?l }} }}")
        assert not ask(store, f"ASK {{ GRAPH ?g {{ {{ {korea} ?p ?o }} UNION {{ ?s ?p {korea} }} }} }}")
        assert store.remove_article("ec51eaeb80bf9e89")  # by id
        assert not store.remove_article("ec51eaeb80bf9e89")
        assert store.article_graphs() == [BASE + "graph/da272658ae65bea0"]


def test_exports_parse_with_rdflib(fixture_store: Path, tmp_path: Path) -> None:
    with Store.open(fixture_store, read_only=True) as store:
        store.dump(tmp_path / "all.trig", "trig")
        store.dump(tmp_path / "all.ttl", "turtle")
        union = store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE "
                            "{ GRAPH ?g { ?s ?p ?o } FILTER(!STRENDS(STR(?g), '_builds')) } }")
    ds = rdflib.Dataset()
    ds.parse(tmp_path / "all.trig", format="trig")
    canonical = ox.Store()
    canonical.load(path=str(STORE_FIXTURE), format=ox.RdfFormat.TRIG)
    reference = rdflib.Dataset()
    reference.parse(data=canonical.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    named = {str(c.identifier) for c in ds.graphs() if len(c)}
    assert named == {str(c.identifier) for c in reference.graphs() if len(c)}
    for ctx in reference.graphs():
        if len(ctx):
            assert isomorphic(ds.graph(ctx.identifier), ctx)
    turtle = rdflib.Graph().parse(tmp_path / "all.ttl", format="turtle")
    assert len(turtle) == int(union.rows[0][0].value)


WRITER = textwrap.dedent("""
    import sys
    from kg.store import Store
    from kg.types import Built
    out, start, bulk = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "bulk"
    base = "https://w3id.org/news-kg/"
    store = Store.open(out, create=True)
    gen = start
    while True:
        batch = []
        for a in range(6):
            g = f"{base}graph/art{a}"
            body = "".join(f'<{base}s{i}> <{base}p> "gen-{gen}" <{g}> .\\n' for i in range(3000))
            batch.append(Built(f"art{a}", g, body.encode(), f"gen-{gen}", "writer"))
            if not bulk:
                store.replace_article(f"art{a}", g, body.encode(), f"gen-{gen}", "writer")
                print(gen, a, flush=True)
        if bulk:  # three bulk loads of two articles each
            store.write_articles(batch, max_quads=7000)
            print(gen, flush=True)
        gen += 1
""")


def check_consistent(out: Path) -> int:
    with Store.open(out) as store:  # opens after a SIGKILL
        hashes = store.known_hashes()
        graphs = store.article_graphs()
        assert set(hashes) <= {g.rsplit("/", 1)[1] for g in graphs}
        for g in graphs:
            values = {q.object.value for q in graph_quads(store, g)}
            assert len(values) == 1, f"{g} mixes generations {sorted(values)[:3]}"
            assert len(graph_quads(store, g)) == 3000
            assert hashes[g.rsplit("/", 1)[1]] == values.pop()
        return len(graphs)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["replace", "bulk"])
def test_sigkill_never_leaves_a_partial_article(tmp_path: Path, mode: str) -> None:
    out, rng, start = tmp_path / "out", random.Random(7), 0
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    for round_ in range(4):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(out), str(start), mode],
                                stdout=subprocess.PIPE, text=True, env=env)
        assert proc.stdout is not None
        commits = rng.randint(3, 20)
        for _ in range(commits):
            assert proc.stdout.readline(), "writer died"
        time.sleep(rng.uniform(0, 0.05))  # land anywhere inside the next transaction
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        assert check_consistent(out) >= 1
        start += 1000 * (round_ + 1)


def test_bookkeeping_terms_are_declared_in_the_ontology():
    from rdflib import Graph, URIRef

    from kg import bookkeeping

    vocab = Graph().parse(Path(__file__).resolve().parents[1] / "ontologies" / "kg.ttl")
    for term in (bookkeeping.ARTICLE_ID, bookkeeping.CONTENT_HASH, bookkeeping.SOURCE):
        assert (URIRef(term.value), None, None) in vocab


@pytest.mark.parametrize("cls", ["kg.store.Store", "kg.gsp.GraphStoreClient"])
def test_both_stores_offer_every_operation_a_build_needs(cls: str) -> None:
    import importlib
    import inspect

    from kg.bookkeeping import ArticleStore

    module, name = cls.rsplit(".", 1)
    store = getattr(importlib.import_module(module), name)
    for op, wanted in inspect.getmembers(ArticleStore, inspect.isfunction):
        if op.startswith("_"):
            continue
        given = getattr(store, op, None)
        assert callable(given), f"{name} has no {op}"
        have, need = inspect.signature(given).parameters, list(inspect.signature(wanted).parameters)
        assert list(have)[:len(need)] == need, op  # more only with a default
        assert all(p.default is not p.empty for p in list(have.values())[len(need):]), op
