"""kg query: named queries checked against rdflib's engine, output formats parsed back, errors."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import FormatError, QueryError
from kg.query import execute, run_query
from kg.sparql.named import list_named_queries, load_named_query, named_query
from kg.sparql.worker import QueryTimeout

FIXTURE = Path(__file__).parent / "data" / "store_fixture.trig"
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s1 ?p1 ?o1 } GRAPH ?b { ?s2 ?p2 ?o2 } "
        "GRAPH ?c { ?s3 ?p3 ?o3 } GRAPH ?d { ?s4 ?p4 ?o4 } }")


def canonical_dataset() -> rdflib.Dataset:
    """The fixture as the store holds it (Oxigraph normalises numeric literals)."""
    store = ox.Store()
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    ds = rdflib.Dataset()
    keep, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False  # keep lexical forms as stored
    try:
        ds.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    finally:
        rdflib.NORMALIZE_LITERALS = keep
    return ds


def comparable(sparql: str, names, rows) -> set:
    """Rows as strings; SAMPLE columns dropped (any value is right); GROUP_CONCAT lists sorted."""
    sampled = set(re.findall(r"SAMPLE\(\?\w+\) AS \?(\w+)", sparql))
    concat = set(re.findall(r"GROUP_CONCAT\([^;]*;\s*separator=\"([^\"]*)\"\) AS \?(\w+)", sparql))
    seps = {var: sep for sep, var in concat}
    out = set()
    for row in rows:
        cells = []
        for n, v in zip(names, row, strict=True):
            if n in sampled:
                continue
            text = "" if v is None else (str(v) if isinstance(v, rdflib.term.Node) else v.value)
            cells.append(" | ".join(sorted(text.split(seps[n]))) if n in seps and text else text)
        out.add(tuple(cells))
    return out


def test_at_least_eight_named_queries_with_headers() -> None:
    queries = list_named_queries()
    assert len([q for q in queries if q.name != "entity-kinds"]) >= 8
    for q in queries:
        assert q.description, q.name
        assert "GRAPH ?g" in q.text or "GRAPH ?graph" in q.text, q.name


@pytest.mark.parametrize("name", [q.name for q in list_named_queries()])
def test_named_query_agrees_with_rdflib(fixture_store: Path, name: str) -> None:
    sparql = named_query(name, {})
    ours = execute(fixture_store, sparql)
    theirs = canonical_dataset().query(sparql)
    names = [str(v) for v in theirs.vars]
    assert list(ours.variables) == names
    assert ours.rows, f"{name} found nothing in the fixture"
    assert comparable(sparql, ours.variables, ours.rows) == comparable(sparql, names, list(theirs))


def test_units_in_manchuria_in_1945(fixture_store: Path) -> None:
    out = json.loads(run_query(fixture_store, named_query("units-in-place", {"place": "MANCHURIA", "from": "1945",
                                                                            "to": "1945-12"}), fmt="json"))
    units = {b["unitLabel"]["value"]: int(b["articles"]["value"]) for b in out["results"]["bindings"]}
    assert units == {"Red Army": 2, "Kwantung Army": 2}  # the partisans' 1932-41 event is outside


def test_alias_and_iri_parameters(fixture_store: Path) -> None:
    by_alias = execute(fixture_store, named_query("timeline", {"entity": "guandong army"}))
    by_iri = execute(fixture_store, named_query("timeline", {"entity": "https://w3id.org/news-kg/id/unit/kwantung-army"}))
    assert by_alias.rows and by_alias.rows == by_iri.rows


@pytest.mark.parametrize("value", ['x" ) } DROP ALL #', "a\\\"b\nc", "}}}{{{", "'; INSERT DATA {<a> <b> <c>}"])
def test_parameters_are_bound_not_pasted(fixture_store: Path, value: str) -> None:
    sparql = named_query("co-mentioned", {"entity": value})
    assert execute(fixture_store, sparql).rows == ()
    probe = re.search(r"VALUES \(\?entity \?kind\) \{ \((.*) UNDEF\) \}", sparql).group(1)
    (row,) = execute(fixture_store, f"SELECT ?v WHERE {{ VALUES (?v) {{ ({probe}) }} }}").rows
    assert row[0].value == value


def test_bad_parameters(fixture_store: Path) -> None:
    with pytest.raises(QueryError, match="no parameter 'nope'"):
        named_query("timeline", {"nope": "x"})
    with pytest.raises(QueryError, match="not a date"):
        named_query("units-in-place", {"from": "August 1945"})
    with pytest.raises(QueryError, match="unknown kind"):
        named_query("top-entities", {"kind": "ship"})
    with pytest.raises(QueryError, match="no named query"):
        load_named_query("nothing-here")


def test_formats_parse_back(fixture_store: Path) -> None:
    sparql = named_query("articles", {})
    ref = execute(fixture_store, sparql)
    expected = [tuple(row) for row in ref.rows]
    for fmt, rf in (("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML),
                    ("tsv", ox.QueryResultsFormat.TSV)):
        parsed = ox.parse_query_results(run_query(fixture_store, sparql, fmt=fmt).encode(), rf)
        assert [tuple(s[v] for v in ref.variables) for s in parsed] == expected, fmt
    header, *lines = csv.reader(io.StringIO(run_query(fixture_store, sparql, fmt="csv"), newline=""))
    assert header == list(ref.variables)
    assert [tuple(line) for line in lines] == [tuple(t.value for t in r) for r in expected]
    table = run_query(fixture_store, sparql)
    assert "Partisans" in table and table.rstrip().endswith("3 rows")


def test_construct_as_turtle_and_ntriples(fixture_store: Path) -> None:
    q = ("CONSTRUCT { ?u a <http://dbpedia.org/ontology/MilitaryUnit> } WHERE { GRAPH ?g "
         "{ ?u a <http://dbpedia.org/ontology/MilitaryUnit> } }")
    ttl = rdflib.Graph().parse(data=run_query(fixture_store, q, fmt="turtle"), format="turtle")
    nt = rdflib.Graph().parse(data=run_query(fixture_store, q, fmt="ntriples"), format="nt")
    assert len(ttl) == len(nt) == 3
    with pytest.raises(FormatError, match="CONSTRUCT"):
        run_query(fixture_store, q, fmt="csv")
    with pytest.raises(FormatError):
        run_query(fixture_store, "SELECT * WHERE { ?s ?p ?o }", fmt="turtle")


def test_the_usual_prefixes_need_no_declaration_and_a_query_may_redefine_them(fixture_store: Path) -> None:
    labels = run_query(fixture_store, "SELECT ?l WHERE { GRAPH ?g { ?x a dbo:MilitaryUnit ; rdfs:label ?l } }")
    assert "Red Army" in labels
    redefined = "PREFIX rdfs: <http://example.org/> ASK { GRAPH ?g { ?x rdfs:label ?l } }"
    assert execute(fixture_store, redefined).boolean is False


def test_syntax_error_is_one_line(fixture_store: Path) -> None:
    with pytest.raises(QueryError, match="SPARQL syntax error") as err:
        run_query(fixture_store, "SELECT ?x WHERE { ?x ?y }")
    assert "\n" not in str(err.value)


def test_stats_counts_only_article_quads(fixture_store: Path) -> None:
    from kg.query import stats

    expected = sum(1 for q in ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TRIG))
    assert stats(fixture_store).quads == expected  # the builds' bookkeeping graph is not counted


def test_limit_and_timeout(fixture_store: Path) -> None:
    res = execute(fixture_store, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", limit=5)
    assert len(res.rows) == 5 and res.truncated
    table = run_query(fixture_store, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", limit=5)
    assert table.rstrip().endswith("5 rows (limit reached; more rows exist)")
    with pytest.raises(QueryTimeout, match="timed out"):
        run_query(fixture_store, SLOW, timeout=0.5)
    assert run_query(fixture_store, "ASK { GRAPH ?g { ?s ?p ?o } }", timeout=30) == "true\n"


def test_cli(fixture_store: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["query", "--list"])
    assert listed.exit_code == 0 and "units-in-place" in listed.output
    named = runner.invoke(app, ["query", str(fixture_store), "--name", "units-in-place", "--param", "place=Manchuria",
                                "--format", "csv"])
    assert named.exit_code == 0 and "Kwantung Army" in named.output
    bad = runner.invoke(app, ["query", str(fixture_store), "SELECT ?x WHERE {"])
    assert bad.exit_code != 0 and "kg: error: SPARQL syntax error" in bad.output
    stats = runner.invoke(app, ["stats", str(fixture_store)])
    assert stats.exit_code == 0 and "articles  3" in stats.output and "Kwantung Army (unit)" in stats.output
    removed = runner.invoke(app, ["remove", str(fixture_store), "https://other.example.net/history/kwantung-army-defeat"])
    assert removed.exit_code == 0
    assert "articles  2" in runner.invoke(app, ["stats", str(fixture_store)]).output
    missing = runner.invoke(app, ["remove", str(fixture_store), "ffffffffffffffff"])
    assert missing.exit_code != 0 and "no article" in missing.output


def test_xml_results_parse_whatever_the_literals_hold() -> None:
    from xml.dom.minidom import parseString

    from kg.sparql.engine import Results
    from kg.sparql.results import render

    row = (ox.Literal("a\x01b\x00c"), ox.NamedNode("http://example.org/x"))
    out = render(Results("select", ("x", "y"), iter([row])), "xml")
    literal = parseString(out.encode()).getElementsByTagName("literal")[0].firstChild.data
    assert literal == "a\ufffdb\ufffdc"  # XML 1.0 cannot hold the controls: each becomes U+FFFD


def test_show_finds_an_entity_by_alias_and_shortens_its_types(fixture_store: Path) -> None:
    from kg.show import EntityNotFound, show

    card = show(fixture_store, "guandong army")  # an alias, in any case
    assert card.startswith("Kwantung Army  <https://w3id.org/news-kg/id/unit/kwantung-army>")
    assert "types: dbo:MilitaryUnit, schema:Organization" in card and "articles (3):" in card
    with pytest.raises(EntityNotFound):
        show(fixture_store, "nobody of that name")
