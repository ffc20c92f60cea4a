"""The prefix of every namespace news-kg writes and the IRI it stands for, as plain strings.

``kg.rdf.namespaces`` makes rdflib namespaces of them; the SPARQL side (``kg.sparql``) reads
them from here, so a query worker starts without importing rdflib. The order is the order in
which result tables try the prefixes.

schema.org is bound to ``http://schema.org/`` on purpose: rdflib's built-in ``SDO`` is the
https form, which does not join with Wikidata, DBpedia or schema.org's own JSON-LD context.
"""

from __future__ import annotations

PREFIX_IRIS: dict[str, str] = {
    "schema": "http://schema.org/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "dbo": "http://dbpedia.org/ontology/",
    "wd": "http://www.wikidata.org/entity/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "gaf": "http://groundedannotationframework.org/gaf#",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "kgo": "https://w3id.org/news-kg/ontology#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
"""prefix -> namespace IRI; ``kgo`` is our own (its terms are declared in ``ontologies/kg.ttl``)."""
