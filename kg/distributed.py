"""The Dask engine: extraction on a Dask cluster, storage on the client.

The client reads the inputs lazily, sends chunks of ``batch_size`` articles as tasks, and
writes the N-Quads each task returns into the store (or a sink) as the tasks complete (in a
background thread, see ``kg.pipeline.StoreWriter``). A worker process loads the model once
(``kg.chunk.cached_pipeline``) and keeps it for every task.

Tasks are pure (articles in, N-Quads out), so when a worker dies the scheduler reruns its
tasks elsewhere; each finished task is read once, and writes replace the article's graph, so
nothing is lost or written twice. At most a few tasks per worker thread are in flight, so
memory does not grow with the input.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

from kg.bookkeeping import ArticleStore
from kg.chunk import built_articles, cached_pipeline
from kg.defaults import DEFAULT_MAX_BYTES
from kg.errors import EngineError
from kg.pipeline import DEFAULT_BATCH, BuildReport, FreshArticles, chunks, writing
from kg.rdf.graph import Run
from kg.rdf.iris import Minter
from kg.rdf.namespaces import DEFAULT_BASE
from kg.types import Article, Built, Skipped

TASKS_PER_THREAD = 2


def extract_task(
    articles: list[Article], model: str | None, base: str, run: Run, batch_size: int
) -> list[Built | Skipped]:
    """One Dask task: parse, extract and render a chunk of articles on a worker."""
    nlp = cached_pipeline(model)
    return list(built_articles(articles, nlp, Minter(base), run, batch_size))


def build_with_dask(
    paths: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str] | None = None,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    model: str | None = None,
    base: str = DEFAULT_BASE,
    batch_size: int = DEFAULT_BATCH,
    max_bytes: int = DEFAULT_MAX_BYTES,
    sink: ArticleStore | None = None,
    on_article: Callable[[Built | Skipped], None] | None = None,
    on_chunk: Callable[[int, int, int], None] | None = None,
) -> BuildReport:
    """Like ``kg.pipeline.build``, with extraction on the Dask cluster at ``scheduler``.

    Without ``scheduler`` a local cluster of ``workers`` single-threaded processes is started.
    ``on_chunk(chunks_done, built, skipped)`` is called after each task's results are stored.
    """
    from kg.store import Store

    if sink is None and out_dir is None:
        raise ValueError("build_with_dask needs out_dir or sink")
    store = sink or Store.open(Path(out_dir), create=True)
    fresh = FreshArticles(paths, store.known_hashes(), max_bytes, on_article, store.known_sources())
    skipped = fresh.skipped
    counts = {"built": 0, "chunks": 0}

    def store_results(items: list[Built | Skipped]) -> None:
        for item in items:
            if isinstance(item, Skipped):
                skipped.append(item)
            else:
                writer.put(item)
                counts["built"] += 1
            if on_article:
                on_article(item)
        counts["chunks"] += 1
        if on_chunk:
            on_chunk(counts["chunks"], counts["built"], len(skipped))

    run = Run.now(Minter(base))
    with writing(store, fresh, close_store=sink is None) as writer, _client(scheduler, workers) as client:
        tasks = (client.submit(extract_task, chunk, model, base, run, batch_size, pure=False)
                 for chunk in chunks(fresh, batch_size))
        for items in _bounded(tasks, _slots(client)):
            store_results(items)
    return BuildReport(built=writer.written, unchanged=fresh.unchanged, skipped=tuple(skipped),
                       ignored=tuple(fresh.ignored))


def _bounded(futures: Iterator, limit: int) -> Iterator[list[Built | Skipped]]:
    """Results of lazily submitted futures in completion order, with at most ``limit`` pending."""
    from distributed import as_completed
    from distributed.client import FutureCancelledError
    from distributed.scheduler import KilledWorker

    pending = as_completed()
    for future in islice(futures, limit):
        pending.add(future)
    for future in pending:
        try:
            items = future.result()
        except KilledWorker as exc:
            raise EngineError(f"a task killed its Dask workers too often and was given up: {exc}; "
                              "check the workers' memory limit and logs") from None
        except (FutureCancelledError, ModuleNotFoundError) as exc:
            raise EngineError(f"a Dask task failed: {exc}; are the scheduler and workers running "
                              "and is news-kg installed on every worker?") from None
        future.release()
        yield items
        for nxt in islice(futures, 1):
            pending.add(nxt)


def _slots(client) -> int:
    threads = sum(client.nthreads().values())
    return max(2, TASKS_PER_THREAD * threads)


@contextlib.contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator:
    """A client of the cluster at ``scheduler``, or of a local cluster started for this build."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError("the Dask engine needs dask.distributed: pip install 'news-kg[dask]'") from None
    if scheduler is None:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None, silence_logs=logging.CRITICAL) as cluster, \
                Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: "
                          f"{' '.join(str(exc).split())}; start one with 'dask scheduler' "
                          "or check the address (tcp://HOST:PORT)") from None
    with client:
        if not client.nthreads():
            try:
                client.wait_for_workers(1, timeout=120)
            except TimeoutError:
                raise EngineError(f"the Dask scheduler at {scheduler} has no workers; start some "
                                  f"with 'dask worker {scheduler} --nthreads 1'") from None
        yield client
