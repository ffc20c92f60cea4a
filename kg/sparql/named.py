"""Named queries: the ``.rq`` files shipped in ``kg/queries``, with parameters bound safely.

A named query declares its parameters in ``# @param NAME TYPE "default" doc`` header lines and
holds one ``VALUES (?name ...) { ... }`` line, which is rewritten with the values as SPARQL terms
written by Oxigraph (so a value can never become query text).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from importlib import resources

import pyoxigraph as ox

from kg.errors import QueryError
from kg.kinds import MARKERS, sparql_kind_values
from kg.rdf.prefixes import PREFIX_IRIS

_PARAM = re.compile(r"^#\s*@param\s+(?P<name>[a-z][a-z0-9_]*)\s+(?P<type>[a-z-]+)\s+"
                    r"(?P<default>\"(?:[^\"\\]|\\.)*\")\s*(?P<doc>.*)$")
_VALUES = re.compile(r"^(?P<indent>\s*)VALUES\s*\((?P<vars>[^)]*)\)\s*\{.*\}\s*$", re.MULTILINE)
_KINDS = (*(name for _, name in MARKERS), "occurrence")
_KIND_TABLE = re.compile(r"VALUES \(\?type \?(\w+)\) \{ \}")
"""An empty kind table in a query, filled from ``kg.kinds`` when the query is loaded."""
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
    return {p.name[:-3]: _with_kinds(p.read_text(encoding="utf-8")) for p in root.iterdir() if p.name.endswith(".rq")}


def _with_kinds(text: str) -> str:
    return _KIND_TABLE.sub(lambda m: f"VALUES (?type ?{m[1]}) {{ {sparql_kind_values()} }}", text)


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
        return str(ox.Literal(_date_bound(p, value), datatype=ox.NamedNode(PREFIX_IRIS["xsd"] + "date")))
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


def render_named_list() -> str:
    lines = []
    for q in list_named_queries():
        lines.append(f"{q.name}\n    {q.description}")
        lines += [f"    --param {p.name}=...  ({p.type}; default {p.default!r}) {p.doc}" for p in q.params]
    return "\n".join(lines) + "\n"
