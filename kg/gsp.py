"""Writing article graphs to an external triple store (SPARQL 1.1 Graph Store Protocol).

``GraphStoreClient`` is an ``ArticleStore`` (``kg.bookkeeping``), like ``kg.store.Store``, with
the same records. Each article graph is replaced with one GSP ``PUT``
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
from collections.abc import Iterable
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox

from kg.bookkeeping import (
    ARTICLE_ID,
    KNOWN_HASHES,
    KNOWN_SOURCES,
    article_ids,
    delete_record,
    iri_node,
    is_builds_graph,
    quads_in_graph,
    record_quads,
)
from kg.errors import StoreError
from kg.rdf.namespaces import PROV, SCHEMA
from kg.types import Built


class GraphStoreClient:
    """A client for one remote dataset: GSP for whole graphs, SPARQL for bookkeeping."""

    def __init__(self, base_url: str, *, store_url: str | None = None, query_url: str | None = None,
                 update_url: str | None = None, user: str | None = None, password: str | None = None,
                 timeout: float = 60.0) -> None:
        if urlsplit(base_url).scheme not in ("http", "https"):
            raise StoreError(f"--store takes the http(s) URL of a SPARQL store, not {base_url!r}; "
                             "to build into a folder, use --out")
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
        self.update(delete_record(graph_iri))
        self.put_graph(graph_iri, nquads)
        record = record_quads(Built(article_id, graph_iri, b"", content_hash, source))
        self.update("INSERT DATA { " + " ".join(
            f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in record) + " }")

    def write_articles(self, articles: Iterable[Built]) -> None:
        """One article after the other: each is one PUT, its own transaction in the server."""
        for a in articles:
            self.replace_article(a.article_id, a.graph_iri, a.nquads, a.content_hash, a.source)

    def known_hashes(self) -> dict[str, str]:
        return {r["id"]: r["h"] for r in self.select(KNOWN_HASHES)}

    def known_sources(self) -> dict[str, str]:
        return {r["s"]: r["id"] for r in self.select(KNOWN_SOURCES)}

    def remove_article(self, article_id_or_url: str) -> bool:
        key = article_id_or_url
        values = " ".join(str(ox.Literal(i)) for i in article_ids(key))
        found = {r["g"] for r in self.select(
            f"SELECT ?g WHERE {{ VALUES ?id {{ {values} }} GRAPH ?b {{ ?g {ARTICLE_ID} ?id }} }}")}
        node = iri_node(key)
        if node is not None:
            found |= {r["g"] for r in self.select(
                f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g <{PROV.wasDerivedFrom}> ?a . "
                f"?a <{SCHEMA.url}> {node} }} }}")}
        removed = False
        for g in sorted(found):
            if is_builds_graph(g):
                continue
            self.update(delete_record(g))
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
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads_in_graph(data, graph_iri)]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
