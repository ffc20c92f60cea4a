"""RDF exports through Oxigraph's own serializers (rdflib is ~50x slower on Turtle).

Dataset formats (TriG, N-Quads, JSON-LD) keep one named graph per article. Graph formats
(Turtle, N-Triples, RDF/XML) get the union of all graphs, each triple once. The store's
bookkeeping graph (``{base}graph/_builds``) is not content and is left out of both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

import pyoxigraph as ox

from kg.errors import FormatError
from kg.rdf.namespaces import PREFIXES, sparql_prologue
from kg.store import BUILDS_GRAPH, is_builds_graph
from kg.xmlchars import NOT_XML, REPLACEMENT

DATASET_FORMATS: dict[str, ox.RdfFormat] = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
UNION_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
RDF_FORMATS = (*UNION_FORMATS, *DATASET_FORMATS)
ALIASES = {"ttl": "turtle", "nq": "nquads", "nt": "ntriples", "json-ld": "jsonld",
           "rdf": "rdfxml", "xml": "rdfxml", "rdf/xml": "rdfxml", "n-quads": "nquads",
           "n-triples": "ntriples"}

_UNION = f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{
  {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(!STRENDS(STR(?g), "/{BUILDS_GRAPH}")) }}
}} }}"""


class QueryableStore(Protocol):
    """What the exports need from a store: a ``pyoxigraph.Store`` has both."""

    def query(self, query: str) -> object: ...

    def quads_for_pattern(self, subject: object, predicate: object, object: object,
                          graph_name: object = None) -> Iterator[ox.Quad]: ...


def rows(store: QueryableStore, query: str) -> list[tuple]:
    """A SELECT as tuples of plain Python values (IRIs and literals as strings, None if unbound)."""
    result = store.query(sparql_prologue() + query)
    return [tuple(None if t is None else t.value for t in sol) for sol in result]


def rdf_format(fmt: str) -> str:
    """The canonical name of an RDF format, or FormatError listing the known ones."""
    name = ALIASES.get(fmt.lower(), fmt.lower())
    if name not in RDF_FORMATS:
        raise FormatError(f"unknown RDF format {fmt!r}; use one of: {', '.join(RDF_FORMATS)}")
    return name


def export_rdf(store: QueryableStore, fmt: str, dest: Path | BinaryIO) -> None:
    """Write the whole store to ``dest`` (a path or a binary file) in ``fmt``."""
    name = rdf_format(fmt)
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    output = str(dest) if isinstance(dest, Path) else dest
    if name in DATASET_FORMATS:
        quads = (_safe(q, _NONCHARACTER, ox.Quad) for q in _content(store))
        ox.serialize(quads, output, DATASET_FORMATS[name], prefixes=prefixes)
        return
    # sorted here (SPARQL ORDER BY is ~20x slower), so Turtle writes each subject once
    union = sorted(store.query(_UNION), key=lambda t: (t.subject.value, t.predicate.value))
    unsafe = NOT_XML if name == "rdfxml" else _NONCHARACTER
    ox.serialize([_safe(t, unsafe, ox.Triple) for t in union], output, UNION_FORMATS[name], prefixes=prefixes)


_NONCHARACTER = re.compile("[\ufffe\uffff]")
"""Valid in Turtle and N-Quads, but Raptor (rapper) refuses them, even escaped."""


def _safe(statement: ox.Triple | ox.Quad, unsafe: re.Pattern, kind: type[ox.Triple | ox.Quad]) -> ox.Triple | ox.Quad:
    """The statement with each ``unsafe`` character of its literal object replaced by U+FFFD:
    XML cannot hold a control character, so RDF/XML replaces those too."""
    o = statement.object
    if not isinstance(o, ox.Literal) or not unsafe.search(o.value):
        return statement
    value = unsafe.sub(REPLACEMENT, o.value)
    literal = ox.Literal(value, language=o.language) if o.language else ox.Literal(value, datatype=o.datatype)
    graph = (statement.graph_name,) if kind is ox.Quad else ()
    return kind(statement.subject, statement.predicate, literal, *graph)


def _content(store: QueryableStore) -> Iterator[ox.Quad]:
    for quad in store.quads_for_pattern(None, None, None):
        graph = quad.graph_name
        if not (isinstance(graph, ox.NamedNode) and is_builds_graph(graph.value)):
            yield quad
