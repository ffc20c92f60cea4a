"""Exports: RDF formats, the NetworkX projection, GraphML, GEXF, Cytoscape JSON, GeoJSON.

Every file is read back by a parser somebody else wrote (oxigraph CLI, rapper, rdflib for
JSON-LD, xmllint with the GEXF 1.3 RNG, networkx, igraph, graphology, cytoscape.js) and
compared with the store by content. Missing tools fail the test: CI installs them.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from lxml import etree
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import FormatError
from kg.export import FORMATS, export, export_graph, export_rdf, guess_format, to_networkx
from kg.export.rdf import DATASET_FORMATS, UNION_FORMATS
from kg.store import is_builds_graph

FIXTURE = Path(__file__).parent / "data" / "export_fixture.trig"
JS_DIR = Path(__file__).parent / "js"
GEXF_RNG = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "gexf-1.3" / "gexf.rng"
EXTENSION = {"turtle": "ttl", "ntriples": "nt", "rdfxml": "rdf", "trig": "trig",
             "nquads": "nq", "jsonld": "jsonld"}
NMTOKEN = re.compile(r"^[\w.:-]+$")
BASE = "https://w3id.org/news-kg/"


def iri(path: str) -> str:
    return BASE + "id/" + path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    """An on-disk store holding the fixture, as ``kg build`` leaves one."""
    s = ox.Store(path=str(tmp_path_factory.mktemp("store")))
    s.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    return s


@pytest.fixture(scope="module")
def graph(store: ox.Store) -> nx.MultiDiGraph:
    return to_networkx(store)


def require(tool: str, install: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is not installed; install it with: {install}")
    return path


def node_script(script: str, *args: str) -> dict:
    require("node", "apt-get install -y nodejs npm")
    if not (JS_DIR / "node_modules").is_dir():
        pytest.fail(f"JavaScript clients missing; run: npm ci --prefix {JS_DIR}")
    run = subprocess.run(["node", str(JS_DIR / script), *args], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def quads(store: ox.Store) -> set[ox.Quad]:
    """The store's content: every quad but the build bookkeeping."""
    return {q for q in store.quads_for_pattern(None, None, None)
            if not is_builds_graph(q.graph_name.value)}


def triples(store: ox.Store) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in quads(store)}


def parsed(data: bytes, fmt: ox.RdfFormat) -> set[ox.Quad]:
    return set(ox.parse(data, format=fmt))


def no_blank_nodes(store: ox.Store) -> None:
    """Set comparison is graph isomorphism only without blank nodes: make sure of it."""
    assert not any(isinstance(t, ox.BlankNode) for q in quads(store) for t in (q.subject, q.object))


# ---------------------------------------------------------------- RDF


@pytest.mark.parametrize("fmt", sorted(DATASET_FORMATS))
def test_dataset_formats_keep_every_named_graph(store: ox.Store, fmt: str) -> None:
    no_blank_nodes(store)
    out = io.BytesIO()
    export_rdf(store, fmt, out)
    assert parsed(out.getvalue(), DATASET_FORMATS[fmt]) == quads(store)


@pytest.mark.parametrize("fmt", sorted(UNION_FORMATS))
def test_graph_formats_hold_the_union_once(store: ox.Store, fmt: str) -> None:
    no_blank_nodes(store)
    out = io.BytesIO()
    export_rdf(store, fmt, out)
    got = {ox.Triple(q.subject, q.predicate, q.object) for q in parsed(out.getvalue(), UNION_FORMATS[fmt])}
    assert got == triples(store)
    if fmt == "ntriples":  # one line per triple: nothing repeated across graphs
        assert len(out.getvalue().splitlines()) == len(triples(store)) < len(quads(store))


def test_build_bookkeeping_is_not_exported(store: ox.Store) -> None:
    assert len(quads(store)) < len(store)  # the fixture has a bookkeeping graph, as builds do
    for fmt in ("trig", "turtle"):
        out = io.BytesIO()
        export_rdf(store, fmt, out)
        assert b"_builds" not in out.getvalue() and b"contentHash" not in out.getvalue()


def test_turtle_uses_the_project_prefixes(store: ox.Store) -> None:
    out = io.BytesIO()
    export_rdf(store, "ttl", out)
    text = out.getvalue().decode()
    assert "@prefix schema: <http://schema.org/>" in text
    assert "schema:NewsArticle" in text


