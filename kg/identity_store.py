"""The corpus-level identity of a store: read its nodes, decide (``kg.identity``), write the
decisions to the graph ``{base}graph/_identity``.

The article graphs are never touched: each stays what its article said, and re-processing an
article still replaces exactly its graph. The identity graph is derived from them alone, so it
is redone after every build, ``kg load`` and ``kg remove`` (``refresh_identity``), and only the
statements that changed are written. It holds, for every node that joins another,

    <node> kgo:canonical <canonical node> .
    <{base}identity/{hash}> a kgo:IdentityDecision ; kgo:node <node> ; kgo:joinsInto <canonical> ;
        kgo:name "Trump" ; kgo:rule "surname" ; kgo:confidence 0.85 .

and for a name that fits several things a ``kgo:KeptApart`` with its ``kgo:candidate`` nodes.
An article that copies an earlier one (``kg.duplicates``) is linked to its original the same way:

    <article> kgo:nearDuplicateOf <original article> .
    <{base}identity/{hash}> a kgo:IdentityDecision ; kgo:node <article> ; kgo:joinsInto <original> ;
        kgo:rule "near-duplicate" ; kgo:confidence 0.83 .

and queries that count articles count an original and its copies once.
Consumers (named queries, ``kg show``, exports) follow ``kg:canonical``. Undo: a statement
``<a> owl:differentFrom <b>`` in the graph ``{base}graph/_identity-user`` (``keep_apart``) keeps
two nodes apart from then on.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from kg.duplicates import Duplicate, Signed, near_duplicates
from kg.identity import Node, Resolution, resolve_corpus
from kg.kinds import RESOLVED
from kg.rdf.iris import h16
from kg.link import WIKIDATA
from kg.rdf.namespaces import KGO, OWL, RDF, RDFS, SCHEMA, expand, sparql_prologue
from kg.types import Kind

IDENTITY_GRAPH = "_identity"
USER_GRAPH = "_identity-user"
_KINDS = tuple((str(expand(marker)), Kind(name)) for marker, name in RESOLVED)
"""Node types and their kinds, first match wins (a unit is also an organization)."""
_TYPES = " ".join(marker for marker, _ in RESOLVED)
_ARTICLES_ONLY = 'FILTER(!CONTAINS(STR(?g), "/graph/_"))'
"""Nodes are read from the article graphs only: the identity graph names the table people it joins to."""
_Q_KINDS = f"""SELECT ?e (GROUP_CONCAT(DISTINCT STR(?t)) AS ?types) (COUNT(DISTINCT ?g) AS ?n) WHERE {{
  VALUES ?t {{ {_TYPES} }}
  GRAPH ?g {{ ?e a ?t }} {_ARTICLES_ONLY} }} GROUP BY ?e"""
_Q_NAMES = f"""SELECT ?e ?p ?v (COUNT(DISTINCT ?g) AS ?c) WHERE {{
  VALUES ?p {{ rdfs:label schema:alternateName schema:honorificPrefix }}
  VALUES ?t {{ {_TYPES} }}
  GRAPH ?g {{ ?e ?p ?v ; a ?t }} {_ARTICLES_ONLY} }} GROUP BY ?e ?p ?v"""

_Q_SIGNED = """SELECT ?a ?sig (MIN(COALESCE(STR(?pub), "")) AS ?published) WHERE {
  GRAPH ?g { ?c kgo:minhash ?sig ; schema:isPartOf ?a . OPTIONAL { ?a schema:datePublished ?pub } }
} GROUP BY ?a ?sig"""


@dataclass(frozen=True, slots=True)
class IdentityReport:
    joined: int
    kept_apart: int
    added: int
    removed: int
    duplicates: int = 0
    """Articles that copy an earlier one."""


def graph_base(store: object) -> str | None:
    """``{base}graph/`` of the store's article graphs, or None for a store without articles."""
    for g in store.db.named_graphs():
        if isinstance(g, ox.NamedNode) and "/graph/" in g.value:
            return g.value.rsplit("/", 1)[0] + "/"
    return None


def read_nodes(store: object) -> list[Node]:
    """Every person, group, unit, organization and place node of the store's article graphs."""
    kinds: dict[str, tuple[Kind, int]] = {}
    for e, types, n in _rows(store, _Q_KINDS):
        found = set(types.split())
        kind = next((k for t, k in _KINDS if t in found), None)
        if kind is not None:
            kinds[e] = (kind, int(n))
    names: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for e, p, v, c in _rows(store, _Q_NAMES):
        if e in kinds:
            names[e][p.rsplit("/", 1)[-1].rsplit("#", 1)[-1]][v] = int(c)
    nodes = []
    for e, (kind, n) in kinds.items():
        labels = names[e]["label"]
        if not labels:
            continue
        label = min(labels, key=lambda x: (-labels[x], x))
        aliases = sorted((set(labels) | set(names[e]["alternateName"])) - {label})
        nodes.append(Node(e, kind, label, tuple(aliases), tuple(sorted(names[e]["honorificPrefix"])), n,
                          e.rsplit("/", 1)[-1][:1] == "Q" and e.rsplit("/", 1)[-1][1:].isdigit()))
    return nodes


def read_signed(store: object) -> list[Signed]:
    """Every article of the store that carries a text signature (``kg.duplicates``)."""
    return [Signed(a, sig, published) for a, sig, published in _rows(store, _Q_SIGNED)]


