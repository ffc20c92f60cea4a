"""GEXF 1.3 for Gephi: viz colours and sizes, and start/end dates for the timeline.

Written by hand with lxml because NetworkX writes only GEXF 1.2draft, puts ``name=""`` on
``<graph>`` (which the schema rejects) and cannot say ``kind`` on edges.
"""

from __future__ import annotations

from typing import BinaryIO

import networkx as nx
from lxml import etree

from kg.export.style import node_size, rgb
from kg.xmlchars import xml_safe

GEXF = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
NODE_ATTRIBUTES = {  # attribute id -> GEXF type
    "iri": "anyURI", "kind": "string", "aliases": "string", "wikidata": "string",
    "geonames": "string", "url": "anyURI", "published": "string", "lat": "double",
    "lon": "double", "n_articles": "integer", "n_mentions": "integer",
}
EDGE_ATTRIBUTES = {"role": "string", "articles": "string"}


def gexf_tree(graph: nx.MultiDiGraph) -> etree._ElementTree:
    """The whole document; node ids ``n0..``, edge ids ``e0..``, IRIs kept as ``iri``."""
    root = etree.Element(f"{{{GEXF}}}gexf", nsmap={None: GEXF, "viz": VIZ}, version="1.3")
    meta = etree.SubElement(root, f"{{{GEXF}}}meta")
    etree.SubElement(meta, f"{{{GEXF}}}creator").text = "news-kg"
    etree.SubElement(meta, f"{{{GEXF}}}description").text = (
        "Entities and events from news articles; edges are roles weighted by supporting articles")
    g = etree.SubElement(root, f"{{{GEXF}}}graph", defaultedgetype="directed",
                         mode="dynamic", timeformat="date")
    _declare(g, "node", NODE_ATTRIBUTES)
    _declare(g, "edge", EDGE_ATTRIBUTES)
    ids = {iri: f"n{i}" for i, iri in enumerate(graph.nodes)}
    nodes = etree.SubElement(g, f"{{{GEXF}}}nodes", count=str(len(ids)))
    for iri, attrs in graph.nodes(data=True):
        _node(nodes, ids[iri], {"iri": iri, **attrs})
    edges = etree.SubElement(g, f"{{{GEXF}}}edges", count=str(graph.number_of_edges()))
    for i, (u, v, role, attrs) in enumerate(graph.edges(keys=True, data=True)):
        when = graph.nodes[u] if "start" in graph.nodes[u] else graph.nodes[v]
        el = etree.SubElement(edges, f"{{{GEXF}}}edge", id=f"e{i}", source=ids[u], target=ids[v],
                              label=xml_safe(role), kind=xml_safe(role), weight=str(attrs.get("weight", 1)),
                              **_spell(when))
        _attvalues(el, attrs, EDGE_ATTRIBUTES)
    return etree.ElementTree(root)


def write_gexf(graph: nx.MultiDiGraph, dest: BinaryIO) -> None:
    gexf_tree(graph).write(dest, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def _declare(graph_el: etree._Element, cls: str, attributes: dict[str, str]) -> None:
    el = etree.SubElement(graph_el, f"{{{GEXF}}}attributes", {"class": cls})
    for name, kind in attributes.items():
        etree.SubElement(el, f"{{{GEXF}}}attribute", id=name, title=name, type=kind)


def _node(parent: etree._Element, node_id: str, attrs: dict) -> None:
    el = etree.SubElement(parent, f"{{{GEXF}}}node", id=node_id,
                          label=xml_safe(str(attrs.get("label", attrs["iri"]))), **_spell(attrs))
    _attvalues(el, attrs, NODE_ATTRIBUTES)
    r, g, b = rgb(attrs.get("kind", ""))
    etree.SubElement(el, f"{{{VIZ}}}color", r=str(r), g=str(g), b=str(b))
    etree.SubElement(el, f"{{{VIZ}}}size", value=str(node_size(attrs.get("n_articles", 1))))


def _attvalues(el: etree._Element, attrs: dict, declared: dict[str, str]) -> None:
    values = etree.SubElement(el, f"{{{GEXF}}}attvalues")
    for name in declared:
        if attrs.get(name) is not None:
            etree.SubElement(values, f"{{{GEXF}}}attvalue", {"for": name, "value": xml_safe(str(attrs[name]))})


def _spell(attrs: dict) -> dict[str, str]:
    """``start``/``end`` (xsd:date) for Gephi's timeline; nothing for timeless elements."""
    return {k: xml_safe(str(attrs[k])) for k in ("start", "end") if attrs.get(k)}