def test_unknown_format_lists_the_known_ones(store: ox.Store) -> None:
    with pytest.raises(FormatError) as err:
        export_rdf(store, "yaml", io.BytesIO())
    assert "turtle" in str(err.value) and "jsonld" in str(err.value)
    with pytest.raises(FormatError) as err:
        export(store, "dot", io.BytesIO())
    assert all(f in str(err.value) for f in FORMATS)


def test_format_from_file_name() -> None:
    assert guess_format(Path("a.ttl")) == "turtle"
    assert guess_format(Path("a.GEXF")) == "gexf"
    assert guess_format(Path("a.cytoscape.json")) == "cytoscape"
    with pytest.raises(FormatError):
        guess_format(Path("a.txt"))


@pytest.mark.slow
@pytest.mark.parametrize("fmt", sorted(EXTENSION))
def test_oxigraph_cli_reads_every_rdf_export(store: ox.Store, tmp_path: Path, fmt: str) -> None:
    require("oxigraph", "pip install oxigraph")
    path = tmp_path / f"out.{EXTENSION[fmt]}"
    export_rdf(store, fmt, path)
    run = subprocess.run(["oxigraph", "convert", "-f", str(path), "--to-format", "nq"],
                         capture_output=True, env={**os.environ, "RUST_BACKTRACE": "0"})
    assert run.returncode == 0, run.stderr.decode()
    got = parsed(run.stdout, ox.RdfFormat.N_QUADS)
    if fmt in DATASET_FORMATS:
        assert got == quads(store)
    else:
        assert {ox.Triple(q.subject, q.predicate, q.object) for q in got} == triples(store)


RAPPER_SYNTAX = {"turtle": "turtle", "ntriples": "ntriples", "rdfxml": "rdfxml",
                 "trig": "trig", "nquads": "nquads"}


@pytest.mark.slow
@pytest.mark.parametrize("fmt", sorted(RAPPER_SYNTAX))
def test_rapper_reads_the_rdf_exports(store: ox.Store, tmp_path: Path, fmt: str) -> None:
    require("rapper", "apt-get install -y raptor2-utils")
    path = tmp_path / f"out.{EXTENSION[fmt]}"
    export_rdf(store, fmt, path)
    run = subprocess.run(["rapper", "-q", "-i", RAPPER_SYNTAX[fmt], "-o", "nquads", str(path)],
                         capture_output=True)
    assert run.returncode == 0, run.stderr.decode()
    got = parsed(run.stdout, ox.RdfFormat.N_QUADS)
    if fmt in DATASET_FORMATS:
        assert got == quads(store)
    else:
        assert {ox.Triple(q.subject, q.predicate, q.object) for q in got} == triples(store)


@pytest.mark.slow
def test_rdflib_reads_the_jsonld_export(store: ox.Store) -> None:
    import rdflib

    def term(t: ox.NamedNode | ox.Literal) -> rdflib.term.Node:
        if isinstance(t, ox.NamedNode):
            return rdflib.URIRef(t.value)
        plain = t.language or t.datatype.value == str(rdflib.XSD.string)
        return rdflib.Literal(t.value, lang=t.language, datatype=None if plain else t.datatype.value)

    out = io.BytesIO()
    export_rdf(store, "jsonld", out)
    ds = rdflib.Dataset()
    ds.parse(data=out.getvalue(), format="json-ld")
    got = {q for q in ds.quads() if q[3] != ds.default_graph.identifier}
    assert got == {tuple(term(t) for t in (q.subject, q.predicate, q.object, q.graph_name))
                   for q in quads(store)}


# ---------------------------------------------------------------- the projection


def test_projection_nodes_are_entities_and_events(graph: nx.MultiDiGraph, store: ox.Store) -> None:
    typed = {r["s"].value for r in store.query(
        "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s a ?t } "
        "FILTER(?t IN (<http://schema.org/Person>, <http://schema.org/Organization>, "
        "<http://schema.org/Place>, <http://semanticweb.cs.vu.nl/2009/11/sem/Event>)) }")}
    assert set(graph.nodes) == typed
    kinds = nx.get_node_attributes(graph, "kind")
    assert kinds[iri("unit/3rd-mountain-brigade")] == "unit"
    assert kinds[iri("person/mara-velt")] == "person"
    assert kinds[iri("place/port-alder")] == "place"
    assert kinds[iri("event/northern-shield")] == "event"
    assert kinds[iri("org/harbour-relief-agency")] == "org"
    assert kinds[iri("event/occ-00000000000000aa")] == "occurrence"
    assert not any("type" in attrs for _, attrs in graph.nodes(data=True))
    for _, attrs in graph.nodes(data=True):  # GraphML and GEXF take scalars only
        assert all(isinstance(v, (str, int, float)) for v in attrs.values())


