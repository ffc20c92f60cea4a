"""What a hostile client or a careless query cannot do: reach other hosts, read across origins,
hold a worker after leaving, send unbounded bodies, grow a worker without bound, or run on after
Ctrl-C. Also: results stream, and read-only opens survive a build writing beside them."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import urlencode

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QueryError
from kg.query import execute, stream_query
from kg.serve import Limits, is_loopback, make_server, serve_in_thread
from kg.sparql.results import BLOCK
from kg.sparql.text import looks_like_update, uses_service
from kg.sparql.worker import open_read_only
from kg.store import Store, store_path

CARTESIAN = "SELECT * WHERE { GRAPH ?a { ?s1 ?p1 ?o1 } GRAPH ?b { ?s2 ?p2 ?o2 } GRAPH ?c { ?s3 ?p3 ?o3 } }"
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s1 ?p1 ?o1 } GRAPH ?b { ?s2 ?p2 ?o2 } "
        "GRAPH ?c { ?s3 ?p3 ?o3 } GRAPH ?d { ?s4 ?p4 ?o4 } }")


@pytest.mark.parametrize("sparql", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "select * { service silent <http://example.org/> { ?s ?p ?o } }",
    "SELECT * WHERE { VALUES ?u { <http://127.0.0.1:9/> } SERVICE ?u { ?s ?p ?o } }",
    "PREFIX ex: <http://e/> SELECT * WHERE {?s ?p ?o}SERVICE<http://e/>{?a ?b ?c}",
    "SELECT * { SERV\\u0049CE <http://e/> { ?s ?p ?o } }",
    "# a comment\nASK { SERVICE <http://e/> { ?s ?p ?o } }",
])
def test_service_is_found(sparql: str) -> None:
    assert uses_service(sparql)


@pytest.mark.parametrize("sparql", [
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    'SELECT ?SERVICE WHERE { ?SERVICE ?p "SERVICE" } # SERVICE in a comment',
    "PREFIX SERVICE: <http://e/> SELECT * { ?s SERVICE:x ?o . ?s ex:SERVICE ?o }",
    'SELECT * { ?s ?p """a \\""" SERVICE """ }',
    "SELECT * { ?s ?p 'SERVICE' }",
])
def test_the_word_elsewhere_is_not_service(sparql: str) -> None:
    assert not uses_service(sparql)


def test_updates_are_recognised_behind_a_prologue() -> None:
    assert looks_like_update("# note\nPREFIX a: <http://x/> BASE <http://y/> INSERT DATA { <a:b> <a:c> 1 }")
    assert looks_like_update("clear all")
    assert not looks_like_update("PREFIX insert: <http://x/> SELECT * { ?s insert:p ?o } # DELETE")


class _Recorder(BaseHTTPRequestHandler):
    """A local 'internal service' that records every request it gets and answers with a row."""

    seen: list[str] = []

    def _answer(self) -> None:
        self.seen.append(f"{self.command} {self.path}")
        body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"literal","value":"secret"}}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def internal_service() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []
    handler = type("Recorder", (_Recorder,), {"seen": seen})
    server = HTTPServer(("127.0.0.1", 0), handler)
    serve_in_thread(server)
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", seen
    server.shutdown()
    server.server_close()


@pytest.fixture
def endpoint(fixture_store: Path, request) -> Iterator[tuple[str, int, object]]:
    kw = getattr(request, "param", {})
    server = make_server(fixture_store, port=0, quiet=True, **kw)
    serve_in_thread(server)
    host, port = server.server_address[:2]
    yield host, port, server
    server.shutdown()
    server.server_close()
    server.endpoint.close()


def get(host: str, port: int, sparql: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=120)
    conn.request("GET", "/query?" + urlencode({"query": sparql}), headers=headers or {})
    resp = conn.getresponse()
    out = resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    conn.close()
    return out


