"""GraphML for Cytoscape and yEd: NMTOKEN ids (``n0``, ``e0``), the IRI kept as ``iri``."""

from __future__ import annotations

from typing import BinaryIO

import networkx as nx


def graphml_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with ids ``n0..`` and unique edge keys ``e0..``; every element has a ``label``."""
    ids = {iri: f"n{i}" for i, iri in enumerate(graph.nodes)}
    out = nx.MultiDiGraph()
    for iri, attrs in graph.nodes(data=True):
        out.add_node(ids[iri], iri=iri, **attrs)
    for i, (u, v, role, attrs) in enumerate(graph.edges(keys=True, data=True)):
        out.add_edge(ids[u], ids[v], key=f"e{i}", label=role, **attrs)
    return out


def write_graphml(graph: nx.MultiDiGraph, dest: BinaryIO) -> None:
    nx.write_graphml(graphml_graph(graph), dest, encoding="utf-8", prettyprint=True)
