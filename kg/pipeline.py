"""The build: articles in, one named graph per article in the store.

Streaming end to end: articles are read lazily, parsed in batches with ``nlp.pipe``, turned
into small ``Extraction`` records and N-Quads, and written to the store a few articles at a
time (by a background thread, one bulk load per ``WRITE_BATCH`` articles), so memory does not grow
with the number of articles. With ``workers > 1`` each worker process
loads the model once, parses *and* extracts, and sends back only the N-Quads of its articles:
the parent never deserializes a spaCy ``Doc``.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import multiprocessing as mp
import os
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset

from kg.bookkeeping import ArticleStore
from kg.defaults import DEFAULT_BATCH, DEFAULT_MAX_BYTES
from kg.errors import InvalidGraph
from kg.ingest import read_paths
from kg.ingest.reader import source_name
from kg.rdf.graph import Run, article_graph, article_nquads, to_dataset
from kg.rdf.iris import Minter
from kg.rdf.namespaces import DEFAULT_BASE
from kg.types import Article, Built, Extraction, Skipped

if TYPE_CHECKING:  # spaCy is imported where a pipeline runs: the parent of a multi-worker build never needs it
    from spacy.language import Language

WRITE_BATCH = 100
"""Articles per store write (``Store.write_articles``, one bulk load). Each load adds small
files that RocksDB then compacts, so fewer, larger loads cost less. CPU of the parent of a
2-worker build over 400 corpus articles (about 1,000 quads each), Python threads + RocksDB
compaction: one transaction per article (flushing every 100) 7.2 + 1.9 s; bulk loads of 10
articles 2.7 + 5.3 s; of 50 3.6 + 1.6 s; of 100 3.8 + 0.6 s."""

PIECE_CHARS = 100_000
"""An article longer than this is parsed in pieces, so the parser's memory stays bounded: one
text of 1,000,000 characters in one piece took 3.1 GB (see benchmarks/bench_long_article.py)."""

WRITE_WAIT = 5.0
"""Seconds an article may wait for its batch to fill: a build stopped at any point keeps every
article parsed more than this long before (with 2 workers, 100 articles take a minute or more)."""

WRITE_BATCH_BESIDE_SPACY = 25
"""The same when the store shares its process with the spaCy pipeline (one worker): there the
loader's buffers add to the process's peak and compaction runs on the core spaCy leaves free. One
worker, 400 long corpus articles, peak 460 MiB in loads of 10, 486 of 25, 501 of 40, 515 of 100;
2,000 CoNLL stories, whole process, 137 CPU s in loads of 10, 128 of 25, 120 of 40 (compaction
grows with the store: 36 of 162 CPU s in loads of 10, 12 in loads of 100; wall time the same)."""


TASKS_PER_WORKER = 3
"""Batches queued per worker: each has its next batch at hand while the parent stores the last."""

BYTES_PER_WORKER = 256_000
"""Input per worker before ``default_workers`` adds one: about 8 s of parsing for one process
(a second model load costs about 1 s and ~400 MiB)."""

_TIME_UP = object()


@dataclass(frozen=True, slots=True)
class BuildReport:
    built: int
    unchanged: int
    skipped: tuple[Skipped, ...] = field(default=())
    ignored: tuple[str, ...] = field(default=())
    """Files of the input folders left out for their extension (not article files)."""

    @property
    def partial(self) -> bool:
        return bool(self.skipped)


def extract_articles(
    articles: Iterable[Article], nlp: Language, batch_size: int = DEFAULT_BATCH, piece_chars: int = PIECE_CHARS,
) -> Iterator[Extraction | Skipped]:
    """Parse and extract a stream of articles; an article too long for the model, or whose
    extraction fails, is skipped (in its place in the stream). An article longer than
    ``piece_chars`` is parsed in pieces (``pieces``), joined into one ``Doc`` for extraction;
    a batch holds ``batch_size`` texts of at most ``piece_chars`` characters in all."""
    from spacy.tokens import Doc

    from kg.extract import extract_doc

    limit = nlp.max_length
    parts = ((piece, (a, i, len(ps))) for a in articles
             for ps in [pieces(a.text, piece_chars) if len(a.text) <= limit else [""]] for i, piece in enumerate(ps))
    held: list[Doc] = []
    for batch in _batches(parts, batch_size, piece_chars):
        docs = nlp.pipe([text for text, _ in batch], batch_size=len(batch))
        for doc, (_, (article, i, n)) in zip(docs, batch, strict=True):
            if len(article.text) > limit:
                yield Skipped(article.source, f"too long to parse: {len(article.text):,} characters > the model's "
                                              f"limit of {limit:,} (split it into articles)")
                continue
            held.append(doc)
            if i + 1 < n:
                continue
            doc = held[0] if n == 1 else Doc.from_docs(held, ensure_whitespace=False, exclude=["user_data", "tensor"])
            held = []
            try:
                yield extract_doc(doc, article)
            except Exception as exc:  # one bad article never stops a build
                yield Skipped(article.source, f"extraction failed: {type(exc).__name__}: {exc}")


def _batches(parts: Iterable[tuple[str, object]], size: int, chars: int) -> Iterator[list[tuple[str, object]]]:
    """Consecutive runs of at most ``size`` texts and, unless one text alone is longer, ``chars`` characters."""
    batch: list[tuple[str, object]] = []
    total = 0
    for part in parts:
        if batch and (len(batch) >= size or total + len(part[0]) > chars):
            yield batch
            batch, total = [], 0
        batch.append(part)
        total += len(part[0])
    if batch:
        yield batch


def pieces(text: str, size: int) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters that join back into it, each
    cut after the last paragraph break in reach, else the last line break, sentence end or space."""
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = next((at + len(mark) for mark in ("\n\n", "\n", ". ", " ") if (at := window.rfind(mark)) > 0), size)
        out.append(text[start:start + cut])
        start += cut
    return [*out, text[start:]]


