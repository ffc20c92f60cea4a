"""Writing query results as they are read: SPARQL 1.1 result formats, RDF, and a text table.

Every writer takes rows one at a time and hands bytes to ``emit`` in blocks of about 64 KiB,
so memory does not grow with the number of rows. The table sizes its columns from the first
``TABLE_PREVIEW`` rows and prints the rest in the same columns.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import FormatError
from kg.rdf.prefixes import PREFIX_IRIS
from kg.sparql.engine import Results
from kg.xmlchars import xml_safe

FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples")
TABLE_PREVIEW = 1000
BLOCK = 65536
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                  "json": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
_SOLUTION_FORMATS = ("table", "csv", "tsv", "json", "xml")


@dataclass(frozen=True)
class Written:
    rows: int
    truncated: bool  # a limit stopped the rows before the result ended


class Sink:
    """Text and bytes in, blocks of bytes out to ``emit`` (a file's write, a socket, a pipe)."""

    def __init__(self, emit: Callable[[bytes], object]) -> None:
        self._emit = emit
        self._buf = bytearray()

    def write(self, data: str | bytes) -> int:
        self._buf += data.encode("utf-8") if isinstance(data, str) else data
        if len(self._buf) >= BLOCK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._buf:
            self._emit(bytes(self._buf))
            self._buf.clear()


class _Limited:
    """Rows up to ``limit``; ``truncated`` says whether another row was there."""

    def __init__(self, rows: Iterator, limit: int | None) -> None:
        self._rows, self._limit = rows, limit
        self.count, self.truncated = 0, False

    def __iter__(self) -> Iterator:
        for row in self._rows:
            if self._limit is not None and self.count >= self._limit:
                self.truncated = True
                return
            self.count += 1
            yield row


def check_format(kind: str, fmt: str) -> None:
    """Raise FormatError when a result of ``kind`` cannot be written as ``fmt``."""
    if fmt not in FORMATS and fmt not in _GRAPH_FORMATS:
        raise FormatError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS)}")
    if kind == "graph" and fmt not in _GRAPH_FORMATS and fmt != "table":
        raise FormatError(f"a CONSTRUCT/DESCRIBE result cannot be written as {fmt}; "
                          "use turtle, ntriples, json (JSON-LD), xml (RDF/XML) or table")
    if kind != "graph" and fmt not in _SOLUTION_FORMATS:
        raise FormatError(f"{fmt} is for CONSTRUCT/DESCRIBE results; a {kind.upper()} "
                          "result can be table, csv, tsv, json or xml")


def write(results: Results, fmt: str, emit: Callable[[bytes], object], *, limit: int | None = None) -> Written:
    """Write ``results`` as ``fmt``, streaming; at most ``limit`` rows."""
    check_format(results.kind, fmt)
    sink = Sink(emit)
    rows = _Limited(results.rows, limit)
    if results.kind == "ask":
        _ask(results.boolean, fmt, sink)
    elif fmt == "table":
        _table(results.variables, rows, sink)
    elif results.kind == "graph":
        prefixes = PREFIX_IRIS if fmt in ("turtle", "xml") else None
        ox.serialize(iter(rows), sink, _GRAPH_FORMATS[fmt], prefixes=prefixes)
    else:
        {"csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}[fmt](results.variables, rows, sink)
    if fmt == "table" and results.kind != "ask":
        tail = f"{rows.count} row{'s' if rows.count != 1 else ''}"
        sink.write(tail + (" (limit reached; more rows exist)" if rows.truncated else "") + "\n")
    sink.flush()
    return Written(rows.count, rows.truncated)


def render(results: Results, fmt: str, *, limit: int | None = None) -> str:
    """The whole output as one string (for small results and tests)."""
    out = io.BytesIO()
    write(results, fmt, out.write, limit=limit)
    return out.getvalue().decode("utf-8")


def _ask(value: bool, fmt: str, sink: Sink) -> None:
    word = "true" if value else "false"
    if fmt == "json":
        sink.write(json.dumps({"head": {}, "boolean": value}) + "\n")
    elif fmt == "xml":
        sink.write(f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                   f"<head/><boolean>{word}</boolean></sparql>\n")
    else:
        sink.write(word + "\n")


def short(term) -> str:
    """A human form of a term for tables: prefixed IRIs, plain literal text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in PREFIX_IRIS.items():
            if term.value.startswith(ns) and len(term.value) > len(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return term.value
    if isinstance(term, ox.Literal):
        return " ".join(term.value.split())
    return str(term)


def _table(names: tuple[str, ...], rows: _Limited, sink: Sink) -> None:
    it = iter(rows)
    preview = []
    for row in it:
        preview.append([short(t) for t in _cells(row)])
        if len(preview) >= TABLE_PREVIEW:
            break
    widths = [max([len(n)] + [len(c[i]) for c in preview]) for i, n in enumerate(names)]

    def line(vals) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(vals, widths, strict=True)).rstrip() + "\n"

    sink.write(line(names))
    sink.write(line(["-" * w for w in widths]))
    for cells in preview:
        sink.write(line(cells))
    for row in it:
        sink.write(line([short(t) for t in _cells(row)]))


def _cells(row) -> tuple:
    """A solution row, or a triple as (subject, predicate, object)."""
    return (row.subject, row.predicate, row.object) if isinstance(row, ox.Triple) else row


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _csv(names, rows, sink: Sink) -> None:
    w = csv.writer(sink, lineterminator="\r\n")
    w.writerow(names)
    for row in rows:
        w.writerow([_csv_value(t) for t in row])


def _tsv(names, rows, sink: Sink) -> None:
    sink.write("\t".join(f"?{v}" for v in names) + "\n")
    for row in rows:
        sink.write("\t".join("" if t is None else str(t) for t in row) + "\n")


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


def _json(names, rows, sink: Sink) -> None:
    sink.write('{"head": {"vars": ' + json.dumps(list(names), ensure_ascii=False)
               + '}, "results": {"bindings": [')
    sep = ""
    for row in rows:
        binding = {v: _json_term(t) for v, t in zip(names, row, strict=True) if t is not None}
        sink.write(sep + json.dumps(binding, ensure_ascii=False))
        sep = ", "
    sink.write("]}}\n")


def escape(text: str) -> str:
    """Text for XML content: escaped, and every character XML 1.0 forbids replaced."""
    from xml.sax.saxutils import escape as xml_escape  # imported here, as below: it imports urllib.request
    # (http.client, ssl, email), which a query in another format never needs

    return xml_escape(xml_safe(text))


def quoteattr(text: str) -> str:
    from xml.sax.saxutils import quoteattr as xml_quoteattr

    return xml_quoteattr(xml_safe(text))


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


def _xml(names, rows, sink: Sink) -> None:
    sink.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>')
    for v in names:
        sink.write(f"<variable name={quoteattr(v)}/>")
    sink.write("</head><results>")
    for row in rows:
        sink.write("<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                        for v, t in zip(names, row, strict=True) if t is not None)
                   + "</result>\n")
    sink.write("</results></sparql>\n")
