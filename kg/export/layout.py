"""Where each node of the view sits, and its community, computed before the page is written.

Small components (under ``FA2_MIN`` nodes) get igraph's Kamada-Kawai layout, which spaces a
few nodes evenly. Larger ones start from igraph's Fruchterman-Reingold (C code, with a grid
for large components: about 7 s for 50,000 nodes). The largest component, where the main
actors are, is then refined by NetworkX's ForceAtlas2 in its LinLog mode if it has up to
``FA2_LIMIT`` nodes: it pushes hubs apart and gathers communities, so the labels of the main
actors do not overlap. Its cost grows with the square of the nodes (about 5 s for 550 nodes
here), hence the limit.
Each component is turned so that its long axis lies flat and given about ``SPACING`` squared
of room per node, more if its nodes would overlap. The largest component goes on top and the
others are packed in rows beneath it, biggest first. Communities are Louvain's (igraph's
multilevel, in C: NetworkX's takes 8 s for 10,000 nodes) on the undirected graph weighted by
articles, numbered from the largest.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import igraph as ig
import networkx as nx
import numpy as np

SPACING = 45.0
"""Room per node, in the page's canvas units (node sizes are 8-50)."""
FA2_MIN, FA2_LIMIT = 30, 700
"""The largest component gets ForceAtlas2 after Fruchterman-Reingold if it has this many nodes."""
FA2_ROUNDS = 100
OUTLIER = 1.5
"""After ForceAtlas2, no node lies farther from the centre than this many times the 95th percentile."""
CHAR_WIDTH = 9.0
"""Room for a label's character in canvas units (the page's font is 12 to 14 units)."""
MAX_STRETCH = 2.0
"""Stretch a crowded component at most this much: more would shrink its dots out of sight."""
SEED = 7


@dataclass(frozen=True, slots=True)
class Layout:
    positions: dict[str, tuple[float, float]]
    communities: dict[str, int]
    """Community number of each node: 0 is the largest community."""


def layout(graph: nx.Graph, sizes: dict[str, float] | None = None) -> Layout:
    """Positions and communities for every node of ``graph`` (directed or not, multi or not);
    ``sizes`` are the radii the page draws (default 10), so that nodes do not overlap."""
    simple = undirected(graph)
    nodes = sorted(simple)
    index = {n: i for i, n in enumerate(nodes)}
    whole = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in simple.edges()],
                     edge_attrs={"weight": [w for _, _, w in simple.edges(data="weight")]})
    components = sorted(([nodes[i] for i in c] for c in whole.connected_components()), key=lambda c: (-len(c), c[0]))
    with _seeded_igraph():
        placed = [_component(simple, whole, index, members, sizes or {},
                             i == 0 and FA2_MIN <= len(members) <= FA2_LIMIT)
                  for i, members in enumerate(components)]
    labels = {n: str(graph.nodes[n].get("label", "")) for n in graph}
    return Layout(_pack(placed, labels), communities(simple))


@contextmanager
def _seeded_igraph() -> Iterator[None]:
    """igraph draws from Python's ``random`` module: give it its own seeded generator meanwhile."""
    ig.set_random_number_generator(random.Random(SEED))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def undirected(graph: nx.Graph) -> nx.Graph:
    """One edge per linked pair, weighted by the articles of all edges between them."""
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    for u, v, w in graph.edges(data="weight", default=1):
        if u != v:
            simple.add_edge(u, v, weight=simple.get_edge_data(u, v, {"weight": 0})["weight"] + w)
    return simple


def communities(simple: nx.Graph) -> dict[str, int]:
    """Louvain communities (igraph's multilevel: C code, seconds for 50,000 nodes)."""
    nodes = sorted(simple)
    index = {n: i for i, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in simple.edges()])
    weights = [w for _, _, w in simple.edges(data="weight")]
    with _seeded_igraph():
        found = [[nodes[i] for i in members] for members in g.community_multilevel(weights=weights)]
    found.sort(key=lambda c: (-len(c), min(c)))
    return {node: i for i, members in enumerate(found) for node in members}