def test_endpoint_refuses_service_and_sends_nothing(endpoint, internal_service) -> None:
    host, port, _ = endpoint
    url, seen = internal_service
    status, _, body = get(host, port, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
    assert status == 400 and b"SERVICE is refused" in body
    assert seen == []


def test_kg_query_refuses_service_unless_allowed(fixture_store: Path, internal_service) -> None:
    url, seen = internal_service
    sparql = f"SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    runner = CliRunner()
    refused = runner.invoke(app, ["query", str(fixture_store), sparql])
    assert refused.exit_code != 0 and "SERVICE is refused" in refused.output and seen == []
    with pytest.raises(QueryError, match="SERVICE"):
        execute(fixture_store, sparql)
    assert seen == []
    allowed = runner.invoke(app, ["query", str(fixture_store), sparql, "--allow-service", "--format", "csv"])
    assert allowed.exit_code == 0 and "secret" in allowed.output and len(seen) == 1  # the test can see a request


def test_no_cors_header_unless_an_origin_is_given(endpoint) -> None:
    host, port, _ = endpoint
    status, headers, _ = get(host, port, "ASK {}", {"Origin": "http://evil.example"})
    assert status == 200 and "access-control-allow-origin" not in headers


@pytest.mark.parametrize("endpoint", [{"cors": "http://localhost:3000"}], indirect=True)
def test_cors_names_only_the_given_origin(endpoint) -> None:
    host, port, _ = endpoint
    _, headers, _ = get(host, port, "ASK {}")
    assert headers["access-control-allow-origin"] == "http://localhost:3000"


def test_binding_beyond_loopback_warns() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.1")


def test_kg_serve_warns_before_listening_beyond_loopback(fixture_store: Path) -> None:
    # 192.0.2.1 (TEST-NET-1) is on no interface here: the warning comes first, then one error line
    done = CliRunner().invoke(app, ["serve", str(fixture_store), "--host", "192.0.2.1", "--port", "0"])
    assert done.exit_code not in (0, None) and isinstance(done.exception, SystemExit)  # no traceback
    lines = done.stderr.strip().splitlines()
    assert "warning: listening on 192.0.2.1" in lines[0] and "no authentication" in lines[0]
    assert lines[-1].startswith("kg: error: cannot listen on 192.0.2.1") and done.stdout == ""


def test_request_bodies_are_capped(endpoint) -> None:
    host, port, _ = endpoint
    with socket.create_connection((host, port), timeout=60) as s:
        s.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                  b"Content-Length: 200000000\r\n\r\nASK {}")
        reply = s.recv(4096)
    assert reply.startswith(b"HTTP/1.0 413")


@pytest.mark.parametrize("endpoint", [{"limits": Limits(timeout=120), "workers": 1}], indirect=True)
def test_a_client_that_leaves_frees_its_worker(endpoint) -> None:
    host, port, server = endpoint
    worker = server.endpoint.pool.queue[0]
    with socket.create_connection((host, port), timeout=60) as s:
        s.sendall(f"GET /query?{urlencode({'query': SLOW})} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        for _ in range(600):  # wait until the one worker runs the slow query
            if worker._proc is not None and server.endpoint.pool.empty():
                break
            time.sleep(0.05)
        assert server.endpoint.pool.empty()
    status, _, body = get(host, port, "ASK { GRAPH ?g { ?s ?p ?o } }")  # waits for the one worker
    assert status == 200 and b"true" in body  # a busy worker would have answered 503 after 120 s


@pytest.mark.slow
@pytest.mark.parametrize("endpoint", [{"limits": Limits(timeout=600, memory_mib=1024), "workers": 1}],
                         indirect=True)
def test_a_worker_stops_at_its_memory_limit_and_the_endpoint_carries_on(endpoint) -> None:
    host, port, _ = endpoint
    status, _, body = get(host, port, CARTESIAN + " ORDER BY ?o1 ?o2 ?o3")
    assert status == 500 and b"memory limit of 1024 MiB" in body
    status, _, body = get(host, port, "ASK { GRAPH ?g { ?s ?p ?o } }")
    assert status == 200 and b"true" in body


def test_results_stream_in_blocks(fixture_store: Path) -> None:
    blocks: list[bytes] = []
    written = stream_query(fixture_store, CARTESIAN, blocks.append, fmt="csv", limit=20_000)
    assert written.rows == 20_000 and written.truncated
    assert len(blocks) > 10 and max(len(b) for b in blocks) < 2 * BLOCK  # never the whole result at once
    assert b"".join(blocks).count(b"\r\n") == 20_001


def _ctrl_c_as_a_terminal_gives_it() -> None:
    """Run in the child before exec: a shell hands SIGINT down ignored to what it runs in the
    background (the tests, then), and Python leaves an ignored SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_a_running_query(fixture_store: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "kg", "query", str(fixture_store), SLOW],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_ctrl_c_as_a_terminal_gives_it)
    try:
        deadline = time.monotonic() + 120
        while not _children_of(proc.pid) and time.monotonic() < deadline:  # the query worker is up
            time.sleep(0.1)
        time.sleep(1)  # and running the query
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:  # not stopped: the endless query must not outlive the test
            for child in _children_of(proc.pid):
                os.kill(child, signal.SIGKILL)
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130 and "kg: interrupted" in err and "Traceback" not in err
    assert not _children_of(proc.pid)


def _children_of(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry))
    return out


@pytest.mark.slow
def test_read_only_opens_while_a_build_writes(fixture_store: Path) -> None:
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(fixture_store)])
    opened = 0
    try:
        while writer.poll() is None or opened < 20:
            db = open_read_only(store_path(fixture_store))  # raised now and then before the retry
            assert len(db) > 0
            del db
            opened += 1
    finally:
        writer.kill()
        writer.wait()
    with Store.open(fixture_store, read_only=True) as store:
        assert len(store.article_graphs()) == 3 + 50


_WRITER = """
import sys
from kg.store import Store
with Store.open(sys.argv[1]) as store:
    for i in range(2000):
        g = f"https://w3id.org/news-kg/graph/w{i % 50}"
        nq = f'<urn:s{i}> <urn:p> "{i}" <{g}> .\\n'.encode()
        store.replace_article(f"w{i % 50}", g, nq, f"h{i}", f"writer:{i}")
"""
