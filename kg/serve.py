"""A read-only SPARQL 1.1 Protocol endpoint over a built store (standard library HTTP server).

Queries run in a small pool of worker processes (``kg.query.QueryWorker``) that open the store
read-only; a query that outlives the timeout gets its worker killed and a 503 answer, and the
server carries on. Updates are refused with 400.
"""

from __future__ import annotations

import os
import queue
import re
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from kg.errors import FormatError, QueryError, StoreError
from kg.query import QueryTimeout, QueryWorker, render
from kg.store import Store, store_path

QUERY_PATHS = ("/", "/query", "/sparql")
SOLUTION_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/turtle": "turtle",
    "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/ld+json": "json", "application/rdf+xml": "xml",
}
MEDIA = {("select", "json"): "application/sparql-results+json",
         ("select", "xml"): "application/sparql-results+xml",
         ("select", "csv"): "text/csv", ("select", "tsv"): "text/tab-separated-values",
         ("graph", "turtle"): "text/turtle", ("graph", "ntriples"): "application/n-triples",
         ("graph", "json"): "application/ld+json", ("graph", "xml"): "application/rdf+xml"}
SHORT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "turtle",
               "ttl": "turtle", "ntriples": "ntriples", "nt": "ntriples"}
_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
_PROLOGUE = re.compile(r"^\s*(?:#[^\n]*\n|(?:PREFIX\s+[^:\s]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", re.I)


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"


def looks_like_update(sparql: str) -> bool:
    return bool(_UPDATE.match(sparql[_PROLOGUE.match(sparql).end():]))


def negotiate(accept: str, table: dict[str, str], default: str) -> str | None:
    """The short format name for the best media range in an Accept header, or None."""
    if not accept.strip():
        return default
    ranked = []
    for i, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, media.lower()))
    for neg_q, _, media in sorted(ranked):
        if neg_q == 0:
            break
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None


class Endpoint:
    """The query logic, separate from HTTP plumbing: a pool of workers and a timeout."""

    def __init__(self, out_dir: str | os.PathLike[str], timeout: float = 10.0, workers: int = 2) -> None:
        Store.open(out_dir, read_only=True).close()
        self.timeout = timeout
        self.pool: queue.Queue[QueryWorker] = queue.Queue()
        for _ in range(max(1, workers)):
            self.pool.put(QueryWorker(store_path(out_dir)))

    def answer(self, sparql: str, accept: str, fmt: str | None) -> Answer:
        if not sparql.strip():
            return Answer(400, b"empty query\n")
        if looks_like_update(sparql):
            return Answer(400, b"updates are refused: this SPARQL endpoint is read-only\n")
        try:
            worker = self.pool.get(timeout=self.timeout)
        except queue.Empty:
            return Answer(503, b"server busy: every query worker is in use; try again\n")
        try:
            result = worker.run(sparql, timeout=self.timeout)
        except QueryTimeout as exc:
            return Answer(503, f"{exc}\n".encode())
        except QueryError as exc:
            return Answer(400, f"{exc}\n".encode())
        except StoreError as exc:
            return Answer(500, f"{exc}\n".encode())
        finally:
            self.pool.put(worker)
        kind = "graph" if result.kind == "graph" else "select"
        table, default = (GRAPH_TYPES, "turtle") if kind == "graph" else (SOLUTION_TYPES, "json")
        short = SHORT_NAMES.get(fmt or "") or negotiate(accept, table, default)
        if short is None or (kind, short) not in MEDIA:
            offered = ", ".join(sorted({m for (k, _), m in MEDIA.items() if k == kind}))
            return Answer(406, f"cannot answer in the requested type; offered: {offered}\n".encode())
        try:
            body = render(result, short)
        except FormatError as exc:
            return Answer(406, f"{exc}\n".encode())
        return Answer(200, body.encode("utf-8"), MEDIA[(kind, short)] + "; charset=utf-8")

    def close(self) -> None:
        while not self.pool.empty():
            self.pool.get_nowait().close()


def _handler(endpoint: Endpoint, quiet: bool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "news-kg"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            if not quiet:
                sys.stderr.write(f"{self.address_string()} {format % args}\n")

        def _send(self, a: Answer) -> None:
            self.send_response(a.status)
            self.send_header("Content-Type", a.content_type)
            self.send_header("Content-Length", str(len(a.body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Vary", "Accept")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(a.body)

        def _dispatch(self, params: dict[str, list[str]], body_query: str | None) -> None:
            path = urlsplit(self.path).path
            if path == "/update" or "update" in params:
                return self._send(Answer(400, b"updates are refused: this SPARQL endpoint is read-only\n"))
            if path not in QUERY_PATHS:
                return self._send(Answer(404, b"not found; the SPARQL endpoint is /query\n"))
            queries = params.get("query", []) if body_query is None else [body_query]
            if len(queries) != 1:
                if path == "/" and not queries and self.command in ("GET", "HEAD"):
                    return self._send(Answer(200, b"news-kg read-only SPARQL endpoint: "
                                                  b"GET or POST /query?query=...\n"))
                return self._send(Answer(400, b"give exactly one 'query' parameter\n"))
            fmt = (params.get("format") or params.get("output") or [None])[0]
            self._send(endpoint.answer(queries[0], self.headers.get("Accept", ""), fmt))

        def do_GET(self) -> None:  # noqa: N802
            self._dispatch(parse_qs(urlsplit(self.path).query), None)

        do_HEAD = do_GET

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8", errors="replace")
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            url_params = parse_qs(urlsplit(self.path).query)
            if ctype == "application/sparql-update":
                return self._send(Answer(400, b"updates are refused: this SPARQL endpoint is read-only\n"))
            if ctype == "application/x-www-form-urlencoded":
                return self._dispatch({**url_params, **parse_qs(raw)}, None)
            if ctype == "application/sparql-query":
                return self._dispatch(url_params, raw)
            self._send(Answer(415, b"POST a form (application/x-www-form-urlencoded) or "
                                   b"application/sparql-query\n"))

        def _refuse(self) -> None:
            self._send(Answer(405, b"this SPARQL endpoint is read-only\n"))

        do_PUT = do_DELETE = do_PATCH = _refuse

    return Handler


def make_server(out_dir: str | os.PathLike[str], host: str = "127.0.0.1", port: int = 7878,
                timeout: float = 10.0, workers: int = 2, quiet: bool = False) -> ThreadingHTTPServer:
    """A ready, not yet serving, HTTP server; ``server.endpoint.close()`` stops its workers."""
    if timeout <= 0:
        raise QueryError(f"timeout must be positive, got {timeout:g}")
    endpoint = Endpoint(out_dir, timeout, workers)
    try:
        server = ThreadingHTTPServer((host, port), _handler(endpoint, quiet))
    except OSError as exc:
        endpoint.close()
        raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server.daemon_threads = True
    server.endpoint = endpoint  # type: ignore[attr-defined]
    return server


def serve(out_dir: str | os.PathLike[str], host: str = "127.0.0.1", port: int = 7878,
          timeout: float = 10.0, workers: int = 2, quiet: bool = False) -> None:
    """Serve until interrupted."""
    server = make_server(out_dir, host, port, timeout, workers, quiet)
    host_, port_ = server.server_address[:2]
    print(f"serving {out_dir} read-only at http://{host_}:{port_}/query (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        server.endpoint.close()  # type: ignore[attr-defined]


def serve_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread
