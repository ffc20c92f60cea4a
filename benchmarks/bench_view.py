"""Size and speed of the offline view (``kg viz``) as the graph grows, in headless Chromium.

The entity network of a build is copied as many times as it takes to reach each number of
articles: every copy gets new ids for its nodes and its articles, so the graph grows with the
articles (its copies are disjoint, which is the worst case for the number of nodes). For each
size it reports the nodes and edges, the Python time to lay out and write the page, the file
size, then, from tests/js/check_view.js in Chromium with the network cut off: the time to first
render (until the first frame's nodes are read back from WebGL) and the page's loading steps, the
edges drawn, the frames painted and the longest frame during a mouse pan, and the time the kind
filter takes.

    python benchmarks/bench_view.py kgout --articles 100 2000 20000 --nodes 50000
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import tempfile
import time
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.export.html import article_mentions, page_data, render
from kg.export.projection import to_networkx

CHECK = Path(__file__).resolve().parents[1] / "tests" / "js" / "check_view.js"


def copies(graph: nx.MultiDiGraph, articles: list[dict], mentions: dict[str, list],
           n: int) -> tuple[nx.MultiDiGraph, list[dict], dict[str, list]]:
    """``n`` disjoint copies of the graph, each with its own node ids and articles."""
    big = nx.MultiDiGraph()
    all_articles: list[dict] = []
    all_mentions: dict[str, list] = {}
    for k in range(n):
        name = (lambda v: v) if k == 0 else (lambda v, k=k: f"{v}#c{k}")
        offset = len(all_articles)
        big.add_nodes_from((name(v), d) for v, d in graph.nodes(data=True))
        big.add_edges_from((name(u), name(v), key, d) for u, v, key, d in graph.edges(keys=True, data=True))
        all_articles += [{**a, "url": name(a["url"])} for a in articles]
        all_mentions.update({name(v): [[a + offset, anchor, s] for a, anchor, s in found]
                             for v, found in mentions.items()})
    return big, all_articles, all_mentions


def measure(graph: nx.MultiDiGraph, articles: list[dict], mentions: dict[str, list], work: Path) -> dict:
    start = time.perf_counter()
    data = page_data(graph, articles, mentions)
    page = work / f"view-{len(graph)}.html"
    page.write_text(render(data, "bench"), encoding="utf-8")
    python_s = time.perf_counter() - start
    hub = max(data["nodes"], key=lambda d: (d.get("hub", False), d.get("n_articles", 0)))
    kind = max({d["kind"] for d in data["nodes"]}, key=lambda k: sum(d["kind"] == k for d in data["nodes"]))
    run = subprocess.run(["node", str(CHECK), str(page), str(work / "shot.png"), hub["label"], kind, hub["id"]],
                         capture_output=True, text=True, check=True)
    seen = json.loads(run.stdout)
    offline = all(u.startswith("file://") for u in seen["requests"]) and not seen["errors"]
    return {"articles": len(articles), "nodes": len(graph), "edges": graph.number_of_edges(),
            "python_s": round(python_s, 1), "mb": round(page.stat().st_size / 1e6, 1),
            "first_render_ms": seen["first_draw_ms"], "phases_ms": seen["page_phases"],
            "drawn_edges": seen["drawn_edges"], "pan_frames": seen["pan"]["frames"],
            "pan_ms": seen["pan"]["ms"], "longest_frame_ms": seen["pan"]["longest_frame_ms"],
            "kind_filter_ms": seen["kind_filter_ms"], "offline": offline}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build", type=Path, help="a kg build folder (kg build --out)")
    parser.add_argument("--articles", type=int, nargs="*", default=[100, 2000, 20000])
    parser.add_argument("--nodes", type=int, nargs="*", default=[50000])
    args = parser.parse_args()
    store = ox.Store.read_only(str(args.build / "store"))
    graph = to_networkx(store, view="entities")
    articles, mentions = article_mentions(store, graph)
    sizes = [math.ceil(n / len(articles)) for n in args.articles] + [math.ceil(n / len(graph)) for n in args.nodes]
    print(f"one copy: {len(articles)} articles, {len(graph)} nodes, {graph.number_of_edges()} edges")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            print(json.dumps(measure(*copies(graph, articles, mentions, n), Path(tmp))), flush=True)


if __name__ == "__main__":
    main()
