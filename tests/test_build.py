"""End to end: ``kg build`` on real articles with the real model, read back from the store."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.store import is_builds_graph
from tests.conftest import ROOT, SEED_URL

pytestmark = pytest.mark.slow

PREFIXES = """PREFIX schema: <http://schema.org/> PREFIX dbo: <http://dbpedia.org/ontology/>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX gaf: <http://groundedannotationframework.org/gaf#>
"""
CLASS = {
    "Person": "schema:Person", "MilitaryUnit": "dbo:MilitaryUnit", "Place": "schema:Place",
    "Event": "sem:Event", "Organization": "schema:Organization",
}


def kg(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT)
    if check and proc.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


def open_store(out: Path) -> ox.Store:
    return ox.Store.read_only(str(out / "store"))


def labels_of(store: ox.Store, cls: str, url: str) -> set[str]:
    """Names (labels and aliases) of things of ``cls`` the article at ``url`` mentions, in its graph."""
    q = PREFIXES + f"""SELECT DISTINCT ?label WHERE {{ GRAPH ?g {{
        ?g prov:wasDerivedFrom ?a . ?a schema:url <{url}> ; schema:mentions ?x .
        ?x a {cls} ; rdfs:label|schema:alternateName ?label }} }}"""
    return {s["label"].value for s in store.query(q)}


def sorted_nquads(store: ox.Store) -> list[str]:
    """All quads as N-Quads lines, without the build's own timestamps and run IRI."""
    text = store.dump(format=ox.RdfFormat.N_QUADS).decode()
    keep = (line for line in text.splitlines() if "generatedAtTime" not in line and "/run/" not in line)
    return sorted(keep)


