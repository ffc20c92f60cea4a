"""Writing article graphs to an external triple store (SPARQL 1.1 Graph Store Protocol).

``GraphStoreClient`` is a build sink with the same ``replace_article`` / ``known_hashes`` /
``remove_article`` as ``kg.store.Store``. Each article graph is replaced with one GSP ``PUT``
(one transaction in the server); its bookkeeping record lives in ``{base}graph/_builds`` in the
remote store and is changed with SPARQL Update: the old record is deleted before the PUT and
the new one written after it, so a crash in between makes the next build process the article
again instead of trusting a graph that may not be there.

Endpoint URLs (``base_url`` alone means the Oxigraph server layout /store, /query, /update):

==========  ==============================================  =====================================
server      store_url (GSP)                                 query_url / update_url
==========  ==============================================  =====================================
Oxigraph    http://HOST:7878/store                          /query, /update
Fuseki      http://HOST:3030/DATASET/data                   /DATASET/query, /DATASET/update
GraphDB     http://HOST:7200/repositories/REPO/rdf-graphs/service
                                                            /repositories/REPO,
                                                            /repositories/REPO/statements
Virtuoso    http://HOST:8890/sparql-graph-crud-auth         /sparql, /sparql-auth (update)
==========  ==============================================  =====================================

See docs/external-stores.md for credentials and server settings.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pyoxigraph as ox

from kg.errors import InvalidGraph, StoreError
from kg.rdf.iris import article_id as url_article_id
from kg.rdf.namespaces import KGO, PROV, SCHEMA
from kg.store import builds_graph_for, is_builds_graph

_ARTICLE_ID = ox.NamedNode(str(KGO.articleId))
_CONTENT_HASH = ox.NamedNode(str(KGO.contentHash))
_SOURCE = ox.NamedNode(str(KGO.source))


class GraphStoreClient:
    """A client for one remote dataset: GSP for whole graphs, SPARQL for bookkeeping."""

    def __init__(self, base_url: str, *, store_url: str | None = None, query_url: str | None = None,
                 update_url: str | None = None, user: str | None = None, password: str | None = None,
                 timeout: float = 60.0) -> None:
        base = base_url.rstrip("/")
        self.store_url = store_url or f"{base}/store"
        self.query_url = query_url or f"{base}/query"
        self.update_url = update_url or f"{base}/update"
        self.timeout = timeout
        self._auth = None
        if user is not None:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            self._auth = f"Basic {token}"

    # -- HTTP ------------------------------------------------------------------------------------

    def _request(self, method: str, url: str, body: bytes | None = None,
                 headers: dict[str, str] | None = None, ok_missing: bool = False) -> tuple[int, bytes]:
        req = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
        if self._auth:
            req.add_header("Authorization", self._auth)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            if ok_missing and exc.code == 404:
                return 404, b""
            detail = " ".join(exc.read().decode("utf-8", "replace").split())[:200]
            raise StoreError(f"{method} {url} failed: HTTP {exc.code} {detail}".rstrip()) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"cannot reach the triple store at {url}: {reason}") from None

    def _graph_url(self, graph_iri: str) -> str:
        return f"{self.store_url}?{urlencode({'graph': graph_iri})}"

    # -- Graph Store Protocol --------------------------------------------------------------------

    def put_graph(self, graph_iri: str, data: bytes) -> None:
        """Replace a graph with N-Triples, or N-Quads whose quads are all in ``graph_iri``."""
        body = _as_ntriples(data, graph_iri)
        self._request("PUT", self._graph_url(graph_iri), body,
                      {"Content-Type": "application/n-triples"})

    def delete_graph(self, graph_iri: str) -> bool:
        """Drop a graph; False if the store did not have it."""
        status, _ = self._request("DELETE", self._graph_url(graph_iri), ok_missing=True)
        return status != 404

    def get_graph(self, graph_iri: str) -> bytes:
        """The graph as N-Triples (empty if absent)."""
        status, body = self._request("GET", self._graph_url(graph_iri),
                                     headers={"Accept": "application/n-triples"}, ok_missing=True)
        return b"" if status == 404 else body

    # -- SPARQL ----------------------------------------------------------------------------------

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Run a SELECT on the remote store; each row maps variable names to plain values."""
        _, body = self._request("POST", self.query_url, urlencode({"query": sparql}).encode(),
                                {"Content-Type": "application/x-www-form-urlencoded",
                                 "Accept": "application/sparql-results+json"})
        doc = json.loads(body)
        return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]

    def update(self, sparql: str) -> None:
        self._request("POST", self.update_url, urlencode({"update": sparql}).encode(),
                      {"Content-Type": "application/x-www-form-urlencoded"})

    # -- build sink ------------------------------------------------------------------------------

    def replace_article(self, article_id: str, graph_iri: str, nquads: bytes, content_hash: str,
                        source: str) -> None:
        g, bk = ox.NamedNode(graph_iri), ox.NamedNode(builds_graph_for(graph_iri))
        self.update(f"DELETE WHERE {{ GRAPH {bk} {{ {g} ?p ?o }} }}")
        self.put_graph(graph_iri, nquads)
        self.update(f"INSERT DATA {{ GRAPH {bk} {{ {g} {_ARTICLE_ID} {ox.Literal(article_id)} ; "
                    f"{_CONTENT_HASH} {ox.Literal(content_hash)} ; {_SOURCE} {ox.Literal(source)} . }} }}")

    def known_hashes(self) -> dict[str, str]:
        rows = self.select(f"SELECT ?id ?h WHERE {{ GRAPH ?b {{ ?g {_ARTICLE_ID} ?id ; "
                           f"{_CONTENT_HASH} ?h }} }}")
        return {r["id"]: r["h"] for r in rows}

    def known_sources(self) -> dict[str, str]:
        rows = self.select(f"SELECT ?s ?id WHERE {{ GRAPH ?b {{ ?g {_ARTICLE_ID} ?id ; {_SOURCE} ?s }} }}")
        return {r["s"]: r["id"] for r in rows}

    def remove_article(self, article_id_or_url: str) -> bool:
        key = article_id_or_url
        ids = {key} | ({url_article_id(key, "")} if "://" in key else set())
        values = " ".join(str(ox.Literal(i)) for i in ids)
        found = {r["g"] for r in self.select(
            f"SELECT ?g WHERE {{ VALUES ?id {{ {values} }} GRAPH ?b {{ ?g {_ARTICLE_ID} ?id }} }}")}
        try:
            node = ox.NamedNode(key) if "://" in key else None
        except ValueError:
            node = None
        if node is not None:
            found |= {r["g"] for r in self.select(
                f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g <{PROV.wasDerivedFrom}> ?a . "
                f"?a <{SCHEMA.url}> {node} }} }}")}
        removed = False
        for g in sorted(found):
            if is_builds_graph(g):
                continue
            node, bk = ox.NamedNode(g), ox.NamedNode(builds_graph_for(g))
            self.update(f"DELETE WHERE {{ GRAPH {bk} {{ {node} ?p ?o }} }}")
            removed = self.delete_graph(g) or removed
        return removed or bool(found)

    def flush(self) -> None:
        """Nothing is buffered: every call is sent at once."""

    def close(self) -> None:
        """Nothing to release (one HTTP request per call)."""

    def __enter__(self) -> GraphStoreClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _as_ntriples(data: bytes, graph_iri: str) -> bytes:
    try:
        quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    except SyntaxError as exc:
        raise InvalidGraph(f"graph {graph_iri} is not valid N-Quads/N-Triples: {exc}") from None
    triples = []
    for q in quads:
        g = q.graph_name
        if not isinstance(g, ox.DefaultGraph) and not (isinstance(g, ox.NamedNode) and g.value == graph_iri):
            raise StoreError(f"graph {graph_iri} holds a quad in another graph ({g})")
        triples.append(ox.Triple(q.subject, q.predicate, q.object))
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
