"""A read-only SPARQL 1.1 Protocol endpoint over a built store (standard library HTTP server).

Queries run in a small pool of worker processes (``kg.sparql.worker``) that open the store
read-only and stream their output, so a large result never sits in memory. A worker is killed,
and the request answered 503 or cut short, when its query outlives the timeout, when it goes
past its memory limit, or when the client goes away. The endpoint makes no request of its own:
updates and ``SERVICE`` are refused with 400. No CORS header is sent unless an origin is given,
and request bodies are capped.
"""

from __future__ import annotations

import ipaddress
import os
import queue
import select
import socket
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from kg.errors import QueryError, StoreError
from kg.sparql.engine import check, query_form
from kg.sparql.worker import ClientGone, QueryTimeout, QueryWorker
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
READ_ONLY = b"updates are refused: this SPARQL endpoint is read-only\n"


@dataclass(frozen=True)
class Limits:
    """What one request may cost."""

    timeout: float = 10.0  # seconds for a whole query, output included
    memory_mib: int = 2048  # address space of a query worker
    max_body: int = 1 << 20  # bytes of a POST body


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"


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


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Endpoint:
    """The query logic, apart from HTTP plumbing: checks, negotiation and a pool of workers."""

    def __init__(self, out_dir: str | os.PathLike[str], limits: Limits = Limits(), workers: int = 2) -> None:
        Store.open(out_dir, read_only=True).close()
        self.limits = limits
        self.pool: queue.Queue[QueryWorker] = queue.Queue()
        for _ in range(max(1, workers)):
            self.pool.put(QueryWorker(store_path(out_dir), memory_mib=limits.memory_mib))

    def prepare(self, sparql: str, accept: str, fmt: str | None) -> tuple[str, str] | Answer:
        """(format, media type) for a query the endpoint will run, or the Answer refusing it."""
        try:
            check(sparql)
            kind = query_form(sparql)
        except QueryError as exc:
            return Answer(400, f"{exc}\n".encode())
        kind = "graph" if kind == "graph" else "select"
        table, default = (GRAPH_TYPES, "turtle") if kind == "graph" else (SOLUTION_TYPES, "json")
        short = SHORT_NAMES.get(fmt or "") or negotiate(accept, table, default)
        if short is None or (kind, short) not in MEDIA:
            offered = ", ".join(sorted({m for (k, _), m in MEDIA.items() if k == kind}))
            return Answer(406, f"cannot answer in the requested type; offered: {offered}\n".encode())
        return short, MEDIA[(kind, short)] + "; charset=utf-8"

    def worker(self) -> QueryWorker | None:
        try:
            return self.pool.get(timeout=self.limits.timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        while not self.pool.empty():
            self.pool.get_nowait().close()


def _client_gone(sock: socket.socket) -> bool:
    """True when the peer has closed its side of the connection."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):
        return True


def _handler(endpoint: Endpoint, quiet: bool, cors: str | None) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "news-kg"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            if not quiet:
                sys.stderr.write(f"{self.address_string()} {format % args}\n")

        def _head(self, status: int, content_type: str, length: int | None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if length is not None:
                self.send_header("Content-Length", str(length))
            if cors:
                self.send_header("Access-Control-Allow-Origin", cors)
            self.send_header("Vary", "Accept")
            self.end_headers()

        def _send(self, a: Answer) -> None:
            self._head(a.status, a.content_type, len(a.body))
            if self.command != "HEAD":
                self.wfile.write(a.body)

        def _run(self, sparql: str, fmt: str | None) -> None:
            prepared = endpoint.prepare(sparql, self.headers.get("Accept", ""), fmt)
            if isinstance(prepared, Answer):
                return self._send(prepared)
            short, media = prepared
            worker = endpoint.worker()
            if worker is None:
                return self._send(Answer(503, b"server busy: every query worker is in use; try again\n"))
            try:
                self._stream(worker, sparql, short, media)
            finally:
                endpoint.pool.put(worker)

        def _stream(self, worker: QueryWorker, sparql: str, short: str, media: str) -> None:
            try:
                worker.start(sparql, short, timeout=endpoint.limits.timeout,
                             gone=lambda: _client_gone(self.connection))
            except ClientGone:
                return
            except QueryTimeout as exc:
                return self._send(Answer(503, f"{exc}\n".encode()))
            except QueryError as exc:
                return self._send(Answer(400, f"{exc}\n".encode()))
            except StoreError as exc:
                return self._send(Answer(500, f"{exc}\n".encode()))
            self._head(200, media, None)  # no length: the body ends when the connection closes
            try:
                for block in worker.blocks():
                    if self.command != "HEAD":
                        self.wfile.write(block)
            except (QueryError, StoreError, OSError):
                worker.close()  # cut short: the client sees a truncated body and a closed connection
            self.close_connection = True

        def _dispatch(self, params: dict[str, list[str]], body_query: str | None) -> None:
            path = urlsplit(self.path).path
            if path == "/update" or "update" in params:
                return self._send(Answer(400, READ_ONLY))
            if path not in QUERY_PATHS:
                return self._send(Answer(404, b"not found; the SPARQL endpoint is /query\n"))
            queries = params.get("query", []) if body_query is None else [body_query]
            if len(queries) != 1:
                if path == "/" and not queries and self.command in ("GET", "HEAD"):
                    return self._send(Answer(200, b"news-kg read-only SPARQL endpoint: "
                                                  b"GET or POST /query?query=...\n"))
                return self._send(Answer(400, b"give exactly one 'query' parameter\n"))
            fmt = (params.get("format") or params.get("output") or [None])[0]
            self._run(queries[0], fmt)

        def do_GET(self) -> None:  # noqa: N802
            self._dispatch(parse_qs(urlsplit(self.path).query), None)

        do_HEAD = do_GET

        def do_POST(self) -> None:  # noqa: N802
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= endpoint.limits.max_body:
                self.close_connection = True
                return self._send(Answer(413, f"the request body must be 0 to {endpoint.limits.max_body} "
                                              "bytes with a Content-Length; send a shorter query\n".encode()))
            raw = self.rfile.read(length).decode("utf-8", errors="replace")
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            url_params = parse_qs(urlsplit(self.path).query)
            if ctype == "application/sparql-update":
                return self._send(Answer(400, READ_ONLY))
            if ctype == "application/x-www-form-urlencoded":
                return self._dispatch({**url_params, **parse_qs(raw)}, None)
            if ctype == "application/sparql-query":
                return self._dispatch(url_params, raw)
            self._send(Answer(415, b"POST a form (application/x-www-form-urlencoded) or "
                                   b"application/sparql-query\n"))

        def do_OPTIONS(self) -> None:  # noqa: N802
            if not cors:
                return self._send(Answer(405, b"cross-origin requests are not enabled (kg serve --cors ORIGIN)\n"))
            self.send_response(204)
            self.send_header("Access-Control-Allow-Origin", cors)
            self.send_header("Access-Control-Allow-Methods", "GET, POST")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _refuse(self) -> None:
            self._send(Answer(405, b"this SPARQL endpoint is read-only\n"))

        do_PUT = do_DELETE = do_PATCH = _refuse

    return Handler


def make_server(out_dir: str | os.PathLike[str], host: str = "127.0.0.1", port: int = 7878,
                limits: Limits = Limits(), workers: int = 2, quiet: bool = False,
                cors: str | None = None) -> ThreadingHTTPServer:
    """A ready, not yet serving, HTTP server; ``server.endpoint.close()`` stops its workers."""
    if limits.timeout <= 0:
        raise QueryError(f"timeout must be positive, got {limits.timeout:g}")
    endpoint = Endpoint(out_dir, limits, workers)
    try:
        server = ThreadingHTTPServer((host, port), _handler(endpoint, quiet, cors))
    except OSError as exc:
        endpoint.close()
        raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server.daemon_threads = True
    server.endpoint = endpoint  # type: ignore[attr-defined]
    return server


def serve(out_dir: str | os.PathLike[str], host: str = "127.0.0.1", port: int = 7878,
          limits: Limits = Limits(), workers: int = 2, quiet: bool = False, cors: str | None = None) -> None:
    """Serve until interrupted."""
    if not is_loopback(host):
        print(f"kg: warning: listening on {host}: anyone who can reach this address can query the "
              "graph, with no authentication; use --host 127.0.0.1 to keep it to this machine",
              file=sys.stderr, flush=True)
    server = make_server(out_dir, host, port, limits, workers, quiet, cors)
    host_, port_ = server.server_address[:2]
    print(f"serving {out_dir} read-only at http://{host_}:{port_}/query (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        server.endpoint.close()  # type: ignore[attr-defined]


SHUTDOWN_POLL = 0.05
"""Seconds between the serving loop's checks for ``shutdown()`` (the standard library waits 0.5 s)."""


def serve_in_thread(server: HTTPServer) -> threading.Thread:
    """Serve from a daemon thread; ``server.shutdown()`` returns within ``SHUTDOWN_POLL``."""
    thread = threading.Thread(target=server.serve_forever, args=(SHUTDOWN_POLL,), daemon=True)
    thread.start()
    return thread
