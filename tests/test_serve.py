"""kg serve: a read-only SPARQL 1.1 Protocol endpoint, checked with SPARQLWrapper and curl."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.error import HTTPError

import pytest
import rdflib
from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from kg.serve import Limits, make_server, negotiate, serve_in_thread

COUNT = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
UNITS = ("CONSTRUCT { ?u a <http://dbpedia.org/ontology/MilitaryUnit> } WHERE "
         "{ GRAPH ?g { ?u a <http://dbpedia.org/ontology/MilitaryUnit> } }")
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s1 ?p1 ?o1 } GRAPH ?b { ?s2 ?p2 ?o2 } "
        "GRAPH ?c { ?s3 ?p3 ?o3 } GRAPH ?d { ?s4 ?p4 ?o4 } }")


@contextmanager
def serving(out: Path, limits: Limits, workers: int) -> Iterator[str]:
    server = make_server(out, port=0, limits=limits, workers=workers, quiet=True)
    serve_in_thread(server)
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}/query"
    finally:
        server.shutdown()
        server.server_close()
        server.endpoint.close()


@pytest.fixture(scope="module")
def endpoint(fixture_store_built: Path, tmp_path_factory) -> Iterator[str]:
    """One endpoint (and its two query workers) for the module: no test here writes or stops it."""
    out = tmp_path_factory.mktemp("serve") / "out"
    shutil.copytree(fixture_store_built, out)
    with serving(out, Limits(timeout=60), workers=2) as url:
        yield url


def client(url: str, query: str, fmt=JSON, method=None) -> SPARQLWrapper:
    s = SPARQLWrapper(url)
    s.setQuery(query)
    s.setReturnFormat(fmt)
    if method:
        s.setMethod(method)
    return s


def counts(url: str, method=None) -> dict[str, int]:
    res = client(url, COUNT, JSON, method).queryAndConvert()
    return {b["g"]["value"]: int(b["n"]["value"]) for b in res["results"]["bindings"]}


def test_sparqlwrapper_select_get_post_xml(endpoint: str) -> None:
    got = counts(endpoint)
    assert len([g for g in got if not g.endswith("_builds")]) == 3
    assert counts(endpoint, POST) == got
    xml = client(endpoint, COUNT, XML).queryAndConvert()  # a DOM document
    assert len(xml.getElementsByTagName("result")) == len(got)


def test_sparqlwrapper_construct_turtle(endpoint: str) -> None:
    graph = client(endpoint, UNITS, TURTLE).queryAndConvert()
    g = rdflib.Graph().parse(data=graph, format="turtle")
    assert len(g) == 3


def test_stays_up_after_bad_update_and_slow_queries(fixture_store: Path) -> None:
    # SLOW counts n**4 rows, n >= 194 quads: minutes of work, so a 0.3 s timeout always fires;
    # with one worker, the answer after it comes from the worker started again in its place
    with serving(fixture_store, Limits(timeout=0.3), workers=1) as endpoint:
        with pytest.raises(QueryBadFormed):
            client(endpoint, "SELECT ?x WHERE {").queryAndConvert()
        with pytest.raises(SPARQLWrapperException):
            client(endpoint, "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }",
                   method=POST).queryAndConvert()
        with pytest.raises(HTTPError) as err:  # SPARQLWrapper passes a 503 through as it is
            client(endpoint, SLOW).queryAndConvert()
        assert err.value.code == 503 and "timed out after 0.3 s" in err.value.read().decode()
        assert len(counts(endpoint)) == 4  # still answering, nothing was written


curl = shutil.which("curl")


def run_curl(*args: str) -> tuple[int, str, str]:
    out = subprocess.run([curl, "-s", "-w", "\n%{http_code} %{content_type}", *args],
                         capture_output=True, text=True, timeout=60).stdout
    body, _, status = out.rpartition("\n")
    code, _, ctype = status.partition(" ")
    return int(code), ctype, body


@pytest.mark.skipif(curl is None, reason="curl is not installed")
def test_curl_protocol(endpoint: str) -> None:
    code, ctype, body = run_curl("-G", endpoint, "--data-urlencode", f"query={COUNT}", "-H", "Accept: text/csv")
    assert code == 200 and ctype.startswith("text/csv") and body.splitlines()[0] == "g,n"
    code, ctype, body = run_curl("-X", "POST", endpoint, "-H", "Content-Type: application/sparql-query",
                                 "-H", "Accept: text/tab-separated-values", "--data-binary", COUNT)
    assert code == 200 and ctype.startswith("text/tab-separated-values") and body.startswith("?g\t?n")
    code, ctype, body = run_curl("-X", "POST", endpoint, "--data-urlencode", f"query={UNITS}",
                                 "-H", "Accept: application/n-triples")
    assert code == 200 and len(rdflib.Graph().parse(data=body, format="nt")) == 3
    code, _, body = run_curl("-X", "POST", endpoint, "-H", "Content-Type: application/sparql-update",
                             "--data-binary", "CLEAR ALL")
    assert code == 400 and "read-only" in body
    code, _, body = run_curl("-X", "POST", endpoint, "--data-urlencode", "update=CLEAR ALL")
    assert code == 400 and "read-only" in body
    code, _, body = run_curl("-G", endpoint, "--data-urlencode", "query=SELEC nothing")
    assert code == 400 and "syntax error" in body
    code, _, _ = run_curl("-G", endpoint, "--data-urlencode", f"query={COUNT}", "-H", "Accept: image/png")
    assert code == 406
    code, _, body = run_curl("-G", endpoint, "--data-urlencode", f"query={COUNT}")
    assert code == 200 and '"head"' in body  # JSON by default


def test_negotiate() -> None:
    table = {"text/csv": "csv", "application/json": "json"}
    assert negotiate("text/csv;q=0.5, application/json", table, "json") == "json"
    assert negotiate("image/png, */*;q=0.1", table, "json") == "json"
    assert negotiate("image/png", table, "json") is None
    assert negotiate("", table, "json") == "json"
