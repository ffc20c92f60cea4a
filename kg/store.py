"""The embedded store: one Oxigraph (RocksDB) database in ``DIR/store/``, one named graph per article.

Crash safety: ``remove_article`` is ONE SPARQL Update request, which Oxigraph runs in one RocksDB
transaction. ``replace_article`` is two transactions (drop the old graph and its record; then
add the new quads and the new record in one ``Store.load``), so a crash (even SIGKILL) leaves
the old article, the new one, or none (unrecorded, so the next build redoes it), never a mix;
the bookkeeping record in the graph ``{base}graph/_builds`` never claims a partial article.
``write_articles``, what a build uses, gives the same guarantee for many articles at a time
through Oxigraph's bulk loader (see its docstring).

Read-only opens (``Store.open(..., read_only=True)``) use RocksDB's read-only mode: they take no
lock, so queries can run while a build writes; each open sees the data committed at open time.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox

from kg.bookkeeping import (
    ARTICLE_ID,
    KNOWN_HASHES,
    KNOWN_SOURCES,
    article_ids,
    delete_record,
    iri_node,
    quads_in_graph,
    record_nquads,
)
from kg.bookkeeping import BUILDS_GRAPH as BUILDS_GRAPH  # kg.export.rdf reads them from here
from kg.bookkeeping import builds_graph_for as builds_graph_for
from kg.bookkeeping import is_builds_graph as is_builds_graph
from kg.errors import InvalidGraph, StoreError
from kg.rdf.prefixes import PREFIX_IRIS
from kg.sparql.engine import QueryResult, one_line, run_sparql
from kg.sparql.worker import open_read_only
from kg.types import Built

STORE_SUBDIR = "store"
BULK_QUADS = 200_000
"""Most quads per ``bulk_load`` call in ``Store.write_articles``: a fifth of the batch that
Oxigraph's bulk loader ingests in one atomic step."""
_DERIVED_FROM = f"<{PREFIX_IRIS['prov']}wasDerivedFrom>"
_URL = f"<{PREFIX_IRIS['schema']}url>"


def store_path(out_dir: str | os.PathLike[str]) -> Path:
    return Path(out_dir) / STORE_SUBDIR


def require_store(out_dir: str | os.PathLike[str]) -> None:
    """Raise StoreError, saying what to do, unless ``out_dir`` holds a built store."""
    out = Path(out_dir)
    if not out.is_dir():
        raise StoreError(f"{out} does not exist; build a graph first: kg build PATH --out {out}")
    if not (store_path(out) / "CURRENT").is_file():
        raise StoreError(f"{out} holds no news-kg store (no {store_path(out)}); "
                         f"build one first: kg build PATH --out {out}")


class Store:
    """An on-disk news-kg store (an ``ArticleStore``). Use ``Store.open``; usable as a context manager."""

    def __init__(self, db: ox.Store, directory: Path, read_only: bool) -> None:
        self._db: ox.Store | None = db
        self.directory = directory
        self.read_only = read_only

    @classmethod
    def open(cls, out_dir: str | os.PathLike[str], *, create: bool = False,
             read_only: bool = False) -> Store:
        if create and read_only:
            raise ValueError("a store cannot be created read-only")
        out = Path(out_dir)
        path = store_path(out)
        if not create:
            require_store(out)
        try:
            if read_only:
                db = open_read_only(path)
            else:
                path.mkdir(parents=True, exist_ok=True)
                db = ox.Store(str(path))
        except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
            msg = one_line(exc)
            if "lock" in msg.lower():
                raise StoreError(f"the store in {out} is in use by another process (a build or "
                                 f"'kg serve'); wait for it, or query it read-only") from None
            raise StoreError(f"cannot open the store in {out}: {msg}") from None
        return cls(db, path, read_only)

    @property
    def db(self) -> ox.Store:
        if self._db is None:
            raise StoreError("the store is closed")
        return self._db

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def flush(self) -> None:
        if not self.read_only:
            self.db.flush()

    def close(self) -> None:
        """Flush and release the database (and its lock)."""
        if self._db is not None:
            self.flush()
            self._db = None

    # -- writing -----------------------------------------------------------------------------

    def replace_article(self, article_id: str, graph_iri: str, nquads: bytes, content_hash: str,
                        source: str) -> None:
        """Swap the article's named graph for ``nquads`` and record its hash, crash-safely.

        Two transactions: the first drops the old graph and its record, the second adds the new
        quads together with the new record (``Store.load`` is one transaction). A crash between
        them leaves the article absent and unrecorded, so the next build redoes it; the record
        never claims an article that is not fully there.
        """
        article = Built(article_id, graph_iri, _in_graph(nquads, graph_iri), content_hash, source)
        self._drop_existing([graph_iri])
        self._load(article)

    def write_articles(self, articles: Iterable[Built], max_quads: int = BULK_QUADS) -> None:
        """Write many articles (each replacing its old graph) through Oxigraph's bulk loader.

        Much cheaper than ``replace_article`` one by one (see ``kg.pipeline.WRITE_BATCH``), and
        as crash-safe: one transaction drops the graphs and records these articles already have;
        then each ``bulk_load`` call carries whole articles *with* their records, at most
        ``max_quads`` quads, which Oxigraph's loader turns into one set of SST files and ingests
        in one atomic RocksDB step (its batches hold 1,000,000 quads; ``max_quads`` stays well
        below). So an article and its record appear together or not at all; tests/test_crash.py
        checks it by killing builds. Of two articles with the same graph, the later one wins.
        """
        latest = {a.graph_iri: a for a in articles}
        batch = [replace(a, nquads=_in_graph(a.nquads, a.graph_iri)) for a in latest.values()]
        self._drop_existing(list(latest))
        for part, bulk in _parts(batch, max_quads):
            if bulk and self._bulk_load(part):
                continue
            for a in part:  # one transaction each: too big for one bulk step, or invalid
                self._load(a)

    def _load(self, article: Built) -> None:
        """One transaction: the article's quads (already in its graph) and its record."""
        try:
            self._write(lambda: self.db.load(article.nquads + record_nquads(article), format=ox.RdfFormat.N_QUADS))
        except SyntaxError as exc:
            raise InvalidGraph(f"article graph {article.graph_iri} is not valid N-Quads: {one_line(exc)}") from None

    def _bulk_load(self, articles: list[Built]) -> bool:
        """One bulk load of whole articles with their records; False if the N-Quads are invalid."""
        payload = b"".join(a.nquads + record_nquads(a) for a in articles)
        try:
            self._write(lambda: self.db.bulk_load(payload, format=ox.RdfFormat.N_QUADS))
        except SyntaxError:
            return False
        return True

    def remove_article(self, article_id_or_url: str) -> bool:
        """Drop an article's graph and its record; True if anything was removed."""
        graphs = self._graphs_of(article_id_or_url)
        if graphs:
            self._update(_drop_sparql(graphs))
        return bool(graphs)

    def _drop_existing(self, graph_iris: list[str]) -> None:
        """Drop, in one transaction, the graphs and records of those of ``graph_iris`` that exist."""
        present = [g for g in graph_iris if self._holds(ox.NamedNode(g))]
        if present:
            self._update(_drop_sparql(present))

    def _holds(self, g: ox.NamedNode) -> bool:
        bk = ox.NamedNode(builds_graph_for(g.value))
        return self.db.contains_named_graph(g) or any(True for _ in self.db.quads_for_pattern(g, None, None, bk))

    def _update(self, sparql: str) -> None:
        try:
            self._write(lambda: self.db.update(sparql))
        except SyntaxError as exc:
            raise StoreError(f"internal update was rejected: {one_line(exc)}") from None

    def _write(self, action: Callable[[], object]) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only; it cannot be changed")
        try:
            action()
        except OSError as exc:
            raise StoreError(f"writing the store failed: {one_line(exc)}") from None

    def _graphs_of(self, key: str) -> list[str]:
        """Graph IRIs of an article given by id, article IRI, graph IRI or URL."""
        found: set[str] = set()
        for aid in article_ids(key):
            for row in self.db.query(
                f"SELECT ?g WHERE {{ {{ GRAPH ?b {{ ?g {ARTICLE_ID} {ox.Literal(aid)} }} }} UNION "
                f"{{ GRAPH ?g {{ ?g {_DERIVED_FROM} ?a }} "
                f"FILTER(STRENDS(STR(?g), {ox.Literal('/graph/' + aid)})) }} }}"
            ):
                found.add(row["g"].value)
        node = iri_node(key)
        if node is not None:
            for row in self.db.query(
                f"SELECT ?g WHERE {{ GRAPH ?g {{ {{ ?g {_DERIVED_FROM} ?a . "
                f"?a {_URL} {node} }} UNION {{ ?g {_DERIVED_FROM} {node} }} }} }}"
            ):
                found.add(row["g"].value)
            if self.db.contains_named_graph(node) and not is_builds_graph(key):
                found.add(key)
        return sorted(found)

    # -- reading -----------------------------------------------------------------------------

    def known_hashes(self) -> dict[str, str]:
        """article_id -> content hash of every article fully in the store."""
        rows = self.db.query(KNOWN_HASHES)
        return {r["id"].value: r["h"].value for r in rows}

    def known_sources(self) -> dict[str, str]:
        """source -> article_id of every article in the store (where it was read from)."""
        rows = self.db.query(KNOWN_SOURCES)
        return {r["s"].value: r["id"].value for r in rows}

    def article_graphs(self) -> list[str]:
        """Every graph but the bookkeeping and the derived ones (``{base}graph/_...``)."""
        return sorted(g.value for g in self.db.named_graphs()
                      if isinstance(g, ox.NamedNode) and not g.value.rpartition("/")[2].startswith("_"))

    def __len__(self) -> int:
        return len(self.db)

    def article_quads(self) -> int:
        """Quads of the article graphs, leaving out the bookkeeping and derived graphs (``_...``)."""
        articles = set(self.article_graphs())
        other = [g for g in self.db.named_graphs() if isinstance(g, ox.NamedNode) and g.value not in articles]
        return len(self.db) - sum(sum(1 for _ in self.db.quads_for_pattern(None, None, None, g)) for g in other)

    def query(self, sparql: str, *, limit: int | None = None, allow_service: bool = False) -> QueryResult:
        """Run SPARQL and materialise at most ``limit`` rows. ``SERVICE`` (a request to another
        host) is refused unless ``allow_service``; ``kg.query.run_query`` streams and can be stopped."""
        return run_sparql(self.db, sparql, limit, allow_service=allow_service)

    def dump(self, path: str | os.PathLike[str] | None, fmt: str) -> bytes | None:
        """Write the store as ``kg export`` does (``kg.export.rdf.export_rdf``: no bookkeeping;
        nquads, trig and jsonld keep the graphs) to ``path``, or return it when ``path`` is None."""
        from kg.export.rdf import export_rdf  # not at the top: the kg.export package imports networkx

        if path is not None:
            export_rdf(self.db, fmt, Path(path))
            return None
        out = io.BytesIO()
        export_rdf(self.db, fmt, out)
        return out.getvalue()

    def quads_nq(self) -> bytes:
        return self.dump(None, "nquads") or b""


