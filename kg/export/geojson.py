"""GeoJSON of the places that have coordinates, with the events that happened there."""

from __future__ import annotations

import json
from typing import BinaryIO

import networkx as nx

EVENT_KINDS = ("occurrence", "event")


def place_features(graph: nx.MultiDiGraph) -> dict:
    """A FeatureCollection of Points (``[lon, lat]``), one per place with coordinates."""
    features = []
    for iri, attrs in graph.nodes(data=True):
        if attrs.get("kind") != "place" or "lat" not in attrs:
            continue
        events = [
            {"iri": e, "label": graph.nodes[e].get("label", e),
             **{k: graph.nodes[e][k] for k in ("start", "end") if k in graph.nodes[e]}}
            for e in sorted(set(graph.predecessors(iri)))
            if graph.nodes[e].get("kind") in EVENT_KINDS and graph.has_edge(e, iri, key="place")
        ]
        features.append({
            "type": "Feature",
            "id": iri,
            "geometry": {"type": "Point", "coordinates": [attrs["lon"], attrs["lat"]]},
            "properties": {"name": attrs.get("label", iri), "iri": iri, "events": events,
                           "n_articles": attrs.get("n_articles", 0)},
        })
    return {"type": "FeatureCollection", "features": features}


def write_geojson(graph: nx.MultiDiGraph, dest: BinaryIO) -> None:
    dest.write(json.dumps(place_features(graph), ensure_ascii=False, indent=1).encode("utf-8"))