def test_projection_folds_literals_into_attributes(graph: nx.MultiDiGraph) -> None:
    port = graph.nodes[iri("place/port-alder")]
    assert (port["label"], port["lat"], port["lon"], port["geonames"]) == ("Port Alder", 54.25, 10.5, "9990001")
    assert port["n_articles"] == 2 and port["n_mentions"] == 2
    op = graph.nodes[iri("event/northern-shield")]
    assert (op["wikidata"], op["start"], op["end"]) == ("Q99990001", "2021-05-01", "2021-05-31")
    assert "Northern Shield" in op["aliases"]
    occ = graph.nodes[iri("event/occ-00000000000000aa")]
    assert occ["n_articles"] == 2 and occ["start"] == occ["end"] == "2021-05-04"
    assert occ["label"] in occ["aliases"] + " | " + occ["label"]  # the other label became an alias
    assert not any(n.startswith(BASE + "article/") or "#char=" in n for n in graph.nodes)


def test_projection_edges_are_roles_weighted_by_articles(graph: nx.MultiDiGraph) -> None:
    occ = iri("event/occ-00000000000000aa")
    agent = graph.edges[occ, iri("unit/3rd-mountain-brigade"), "agent"]
    assert agent["weight"] == 2
    assert agent["articles"].split() == sorted(["https://news.example.org/2021/05/05/northern-shield",
                                                "https://wire.example.net/world/port-alder-falls"])
    assert graph.has_edge(occ, iri("unit/coastal-militia"), "patient")
    assert graph.has_edge(occ, iri("place/port-alder"), "place")
    assert graph.edges[occ, iri("event/northern-shield"), "part_of"]["weight"] == 1
    assert graph.has_edge(iri("event/northern-shield"), iri("person/mara-velt"), "commander")
    assert graph.has_edge(iri("person/mara-velt"), iri("unit/3rd-mountain-brigade"), "member_of")
    assert graph.has_edge(iri("place/lindholm"), iri("place/westland"), "located_in")
    # sem:hasActor is drawn only where no more specific role links the pair
    assert not any(k == "participant" for _, _, k in graph.edges(keys=True))


def test_participant_edge_when_only_has_actor_links_the_pair(store: ox.Store) -> None:
    copy = ox.Store()
    copy.extend(quads(store))
    g = ox.NamedNode(BASE + "graph/a1a1a1a1a1a1a1a1")
    copy.add(ox.Quad(ox.NamedNode(iri("event/northern-shield")),
                     ox.NamedNode("http://semanticweb.cs.vu.nl/2009/11/sem/hasActor"),
                     ox.NamedNode(iri("unit/coastal-militia")), g))
    projected = to_networkx(copy)
    assert projected.has_edge(iri("event/northern-shield"), iri("unit/coastal-militia"), "participant")
    assert not projected.has_edge(iri("event/northern-shield"), iri("person/mara-velt"), "participant")


def test_projection_leaves_unnamed_participants_out(store: ox.Store) -> None:
    copy = ox.Store()
    copy.extend(quads(store))
    g = ox.NamedNode(BASE + "graph/a1a1a1a1a1a1a1a1")
    someone = ox.NamedNode(BASE + "article/a1a1a1a1a1a1a1a1#participant=40,49")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for p, o in ((rdf_type, ox.NamedNode("https://w3id.org/news-kg/ontology#UnnamedParticipant")),
                 (ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("two guards"))):
        copy.add(ox.Quad(someone, p, o, g))
    copy.add(ox.Quad(ox.NamedNode(iri("event/occ-00000000000000aa")),
                     ox.NamedNode("http://schema.org/object"), someone, g))
    projected = to_networkx(copy)
    assert someone.value not in projected
    assert set(projected.nodes) == set(to_networkx(store).nodes)