def build_graph(
    articles: Iterable[Article], *, model: str | None = None, base: str = DEFAULT_BASE
) -> Dataset:
    """Library entry point: articles -> an rdflib ``Dataset`` with one named graph per article."""
    from kg.nlp import load_pipeline

    nlp = load_pipeline(model)
    minter = Minter(base)
    run = Run.now(minter)
    extractions = (x for x in extract_articles(articles, nlp) if isinstance(x, Extraction))
    return to_dataset(article_graph(x, minter, run) for x in extractions)


class _Worker:
    """Per-process state: the pipeline is loaded once per process and reused for every chunk."""

    nlp: Language | None = None
    minter: Minter
    run: Run
    batch_size: int

    @classmethod
    def init(cls, model: str | None, base: str, run: Run, batch_size: int) -> None:
        from kg.nlp import load_pipeline

        cls.nlp = load_pipeline(model)
        cls.minter, cls.run, cls.batch_size = Minter(base), run, batch_size

    @classmethod
    def stream(cls, articles: Iterable[Article]) -> Iterator[Built | Skipped]:
        assert cls.nlp is not None, "worker used before init"
        for item in extract_articles(articles, cls.nlp, cls.batch_size):
            yield item if isinstance(item, Skipped) else to_built(item, cls.minter, cls.run)

    @classmethod
    def process(cls, chunk: list[Article]) -> list[Built | Skipped]:
        return list(cls.stream(chunk))


def to_built(ex: Extraction, minter: Minter, run: Run) -> Built:
    """One extraction rendered as N-Quads of its article graph (no rdflib graph is built)."""
    graph_iri, nquads = article_nquads(ex, minter, run)
    a = ex.article
    return Built(a.id, graph_iri, nquads, a.content_hash, a.source)


