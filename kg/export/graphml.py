"""GraphML for Cytoscape and yEd: NMTOKEN ids (``n0``, ``e0``), the IRI kept as ``iri``."""

from __future__ import annotations

from typing import BinaryIO

import networkx as nx

from kg.xmlchars import xml_safe


def graphml_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with ids ``n0..`` and unique edge keys ``e0..``; every element has a ``label``;
    text that XML cannot hold is made safe (``xml_safe``)."""
    ids = {iri: f"n{i}" for i, iri in enumerate(graph.nodes)}
    out = nx.MultiDiGraph()
    for iri, attrs in graph.nodes(data=True):
        out.add_node(ids[iri], **_safe({"iri": iri, **attrs}))
    for i, (u, v, role, attrs) in enumerate(graph.edges(keys=True, data=True)):
        out.add_edge(ids[u], ids[v], key=f"e{i}", **_safe({"label": role, **attrs}))
    return out


def _safe(attrs: dict) -> dict:
    return {k: xml_safe(v) if isinstance(v, str) else v for k, v in attrs.items()}


def write_graphml(graph: nx.MultiDiGraph, dest: BinaryIO) -> None:
    nx.write_graphml(graphml_graph(graph), dest, encoding="utf-8", prettyprint=True)
