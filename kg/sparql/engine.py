"""Running SPARQL on an open pyoxigraph store, as a stream of solutions or materialised."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.rdf.prefixes import PREFIX_IRIS
from kg.sparql.text import keywords, looks_like_update, uses_service

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
SERVICE_REFUSED = ("SERVICE is refused: it would make news-kg send requests to another host; "
                   "query the other endpoint yourself (kg query --allow-service lifts this locally)")


@dataclass(frozen=True)
class Results:
    """An open result: ``rows`` yields solutions (tuples of terms, None where unbound) for a
    SELECT, triples for a CONSTRUCT or DESCRIBE, and nothing for an ASK."""

    kind: str  # "select" | "ask" | "graph"
    variables: tuple[str, ...]
    rows: Iterator
    boolean: bool = False


@dataclass(frozen=True)
class QueryResult:
    """A materialised SPARQL result: rows for SELECT, a boolean for ASK, triples for CONSTRUCT."""

    kind: str  # "select" | "ask" | "graph"
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool = False
    triples: tuple[ox.Triple, ...] = ()
    truncated: bool = False


def query_form(sparql: str) -> str:
    """``select``, ``ask`` or ``graph`` (CONSTRUCT, DESCRIBE), read from the query's keywords."""
    m = _FORM.search(keywords(sparql))
    if m is None:
        raise QueryError("SPARQL syntax error: a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE")
    form = m[1].upper()
    return "select" if form == "SELECT" else "ask" if form == "ASK" else "graph"


def check(sparql: str, *, allow_service: bool = False) -> None:
    """Refuse what a read-only, offline query must not do, before it reaches the engine."""
    if not sparql.strip():
        raise QueryError("empty query")
    if looks_like_update(sparql):
        raise QueryError("updates are refused: queries on a news-kg store are read-only")
    if not allow_service and uses_service(sparql):
        raise QueryError(SERVICE_REFUSED)


def open_results(store: ox.Store, sparql: str, *, allow_service: bool = False) -> Results:
    """Start a query; its rows are computed as they are read. The usual prefixes (schema:,
    rdfs:, sem:...) of ``kg.rdf.prefixes.PREFIX_IRIS`` need no declaration."""
    check(sparql, allow_service=allow_service)
    try:
        res = store.query(sparql, prefixes=PREFIX_IRIS)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {one_line(exc)}") from None
    except OSError as exc:
        raise StoreError(f"the store failed while querying: {one_line(exc)}") from None
    if isinstance(res, ox.QueryBoolean):
        return Results("ask", (), iter(()), boolean=bool(res))
    if isinstance(res, ox.QuerySolutions):
        names = tuple(v.value for v in res.variables)
        return Results("select", names, _guarded(tuple(s[n] for n in names) for s in res))
    return Results("graph", ("subject", "predicate", "object"), _guarded(iter(res)))


def _guarded(rows: Iterator) -> Iterator:
    """Rows whose evaluation errors (raised lazily by Oxigraph) become one-line QueryErrors."""
    try:
        yield from rows
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query failed: {one_line(exc)}") from None


def run_sparql(store: ox.Store, sparql: str, limit: int | None = None, *,
               allow_service: bool = False) -> QueryResult:
    """Run a query and materialise at most ``limit`` rows (for library use and small results)."""
    res = open_results(store, sparql, allow_service=allow_service)
    rows, truncated = take(res.rows, limit)
    if res.kind == "graph":
        return QueryResult("graph", triples=tuple(rows), truncated=truncated)
    return QueryResult(res.kind, res.variables, tuple(rows), res.boolean, truncated=truncated)


def take(rows: Iterator, limit: int | None) -> tuple[list, bool]:
    """At most ``limit`` rows, and whether more were left."""
    out = []
    for item in rows:
        if limit is not None and len(out) >= limit:
            return out, True
        out.append(item)
    return out, False


def one_line(exc: BaseException, width: int = 240) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= width else text[: width - 1] + "…"