def _component(simple: nx.Graph, whole: ig.Graph, index: dict[str, int], nodes: list[str],
               radius: dict[str, float], refine: bool) -> dict[str, np.ndarray]:
    """One connected component (``nodes``, sorted), centred on (0, 0), its long axis flat."""
    if len(nodes) == 1:
        return {nodes[0]: np.zeros(2)}
    g = whole.induced_subgraph([index[n] for n in nodes])  # keeps the order of ``nodes``
    weights = [1.0 + math.log2(w) for w in g.es["weight"]]
    start = np.random.default_rng(SEED).uniform(-1, 1, (len(nodes), 2)) * math.sqrt(len(nodes))
    if len(nodes) < FA2_MIN:
        coords = np.array(g.layout_kamada_kawai(seed=start.tolist()).coords)
    else:
        coords = np.array(g.layout_fruchterman_reingold(weights=weights, seed=start.tolist(), grid=True).coords)
    if refine:
        coords = _forceatlas2(simple.subgraph(nodes), nodes, coords)
    coords -= coords.mean(axis=0)
    _, _, axes = np.linalg.svd(coords, full_matrices=False)
    coords = coords @ axes.T
    spread = math.sqrt(float((coords**2).sum(axis=1).mean()))
    coords *= SPACING * math.sqrt(len(nodes)) / max(spread, 1e-9)
    if len(nodes) <= FA2_LIMIT:
        coords *= min(MAX_STRETCH, max(1.0, _room([radius.get(n, 10.0) for n in nodes], coords)))
    return {n: coords[i] for i, n in enumerate(nodes)}


def _room(radii: list[float], coords: np.ndarray) -> float:
    """How much to stretch so that most nodes clear their nearest neighbour (median node)."""
    r = np.array(radii)
    gaps = np.linalg.norm(coords[:, None, :] - coords[None, :, :], axis=2)
    np.fill_diagonal(gaps, np.inf)
    need = (r[:, None] + r[None, :] + SPACING / 2) / np.maximum(gaps, 1e-9)
    return float(np.median(need[np.arange(len(r)), gaps.argmin(axis=1)]))


def _forceatlas2(sub: nx.Graph, nodes: list[str], start: np.ndarray) -> np.ndarray:
    """ForceAtlas2 (LinLog) from ``start``; ``start`` itself if it does not converge to numbers."""
    with np.errstate(divide="ignore", invalid="ignore"):  # LinLog divides by each node's own distance 0
        pos = nx.forceatlas2_layout(sub, pos={n: start[i] for i, n in enumerate(nodes)},
                                    max_iter=FA2_ROUNDS, scaling_ratio=10.0, linlog=True, seed=SEED)
    coords = np.array([pos[n] for n in nodes], dtype=float)
    return _pull_in(coords) if np.isfinite(coords).all() else start


def _pull_in(coords: np.ndarray) -> np.ndarray:
    """LinLog's repulsion can fling a few nodes tens of times farther out than the rest, which
    would shrink the whole picture to a line: bring them back to ``OUTLIER`` times the distance
    from the centre within which 95 % of the nodes lie, in the same direction."""
    centre = np.median(coords, axis=0)
    offsets = coords - centre
    dist = np.linalg.norm(offsets, axis=1)
    limit = OUTLIER * float(np.percentile(dist, 95))
    scale = np.minimum(1.0, limit / np.maximum(dist, 1e-9))
    return centre + offsets * scale[:, None]


def _pack(placed: list[dict[str, np.ndarray]], labels: dict[str, str]) -> dict[str, tuple[float, float]]:
    """The first component at the top, the others left to right in rows beneath it, the rows
    about 1.5 times as wide as the whole is tall (a screen's shape); a lone node gets the width
    of its label."""
    positions: dict[str, tuple[float, float]] = {}
    boxes = [_box(p, labels) for p in placed]
    area = sum((x1 - x0 + SPACING) * (y1 - y0 + SPACING) for x0, y0, x1, y1 in boxes)
    width = max(boxes[0][2] - boxes[0][0], 12 * SPACING, math.sqrt(1.5 * area)) if boxes else 0.0
    left, top = (boxes[0][0], boxes[0][1]) if boxes else (0.0, 0.0)
    x, y, row_height = left, top, 0.0
    for i, (part, (x0, y0, x1, y1)) in enumerate(zip(placed, boxes, strict=True)):
        w, h = x1 - x0 + SPACING, y1 - y0 + SPACING
        if i > 0 and x + w > left + width + SPACING:
            x, y, row_height = left, y + row_height, 0.0
        for node, (px, py) in part.items():
            positions[node] = (round(float(px - x0 + x), 1), round(float(py - y0 + y), 1))
        x, row_height = x + w, max(row_height, h)
        if i == 0:
            x, y, row_height = left, y + h + SPACING, 0.0
    return positions


def _box(part: dict[str, np.ndarray], labels: dict[str, str]) -> tuple[float, float, float, float]:
    coords = np.array(list(part.values()))
    (x0, y0), (x1, y1) = coords.min(axis=0), coords.max(axis=0)
    if len(part) == 1:
        half = max(0.0, CHAR_WIDTH * len(labels.get(next(iter(part)), "")) - SPACING) / 2
        x0, x1 = x0 - half, x1 + half
    return float(x0), float(y0), float(x1), float(y1)


__all__ = ["FA2_LIMIT", "FA2_MIN", "SPACING", "Layout", "communities", "layout", "undirected"]