class StoreWriter:
    """Writes ``Built`` articles to a store (or sink) in a background thread, ``batch`` at a time
    or what has come after ``wait`` seconds, whichever is first.

    pyoxigraph releases the GIL while it writes, so storing articles overlaps with parsing the
    next ones on another core. Each batch is one crash-safe ``write_articles``; the queue is
    bounded, so memory stays flat. An article the store refuses is kept in ``refused``; any other
    failed write is raised by the next ``put`` or by ``close``.
    """

    def __init__(self, store: ArticleStore, batch: int = WRITE_BATCH, depth: int = 64,
                 wait: float = WRITE_WAIT) -> None:
        self.store, self.batch, self.wait, self.written = store, batch, wait, 0
        self.refused: list[Skipped] = []
        self.error: BaseException | None = None
        self._queue: queue.Queue[Built | None] = queue.Queue(depth)
        self._thread = threading.Thread(target=self._run, name="kg-store-writer", daemon=True)
        self._thread.start()

    def put(self, item: Built) -> None:
        self._raise()
        self._queue.put(item)

    def close(self) -> None:
        """Write what is queued, flush, and raise the first write error, if any."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        self._raise()

    def _raise(self) -> None:
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def _run(self) -> None:
        pending: list[Built] = []
        due = 0.0
        while True:
            try:
                item = self._queue.get(timeout=max(0.0, due - time.monotonic()) if pending else None)
            except queue.Empty:
                item = _TIME_UP
            if item is None:
                break
            if self.error is not None:
                continue  # keep draining so the producer never blocks
            if item is not _TIME_UP:
                due = due if pending else time.monotonic() + self.wait
                pending.append(item)
            if len(pending) >= self.batch or item is _TIME_UP:
                self._write(pending)
                pending = []
        if self.error is None:
            self._write(pending)
        if self.error is None:
            try:
                self.store.flush()
            except BaseException as exc:
                self.error = exc

    def _write(self, articles: list[Built]) -> None:
        try:
            refused = store_articles(self.store, articles)
            self.refused += refused
            self.written += len(articles) - len(refused)
        except BaseException as exc:  # handed to the producer thread
            self.error = exc


def store_articles(store: ArticleStore, articles: list[Built]) -> list[Skipped]:
    """Write articles to a store in one ``write_articles``; return the articles it refused as
    invalid (the others are all written: a refused batch is retried one article at a time)."""
    if not articles:
        return []
    try:
        store.write_articles(articles)
        return []
    except InvalidGraph:
        pass
    refused = []
    for a in articles:
        try:
            store.replace_article(a.article_id, a.graph_iri, a.nquads, a.content_hash, a.source)
        except InvalidGraph as exc:
            refused.append(Skipped(a.source, f"not stored, this is a bug in news-kg, please report it: {exc}"))
    return refused


def built_graphs(
    articles: Iterable[Article],
    *,
    model: str | None = None,
    base: str = DEFAULT_BASE,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH,
    run: Run | None = None,
) -> Iterator[Built | Skipped]:
    """Articles -> ``Built`` graphs (or ``Skipped``), in one process or ``workers`` processes.
    With no article to parse (all unchanged, or none found) the model is never loaded."""
    run = run or Run.now(Minter(base))
    articles = iter(articles)
    first = next(articles, None)
    if first is None:
        return
    articles = itertools.chain([first], articles)
    if workers <= 1:
        _Worker.init(model, base, run, batch_size)
        yield from _Worker.stream(articles)
        return
    ctx = mp.get_context("forkserver" if os.name == "posix" else "spawn")
    done: queue.SimpleQueue = queue.SimpleQueue()
    with ctx.Pool(workers, initializer=_Worker.init, initargs=(model, base, run, batch_size)) as pool:
        pending = 0
        for chunk in chunks(articles, batch_size):
            pool.apply_async(_Worker.process, (chunk,), callback=done.put, error_callback=done.put)
            pending += 1
            if pending >= TASKS_PER_WORKER * workers:
                yield from _finished(done.get())
                pending -= 1
        for _ in range(pending):
            yield from _finished(done.get())


def _finished(result: list[Built | Skipped] | BaseException) -> list[Built | Skipped]:
    """A worker's batch, in the order the batches finish (a slow one holds up no other worker)."""
    if isinstance(result, BaseException):
        raise result
    return result


