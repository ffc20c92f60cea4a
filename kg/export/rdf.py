"""RDF exports through Oxigraph's own serializers (rdflib is ~50x slower on Turtle).

Dataset formats (TriG, N-Quads, JSON-LD) keep one named graph per article. Graph formats
(Turtle, N-Triples, RDF/XML) get the union of all graphs, each triple once.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO, Protocol

import pyoxigraph as ox

from kg.errors import FormatError
from kg.rdf.namespaces import PREFIXES

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

_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


class QueryableStore(Protocol):
    """What the exports need from a store: a ``pyoxigraph.Store`` has both."""

    def query(self, query: str) -> object: ...

    def dump(self, output: object = None, format: object = None, **kwargs: object) -> object: ...


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
        store.dump(output, DATASET_FORMATS[name], prefixes=prefixes)
        return
    union = ox.Store()  # in memory; deduplicates and sorts, so subjects group in Turtle
    union.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in store.query(_UNION))
    union.dump(output, UNION_FORMATS[name], from_graph=ox.DefaultGraph(), prefixes=prefixes)
