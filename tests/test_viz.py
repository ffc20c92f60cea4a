"""The offline view: one self-contained page, checked in headless Chromium with no network."""

from __future__ import annotations

import json
from collections import Counter
import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.export.html import ViewOptions, select_nodes, view_data, write_view
from kg.export.projection import to_networkx

TESTS = Path(__file__).parent
JS_DIR = TESTS / "js"
ARTIFACTS = TESTS.parent / "test-artifacts"
BASE = "https://w3id.org/news-kg/"
EXTERNAL = re.compile(r"<script[^>]*\bsrc=|<link[^>]*\bhref=|@import|(?<![\w.])url\(\s*(?![\"']?data:)")
PAYLOAD = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def store(build_dir: Path) -> ox.Store:
    return ox.Store.read_only(str(build_dir / "store"))


@pytest.fixture(scope="module")
def page(store: ox.Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("view") / "graph.html"
    write_view(store, path)
    return path


def payload(html: str) -> dict:
    return json.loads(PAYLOAD.search(html).group(1))


def test_page_is_self_contained(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert not EXTERNAL.search(html)
    assert "vis.Network" in html and "function visible" in html  # library and our UI, inline
    assert html.count("</script>") == 3 and "sourceMappingURL" not in html


def test_page_carries_nodes_edges_and_mentions(page: Path, store: ox.Store) -> None:
    data = payload(page.read_text(encoding="utf-8"))
    graph = to_networkx(store)
    assert {n["id"] for n in data["nodes"]} == set(graph.nodes)
    assert sorted(e["label"] for e in data["edges"]) == sorted(k for _, _, k in graph.edges(keys=True))
    assert all("type" not in n for n in data["nodes"])
    node = {n["id"]: n for n in data["nodes"]}
    velt = node[BASE + "id/person/mara-velt"]
    [(article, anchor, sentence)] = velt["mentions"]
    assert anchor == "Mara Velt" and anchor in sentence
    assert data["articles"][article]["url"] == "https://news.example.org/2021/05/05/northern-shield"
    militia = node[BASE + "id/unit/coastal-militia"]
    assert {(data["articles"][a]["headline"], s is None) for a, _, s in militia["mentions"]} == {
        ("Brigade storms coastal town", False), ("Port Alder falls", True)}


def test_markup_in_labels_cannot_break_out_of_the_data(store: ox.Store, tmp_path: Path) -> None:
    copy = ox.Store()
    copy.extend(store.quads_for_pattern(None, None, None))
    evil = "</script><img src=x onerror=alert(1)>"
    copy.add(ox.Quad(ox.NamedNode(BASE + "id/person/mara-velt"),
                     ox.NamedNode("http://schema.org/alternateName"), ox.Literal(evil),
                     ox.NamedNode(BASE + "graph/a1a1a1a1a1a1a1a1")))
    path = tmp_path / "g.html"
    write_view(copy, path)
    html = path.read_text(encoding="utf-8")
    assert evil not in html
    velt = next(n for n in payload(html)["nodes"] if n["id"].endswith("mara-velt"))
    assert evil in velt["aliases"]


def test_filters_keep_the_best_supported_nodes(store: ox.Store) -> None:
    graph = to_networkx(store)
    two = select_nodes(graph, ViewOptions(min_articles=2))
    assert set(two) == {n for n, k in graph.nodes(data="n_articles") if k >= 2}
    top = select_nodes(graph, ViewOptions(max_nodes=3))
    assert len(top) == 3
    assert min(top.nodes[n]["n_articles"] for n in top) >= max(
        graph.nodes[n]["n_articles"] for n in graph if n not in top)
    assert all(u in top and v in top for u, v in top.edges())
    assert len(view_data(store, top)["nodes"]) == 3


def test_cli_viz(build_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.html"
    result = CliRunner().invoke(app, ["viz", str(build_dir), "-o", str(out), "--min-articles", "2"])
    assert result.exit_code == 0, result.output
    assert "left out" in result.output
    assert all(n["n_articles"] >= 2 for n in payload(out.read_text(encoding="utf-8"))["nodes"])
    missing = CliRunner().invoke(app, ["viz", str(tmp_path / "nothing"), "-o", str(out)])
    assert missing.exit_code != 0 and "kg build" in missing.output


def run_in_chromium(html: Path, shot: Path, query: str, hide_kind: str, click: str) -> dict:
    if not Path("/usr/bin/chromium").exists():
        pytest.fail("Debian chromium is not installed: apt-get install -y chromium")
    if shutil.which("node") is None or not (JS_DIR / "node_modules" / "playwright-core").is_dir():
        pytest.fail(f"node and playwright-core are needed: npm ci --prefix {JS_DIR}")
    shot.parent.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(["node", str(JS_DIR / "check_view.js"), str(html), str(shot), query,
                          hide_kind, click], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.mark.slow
def test_view_works_offline_in_chromium(page: Path, store: ox.Store) -> None:
    graph = to_networkx(store)
    shot = ARTIFACTS / "view.png"
    port = BASE + "id/place/port-alder"
    seen = run_in_chromium(page, shot, "velt", "place", port)
    assert seen["errors"] == [] and seen["console"] == []
    assert all(url.startswith("file://") for url in seen["requests"])
    assert seen["visible"] == graph.number_of_nodes()
    kinds = {k for _, k in graph.nodes(data="kind")}
    assert all(seen["colored_pixels"][k] > 0 for k in kinds), seen["colored_pixels"]
    # search finds a node by an alias ("General Velt") and opens it
    assert seen["search_results"] == ["Mara Velt"] and seen["search_info"] == "Mara Velt"
    assert seen["search_selected"] == [BASE + "id/person/mara-velt"]
    # a real mouse click on a node shows its panel with the article sentences and links
    assert seen["click_selected"] == [port] and seen["click_info"] == "Port Alder"
    assert "near Port Alder on 4 May 2021" in seen["click_panel"] and "GeoNames" in seen["click_panel"]
    assert sorted(seen["click_article_links"]) == sorted(graph.edges[
        next(iter(graph.predecessors(port))), port, "place"]["articles"].split())
    places = sum(1 for _, k in graph.nodes(data="kind") if k == "place")
    assert seen["visible_after_kind_filter"] == graph.number_of_nodes() - places
    dated = sum(1 for _, d in graph.nodes(data=True) if "start" in d or "end" in d)
    assert seen["visible_dated_only"] == dated
    assert shot.stat().st_size > 10_000


def synthetic_quads(n_articles: int, n_units: int, n_places: int) -> list[ox.Quad]:
    """Articles that each report one clash between two of ``n_units`` at one of ``n_places``."""
    def iri(path: str) -> ox.NamedNode:
        return ox.NamedNode(BASE + path)

    def p(term: str) -> ox.NamedNode:
        return ox.NamedNode(term)

    a_ = p("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = p("http://www.w3.org/2000/01/rdf-schema#label")
    quads = []
    for i in range(n_articles):
        g, article = iri(f"graph/{i:016x}"), iri(f"article/{i:016x}")
        units = [iri(f"id/unit/u{(i * k) % n_units}") for k in (7, 13)]
        place, occ = iri(f"id/place/p{i % n_places}"), iri(f"id/event/occ-{i:016x}")
        triples = [(g, p("http://www.w3.org/ns/prov#wasDerivedFrom"), article),
                   (occ, a_, p("http://schema.org/Action")),
                   (occ, label, ox.Literal(f"Clash {i}")),
                   (occ, p("http://schema.org/agent"), units[0]),
                   (occ, p("http://schema.org/object"), units[1]),
                   (occ, p("http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace"), place),
                   (place, a_, p("http://schema.org/Place")),
                   (place, label, ox.Literal(f"Place {i % n_places}"))]
        for u in units:
            triples += [(u, a_, p("http://dbpedia.org/ontology/MilitaryUnit")),
                        (u, label, ox.Literal("Unit " + u.value.rsplit("u", 1)[-1]))]
        quads += [ox.Quad(s, pr, o, g) for s, pr, o in triples]
    return quads


@pytest.mark.slow
def test_view_of_a_few_thousand_nodes_settles(tmp_path: Path) -> None:
    big = ox.Store()
    big.extend(synthetic_quads(2500, 700, 300))
    path = tmp_path / "big.html"
    summary = write_view(big, path, ViewOptions(max_nodes=2000))
    assert summary.nodes == 2000 and summary.dropped > 0
    seen = run_in_chromium(path, tmp_path / "big.png", "Unit 7", "place", BASE + "id/unit/u7")
    assert seen["errors"] == [] and seen["visible"] == 2000
    assert seen["click_info"] == seen["search_info"] == "Unit 7"


@pytest.mark.slow
def test_view_of_the_seed_build(seed_dir: Path, tmp_path: Path) -> None:
    """The real pipeline on the seed article, then ``kg viz``, then Chromium (issue 7)."""
    out = tmp_path / "kgout"
    built = CliRunner().invoke(app, ["build", str(seed_dir), "--out", str(out), "-q"])
    assert built.exit_code == 0, built.output
    html = tmp_path / "seed.html"
    assert CliRunner().invoke(app, ["viz", str(out), "-o", str(html)]).exit_code == 0
    data = payload(html.read_text(encoding="utf-8"))
    place = next(n for n in data["nodes"] if n["kind"] == "place" and n.get("mentions"))
    wanted = max(data["nodes"], key=lambda n: (n.get("n_mentions", 0), n["label"]))
    seen = run_in_chromium(html, ARTIFACTS / "seed-view.png", wanted["label"], "place", place["id"])
    assert seen["errors"] == [] and all(u.startswith("file://") for u in seen["requests"])
    assert seen["visible"] == len(data["nodes"]) > 0
    assert seen["search_info"] == wanted["label"] and seen["click_info"] == place["label"]
    assert seen["click_article_links"], "the panel links the article that mentions the place"


@pytest.mark.slow
def test_view_of_the_corpus_build(corpus_dir: Path, tmp_path: Path) -> None:
    """Many real articles: the page renders, colours every kind, and search and click work."""
    out = tmp_path / "kgout"
    texts = [str(p) for p in sorted(corpus_dir.glob("*.txt"))]
    built = CliRunner().invoke(app, ["build", *texts, "--out", str(out), "-q", "--workers", "2"])
    assert built.exit_code == 0, built.output
    html = tmp_path / "corpus.html"
    assert CliRunner().invoke(app, ["viz", str(out), "-o", str(html)]).exit_code == 0
    data = payload(html.read_text(encoding="utf-8"))
    assert len(data["nodes"]) > 200
    place = max((n for n in data["nodes"] if n["kind"] == "place"), key=lambda n: (n.get("n_articles", 0), n["id"]))
    wanted = max(data["nodes"], key=lambda n: (n.get("n_articles", 0), n["label"]))
    seen = run_in_chromium(html, ARTIFACTS / "corpus-view.png", wanted["label"], "occurrence", place["id"])
    assert seen["errors"] == [] and all(u.startswith("file://") for u in seen["requests"])
    assert seen["visible"] > 0
    counts = Counter(n["kind"] for n in data["nodes"])
    common = {k for k, c in counts.items() if c >= 15} - {"occurrence"}
    assert len(common) >= 3 and all(seen["colored_pixels"][k] > 0 for k in common), (counts, seen["colored_pixels"])
    assert seen["search_info"] == wanted["label"] and seen["click_info"] == place["label"]
