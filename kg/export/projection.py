"""The NetworkX projection of the store (DESIGN §7, ontology.md §6), done with SPARQL.

Nodes are entities and events (id = IRI) with literals folded into scalar attributes;
edges are roles, keyed by role, weighted by the number of supporting article graphs.
Mentions, contexts, provenance and time nodes are not drawn. Nodes that the corpus-level
identity joined (``kgo:canonical``, see ``kg.identity``) are drawn as one: the canonical node.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from kg.errors import FormatError
from kg.export.entities import OCCURRENCE, add_entity_edges
from kg.export.rdf import QueryableStore, rows
from kg.kinds import MARKERS
from kg.rdf.namespaces import SCHEMA, expand

_KIND_BY_TYPE = [  # first match wins: an occurrence is also a sem:Event, a unit an Organization (kg.kinds)
    (SCHEMA.Action, "occurrence"),
    *((expand(curie), kind) for curie, kind in MARKERS),
]
ROLES = {  # prefixed predicate -> edge key (several predicates may share a role)
    "schema:agent": "agent", "schema:object": "patient", "sem:hasPlace": "place",
    "dbo:commander": "commander", "sem:subEventOf": "part_of", "dbo:militaryUnit": "member_of",
    "schema:memberOf": "member_of", "schema:parentOrganization": "part_of",
    "schema:containedInPlace": "located_in", "sem:hasActor": "participant",
}
VIEWS = ("entities", "occurrences")
_IN_ARTICLE = "GRAPH ?g { ?g prov:wasDerivedFrom ?a . OPTIONAL { ?a schema:url ?u } %s }"

Q_NODES = f"""SELECT ?s (GROUP_CONCAT(DISTINCT STR(?t); separator=" ") AS ?types)
  (COUNT(DISTINCT ?src) AS ?n) WHERE {{
  VALUES ?t {{ {" ".join(f"<{t}>" for t, _ in _KIND_BY_TYPE)} }}
  GRAPH ?g {{ ?node a ?t . ?g prov:wasDerivedFrom ?a }} FILTER isIRI(?node)
  OPTIONAL {{ GRAPH ?i {{ ?node kgo:canonical ?known }} }} BIND(COALESCE(?known, ?node) AS ?s)
  OPTIONAL {{ GRAPH ?d {{ ?a kgo:nearDuplicateOf ?original }} }} BIND(COALESCE(?original, ?a) AS ?src)
}} GROUP BY ?s"""
Q_CANONICAL = "SELECT ?s ?c WHERE { GRAPH ?i { ?s kgo:canonical ?c } }"
Q_NAMES = """SELECT ?s ?p ?l (COUNT(DISTINCT ?g) AS ?c) WHERE {
  VALUES ?p { rdfs:label schema:alternateName } GRAPH ?g { ?s ?p ?l }
} GROUP BY ?s ?p ?l"""
Q_LINKS = "SELECT DISTINCT ?s ?x WHERE { GRAPH ?g { ?s owl:sameAs ?x } }"
Q_COORDS = """SELECT ?s (MIN(?la) AS ?lat) (MIN(?lo) AS ?lon) WHERE {
  GRAPH ?g { ?s geo:lat ?la ; geo:long ?lo } } GROUP BY ?s"""
Q_BOUNDS = """SELECT ?s ?p (MIN(?v) AS ?first) (MAX(?v) AS ?last) WHERE {
  VALUES ?p { sem:hasEarliestBeginTimeStamp sem:hasLatestEndTimeStamp }
  GRAPH ?g { ?s ?p ?v } } GROUP BY ?s ?p"""
Q_MENTIONS = """SELECT ?s (COUNT(DISTINCT ?m) AS ?n) WHERE {
  GRAPH ?g { ?s gaf:denotedBy ?m } } GROUP BY ?s"""
Q_EDGES = f"""SELECT ?s ?role ?o (GROUP_CONCAT(DISTINCT ?src; separator=" ") AS ?arts) WHERE {{
  VALUES (?p ?role) {{ {" ".join(f'({p} "{r}")' for p, r in ROLES.items())} }}
  {_IN_ARTICLE % "?s ?p ?o ."} BIND(STR(COALESCE(?u, ?a)) AS ?src)
}} GROUP BY ?s ?role ?o"""
Q_ARTICLES = f"""SELECT ?a (SAMPLE(?u) AS ?url) (SAMPLE(?h) AS ?headline)
  (SAMPLE(?d) AS ?published) WHERE {{
  {_IN_ARTICLE % "OPTIONAL { ?a schema:headline ?h } OPTIONAL { ?a schema:datePublished ?d }"}
}} GROUP BY ?a"""
Q_ARTICLE_MENTIONS = "SELECT DISTINCT ?a ?x WHERE { GRAPH ?g { ?g prov:wasDerivedFrom ?a . ?a schema:mentions ?x } }"


def to_networkx(store: QueryableStore, with_articles: bool = False,
                view: str = "occurrences") -> nx.MultiDiGraph:
    """Project the store onto a MultiDiGraph of entities and events with role edges.

    ``view="entities"`` gives the entity network instead (``kg.export.entities``): named
    things only, occurrences folded into typed and co-occurrence edges between them.
    """
    if view not in VIEWS:
        raise FormatError(f"unknown graph view {view!r}; use one of: {', '.join(VIEWS)}")
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(
        (iri, {"label": _local_name(iri), "kind": _kind(set(types.split())), "n_articles": int(n), "n_mentions": 0})
        for iri, types, n in rows(store, Q_NODES))
    canonical = dict(rows(store, Q_CANONICAL))
    _add_node_attributes(store, graph, canonical)
    support = role_support(store, graph, canonical)
    occurrences = {}
    if view == "entities":  # occurrences become edges: drawn without them, from ``support``
        occurrences = {n: d for n, d in graph.nodes(data=True) if d["kind"] == OCCURRENCE}
        graph.remove_nodes_from(occurrences)
    for (s, o, role), arts in support.items():  # add_edge: add_edges_from costs 6 times more per edge here
        if s in graph and o in graph:
            graph.add_edge(s, o, role, role=role, weight=len(arts), articles=" ".join(sorted(arts)))
    if with_articles:
        _add_articles(store, graph, canonical)
    if view == "entities":
        add_entity_edges(store, graph, occurrences, support, canonical)
    return graph


def _kind(types: set[str]) -> str:
    return next(kind for t, kind in _KIND_BY_TYPE if str(t) in types)


def _local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")


def _add_node_attributes(store: QueryableStore, graph: nx.MultiDiGraph, canonical: dict[str, str]) -> None:
    nodes = graph.nodes
    names: dict[str, Counter] = defaultdict(Counter)
    aliases: dict[str, set[str]] = defaultdict(set)
    for node, p, label, count in rows(store, Q_NAMES):
        s = canonical.get(node, node)
        if s not in nodes:
            continue
        if p.endswith("label") and s == node:
            names[s][label] += int(count)
        else:
            aliases[s].add(label)
    for s, counted in names.items():
        best = min(counted, key=lambda label: (-counted[label], len(label), label))
        nodes[s]["label"] = best
        aliases[s].update(counted)
    for s, found in aliases.items():
        found.discard(nodes[s]["label"])
        if found:
            nodes[s]["aliases"] = " | ".join(sorted(found))
    for s, target in rows(store, Q_LINKS):
        if s in nodes:
            _add_link(nodes[s], target)
    for s, lat, lon in rows(store, Q_COORDS):
        if s in nodes:
            nodes[s].update(lat=float(lat), lon=float(lon))
    for s, p, first, last in rows(store, Q_BOUNDS):
        if s in nodes:  # the widest bounds any article gives
            nodes[s].update({"start": first} if p.endswith("BeginTimeStamp") else {"end": last})
    for node, n in rows(store, Q_MENTIONS):
        s = canonical.get(node, node)
        if s in nodes:
            nodes[s]["n_mentions"] += int(n)


def _add_link(attrs: dict, target: str) -> None:
    if target.startswith("http://www.wikidata.org/entity/"):
        attrs["wikidata"] = target.rsplit("/", 1)[-1]
    elif "geonames.org/" in target:
        attrs["geonames"] = target.rstrip("/").rsplit("/", 1)[-1]


def role_support(store: QueryableStore, graph: nx.MultiDiGraph,
                 canonical: dict[str, str]) -> dict[tuple[str, str, str], set[str]]:
    """The articles behind each role edge ``(subject, object, role)`` between nodes of ``graph``,
    in sorted order; ``participant`` only where no more specific role links the pair."""
    support: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for s, role, o, arts in rows(store, Q_EDGES):
        s, o = canonical.get(s, s), canonical.get(o, o)
        if s in graph and o in graph and s != o:
            support[(s, o, role)].update(arts.split())
    specific = {(s, o) for s, o, role in support if role != "participant"}
    return {(s, o, role): arts for (s, o, role), arts in sorted(support.items())
            if role != "participant" or (s, o) not in specific}


def _add_articles(store: QueryableStore, graph: nx.MultiDiGraph, canonical: dict[str, str]) -> None:
    for iri, url, headline, published in rows(store, Q_ARTICLES):
        attrs = {"label": headline or url or iri, "kind": "article", "n_articles": 1}
        attrs.update({k: v for k, v in (("url", url), ("published", published)) if v})
        graph.add_node(iri, **attrs)
    for article, node in rows(store, Q_ARTICLE_MENTIONS):
        target = canonical.get(node, node)
        if article in graph and target in graph and not graph.has_edge(article, target, key="mentions"):
            url = graph.nodes[article].get("url", article)
            graph.add_edge(article, target, key="mentions", role="mentions", weight=1, articles=url)


__all__ = ["ROLES", "VIEWS", "role_support", "rows", "to_networkx"]
