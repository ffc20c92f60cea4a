"""The scale-out unit: a file of articles in, one N-Quads file of their article graphs out.

Any engine can drive it (Dask, Spark ``mapPartitions``, a batch scheduler, ``xargs -P``):

- ``extract_chunk(src, dest)`` is deterministic (the same input gives the same quads; only the
  run IRI and ``prov:generatedAtTime`` change, and passing ``run`` fixes those too), idempotent
  and restartable: the output is written to a temporary file and renamed into place, so
  ``dest`` either does not exist or is complete, and a driver re-runs the chunks whose output is
  missing;
- ``load_chunks(files, out_dir)`` loads such files into the store a few article graphs at a
  time through ``Store.write_articles`` (each replaces its old graph), so incremental builds
  stay right.

Each article in a chunk file is its bookkeeping record (three quads in ``{base}graph/_builds``:
article id, content hash, source) followed by the quads of its own named graph: a chunk file
holds exactly what the store holds for those articles.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from spacy.language import Language

from kg.bookkeeping import RECORD_FIELDS, ArticleStore, is_builds_graph, record_nquads
from kg.defaults import DEFAULT_MAX_BYTES
from kg.errors import InputError, InvalidGraph, StoreError
from kg.ingest import read_file
from kg.nlp import load_pipeline
from kg.pipeline import DEFAULT_BATCH, WRITE_BATCH, extract_articles, store_articles, to_built
from kg.rdf.graph import Run
from kg.rdf.iris import Minter
from kg.rdf.namespaces import DEFAULT_BASE
from kg.identity_store import refresh_identity
from kg.store import Store
from kg.types import Article, Built, Extraction, Skipped

_LOAD_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class ChunkReport:
    src: str
    dest: str
    articles: int
    skipped: tuple[Skipped, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class LoadReport:
    files: int
    loaded: int
    unchanged: int
    quads: int


def cached_pipeline(model: str | None = None) -> Language:
    """The pipeline for ``model``, loaded once per process (and once across threads)."""
    with _LOAD_LOCK:
        return _pipeline(model)


@functools.cache
def _pipeline(model: str | None) -> Language:
    return load_pipeline(model)


def built_articles(
    articles: Iterable[Article], nlp: Language, minter: Minter, run: Run, batch_size: int = DEFAULT_BATCH
) -> Iterator[Built | Skipped]:
    """Parse, extract and render articles in this process: N-Quads out, no ``Doc`` leaves."""
    for item in extract_articles(articles, nlp, batch_size):
        yield to_built(item, minter, run) if isinstance(item, Extraction) else item


def extract_chunk(
    src: str | os.PathLike[str],
    dest: str | os.PathLike[str],
    *,
    model: str | None = None,
    base: str = DEFAULT_BASE,
    run: Run | None = None,
    batch_size: int = DEFAULT_BATCH,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ChunkReport:
    """Write the article graphs (with their records) of the articles in ``src`` to ``dest``.

    ``src`` is any file ``kg build`` reads (JSON Lines is the usual chunk). An article whose id
    already occurred earlier in the chunk is skipped and reported; so is unreadable input.
    """
    src, dest = Path(src), Path(dest)
    if not src.is_file():
        raise InputError(f"{src}: no such file (a chunk is one file of articles, e.g. JSON Lines)")
    nlp = cached_pipeline(model)
    minter = Minter(base)
    run = run or Run.now(minter)
    skipped: list[Skipped] = []
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    written = 0
    try:
        with tmp.open("wb") as out:
            for item in built_articles(_first_of_each(read_file(src, max_bytes=max_bytes), skipped),
                                       nlp, minter, run, batch_size):
                if isinstance(item, Skipped):
                    skipped.append(item)
                    continue
                out.write(record_nquads(item))
                out.write(item.nquads)
                written += 1
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return ChunkReport(str(src), str(dest), written, tuple(skipped))


def _first_of_each(items: Iterable[Article | Skipped], skipped: list[Skipped]) -> Iterator[Article]:
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Skipped):
            skipped.append(item)
        elif item.id in seen:
            skipped.append(Skipped(item.source, f"same article id {item.id} as an earlier article in this chunk"))
        else:
            seen.add(item.id)
            yield item


def load_chunks(
    paths: Iterable[str | os.PathLike[str]], out_dir: str | os.PathLike[str] | None = None, *,
    sink: ArticleStore | None = None,
) -> LoadReport:
    """Load N-Quads chunk files into the store in ``out_dir`` (or into ``sink``), graph by graph.

    Each article graph replaces the graph of the same IRI; an article whose content hash the
    store already holds is left alone. A file written by ``extract_chunk`` carries each
    article's record; for other N-Quads files (quads grouped by graph) the article id is the
    last segment of the graph IRI and the record has no content hash, so a later build redoes it.
    """
    files = [Path(p) for p in paths]
    for path in files:
        if not path.is_file():
            raise InputError(f"{path}: no such N-Quads file")
    if sink is None and out_dir is None:
        raise ValueError("load_chunks needs out_dir or sink")
    store = sink or Store.open(Path(out_dir), create=True)
    totals = [0, 0, 0]
    try:
        known = store.known_hashes()
        pending: list[Built] = []
        for path in files:
            for built, quads in _graphs_of(path):
                totals[2] += quads
                if built.content_hash and known.get(built.article_id) == built.content_hash:
                    totals[1] += 1
                    continue
                pending.append(built)
                known[built.article_id] = built.content_hash
                totals[0] += 1
                if len(pending) >= WRITE_BATCH:
                    _store_all(store, pending)
                    pending = []
        _store_all(store, pending)
        refresh_identity(store)
    finally:
        if sink is None:
            store.close()
    return LoadReport(len(files), *totals)


def _store_all(store: ArticleStore, articles: list[Built]) -> None:
    """Every graph of a chunk was parsed before, so the store refusing one is an error."""
    refused = store_articles(store, articles)
    if refused:
        raise InvalidGraph(f"{refused[0].source}: {refused[0].reason}")


def _graphs_of(path: Path) -> Iterator[tuple[Built, int]]:
    """The article graphs of one N-Quads file, each with its record, in file order."""
    records: dict[str, dict[str, str]] = {}
    done: set[str] = set()
    current: str | None = None
    quads: list[ox.Quad] = []
    try:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            g = quad.graph_name
            if not isinstance(g, ox.NamedNode):
                raise StoreError(f"{path}: a quad is in the default graph; every quad of a chunk "
                                 "belongs to an article's named graph")
            if is_builds_graph(g.value):
                key = RECORD_FIELDS.get(quad.predicate.value)
                if key and isinstance(quad.object, ox.Literal):
                    records.setdefault(quad.subject.value, {})[key] = quad.object.value
                continue
            if g.value != current:
                if current is not None:
                    yield _finish(current, quads, records, path), len(quads)
                    done.add(current)
                if g.value in done:
                    raise StoreError(f"{path}: the quads of graph {g.value} are not together; "
                                     "write each article graph as one run of lines")
                current, quads = g.value, []
            quads.append(quad)
    except SyntaxError as exc:
        raise StoreError(f"{path} is not valid N-Quads: {' '.join(str(exc).split())}") from None
    if current is not None:
        yield _finish(current, quads, records, path), len(quads)


def _finish(graph_iri: str, quads: list[ox.Quad], records: dict[str, dict[str, str]], path: Path) -> Built:
    rec = records.pop(graph_iri, {})
    return Built(
        article_id=rec.get("article_id") or graph_iri.rstrip("/").rpartition("/")[2],
        graph_iri=graph_iri,
        nquads=ox.serialize(quads, format=ox.RdfFormat.N_QUADS),
        content_hash=rec.get("content_hash", ""),
        source=rec.get("source", str(path)),
    )
