"""The offline view: one self-contained HTML page drawn with sigma.js (WebGL).

sigma.js and graphology ship in ``assets/`` (their own npm builds, copied at pinned versions by
``scripts/viewer/build.sh``), so the page inlines them and needs no network. By default the
page shows the entity network (``kg.export.entities``); the layout and the communities are
computed here (``kg.export.layout``), so the browser only draws. The data (nodes with positions, edges,
mentions with their article) is embedded as JSON; the search, filters and info panel are our
own small script in ``view.js``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape

from kg.export.entities import CO_OCCURS
from kg.export.layout import layout
from kg.export.projection import Q_ARTICLES, to_networkx
from kg.export.rdf import QueryableStore, rows
from kg.export.style import COMMUNITY_COLORS, KIND_COLORS, color, node_size

ASSETS = "assets"
_SOURCE_MAP = re.compile(r"//# sourceMappingURL=\S+")
"""A pointer to a file the page does not ship; dropped so nothing asks for it."""
MAX_MENTIONS = 12
"""Mentions shown per node in the info panel (the most recent articles first)."""
HUBS = 30
"""The most connected nodes, whose labels the page shows at every zoom level."""

Q_MENTIONS = """SELECT ?s ?a ?anchor ?sentence ?begin WHERE {
  GRAPH ?g { ?g prov:wasDerivedFrom ?a . ?s gaf:denotedBy ?m . ?m nif:anchorOf ?anchor .
    OPTIONAL { ?m nif:beginIndex ?begin }
    OPTIONAL { ?m nif:sentence ?sn . ?sn nif:anchorOf ?sentence } } }"""


@dataclass(frozen=True, slots=True)
class ViewOptions:
    min_articles: int = 1
    """Drop nodes supported by fewer articles."""
    max_nodes: int | None = None
    """Keep at most this many nodes, the best supported first (None: all of them)."""
    title: str = "news-kg"
    view: str = "entities"
    """``entities`` (named things, occurrences as edges) or ``occurrences`` (as nodes)."""


@dataclass(frozen=True, slots=True)
class ViewSummary:
    nodes: int
    edges: int
    dropped: int
    """Nodes of the projection left out by the filters."""


def write_view(store: QueryableStore, dest: Path, options: ViewOptions = ViewOptions()) -> ViewSummary:
    """Write the interactive page for the store to ``dest``."""
    full = to_networkx(store, view=options.view)
    graph = select_nodes(full, options)
    data = view_data(store, graph)
    html = render(data, options.title)
    dest.write_text(html, encoding="utf-8")
    return ViewSummary(graph.number_of_nodes(), graph.number_of_edges(),
                       full.number_of_nodes() - graph.number_of_nodes())


def select_nodes(graph: nx.MultiDiGraph, options: ViewOptions) -> nx.MultiDiGraph:
    """The best-supported nodes with at least ``min_articles``, at most ``max_nodes``; at equal
    support, named things come before occurrences (which only link them)."""
    keep = [n for n, d in graph.nodes(data=True) if d.get("n_articles", 0) >= options.min_articles]
    keep.sort(key=lambda n: (-graph.nodes[n].get("n_articles", 0),
                             graph.nodes[n].get("kind") == "occurrence",
                             -graph.nodes[n].get("n_mentions", 0), n))
    if options.max_nodes is None and len(keep) == len(graph):
        return graph  # nothing left out: no copy (seconds for 100,000 edges)
    return graph.subgraph(keep[: options.max_nodes]).copy()


def view_data(store: QueryableStore, graph: nx.MultiDiGraph) -> dict:
    """Everything the page shows, as JSON-ready lists; nodes carry their place and community."""
    articles, mentions = article_mentions(store, graph)
    return page_data(graph, articles, mentions)


def page_data(graph: nx.MultiDiGraph, articles: list[dict], mentions: dict[str, list]) -> dict:
    """The page's data from the graph, the articles and per node ``[article index, anchor,
    sentence]`` (as ``view_data`` reads them from the store)."""
    placed = layout(graph, {n: node_size(d.get("n_articles", 1)) for n, d in graph.nodes(data=True)})
    hubs = set(hub_nodes(graph, HUBS))
    index = {iri: i for i, iri in enumerate(graph)}
    nodes = []
    for iri, attrs in graph.nodes(data=True):
        x, y = placed.positions[iri]
        nodes.append({
            "id": iri, "label": attrs.get("label", iri), "kind": attrs.get("kind", ""),
            "size": node_size(attrs.get("n_articles", 1)), "x": x, "y": y, "community": placed.communities[iri],
            **{k: attrs[k] for k in ("aliases", "wikidata", "geonames", "start", "end",
                                      "n_articles", "n_mentions", "lat", "lon") if k in attrs},
            **({"hub": True} if iri in hubs else {}),
            **({"mentions": mentions[iri]} if mentions.get(iri) else {}),
        })
    edges = [  # ends as indices into the nodes: the largest part of a big page
        {"from": index[u], "to": index[v], "label": role, "weight": attrs.get("weight", 1),
         **{k: attrs[k] for k in ("start", "end") if k in attrs}}
        for u, v, role, attrs in graph.edges(keys=True, data=True)
    ]
    edges.sort(key=lambda e: (-e["weight"], e["label"] == CO_OCCURS))  # the page draws a huge graph's first ones
    colors = {**KIND_COLORS, **{n["kind"]: color(n["kind"]) for n in nodes}}
    return {"nodes": nodes, "edges": edges, "articles": articles, "colors": colors,
            "communities": COMMUNITY_COLORS}


def hub_nodes(graph: nx.MultiDiGraph, n: int) -> list[str]:
    """The ``n`` nodes with the most distinct neighbours (then the most articles)."""
    def neighbours(node: str) -> int:
        return len((set(graph.successors(node)) | set(graph.predecessors(node))) - {node})

    ranked = sorted(graph, key=lambda v: (-neighbours(v), -graph.nodes[v].get("n_articles", 0), v))
    return ranked[:n]


def article_mentions(store: QueryableStore, graph: nx.MultiDiGraph) -> tuple[list[dict], dict[str, list]]:
    """Articles as a list, and per node ``[article index, anchor, sentence or null]``."""
    index: dict[str, int] = {}
    articles = []
    rows_by_article = sorted(rows(store, Q_ARTICLES), key=lambda r: (str(r[3] or ""), r[0]),
                             reverse=True)
    for iri, url, headline, published in rows_by_article:
        index[iri] = len(articles)
        articles.append({"url": url or iri, "headline": headline or url or iri,
                         "published": (published or "")[:10]})
    found: dict[str, set[tuple]] = {}
    for s, article, anchor, sentence, begin in rows(store, Q_MENTIONS):
        if s in graph and article in index:
            found.setdefault(s, set()).add((index[article], int(begin or 0), anchor, sentence))
    mentions = {
        s: [[a, anchor, sentence] for a, _, anchor, sentence in sorted(items)[:MAX_MENTIONS]]
        for s, items in found.items()
    }
    return articles, mentions


def render(data: dict, title: str) -> str:
    """The page for ``data`` (from ``view_data``), as one HTML string."""
    here = Path(__file__).parent
    env = Environment(loader=FileSystemLoader(here), autoescape=select_autoescape(["html"]))
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return env.get_template("view.html").render(
        title=title,
        graphology_js=_asset("graphology.umd.min.js"),
        sigma_js=_asset("sigma.min.js"),
        view_js=(here / "view.js").read_text(encoding="utf-8"),
        payload=payload.replace("<", "\\u003c"),
    )


def _asset(name: str) -> str:
    """A shipped library (``assets/MANIFEST.json`` names its package and version)."""
    return _SOURCE_MAP.sub("", resources.files("kg.export").joinpath(ASSETS, name).read_text(encoding="utf-8"))