def _drop_sparql(graph_iris: list[str]) -> str:
    ops = []
    for g in graph_iris:
        ops.append(f"DROP SILENT GRAPH {ox.NamedNode(g)}")
        ops.append(delete_record(g))
    return " ;\n".join(ops)


def _parts(articles: list[Built], max_quads: int) -> Iterator[tuple[list[Built], bool]]:
    """Consecutive runs of whole articles of at most ``max_quads`` lines, records included, each
    with whether it may go in one bulk load.

    An article larger than that goes alone, and not in bulk. One that may hold blank nodes goes
    alone in bulk: Oxigraph gives the blank nodes of one load call fresh ids, so two articles'
    ``_:b0`` in one call would become one node.
    """
    part: list[Built] = []
    size = 0
    for a in articles:
        lines = a.nquads.count(b"\n") + 3
        alone = b"_:" in a.nquads or lines > max_quads
        if part and (alone or size + lines > max_quads):
            yield part, True
            part, size = [], 0
        part.append(a)
        size += lines
        if alone:
            yield part, lines <= max_quads
            part, size = [], 0
    if part:
        yield part, True


def _in_graph(nquads: bytes, graph_iri: str) -> bytes:
    """``nquads`` with every statement in ``graph_iri`` (triples are put into it), newline-ended.

    Refuses a quad in another graph. When every line already ends in ``<graph_iri> .``, as a
    build writes them, the bytes are returned as they are (the check counts lines in C);
    otherwise they are parsed and written out again.
    """
    tail = f"<{graph_iri}> .".encode()
    if nquads.count(b"\n") == nquads.count(tail + b"\n") and nquads.endswith(b"\n") or not nquads:
        return nquads
    return ox.serialize(quads_in_graph(nquads, graph_iri), format=ox.RdfFormat.N_QUADS)