def test_projection_with_articles(store: ox.Store, graph: nx.MultiDiGraph) -> None:
    with_articles = to_networkx(store, with_articles=True)
    articles = [n for n, k in with_articles.nodes(data="kind") if k == "article"]
    assert len(articles) == len(list(store.query(
        "SELECT DISTINCT ?a WHERE { GRAPH ?g { ?g <http://www.w3.org/ns/prov#wasDerivedFrom> ?a } }")))
    mentions = [(u, v) for u, v, k in with_articles.edges(keys=True) if k == "mentions"]
    assert len(mentions) == len(list(store.query(
        "SELECT DISTINCT ?a ?x WHERE { GRAPH ?g { ?a <http://schema.org/mentions> ?x } }")))
    assert with_articles.number_of_edges() == graph.number_of_edges() + len(mentions)


# ---------------------------------------------------------------- GraphML


def test_graphml_ids_are_nmtokens_and_edge_ids_unique(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    export_graph(graph, "graphml", path)
    doc = etree.parse(str(path))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    node_ids = doc.xpath("//g:node/@id", namespaces=ns)
    edge_ids = doc.xpath("//g:edge/@id", namespaces=ns)
    assert len(node_ids) == graph.number_of_nodes() and len(edge_ids) == graph.number_of_edges()
    assert all(NMTOKEN.match(i) for i in node_ids + edge_ids)
    assert len(set(edge_ids)) == len(edge_ids)
    keys = set(doc.xpath("//g:key/@id", namespaces=ns))
    assert set(doc.xpath("//g:data/@key", namespaces=ns)) <= keys
    back = nx.read_graphml(path, force_multigraph=True)
    iris = nx.get_node_attributes(back, "iri")
    assert set(iris.values()) == set(graph.nodes)
    labels = {iris[n]: back.nodes[n]["label"] for n in back}
    assert labels == dict(graph.nodes(data="label"))
    roles = sorted((iris[u], iris[v], d["label"]) for u, v, d in back.edges(data=True))
    assert roles == sorted(graph.edges(keys=True))


@pytest.mark.slow
def test_igraph_reads_the_graphml(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    import igraph

    path = tmp_path / "g.graphml"
    export_graph(graph, "graphml", path)
    g = igraph.Graph.Read_GraphML(str(path))
    assert g.is_directed()
    assert (g.vcount(), g.ecount()) == (graph.number_of_nodes(), graph.number_of_edges())
    assert set(g.vs["iri"]) == set(graph.nodes)
    edges = sorted((g.vs[e.source]["iri"], g.vs[e.target]["iri"], e["label"]) for e in g.es)
    assert edges == sorted(graph.edges(keys=True))


@pytest.mark.slow
def test_graphology_reads_the_graphml(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    export_graph(graph, "graphml", path)
    seen = node_script("check_graph_xml.js", "graphml", str(path))
    assert (seen["order"], seen["size"]) == (graph.number_of_nodes(), graph.number_of_edges())
    assert {n["iri"] for n in seen["nodes"].values()} == set(graph.nodes)


# ---------------------------------------------------------------- GEXF


def test_gexf_has_viz_time_and_no_empty_name(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.gexf"
    export_graph(graph, "gexf", path)
    doc = etree.parse(str(path))
    ns = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
    graph_el = doc.find("g:graph", ns)
    assert "name" not in graph_el.attrib
    assert (graph_el.get("mode"), graph_el.get("timeformat")) == ("dynamic", "date")
    nodes = doc.findall(".//g:node", ns)
    assert len(nodes) == graph.number_of_nodes()
    assert all(n.find("viz:color", ns) is not None and n.find("viz:size", ns) is not None for n in nodes)
    by_iri = {n.find("g:attvalues/g:attvalue[@for='iri']", ns).get("value"): n for n in nodes}
    op = by_iri[iri("event/northern-shield")]
    assert (op.get("start"), op.get("end")) == ("2021-05-01", "2021-05-31")
    assert float(by_iri[iri("place/port-alder")].find("viz:size", ns).get("value")) > float(
        by_iri[iri("place/lindholm")].find("viz:size", ns).get("value"))
    colors = {n.find("g:attvalues/g:attvalue[@for='kind']", ns).get("value"):
              tuple(n.find("viz:color", ns).get(c) for c in "rgb") for n in nodes}
    assert len(set(colors.values())) == len(colors)  # one colour per kind
    timed_edges = [e for e in doc.findall(".//g:edge", ns) if e.get("start")]
    assert timed_edges and all(e.get("kind") == e.get("label") for e in doc.findall(".//g:edge", ns))


@pytest.mark.slow
def test_gexf_is_valid_against_the_gexf_13_rng(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    require("xmllint", "apt-get install -y libxml2-utils")
    if not GEXF_RNG.is_file():
        pytest.fail(f"{GEXF_RNG} is missing: the GEXF schemas live in ../shared/schemas")
    path = tmp_path / "g.gexf"
    export_graph(graph, "gexf", path)
    run = subprocess.run(["xmllint", "--nonet", "--noout", "--relaxng", str(GEXF_RNG), str(path)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    broken = path.read_text().replace('version="1.3"', 'version="1.3" name=""', 1)
    path.write_text(broken)  # the check itself can fail: networkx's name="" is rejected
    assert subprocess.run(["xmllint", "--nonet", "--noout", "--relaxng", str(GEXF_RNG), str(path)],
                          capture_output=True).returncode != 0


@pytest.mark.slow
def test_graphology_reads_the_gexf(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.gexf"
    export_graph(graph, "gexf", path)
    seen = node_script("check_graph_xml.js", "gexf", str(path))
    assert (seen["order"], seen["size"]) == (graph.number_of_nodes(), graph.number_of_edges())
    assert {n["iri"] for n in seen["nodes"].values()} == set(graph.nodes)
    assert all(n["color"].startswith("rgb(") and n["size"] > 0 for n in seen["nodes"].values())


# ---------------------------------------------------------------- Cytoscape.js and GeoJSON


def test_cytoscape_json_edges_have_ids(graph: nx.MultiDiGraph) -> None:
    out = io.BytesIO()
    export_graph(graph, "cytoscape", out)
    doc = json.loads(out.getvalue())
    edges = doc["elements"]["edges"]
    assert len(edges) == graph.number_of_edges()
    assert len({e["data"]["id"] for e in edges}) == len(edges)
    assert all({"id", "source", "target", "label"} <= e["data"].keys() for e in edges)
    assert {n["data"]["id"] for n in doc["elements"]["nodes"]} == set(graph.nodes)


@pytest.mark.slow
def test_cytoscape_js_loads_the_json(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.cyjs"
    export_graph(graph, "cytoscape", path)
    seen = node_script("check_cytoscape.js", str(path))
    assert seen["nodes"] == seen["nodes_after_json"] == graph.number_of_nodes()
    assert seen["edges"] == seen["edges_after_json"] == graph.number_of_edges()
    assert sorted(seen["edge_labels"].values()) == sorted(k for _, _, k in graph.edges(keys=True))


def test_geojson_places_with_their_events(graph: nx.MultiDiGraph) -> None:
    out = io.BytesIO()
    export_graph(graph, "geojson", out)
    doc = json.loads(out.getvalue())
    assert doc["type"] == "FeatureCollection"
    located = {n for n, d in graph.nodes(data=True) if d["kind"] == "place" and "lat" in d}
    features = {f["properties"]["iri"]: f for f in doc["features"]}
    assert set(features) == located
    port = features[iri("place/port-alder")]
    assert port["geometry"] == {"type": "Point", "coordinates": [10.5, 54.25]}
    assert port["properties"]["name"] == "Port Alder" and port["properties"]["n_articles"] == 2
    assert [e["iri"] for e in port["properties"]["events"]] == [iri("event/occ-00000000000000aa")]
    assert features[iri("place/westland")]["properties"]["events"] == []


# ---------------------------------------------------------------- the CLI


@pytest.mark.parametrize("name", ["g.trig", "g.nt", "g.graphml", "g.geojson"])
def test_cli_export_by_extension(build_dir: Path, tmp_path: Path, store: ox.Store, name: str) -> None:
    out = tmp_path / name
    result = CliRunner().invoke(app, ["export", str(build_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0 and not list(tmp_path.glob("*.part"))
    if name == "g.trig":
        assert parsed(out.read_bytes(), ox.RdfFormat.TRIG) == quads(store)


def test_cli_export_errors_are_one_line(build_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    bad_format = runner.invoke(app, ["export", str(build_dir), "-f", "dot", "-o", str(tmp_path / "x")])
    assert bad_format.exit_code != 0 and "unknown export format 'dot'" in bad_format.output
    no_store = runner.invoke(app, ["export", str(tmp_path / "none"), "-o", str(tmp_path / "x.ttl")])
    assert no_store.exit_code != 0 and "kg build" in no_store.output
    assert "Traceback" not in bad_format.output + no_store.output
    assert not (tmp_path / "x.ttl").exists()