def default_workers(paths: Iterable[str | os.PathLike[str]], cores: int | None = None) -> tuple[int, str]:
    """How many worker processes suit this input on this machine, and why (for the user).

    A worker beyond the first pays its own model load and memory, so it is used only for an
    input of ``BYTES_PER_WORKER`` or more per worker; never more workers than cores."""
    if cores is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    size = sum(_input_bytes(Path(p)) for p in paths)
    workers = max(1, min(cores, size // BYTES_PER_WORKER))
    return workers, f"{workers} worker(s) for {size / 1e6:.1f} MB of input on {cores} core(s)"


def _input_bytes(path: Path) -> int:
    """Bytes of the files at ``path`` (a file, or a folder walked without following links)."""
    if not path.is_dir():
        return path.stat().st_size if path.is_file() else 0
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(folder, name)).st_size
    return total


def chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def build(
    paths: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    model: str | None = None,
    base: str = DEFAULT_BASE,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH,
    max_bytes: int = DEFAULT_MAX_BYTES,
    sink: ArticleStore | None = None,
    on_article: Callable[[Built | Skipped], None] | None = None,
) -> BuildReport:
    """Read ``paths``, extract, and write one graph per new or changed article to the store.

    Articles whose content hash the store already holds are not processed again. ``sink``
    replaces the embedded store (e.g. a Graph Store Protocol client for an external store).
    """
    from kg.store import Store

    store: ArticleStore = sink or Store.open(Path(out_dir), create=True)
    fresh = FreshArticles(paths, store.known_hashes(), max_bytes, on_article, store.known_sources())
    batch = WRITE_BATCH_BESIDE_SPACY if workers <= 1 else WRITE_BATCH
    if workers > 1:  # the identity step at the end imports spaCy: do it while the workers parse, not after
        threading.Thread(target=importlib.import_module, args=("kg.identity_store",), daemon=True).start()
    with writing(store, fresh, close_store=sink is None, batch=batch) as writer:
        for item in built_graphs(fresh, model=model, base=base, workers=workers, batch_size=batch_size):
            if isinstance(item, Skipped):
                fresh.skipped.append(item)
            else:
                writer.put(item)
            if on_article:
                on_article(item)
    return BuildReport(built=writer.written, unchanged=fresh.unchanged, skipped=tuple(fresh.skipped),
                       ignored=tuple(fresh.ignored))


@contextlib.contextmanager
def writing(store: ArticleStore, fresh: FreshArticles, *, close_store: bool,
            batch: int = WRITE_BATCH) -> Iterator[StoreWriter]:
    """A ``StoreWriter`` for one build. On success: write what is queued, drop the graphs
    that edited articles superseded, and, if the store changed, redo the corpus-level identity
    (``kg.identity_store``).
    Always: stop the writer and, if asked, close the store."""
    writer = StoreWriter(store, batch)
    try:
        yield writer
        writer.close()
        fresh.skipped += writer.refused
        superseded = fresh.superseded()
        for article_id in superseded:
            store.remove_article(article_id)
        if writer.written or superseded:
            from kg.identity_store import refresh_identity  # it imports spaCy (through kg.resolve)

            refresh_identity(store)
    finally:
        writer.close()
        if close_store:
            store.close()


class FreshArticles:
    """The articles of ``paths`` that are new or changed: a store holding the same content hash
    already has them. Counts the unchanged ones and collects (and reports) what was skipped.

    An article without a URL is identified by its text, so editing its file gives it a new id;
    ``superseded()`` names the old ids of such sources once the whole input has been read."""

    def __init__(
        self,
        paths: Iterable[str | os.PathLike[str]],
        known: dict[str, str],
        max_bytes: int = DEFAULT_MAX_BYTES,
        on_skip: Callable[[Skipped], None] | None = None,
        sources: dict[str, str] | None = None,
    ) -> None:
        self.paths, self.known, self.max_bytes, self.on_skip = paths, known, max_bytes, on_skip
        self.sources = sources or {}
        self.unchanged = 0
        self.skipped: list[Skipped] = []
        self.ignored: list[str] = []
        self.seen: set[str] = set()
        self.replaced: set[str] = set()

    def superseded(self) -> set[str]:
        """Ids stored for a source that now yields another article, and not read again anywhere."""
        return self.replaced - self.seen

    def _ignore(self, path: Path) -> None:
        self.ignored.append(source_name(path))

    def __iter__(self) -> Iterator[Article]:
        for item in read_paths(self.paths, max_bytes=self.max_bytes, on_ignored=self._ignore):
            if not isinstance(item, Skipped):
                self.seen.add(item.id)
                old = self.sources.get(item.source)
                if old is not None and old != item.id:
                    self.replaced.add(old)
            if isinstance(item, Skipped):
                self.skipped.append(item)
                if self.on_skip:
                    self.on_skip(item)
            elif self.known.get(item.id) == item.content_hash:
                self.unchanged += 1
            else:
                self.known[item.id] = item.content_hash
                yield item
