"""Every export of the store: RDF formats, the NetworkX projection and its files, the view.

``export(store, fmt, dest)`` picks the writer by format name; ``guess_format`` names the
format from a file extension.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import networkx as nx

from kg.errors import FormatError
from kg.export.cytoscape import write_cytoscape
from kg.export.geojson import write_geojson
from kg.export.gexf import write_gexf
from kg.export.graphml import write_graphml
from kg.export.projection import to_networkx
from kg.export.rdf import ALIASES, RDF_FORMATS, QueryableStore, export_rdf

GRAPH_WRITERS = {
    "graphml": write_graphml,
    "gexf": write_gexf,
    "cytoscape": write_cytoscape,
    "geojson": write_geojson,
}
DEFAULT_VIEW = {"geojson": "occurrences"}
GRAPH_ALIASES = {"cyjs": "cytoscape", "cytoscape.json": "cytoscape", "cx": "cytoscape"}
FORMATS = (*RDF_FORMATS, *GRAPH_WRITERS)
_EXTENSIONS = {
    ".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "ntriples", ".rdf": "rdfxml",
    ".owl": "rdfxml", ".jsonld": "jsonld", ".graphml": "graphml", ".gexf": "gexf",
    ".cyjs": "cytoscape", ".geojson": "geojson",
}


def guess_format(path: Path) -> str:
    """The format a file name asks for (``graph.cyjs`` -> cytoscape), or FormatError."""
    name = path.name.lower()
    if name.endswith(".cytoscape.json"):
        return "cytoscape"
    if path.suffix.lower() in _EXTENSIONS:
        return _EXTENSIONS[path.suffix.lower()]
    raise FormatError(f"cannot tell the format from {path.name!r}; pass --format, one of: "
                      f"{', '.join(FORMATS)}")


def export_graph(store_or_graph: QueryableStore | nx.MultiDiGraph, fmt: str,
                 dest: Path | BinaryIO, view: str | None = None) -> None:
    """Write the NetworkX projection as GraphML, GEXF, Cytoscape.js JSON or GeoJSON.

    A store is projected onto ``view``: by default the entity network (what ``kg viz``
    draws), except for GeoJSON, whose places list the occurrences held there as nodes.
    """
    name = GRAPH_ALIASES.get(fmt.lower(), fmt.lower())
    if name not in GRAPH_WRITERS:
        raise FormatError(f"unknown graph format {fmt!r}; use one of: {', '.join(GRAPH_WRITERS)}")
    graph = (store_or_graph if isinstance(store_or_graph, nx.Graph)
             else to_networkx(store_or_graph, view=view or DEFAULT_VIEW.get(name, "entities")))
    if isinstance(dest, Path):
        with dest.open("wb") as out:
            GRAPH_WRITERS[name](graph, out)
    else:
        GRAPH_WRITERS[name](graph, dest)


def check_format(fmt: str) -> str:
    """The canonical name of any export format, or FormatError listing them all."""
    name = fmt.lower()
    name = ALIASES.get(name, GRAPH_ALIASES.get(name, name))
    if name not in FORMATS:
        raise FormatError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    return name


def export(store: QueryableStore, fmt: str, dest: Path | BinaryIO, view: str | None = None) -> None:
    """Any export by name: an RDF format or a graph format (see ``FORMATS``); graph formats
    project the store onto ``view`` (see ``export_graph``)."""
    name = check_format(fmt)
    if name in RDF_FORMATS:
        export_rdf(store, name, dest)
    else:
        export_graph(store, name, dest, view)


__all__ = [
    "FORMATS", "check_format", "export", "export_graph", "export_rdf", "guess_format", "to_networkx",
]
