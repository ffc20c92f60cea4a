"""Cytoscape.js JSON (``{"elements": {"nodes": [...], "edges": [...]}}``) with edge ids."""

from __future__ import annotations

import json
from typing import BinaryIO

import networkx as nx

from kg.export.style import color, node_size


def cytoscape_elements(graph: nx.MultiDiGraph) -> dict:
    """Every edge has ``id``, ``source``, ``target`` and ``label`` (the role)."""
    nodes = [
        {"data": {"id": iri, **attrs, "color": color(attrs.get("kind", "")),
                  "size": node_size(attrs.get("n_articles", 1))}}
        for iri, attrs in graph.nodes(data=True)
    ]
    edges = [
        {"data": {"id": f"e{i}", "source": u, "target": v, "label": role, **attrs}}
        for i, (u, v, role, attrs) in enumerate(graph.edges(keys=True, data=True))
    ]
    return {"data": {"name": "news-kg"}, "elements": {"nodes": nodes, "edges": edges}}


def write_cytoscape(graph: nx.MultiDiGraph, dest: BinaryIO) -> None:
    dest.write(json.dumps(cytoscape_elements(graph), ensure_ascii=False, indent=1).encode("utf-8"))