@pytest.fixture(scope="module")
def seed_build(seed_dir: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed")
    kg("build", str(seed_dir), "--out", str(out), "--quiet")
    return out


@pytest.mark.parametrize(
    "kind, names",
    [
        ("MilitaryUnit", {"Red Army", "Kwantung Army", "88th Separate Rifle Brigade", "Korean partisans",
                          "Soviet naval infantry"}),
        ("Place", {"Manchuria", "Korea", "Japan", "North Korea"}),
        ("Person", {"Kim Il-sung"}),
        ("Event", {"Manchurian Operation", "World War II", "Cold War"}),
    ],
)
def test_seed_has_the_required_entities(seed_build, kind, names):
    found = {n.casefold() for n in labels_of(open_store(seed_build), CLASS[kind], SEED_URL)}
    missing = {n for n in names if n.casefold() not in found}
    assert not missing, f"{kind}: missing {missing}; found {sorted(found)}"


def test_seed_has_none_of_the_forbidden_entities(seed_build):
    store = open_store(seed_build)
    q = PREFIXES + "SELECT ?label WHERE { GRAPH ?g { ?a schema:mentions ?x . ?x rdfs:label ?label } }"
    labels = [s["label"].value for s in store.query(q)]
    forbidden = re.compile(r"https?://|www\.|sputnik international|^mia$|rossiya segodnya|^\d+$|^info$|^terms"
                           r"|[\u0400-\u04FF]", re.I)
    assert labels and not [x for x in labels if forbidden.search(x)]


def test_seed_entities_lead_back_to_their_text(seed_build):
    store = open_store(seed_build)
    q = PREFIXES + """PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
    SELECT ?label ?anchor WHERE { GRAPH ?g { ?x a dbo:MilitaryUnit ; rdfs:label ?label ; gaf:denotedBy ?m .
        ?m nif:anchorOf ?anchor } }"""
    rows = [(s["label"].value, s["anchor"].value) for s in store.query(q)]
    assert any(label == "Kwantung Army" and anchor == "Kwantung Army" for label, anchor in rows)


def test_every_article_graph_passes_the_shapes(seed_build, samples_dir, tmp_path):
    pyshacl = pytest.importorskip("pyshacl")
    out = tmp_path / "samples"
    kg("build", str(samples_dir), "--out", str(out), "--quiet", check=False)
    shapes = Graph().parse(ROOT / "ontologies" / "shapes.ttl")
    for build_dir in (seed_build, out):
        store = open_store(build_dir)
        graphs = [g for g in store.named_graphs() if not is_builds_graph(g.value)]
        assert graphs
        for name in graphs:
            data = Graph()
            nt = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
            data.parse(data=nt.decode(), format="nt")
            conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
            assert conforms, f"{name}:\n{text}"


def test_corpus_builds_twice_to_the_same_quads(corpus_dir, tmp_path):
    texts = sorted(corpus_dir.glob("*.txt"))
    outs = []
    for n, workers in ((1, "1"), (2, "2")):
        out = tmp_path / f"run{n}"
        kg("build", *map(str, texts), "--out", str(out), "--quiet", "--workers", workers)
        outs.append(out)
    first, second = (sorted_nquads(open_store(o)) for o in outs)
    assert len(first) > 1000
    assert first == second


def test_bad_inputs_are_reported_and_the_rest_is_built(tmp_path, samples_dir):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("Soviet troops entered Harbin\n\nThe Red Army entered Harbin in August 1945.\n")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (src / "feed.jsonl").write_text(
        '{"url": "https://example.org/1", "title": "Troops move", "text": "The Kwantung Army withdrew from Mukden."}\n'
        '{"url": "https://example.org/2", "title": \n'
        '{"url": 7, "title": "Troops", "text": "The Kwantung Army left Harbin in August 1945."}\n'
    )
    (src / "long.txt").write_text("The Red Army advanced on Harbin. " * 35_000)  # over spaCy's 1,000,000 characters
    out = tmp_path / "out"
    proc = kg("build", str(src), "--out", str(out), "--quiet", check=False)
    assert proc.returncode == 3, proc.stderr
    skipped = [line for line in proc.stderr.splitlines() if line.startswith("kg: skipped")]
    assert len(skipped) == 4, proc.stderr
    assert any("long.txt: too long to parse" in line for line in skipped), proc.stderr
    assert "Traceback" not in proc.stderr
    store = open_store(out)
    assert len([g for g in store.named_graphs() if not is_builds_graph(g.value)]) == 3


def test_rebuild_of_unchanged_input_processes_nothing(seed_dir, tmp_path):
    out = tmp_path / "out"
    kg("build", str(seed_dir), "--out", str(out), "--quiet")
    before = sorted(open_store(out).dump(format=ox.RdfFormat.N_QUADS).decode().splitlines())
    proc = kg("build", str(seed_dir), "--out", str(out), "--quiet")
    assert proc.stdout.startswith("built 0 article(s), 1 unchanged")
    after = sorted(open_store(out).dump(format=ox.RdfFormat.N_QUADS).decode().splitlines())
    assert before == after


def test_cli_errors_are_one_line(tmp_path):
    proc = kg("build", str(tmp_path / "nope"), "--out", str(tmp_path / "o"), check=False)
    assert proc.returncode != 0
    assert proc.stderr.strip().count("\n") == 0 and "no such file" in proc.stderr


def occurrences(store: ox.Store) -> list[dict[str, str]]:
    q = PREFIXES + """PREFIX kgo: <https://w3id.org/news-kg/ontology#>
    SELECT ?o ?type ?agent ?patient ?place ?begin ?end ?parent WHERE { GRAPH ?g {
        ?o a schema:Action ; sem:eventType ?type .
        OPTIONAL { ?o schema:agent/rdfs:label ?agent }
        OPTIONAL { ?o schema:object/rdfs:label ?patient }
        OPTIONAL { ?o sem:hasPlace/rdfs:label ?place }
        OPTIONAL { ?o sem:hasEarliestBeginTimeStamp ?begin ; sem:hasLatestEndTimeStamp ?end }
        OPTIONAL { ?o sem:subEventOf/(rdfs:label|schema:alternateName) ?parent } } }"""
    return [{v: s[v].value for v in ("o", "type", "agent", "patient", "place", "begin", "end", "parent") if s[v]}
            for s in store.query(q)]


def test_seed_occurrences_have_roles_times_and_a_parent_event(seed_build):
    rows = occurrences(open_store(seed_build))
    smashed = [r for r in rows if r.get("agent") == "Red Army" and r.get("patient") == "Kwantung Army"]
    assert smashed, rows
    freed = {r["place"] for r in rows if r["type"].endswith("Liberation") and "place" in r}
    assert {"Manchuria", "Korea"} <= freed
    for r in smashed + [r for r in rows if r.get("place") in {"Manchuria", "Korea"}]:
        assert "1945-08-01" <= r["begin"] <= r["end"] <= "1945-08-31"
        assert r.get("parent") in {"Manchurian Operation", "World War II"} or any(
            x.get("parent") in {"Manchurian Operation", "World War II"} for x in rows if x["o"] == r["o"])
    assert any(r["type"].endswith("Surrender") and r.get("agent") == "Japan" for r in rows)


def test_each_role_leads_to_its_sentence_in_one_query(seed_build):
    q = PREFIXES + """PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
    SELECT ?who ?sentence WHERE { GRAPH ?g {
        ?o schema:agent/rdfs:label ?who ; gaf:denotedBy/nif:sentence/nif:anchorOf ?sentence } }"""
    rows = {(s["who"].value, s["sentence"].value) for s in open_store(seed_build).query(q)}
    assert any(who == "Red Army" and "smashed" in sentence for who, sentence in rows), rows


def test_show_prints_the_card_of_an_entity(seed_build):
    from kg.show import card, find
    from kg.store import Store

    out = kg("show", str(seed_build), "Red Army").stdout
    assert out.startswith("Red Army") and "dbo:MilitaryUnit" in out
    assert "Red Army smashed Kwantung Army" in out and "Red Army forces flanked" in out
    store = Store.open(seed_build, read_only=True)
    try:
        related = {label for _, label, _ in card(store, find(store, "Red Army")[0]).related}
        mentioned = PREFIXES + "SELECT DISTINCT ?x WHERE { GRAPH ?g { ?a schema:mentions ?x } }"
        found = [row[0].value for row in store.query(mentioned).rows]
        everywhere = {x for iri in found for x, _, _ in card(store, iri).related}
    finally:
        store.close()
    assert {"Kwantung Army", "Manchuria"} <= related
    assert everywhere and not any("#participant=" in x for x in everywhere)  # article-local, not related things


def test_timeline_query_orders_the_seed_events(seed_build):
    proc = kg("query", str(seed_build), "--name", "timeline", "--param", "entity=Red Army", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert len(rows) >= 2
    begins = [r["begin"] for r in rows]
    assert begins == sorted(begins) and all(b.startswith("1945-08") for b in begins)


def test_changing_one_file_reprocesses_only_that_article(samples_dir, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    texts = sorted(samples_dir.glob("*.txt"))[:2]
    for path in texts:
        (src / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    kg("build", str(src), "--out", str(out), "--quiet")
    before = graphs_by_name(open_store(out))
    changed = src / texts[0].name
    added = "\nThe Red Army reached Berlin in April 1945.\n"
    changed.write_text(changed.read_text(encoding="utf-8") + added, encoding="utf-8")
    proc = kg("build", str(src), "--out", str(out), "--quiet")
    assert proc.stdout.startswith("built 1 article(s), 1 unchanged"), proc.stdout
    after = graphs_by_name(open_store(out))
    assert len(before) == len(after) == 2  # the edited article replaced, not added beside the old one
    untouched = [g for g in before if after.get(g) == before[g]]
    assert len(untouched) == 1


def graphs_by_name(store: ox.Store) -> dict[str, list[str]]:
    by_graph: dict[str, list[str]] = {}
    for line in store.dump(format=ox.RdfFormat.N_QUADS).decode().splitlines():
        by_graph.setdefault(line.rsplit(" ", 2)[-2], []).append(line)
    return {g: sorted(lines) for g, lines in by_graph.items() if not g.endswith("/_builds>")}