def _rows(store: object, sparql: str) -> list[tuple[str, ...]]:
    return [tuple(t.value for t in row) for row in store.db.query(sparql_prologue() + sparql)]


def _apart(store: object, graph: ox.NamedNode) -> list[tuple[str, str]]:
    return [(q.subject.value, q.object.value)
            for q in store.db.quads_for_pattern(None, ox.NamedNode(str(OWL.differentFrom)), None, graph)]


def identity_quads(resolution: Resolution, graph: ox.NamedNode, base: str) -> set[ox.Quad]:
    """The identity graph of a resolution, as quads."""
    out: set[ox.Quad] = set()

    def add(s: ox.NamedNode, p: object, o: ox.NamedNode | ox.Literal) -> None:
        out.add(ox.Quad(s, ox.NamedNode(str(p)), o, graph))

    for d in resolution.decisions:
        node, canonical = ox.NamedNode(d.node), ox.NamedNode(d.canonical)
        add(node, KGO.canonical, canonical)
        decision = ox.NamedNode(f"{base}identity/{h16('join|' + d.node)}")
        add(decision, RDF.type, ox.NamedNode(str(KGO.IdentityDecision)))
        add(decision, KGO.node, node)
        add(decision, KGO.joinsInto, canonical)
        add(decision, KGO.name, ox.Literal(d.name))
        add(decision, KGO.rule, ox.Literal(d.rule))
        add(decision, KGO.confidence, ox.Literal(str(d.confidence), datatype=ox.NamedNode(str(_DECIMAL))))
    for iri, label in resolution.named:
        node = ox.NamedNode(iri)
        add(node, RDF.type, ox.NamedNode(str(SCHEMA.Person)))
        add(node, RDFS.label, ox.Literal(label, language="en"))
        add(node, OWL.sameAs, ox.NamedNode(WIKIDATA + iri.rsplit("/", 1)[-1]))
    for k in resolution.kept_apart:
        apart = ox.NamedNode(f"{base}identity/{h16('apart|' + k.node)}")
        add(apart, RDF.type, ox.NamedNode(str(KGO.KeptApart)))
        add(apart, KGO.node, ox.NamedNode(k.node))
        add(apart, KGO.name, ox.Literal(k.name))
        for c in k.candidates:
            add(apart, KGO.candidate, ox.NamedNode(c))
    return out


def duplicate_quads(duplicates: tuple[Duplicate, ...], graph: ox.NamedNode, base: str) -> set[ox.Quad]:
    """Each copy linked to its original, with the decision that says how alike they are."""
    out: set[ox.Quad] = set()
    for d in duplicates:
        copy, original = ox.NamedNode(d.article), ox.NamedNode(d.original)
        decision = ox.NamedNode(f"{base}identity/{h16('copy|' + d.article)}")
        out |= {ox.Quad(copy, ox.NamedNode(str(KGO.nearDuplicateOf)), original, graph),
                ox.Quad(decision, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KGO.IdentityDecision)), graph),
                ox.Quad(decision, ox.NamedNode(str(KGO.node)), copy, graph),
                ox.Quad(decision, ox.NamedNode(str(KGO.joinsInto)), original, graph),
                ox.Quad(decision, ox.NamedNode(str(KGO.rule)), ox.Literal("near-duplicate"), graph),
                ox.Quad(decision, ox.NamedNode(str(KGO.confidence)),
                        ox.Literal(str(d.similarity), datatype=ox.NamedNode(_DECIMAL)), graph)}
    return out


_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


def refresh_identity(store: object) -> IdentityReport | None:
    """Redo the corpus-level identity of a store and write what changed, in one transaction.
    None for a sink that is not an embedded store (nothing to read the corpus from)."""
    if not hasattr(store, "db") or getattr(store, "read_only", False):
        return None
    base = graph_base(store)
    if base is None:
        return IdentityReport(0, 0, 0, 0)
    graph = ox.NamedNode(base + IDENTITY_GRAPH)
    resolution = resolve_corpus(read_nodes(store), apart=_apart(store, ox.NamedNode(base + USER_GRAPH)))
    entity_base = base.removesuffix("graph/")
    duplicates = near_duplicates(read_signed(store))
    new = identity_quads(resolution, graph, entity_base) | duplicate_quads(duplicates, graph, entity_base)
    old = set(store.db.quads_for_pattern(None, None, None, graph))
    removed, added = old - new, new - old
    if removed or added:
        _write(store, removed, added)
    return IdentityReport(len(resolution.decisions), len(resolution.kept_apart), len(added), len(removed),
                          len(duplicates))


def _write(store: object, removed: set[ox.Quad], added: set[ox.Quad]) -> None:
    """One SPARQL update: the quads that went, and the quads that came."""
    def data(quads: set[ox.Quad]) -> str:
        return " ".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads)

    ops = []
    if removed:
        ops.append(f"DELETE DATA {{ {data(removed)} }}")
    if added:
        ops.append(f"INSERT DATA {{ {data(added)} }}")
    store.db.update(" ;\n".join(ops))


def keep_apart(store: object, a: str, b: str) -> IdentityReport | None:
    """Undo a join: nodes ``a`` and ``b`` (IRIs) are different things from now on."""
    base = graph_base(store)
    if base is None:
        return None
    user = ox.NamedNode(base + USER_GRAPH)
    store.db.update(f"INSERT DATA {{ GRAPH {user} {{ <{a}> <{OWL.differentFrom}> <{b}> }} }}")
    return refresh_identity(store)
