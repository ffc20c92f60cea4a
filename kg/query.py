"""Running SPARQL over a built store: output formats, timeouts, named queries and stats.

A query with a timeout runs in a worker process that opens the store read-only; when the
timeout expires the worker is killed (pyoxigraph has no way to cancel a running query).
"""

from __future__ import annotations

import calendar
import csv
import io
import json
import multiprocessing as mp
import os
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from kg.errors import FormatError, KGError, QueryError, StoreError
from kg.rdf.namespaces import PREFIXES
from kg.store import QueryResult, Store, run_sparql, store_path

__all__ = [
    "FORMATS", "QueryWorker", "QueryTimeout", "NamedQuery", "Param", "run_query", "run_named",
    "list_named_queries", "named_query", "load_named_query",
]


class QueryTimeout(QueryError):
    """The query ran longer than its timeout and was stopped."""


# -- worker process ------------------------------------------------------------------------------


def _store_signature(path: Path) -> tuple:
    try:
        return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(path)))
    except OSError:
        return ()


def _worker_main(conn, path: str) -> None:
    db, sig = None, None
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        sparql, limit = msg
        try:
            now = _store_signature(Path(path))
            if db is None or now != sig:  # reopen to see what a build committed since
                db, sig = ox.Store.read_only(path), now
            conn.send(("ok", run_sparql(db, sparql, limit)))
        except KGError as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
        except OSError as exc:
            conn.send(("error", "StoreError", f"cannot read the store: {' '.join(str(exc).split())}"))


class QueryWorker:
    """One child process that answers queries on ``out_dir``'s store; killed and restarted on timeout."""

    def __init__(self, store_dir: str | os.PathLike[str]) -> None:
        self.path = Path(store_dir)
        self._proc: mp.process.BaseProcess | None = None
        self._conn = None

    def _start(self) -> None:
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe()
        self._proc = ctx.Process(target=_worker_main, args=(child, str(self.path)), daemon=True)
        self._proc.start()
        child.close()
        self._conn = parent

    def run(self, sparql: str, *, limit: int | None = None, timeout: float | None = None) -> QueryResult:
        if self._proc is None or not self._proc.is_alive():
            self._start()
        assert self._conn is not None
        self._conn.send((sparql, limit))
        if not self._conn.poll(timeout):
            self.close()
            raise QueryTimeout(f"query timed out after {timeout:g} s and was stopped; "
                               "narrow it (filters, LIMIT) or raise the timeout")
        try:
            answer = self._conn.recv()
        except EOFError:
            self.close()
            raise StoreError("the query worker died; the store may be unreadable") from None
        if answer[0] == "ok":
            return answer[1]
        _, kind, message = answer
        raise (StoreError if kind == "StoreError" else QueryError)(message)

    def close(self) -> None:
        if self._proc is not None:
            if self._proc.is_alive():
                self._proc.kill()
            self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._proc, self._conn = None, None


# -- running ---------------------------------------------------------------------------------------


def execute(out_dir: str | os.PathLike[str], sparql: str, *, timeout: float | None = None,
            limit: int | None = None) -> QueryResult:
    """Run SPARQL on a built store (read-only, so it works while a build writes)."""
    if timeout is not None and timeout <= 0:
        raise QueryError(f"timeout must be positive, got {timeout:g}")
    if limit is not None and limit < 0:
        raise QueryError(f"limit must be zero or more, got {limit}")
    if timeout is None:
        with Store.open(out_dir, read_only=True) as store:
            return store.query(sparql, limit=limit)
    Store.open(out_dir, read_only=True).close()  # clear error for a missing store
    worker = QueryWorker(store_path(out_dir))
    try:
        return worker.run(sparql, limit=limit, timeout=timeout)
    finally:
        worker.close()


def run_query(out_dir: str | os.PathLike[str], sparql: str, *, fmt: str = "table",
              timeout: float | None = None, limit: int | None = None) -> str:
    """Run SPARQL and render it as table, csv, tsv, json, xml, turtle or ntriples."""
    if fmt not in FORMATS:
        raise FormatError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS)}")
    return render(execute(out_dir, sparql, timeout=timeout, limit=limit), fmt)


def run_named(out_dir: str | os.PathLike[str], name: str, params: dict[str, str], **kw) -> str:
    return run_query(out_dir, named_query(name, params), **kw)


# -- named queries ---------------------------------------------------------------------------------

_PARAM = re.compile(r"^#\s*@param\s+(?P<name>[a-z][a-z0-9_]*)\s+(?P<type>[a-z-]+)\s+"
                    r"(?P<default>\"(?:[^\"\\]|\\.)*\")\s*(?P<doc>.*)$")
