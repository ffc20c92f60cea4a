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


def add_entity_edges(store: QueryableStore, graph: nx.MultiDiGraph, occurrences: dict[str, dict],
                     roles: dict[tuple[str, str, str], set[str]], canonical: dict[str, str]) -> None:
    """Fold the ``occurrences`` (node attributes by IRI, no longer in ``graph``) into edges
    between the named things of ``graph``, from the articles behind each role edge ``roles``
    (``kg.export.projection.role_support``); nodes joined by corpus-level identity are drawn as
    their ``canonical`` node. Only what the articles state as having happened is drawn: an
    occurrence that every article mentioning it negates, or gives as possible, future or
    conditional, makes no edge."""
    unstated = _unstated(store)
    involved: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(lambda: defaultdict(dict))
    for (occ, target, role), arts in roles.items():
        if occ in occurrences and occ not in unstated and target in graph:
            involved[occ][role][target] = arts
    types = {o: _type_label(t) for o, t in rows(store, Q_EVENT_TYPES) if o in occurrences}
    typed: dict[tuple[str, str, str], _Support] = defaultdict(_Support)
    co: dict[tuple[str, str], _Support] = defaultdict(_Support)
    for occ, by_role in involved.items():
        attrs = occurrences[occ]
        dates = [d for d in (attrs.get("start"), attrs.get("end")) if d]
        _occurrence_edges(by_role, dates, types.get(occ, "occurrence"), typed, co)
    for pair, arts in _sentence_pairs(store, graph, canonical).items():
        co[pair].articles |= arts
    for (u, v, label), support in sorted(typed.items()):
        graph.add_edge(u, v, label, **support.attrs(label))
    linked = {frozenset((u, v)) for u, v in graph.edges()}
    for (u, v), support in sorted(co.items()):
        if frozenset((u, v)) not in linked:
            graph.add_edge(u, v, CO_OCCURS, **support.attrs(CO_OCCURS))


def _occurrence_edges(by_role: dict[str, dict[str, set[str]]], dates: list[str], label: str,
                      typed: dict, co: dict) -> None:
    """Agent -> object edges of one occurrence (its named things ``by_role``, each with its
    articles), and co-occurrence among all it involves."""
    for agent, a_arts in by_role.get("agent", {}).items():
        for patient, p_arts in by_role.get("patient", {}).items():
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


__all__ = ["CO_OCCURS", "OCCURRENCE", "add_entity_edges"]
