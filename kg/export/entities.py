"""The entity network (DESIGN §7): named things as nodes, what the articles say between them
as edges.

An occurrence with an agent and an object becomes a directed edge labelled with its type
("Red Army -attack-> Kwantung Army"); the things taking part in one occurrence, and the names
mentioned in one sentence, are joined by a lighter ``co-occurs`` edge. Every edge is weighted
by the number of articles that support it. Relations between named things (``member_of``,
``commander``, ``located_in``...) stay as they are in the role projection.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from kg.export.rdf import QueryableStore, rows

CO_OCCURS = "co-occurs"
"""Key and role of the edge between things met in one occurrence or one sentence."""
OCCURRENCE = "occurrence"

Q_EVENT_TYPES = "SELECT DISTINCT ?o ?t WHERE { GRAPH ?g { ?o sem:eventType ?t } }"
Q_FACTUALITY = "SELECT DISTINCT ?o ?f WHERE { GRAPH ?g { ?o kgo:factuality ?f } }"
STATED = ("Asserted", "Reported")
"""Factuality values (``kg.nlp.factuality``) of what an article states as having happened."""
Q_SENTENCES = """SELECT DISTINCT ?x ?sn ?src WHERE {
  GRAPH ?g { ?g prov:wasDerivedFrom ?a . OPTIONAL { ?a schema:url ?u }
    ?x gaf:denotedBy ?m . ?m nif:sentence ?sn } BIND(STR(COALESCE(?u, ?a)) AS ?src) }"""
_WORD = re.compile(r"(?<=[a-z])(?=[A-Z])")


@dataclass(slots=True)
class _Support:
    """The articles behind one edge, and the widest dates of the occurrences it stands for."""

    articles: set[str] = field(default_factory=set)
    dates: list[str] = field(default_factory=list)

    def attrs(self, role: str) -> dict:
        found = {"role": role, "weight": len(self.articles), "articles": " ".join(sorted(self.articles))}
        if self.dates:
            found.update(start=min(self.dates), end=max(self.dates))
        return found


def entity_network(store: QueryableStore, roles: nx.MultiDiGraph,
                   canonical: dict[str, str] | None = None) -> nx.MultiDiGraph:
    """The entity view of the role projection ``roles`` (from ``to_networkx``), whose nodes
    joined by corpus-level identity are drawn as their ``canonical`` node. Only what the
    articles state as having happened is drawn: an occurrence that every article mentioning
    it negates, or gives as possible, future or conditional, makes no edge."""
    canonical = canonical or {}
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((n, d) for n, d in roles.nodes(data=True) if d.get("kind") != OCCURRENCE)
    graph.add_edges_from((u, v, k, d) for u, v, k, d in roles.edges(keys=True, data=True)
                         if u in graph and v in graph)
    types = {o: _type_label(t) for o, t in rows(store, Q_EVENT_TYPES) if o in roles}
    unstated = _unstated(store)
    typed: dict[tuple[str, str, str], _Support] = defaultdict(_Support)
    co: dict[tuple[str, str], _Support] = defaultdict(_Support)
    for occ, kind in roles.nodes(data="kind"):
        if kind == OCCURRENCE and occ not in unstated:
            _occurrence_edges(roles, graph, occ, types.get(occ, "occurrence"), typed, co)
    for pair, arts in _sentence_pairs(store, graph, canonical).items():
        co[pair].articles |= arts
    for (u, v, label), support in sorted(typed.items()):
        graph.add_edge(u, v, key=label, **support.attrs(label))
    linked = {frozenset((u, v)) for u, v in graph.edges()}
    for (u, v), support in sorted(co.items()):
        if frozenset((u, v)) not in linked:
            graph.add_edge(u, v, key=CO_OCCURS, **support.attrs(CO_OCCURS))
    return graph


def _occurrence_edges(roles: nx.MultiDiGraph, graph: nx.MultiDiGraph, occ: str, label: str,
                      typed: dict, co: dict) -> None:
    """Agent -> object edges of one occurrence, and co-occurrence among all it involves."""
    by_role: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for _, target, role, attrs in roles.out_edges(occ, keys=True, data=True):
        if target in graph:
            by_role[role][target] = set(attrs.get("articles", "").split())
    dates = [d for d in (roles.nodes[occ].get("start"), roles.nodes[occ].get("end")) if d]
    for agent, a_arts in by_role["agent"].items():
        for patient, p_arts in by_role["patient"].items():
            if agent != patient:
                support = typed[(agent, patient, label)]
                support.articles |= (a_arts & p_arts) or (a_arts | p_arts)
                support.dates += dates
    involved: dict[str, set[str]] = defaultdict(set)
    for targets in by_role.values():
        for target, arts in targets.items():
            involved[target] |= arts
    for u, v in combinations(sorted(involved), 2):
        support = co[(u, v)]
        support.articles |= (involved[u] & involved[v]) or (involved[u] | involved[v])
        support.dates += dates


def _unstated(store: QueryableStore) -> set[str]:
    """Occurrences no article states as having happened (asserted, or reported by a source)."""
    stated: dict[str, bool] = defaultdict(bool)
    for occ, value in rows(store, Q_FACTUALITY):
        stated[occ] |= value.rsplit("#", 1)[-1] in STATED
    return {occ for occ, yes in stated.items() if not yes}


def _sentence_pairs(store: QueryableStore, graph: nx.MultiDiGraph,
                    canonical: dict[str, str]) -> dict[tuple[str, str], set[str]]:
    """Pairs of nodes mentioned in one sentence, with the articles where that happens."""
    in_sentence: dict[tuple[str, str], set[str]] = defaultdict(set)
    for x, sentence, src in rows(store, Q_SENTENCES):
        x = canonical.get(x, x)
        if x in graph:
            in_sentence[(sentence, src)].add(x)
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (_, src), names in in_sentence.items():
        for pair in combinations(sorted(names), 2):
            pairs[pair].add(src)
    return pairs


def _type_label(iri: str) -> str:
    """``.../ontology#MovementOfForces`` -> ``movement of forces``."""
    local = re.split(r"[#/]", iri)[-1]
    return _WORD.sub(" ", local).lower()


__all__ = ["CO_OCCURS", "entity_network"]
