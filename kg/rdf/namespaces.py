"""Every namespace news-kg writes, in one place.

schema.org is bound to ``http://schema.org/`` on purpose: rdflib's built-in ``SDO`` is the
https form, which does not join with Wikidata, DBpedia or schema.org's own JSON-LD context.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from kg.defaults import DEFAULT_BASE

SCHEMA = Namespace("http://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
DBO = Namespace("http://dbpedia.org/ontology/")
WD = Namespace("http://www.wikidata.org/entity/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GN = Namespace("http://www.geonames.org/ontology#")
KGO = Namespace("https://w3id.org/news-kg/ontology#")
"""Our own few terms; each is declared in ``ontologies/kg.ttl``."""


PREFIXES: dict[str, Namespace] = {
    "schema": SCHEMA,
    "sem": SEM,
    "dbo": DBO,
    "wd": WD,
    "nif": NIF,
    "gaf": GAF,
    "geo": GEO,
    "kgo": KGO,
    "prov": Namespace(str(PROV)),
    "time": Namespace(str(TIME)),
    "skos": Namespace(str(SKOS)),
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
}


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