_VALUES = re.compile(r"^(?P<indent>\s*)VALUES\s*\((?P<vars>[^)]*)\)\s*\{.*\}\s*$", re.MULTILINE)
_KINDS = ("person", "group", "unit", "place", "event", "org", "occurrence")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
PARAM_TYPES = ("entity", "text", "kind", "date-start", "date-end")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str
    doc: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    text: str


def _query_files() -> dict[str, str]:
    root = resources.files("kg") / "queries"
    return {p.name[:-3]: p.read_text(encoding="utf-8") for p in root.iterdir() if p.name.endswith(".rq")}


def load_named_query(name: str) -> NamedQuery:
    files = _query_files()
    if name not in files:
        raise QueryError(f"no named query {name!r}; 'kg query --list' shows them: {', '.join(sorted(files))}")
    return _parse_named(name, files[name])


def _parse_named(name: str, text: str) -> NamedQuery:
    desc, params = [], []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _PARAM.match(line)
        if m:
            default = bytes(m["default"][1:-1], "utf-8").decode("unicode_escape")
            params.append(Param(m["name"], m["type"], default, m["doc"].strip()))
        elif "@param" in line:
            raise QueryError(f"named query {name}: bad @param line: {line}")
        else:
            desc.append(line.lstrip("#").strip())
    return NamedQuery(name, " ".join(d for d in desc if d), tuple(params), text)


def list_named_queries() -> list[NamedQuery]:
    return [_parse_named(n, t) for n, t in sorted(_query_files().items())]


def named_query(name: str, params: dict[str, str]) -> str:
    """The SPARQL of a named query with its parameters bound safely in its VALUES row."""
    q = load_named_query(name)
    known = {p.name for p in q.params}
    unknown = sorted(set(params) - known)
    if unknown:
        raise QueryError(f"named query {name!r} has no parameter {unknown[0]!r}; "
                         f"its parameters: {', '.join(sorted(known)) or 'none'}")
    if not q.params:
        return q.text
    cells = [_encode(p, params.get(p.name, p.default)) for p in q.params]
    variables = " ".join(f"?{p.name}" for p in q.params)
    matches = [m for m in _VALUES.finditer(q.text) if m["vars"].split() == variables.split()]
    if len(matches) != 1:
        raise QueryError(f"named query {name!r} must hold exactly one 'VALUES ({variables})' line")
    m = matches[0]
    line = f"{m['indent']}VALUES ({variables}) {{ ({' '.join(cells)}) }}"
    return q.text[: m.start()] + line + q.text[m.end():]


def _encode(p: Param, value: str) -> str:
    """A parameter value as a SPARQL term, escaped by Oxigraph's own term writer; '' is UNDEF."""
    value = value.strip()
    if value == "":
        return "UNDEF"
    if p.type == "entity" and _IRI.match(value):
        return str(ox.NamedNode(value))
    if p.type == "kind" and value not in _KINDS:
        raise QueryError(f"parameter {p.name}: unknown kind {value!r}; use one of {', '.join(_KINDS)}")
    if p.type in ("date-start", "date-end"):
        return str(ox.Literal(_date_bound(p, value), datatype=ox.NamedNode(str(PREFIXES["xsd"]) + "date")))
    return str(ox.Literal(value))


def _date_bound(p: Param, value: str) -> str:
    m = _DATE.match(value)
    if not m:
        raise QueryError(f"parameter {p.name}: {value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = m.groups()
    start = p.type == "date-start"
    month = month or ("01" if start else "12")
    if not 1 <= int(month) <= 12:
        raise QueryError(f"parameter {p.name}: {value!r} has no month {month}")
    if day is None:
        day = "01" if start else f"{calendar.monthrange(int(year), int(month))[1]:02d}"
    return f"{year}-{month}-{day}"


# -- output formats --------------------------------------------------------------------------------

FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                  "json": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}


