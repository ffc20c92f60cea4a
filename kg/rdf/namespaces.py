"""Every namespace news-kg writes, as rdflib namespaces: those of ``kg.rdf.prefixes`` (where
their IRIs are kept) and rdflib's own vocabularies (OWL, PROV, RDF...)."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from kg.defaults import DEFAULT_BASE
from kg.rdf.prefixes import PREFIX_IRIS

PREFIXES: dict[str, Namespace] = {prefix: Namespace(iri) for prefix, iri in PREFIX_IRIS.items()}
SCHEMA = PREFIXES["schema"]
SEM = PREFIXES["sem"]
DBO = PREFIXES["dbo"]
WD = PREFIXES["wd"]
NIF = PREFIXES["nif"]
GAF = PREFIXES["gaf"]
GEO = PREFIXES["geo"]
KGO = PREFIXES["kgo"]
GN = Namespace("http://www.geonames.org/ontology#")


def expand(curie: str) -> URIRef:
    """The IRI of a prefixed name of ``PREFIXES``: ``schema:Person`` -> ``http://schema.org/Person``."""
    prefix, local = curie.split(":", 1)
    return PREFIXES[prefix][local]


def sparql_prologue() -> str:
    """``PREFIX`` lines for every namespace above, for queries written by hand."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


__all__ = [
    "SCHEMA", "SEM", "DBO", "WD", "NIF", "GAF", "GEO", "GN", "KGO",
    "OWL", "PROV", "RDF", "RDFS", "SKOS", "TIME", "XSD",
    "DEFAULT_BASE", "PREFIXES", "expand", "sparql_prologue",
]
