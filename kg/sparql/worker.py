"""Queries in a child process, so that any query can be stopped.

pyoxigraph cannot cancel a running query, and a query that sorts or groups computes for a long
time before its first row. So a query runs in a child that opens the store read-only and sends
its rendered output back in blocks; the parent kills the child when the timeout expires, when
the user presses Ctrl-C, or when the HTTP client that asked has gone. The child can be given an
address-space limit, past which it dies instead of taking the machine's memory.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import FormatError, KGError, QueryError, StoreError
from kg.sparql.engine import one_line, open_results
from kg.sparql.results import Written, check_format, write

OPEN_TRIES = 5
"""A read-only open can meet RocksDB files that a writer is replacing at that instant and report
them as corrupt; the store is fine, and the next open sees a consistent state."""

_ERRORS = {cls.__name__: cls for cls in (QueryError, StoreError, FormatError)}
"""The errors a child reports, by name, raised again in the parent."""


class QueryTimeout(QueryError):
    """The query ran longer than its timeout and was stopped."""


class ClientGone(QueryError):
    """The client that asked for the query closed its connection; the query was stopped."""


def _signature(path: Path) -> tuple:
    try:
        return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(path)))
    except OSError:
        return ()


def open_read_only(path: Path) -> ox.Store:
    """``ox.Store.read_only``, retried while a concurrent write makes the files look corrupt."""
    for attempt in range(OPEN_TRIES):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            if "corrupt" not in str(exc).lower() or attempt == OPEN_TRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _worker_main(conn, path: str, memory_mib: int | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C stops
    if memory_mib:
        limit = memory_mib << 20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    conn.send(("ready",))
    db, sig = None, None
    while True:
        try:
            sparql, fmt, limit, allow_service = conn.recv()
        except EOFError:
            return
        try:
            now = _signature(Path(path))
            if db is None or now != sig:  # reopen to see what a build committed since
                db, sig = open_read_only(Path(path)), now
            results = open_results(db, sparql, allow_service=allow_service)
            check_format(results.kind, fmt)
        except KGError as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
            continue
        except (OSError, RuntimeError) as exc:
            conn.send(("error", "StoreError", f"cannot read the store: {one_line(exc)}"))
            continue
        conn.send(("start", results.kind))
        try:
            written = write(results, fmt, lambda block: conn.send(("data", block)), limit=limit)
        except Exception as exc:  # noqa: BLE001 - the child reports every failure and serves on
            conn.send(("fail", one_line(exc)))
            continue
        conn.send(("end", written.rows, written.truncated))


class QueryWorker:
    """One child process that answers queries on a store, restarted after it is stopped.

    ``start`` sends a query and returns the result's kind once the query has been accepted
    (errors in the query are raised here); ``blocks`` then yields the output until the end.
    """

    def __init__(self, store_dir: str | os.PathLike[str], *, memory_mib: int | None = None,
                 context: str = "spawn") -> None:
        self.path = Path(store_dir)
        self.memory_mib = memory_mib
        self._context = context
        self._proc: mp.process.BaseProcess | None = None
        self._conn = None
        self._deadline: float | None = None
        self._timeout: float | None = None
        self._gone: Callable[[], bool] | None = None
        self.written: Written | None = None

    def _spawn(self) -> None:
        ctx = mp.get_context(self._context)
        parent, child = ctx.Pipe()
        self._proc = ctx.Process(target=_worker_main, args=(child, str(self.path), self.memory_mib), daemon=True)
        self._proc.start()
        child.close()
        self._conn = parent
        try:  # a query's timeout counts from here: starting Python on a busy machine is no part of it
            parent.recv()
        except EOFError:
            self.close()
            raise StoreError("the query worker could not start; check the memory limit and the Python "
                             "installation") from None

    def start(self, sparql: str, fmt: str, *, limit: int | None = None, timeout: float | None = None,
              allow_service: bool = False, gone: Callable[[], bool] | None = None) -> str:
        if self._proc is None or not self._proc.is_alive():
            self._spawn()
        self._deadline = None if timeout is None else time.monotonic() + timeout
        self._timeout, self._gone, self.written = timeout, gone, None
        self._conn.send((sparql, fmt, limit, allow_service))
        answer = self._receive()
        if answer[0] == "start":
            return answer[1]
        _, kind, message = answer
        raise _ERRORS.get(kind, QueryError)(message)

    def blocks(self) -> Iterator[bytes]:
        """The output of the started query, block by block; ``written`` is set at the end."""
        while True:
            answer = self._receive()
            if answer[0] == "data":
                yield answer[1]
            elif answer[0] == "end":
                self.written = Written(answer[1], answer[2])
                return
            else:
                raise QueryError(f"query failed: {answer[1]}")

    def run(self, sparql: str, fmt: str, emit: Callable[[bytes], object], **kw) -> Written:
        """Start a query and hand its whole output to ``emit``."""
        self.start(sparql, fmt, **kw)
        for block in self.blocks():
            emit(block)
        assert self.written is not None
        return self.written

    def _receive(self):
        assert self._conn is not None
        while not self._conn.poll(self._wait()):
            if self._gone is not None and self._gone():
                self.close()
                raise ClientGone("the client closed the connection; the query was stopped")
            if self._deadline is not None and time.monotonic() >= self._deadline:
                self.close()
                raise QueryTimeout(f"query timed out after {self._timeout:g} s and was stopped; "
                                   "narrow it (filters, LIMIT) or raise the timeout")
        try:
            return self._conn.recv()
        except EOFError:
            self.close()
            limit = f" or went past its memory limit of {self.memory_mib} MiB" if self.memory_mib else ""
            raise StoreError(f"the query worker died (the store may be unreadable{limit}); "
                             "narrow the query or check the store") from None

    def _wait(self) -> float:
        step = 0.1 if self._gone is not None else 1.0
        if self._deadline is None:
            return step
        return max(0.0, min(step, self._deadline - time.monotonic()))

    def close(self) -> None:
        if self._proc is not None:
            if self._proc.is_alive():
                self._proc.kill()
            self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._proc, self._conn = None, None