def render(result: QueryResult, fmt: str) -> str:
    """Write a result in ``fmt``: SPARQL 1.1 results formats for SELECT/ASK, RDF for graphs."""
    if result.kind == "graph":
        if fmt == "table":
            return _table(("subject", "predicate", "object"),
                          [(t.subject, t.predicate, t.object) for t in result.triples], result.truncated)
        if fmt not in _GRAPH_FORMATS:
            raise FormatError(f"a CONSTRUCT/DESCRIBE result cannot be written as {fmt}; "
                              "use turtle, ntriples, json (JSON-LD), xml (RDF/XML) or table")
        prefixes = {p: str(ns) for p, ns in PREFIXES.items()} if fmt in ("turtle", "xml") else None
        return ox.serialize(result.triples, format=_GRAPH_FORMATS[fmt], prefixes=prefixes).decode()
    if fmt in ("turtle", "ntriples"):
        raise FormatError(f"{fmt} is for CONSTRUCT/DESCRIBE results; a {result.kind.upper()} "
                          "result can be table, csv, tsv, json or xml")
    if result.kind == "ask":
        return _render_ask(result.boolean, fmt)
    writer = {"table": lambda r: _table(r.variables, r.rows, r.truncated), "csv": _csv, "tsv": _tsv,
              "json": _json, "xml": _xml}[fmt]
    return writer(result)


def _render_ask(value: bool, fmt: str) -> str:
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}) + "\n"
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{word}</boolean></sparql>\n")
    return word + "\n"


def _short(term) -> str:
    """A human form of a term for tables: prefixed IRIs, plain literal text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in PREFIXES.items():
            if term.value.startswith(str(ns)) and len(term.value) > len(str(ns)):
                return f"{prefix}:{term.value[len(str(ns)):]}"
        return term.value
    if isinstance(term, ox.Literal):
        return " ".join(term.value.split())
    return str(term)


def _table(names, rows, truncated: bool) -> str:
    cells = [[_short(t) for t in row] for row in rows]
    widths = [max([len(n)] + [len(c[i]) for c in cells]) for i, n in enumerate(names)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths, strict=True)).rstrip()  # noqa: E731
    out = [line(names), line(["-" * w for w in widths])] + [line(c) for c in cells]
    tail = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
    out.append(tail + (" (limit reached; more rows exist)" if truncated else ""))
    return "\n".join(out) + "\n"


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _csv(result: QueryResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(result.variables)
    w.writerows([_csv_value(t) for t in row] for row in result.rows)
    return buf.getvalue()


def _tsv(result: QueryResult) -> str:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                        "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def _json(result: QueryResult) -> str:
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
                for row in result.rows]
    doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False) + "\n"


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>"
            f"{_xml_term(term.predicate)}</predicate><object>{_xml_term(term.object)}</object></triple>")


def _xml(result: QueryResult) -> str:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out.append("</head><results>")
    for row in result.rows:
        out.append("<result>")
        out += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(result.variables, row, strict=True) if t is not None]
        out.append("</result>\n")
    out.append("</results></sparql>\n")
    return "".join(out)


# -- stats -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    articles: int
    graphs: int
    quads: int
    by_kind: tuple[tuple[str, int], ...]
    top: tuple[tuple[str, str, int], ...]  # (label, kind, articles)


def stats(out_dir: str | os.PathLike[str], *, top: int = 10) -> Stats:
    """Counts by kind, the most-mentioned entities and the number of articles."""
    with Store.open(out_dir, read_only=True) as store:
        kinds = store.query(named_query("entity-kinds", {})).rows
        top_rows = store.query(named_query("top-entities", {}), limit=top).rows
        articles = store.query(
            "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?g "
            "<http://www.w3.org/ns/prov#wasDerivedFrom> ?a } }").rows[0][0]
        return Stats(int(articles.value), len(store.article_graphs()), len(store),
                     tuple((k.value, int(n.value)) for k, n in kinds),
                     tuple((r[1].value, r[2].value, int(r[3].value)) for r in top_rows))


def render_stats(s: Stats) -> str:
    lines = [f"articles  {s.articles}", f"graphs    {s.graphs}", f"quads     {s.quads}", "",
             "entities by kind"]
    lines += [f"  {k:<12}{n:>8}" for k, n in s.by_kind]
    lines += ["", "most mentioned (articles)"]
    lines += [f"  {n:>6}  {label} ({kind})" for label, kind, n in s.top]
    return "\n".join(lines) + "\n"


# -- command line ----------------------------------------------------------------------------------


def render_named_list() -> str:
    lines = []
    for q in list_named_queries():
        lines.append(f"{q.name}\n    {q.description}")
        lines += [f"    --param {p.name}=...  ({p.type}; default {p.default!r}) {p.doc}" for p in q.params]
    return "\n".join(lines) + "\n"


def query_cli(out_dir: Path | None, sparql: str | None, *, file: Path | None, name: str | None,
              params: list[str], list_queries: bool, fmt: str, timeout: float | None,
              limit: int | None) -> str:
    """What ``kg query`` prints: checks that exactly one query source was given."""
    if list_queries:
        return render_named_list()
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
    return run_query(out_dir, sparql or "", fmt=fmt, timeout=timeout, limit=limit)
