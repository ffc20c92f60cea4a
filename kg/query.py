"""What ``kg query`` and ``kg stats`` do: run SPARQL on a built store and write the results.

``run_query`` streams: rows are written as the store yields them, so memory stays flat in the
number of rows, and the query runs in a child process (``kg.sparql.worker``) so that a timeout
or Ctrl-C stops it at any point. ``execute`` returns a materialised result for library use.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import QueryError
from kg.sparql.engine import QueryResult
from kg.sparql.named import named_query, render_named_list
from kg.sparql.results import Written
from kg.sparql.worker import QueryWorker
from kg.store import Store, require_store, store_path

__all__ = ["execute", "run_query", "stream_query", "query_cli", "stats", "render_stats", "Stats"]


def execute(out_dir: str | os.PathLike[str], sparql: str, *, limit: int | None = None,
            allow_service: bool = False) -> QueryResult:
    """Run SPARQL on a built store (read-only, so it works while a build writes); materialised."""
    _check_limit(limit)
    with Store.open(out_dir, read_only=True) as store:
        return store.query(sparql, limit=limit, allow_service=allow_service)


def _check_limit(limit: int | None) -> None:
    if limit is not None and limit < 0:
        raise QueryError(f"limit must be zero or more, got {limit}")


def stream_query(out_dir: str | os.PathLike[str], sparql: str, emit: Callable[[bytes], object], *,
                 fmt: str = "table", timeout: float | None = None, limit: int | None = None,
                 allow_service: bool = False) -> Written:
    """Run SPARQL and stream it as table, csv, tsv, json, xml, turtle or ntriples to ``emit``."""
    if timeout is not None and timeout <= 0:
        raise QueryError(f"timeout must be positive, got {timeout:g}")
    _check_limit(limit)
    require_store(out_dir)  # a clear error for a missing store; the child opens it
    worker = QueryWorker(store_path(out_dir), context="fork")
    try:
        return worker.run(sparql, fmt, emit, limit=limit, timeout=timeout, allow_service=allow_service)
    finally:
        worker.close()


def run_query(out_dir: str | os.PathLike[str], sparql: str, **kw) -> str:
    """``stream_query`` collected into one string (for small results)."""
    out = io.BytesIO()
    stream_query(out_dir, sparql, out.write, **kw)
    return out.getvalue().decode("utf-8")


# -- stats -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    articles: int
    graphs: int
    quads: int
    by_kind: tuple[tuple[str, int], ...]
    top: tuple[tuple[str, str, int], ...]  # (label, kind, articles)
    copies: int = 0
    """Articles that are near-duplicates of another (``kgo:nearDuplicateOf``): not independent sources."""


def stats(out_dir: str | os.PathLike[str], *, top: int = 10) -> Stats:
    """Counts by kind, the most-mentioned entities and the number of articles."""
    with Store.open(out_dir, read_only=True) as store:
        kinds = store.query(named_query("entity-kinds", {})).rows
        top_rows = store.query(named_query("top-entities", {}), limit=top).rows
        articles = store.query(
            "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?g "
            "<http://www.w3.org/ns/prov#wasDerivedFrom> ?a } }").rows[0][0]
        copies = store.query(
            "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?i { ?a "
            "<https://w3id.org/news-kg/ontology#nearDuplicateOf> ?o } }").rows[0][0]
        return Stats(int(articles.value), len(store.article_graphs()), store.article_quads(),
                     tuple((k.value, int(n.value)) for k, n in kinds),
                     tuple((r[1].value, r[2].value, int(r[3].value)) for r in top_rows), int(copies.value))


def render_stats(s: Stats) -> str:
    lines = [f"articles  {s.articles}", f"copies    {s.copies} (near-duplicates of another article, counted once)",
             f"graphs    {s.graphs}", f"quads     {s.quads}", "", "entities by kind"]
    lines += [f"  {k:<12}{n:>8}" for k, n in s.by_kind]
    lines += ["", "most mentioned (independent articles)"]
    lines += [f"  {n:>6}  {label} ({kind})" for label, kind, n in s.top]
    return "\n".join(lines) + "\n"


# -- command line ----------------------------------------------------------------------------------


def query_cli(out_dir: Path | None, sparql: str | None, *, file: Path | None, name: str | None,
              params: list[str], list_queries: bool, fmt: str, timeout: float | None,
              limit: int | None, allow_service: bool = False) -> None:
    """What ``kg query`` does: checks that exactly one query source was given, then streams the
    result to standard output (and says on standard error when a limit cut it short)."""
    if list_queries:
        sys.stdout.write(render_named_list())
        return
    if out_dir is None:
        raise QueryError("give the build folder: kg query DIR 'SPARQL' (or --file q.rq, --name NAME)")
    sources = [s for s in (sparql, file, name) if s is not None]
    if len(sources) != 1:
        raise QueryError("give exactly one query: inline SPARQL, --file q.rq or --name NAME")
    if params and name is None:
        raise QueryError("--param is only for named queries (--name)")
    if file is not None:
        try:
            sparql = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read query file {file}: {exc}") from None
    if name is not None:
        pairs = {}
        for item in params:
            key, sep, value = item.partition("=")
            if not sep:
                raise QueryError(f"--param {item!r} must look like NAME=VALUE")
            pairs[key.strip()] = value
        sparql = named_query(name, pairs)
    sys.stdout.flush()
    out = sys.stdout.buffer
    written = stream_query(out_dir, sparql or "", out.write, fmt=fmt, timeout=timeout, limit=limit,
                        allow_service=allow_service)
    out.flush()
    if written.truncated and fmt != "table":
        sys.stderr.write(f"kg: the limit of {limit} rows was reached; more rows exist\n")
