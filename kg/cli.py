"""The ``kg`` command line. Thin: each command parses arguments and calls a plain function.

Errors that news-kg raises on purpose (``KGError``) print as one line on stderr and exit
non-zero; nothing else is caught here, so a real bug still shows its traceback.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from kg.defaults import DEFAULT_BASE, DEFAULT_BATCH, DEFAULT_MAX_BYTES
from kg.errors import InputError, KGError

PARTIAL_BUILD = 3
"""Exit code of a build that skipped some inputs (each is reported on stderr)."""

app = typer.Typer(
    name="kg",
    help="Build an article-linked RDF knowledge graph from news text, query it and export it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., object])


def one_line_errors(func: F) -> F:
    """Turn a KGError into ``kg: error: ...`` on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: object, **kwargs: object) -> object:
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            typer.echo(f"kg: error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("kg: interrupted", err=True)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def main() -> None:
    app(prog_name="kg", args=sys.argv[1:])


@contextlib.contextmanager
def progress_reporter(quiet: bool) -> Iterator[Callable[[object], None] | None]:
    """A progress bar on stderr counting built and skipped articles (none when quiet)."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from kg.types import Skipped

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("building", total=None)
        counts = {"built": 0, "skipped": 0}

        def on_article(item: object) -> None:
            counts["skipped" if isinstance(item, Skipped) else "built"] += 1
            bar.update(task, description=f"{counts['built']} built, {counts['skipped']} skipped")

        yield on_article


@app.command()
@one_line_errors
def evaluate(
    gold_dirs: Annotated[list[Path], typer.Argument(help="Folders of <id>.txt with <id>.gold.json.")],
    names_only: Annotated[
        bool, typer.Option("--names-only", help="Only named gold mentions are required.")
    ] = False,
    include_pronouns: Annotated[
        bool, typer.Option("--include-pronouns", help="Score pronoun gold mentions too.")
    ] = False,
    model: Annotated[str | None, typer.Option("--model", help="spaCy model to use.")] = None,
    output_format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    write_predictions: Annotated[
        Path | None, typer.Option("--write-predictions", help="Write <id>.pred.json files here.")
    ] = None,
    baseline: Annotated[
        bool, typer.Option("--baseline/--no-baseline", help="Also score plain spaCy.")
    ] = True,
) -> None:
    """Score extraction against gold annotations, side by side with plain spaCy; with several
    folders, one report per folder and then every corpus side by side with the macro average."""
    from kg.evaluate.runner import evaluate_and_render

    typer.echo(
        evaluate_and_render(
            gold_dirs,
            output_format=output_format,
            predictions_dir=write_predictions,
            names_only=names_only,
            include_pronouns=include_pronouns,
            model=model,
            baseline=baseline,
        )
    )


@app.command()
@one_line_errors
def build(
    paths: list[Path] = typer.Argument(..., help="Article files or folders (searched recursively)."),
    out: Path = typer.Option(Path("kgout"), "--out", "-o", help="Output folder holding the store."),
    model: str = typer.Option(None, "--model", help="spaCy model package or path [default: en_core_web_sm]."),
    workers: int = typer.Option(None, "--workers", "-w", min=1, help="Processes that parse and extract "
                                "[default: one per 256 kB of input, at most one per core]."),
    batch_size: int = typer.Option(DEFAULT_BATCH, "--batch-size", min=1, help="Articles per nlp.pipe batch."),
    base: str = typer.Option(DEFAULT_BASE, "--base", help="Base IRI of every minted IRI (ends with '/')."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                                  help="Skip input files (or JSON lines) larger than this."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    engine: str = typer.Option("local", "--engine", help="local (processes on this machine) or dask."),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler tcp://HOST:PORT "
                                  "[default: a local Dask cluster of --workers processes]."),
    store: str = typer.Option(None, "--store", help="Write to an external SPARQL store at this URL "
                              "(Graph Store Protocol) instead of --out."),
) -> None:
    """Read articles, extract entities and events, and store one named graph per article."""
    if engine not in ("local", "dask"):
        raise InputError(f"unknown engine {engine!r}; use --engine local or --engine dask")
    if scheduler and engine != "dask":
        raise InputError("--scheduler needs --engine dask")
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
    sink = None
    if store:
        from kg.gsp import GraphStoreClient

        sink = GraphStoreClient(store)
    from kg import pipeline

    if workers is None and not scheduler:  # a Dask scheduler has the workers it has
        workers, why = pipeline.default_workers(paths)
        if not quiet:
            typer.echo(f"kg: {why} (--workers to choose)", err=True)
    with progress_reporter(quiet) as on_article:
        if engine == "dask":
            from kg.distributed import build_with_dask

            report = build_with_dask(
                paths, out, scheduler=scheduler, workers=workers or 1, model=model, base=base,
                batch_size=batch_size, max_bytes=max_bytes, sink=sink, on_article=on_article,
                on_chunk=None if quiet else _chunk_progress,
            )
        else:
            report = pipeline.build(
                paths, out, model=model, base=base, workers=workers, batch_size=batch_size,
                max_bytes=max_bytes, sink=sink, on_article=on_article,
            )
    for skip in report.skipped:
        typer.echo(f"kg: skipped {skip.source}: {skip.reason}", err=True)
    if report.ignored:
        from kg.ingest.sniff import ignored_note

        typer.echo(f"kg: {ignored_note(report.ignored)}", err=True)
    typer.echo(
        f"built {report.built} article(s), {report.unchanged} unchanged, "
        f"{len(report.skipped)} skipped -> {store or out}"
    )
    if not (report.built or report.unchanged or report.skipped):
        raise InputError("no article found in the inputs; pass article files "
                         "(.txt, .html, .jsonl, .json, .xml, .rss, .atom) or folders holding them")
    if report.partial:
        raise typer.Exit(PARTIAL_BUILD)


@app.command()
@one_line_errors
def show(
    out_dir: Path = typer.Argument(..., help="Folder written by 'kg build'."),
    name: str = typer.Argument(..., help="Entity name, alias, key (unit/red-army, Q362) or IRI."),
) -> None:
    """Print everything the graph knows about one entity: types, aliases, links, articles, events."""
    from kg.show import show as show_entity

    typer.echo(show_entity(out_dir, name))


@app.command("export")
@one_line_errors
def export_command(
    out_dir: Path = typer.Argument(..., help="Folder written by 'kg build'."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write."),
    fmt: str = typer.Option(
        None, "--format", "-f",
        help="turtle, trig, nquads, ntriples, rdfxml, jsonld, graphml, gexf, cytoscape or "
             "geojson [default: from the file extension].",
    ),
    view: str = typer.Option(
        None, "--view",
        help="Network files: entities (occurrences as edges) or occurrences (as nodes) "
             "[default: entities; occurrences for geojson].",
    ),
) -> None:
    """Write the graph as RDF or as a network file for Gephi, Cytoscape or map tools."""
    from kg.export.files import export_file

    name = export_file(out_dir, output, fmt, view)
    typer.echo(f"wrote {name} -> {output}")


@app.command()
@one_line_errors
def viz(
    out_dir: Path = typer.Argument(..., help="Folder written by 'kg build'."),
    output: Path = typer.Option(Path("graph.html"), "--output", "-o", help="HTML file to write."),
    min_articles: int = typer.Option(1, "--min-articles", min=1, help="Hide nodes found in fewer articles."),
    max_nodes: int = typer.Option(None, "--max-nodes", min=1, help="Keep the best-supported nodes [default: all]."),
    title: str = typer.Option("news-kg", "--title", help="Page title."),
    view: str = typer.Option("entities", "--view", help="entities (occurrences as edges) or occurrences (as nodes)."),
) -> None:
    """Write one self-contained HTML page to explore the graph offline."""
    from kg.export.files import view_file
    from kg.export.html import ViewOptions

    summary = view_file(out_dir, output, ViewOptions(min_articles, max_nodes, title, view))
    typer.echo(f"wrote {summary.nodes} nodes, {summary.edges} edges "
               f"({summary.dropped} left out) -> {output}")


def _chunk_progress(chunks: int, built: int, skipped: int) -> None:
    typer.echo(f"kg: dask: {chunks} chunk(s) done, {built} built, {skipped} skipped", err=True)


@app.command("extract")
@one_line_errors
def extract_command(
    chunk: Path = typer.Argument(..., help="One file of articles (JSON Lines, or any file 'kg build' reads)."),
    output: Path = typer.Option(..., "--output", "-o", help="N-Quads file to write (atomically)."),
    model: str = typer.Option(None, "--model", help="spaCy model package or path [default: en_core_web_sm]."),
    batch_size: int = typer.Option(DEFAULT_BATCH, "--batch-size", min=1, help="Articles per nlp.pipe batch."),
    base: str = typer.Option(DEFAULT_BASE, "--base", help="Base IRI of every minted IRI (ends with '/')."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="Skip JSON lines larger than this."),
) -> None:
    """Extract one chunk of articles into one N-Quads file (the scale-out unit; see 'kg load')."""
    from kg.chunk import extract_chunk

    report = extract_chunk(chunk, output, model=model, base=base, batch_size=batch_size, max_bytes=max_bytes)
    for skip in report.skipped:
        typer.echo(f"kg: skipped {skip.source}: {skip.reason}", err=True)
    typer.echo(f"extracted {report.articles} article(s), {len(report.skipped)} skipped -> {output}")
    if report.skipped:
        raise typer.Exit(PARTIAL_BUILD)


@app.command("load")
@one_line_errors
def load_command(
    out_dir: Path = typer.Argument(..., help="Output folder holding the store (created if absent)."),
    files: list[Path] = typer.Argument(..., help="N-Quads files written by 'kg extract'."),
) -> None:
    """Load N-Quads chunk files into the store, replacing each article's graph."""
    from kg.chunk import load_chunks

    report = load_chunks(files, out_dir)
    typer.echo(f"loaded {report.loaded} article(s), {report.unchanged} unchanged, "
               f"{report.quads} quads from {report.files} file(s) -> {out_dir}")


@app.command("query")
@one_line_errors
def query_command(
    out_dir: Path = typer.Argument(None, help="Folder written by 'kg build'."),
    sparql: str = typer.Argument(None, help="A SPARQL query (or use --file / --name)."),
    file: Path = typer.Option(None, "--file", help="Read the query from a .rq file."),
    name: str = typer.Option(None, "--name", "-n", help="Run a named query (see --list)."),
    param: list[str] = typer.Option([], "--param", "-p", help="NAME=VALUE for a named query; repeatable."),
    list_queries: bool = typer.Option(False, "--list", help="List the named queries and exit."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv, tsv, json, xml, turtle or ntriples."),
    timeout: float = typer.Option(None, "--timeout", help="Stop the query after this many seconds."),
    limit: int = typer.Option(None, "--limit", help="Print at most this many rows."),
    allow_service: bool = typer.Option(
        False, "--allow-service", help="Let SERVICE clauses send requests to other SPARQL endpoints."),
) -> None:
    """Run SPARQL on a built graph: inline, from a file, or a named query with parameters.
    Rows are printed as they come; Ctrl-C or --timeout stops the query."""
    from kg.query import query_cli

    query_cli(out_dir, sparql, file=file, name=name, params=param, list_queries=list_queries,
              fmt=fmt, timeout=timeout, limit=limit, allow_service=allow_service)


@app.command()
@one_line_errors
def stats(out_dir: Path = typer.Argument(..., help="Folder written by 'kg build'.")) -> None:
    """Counts by kind, the most-mentioned entities and the number of articles."""
    from kg.query import render_stats, stats as graph_stats

    typer.echo(render_stats(graph_stats(out_dir)), nl=False)


@app.command()
@one_line_errors
def remove(
    out_dir: Path = typer.Argument(..., help="Folder written by 'kg build'."),
    article: str = typer.Argument(..., help="Article id, article/graph IRI or article URL."),
) -> None:
    """Drop an article's graph and with it everything only that article supported."""
    from kg.identity_store import refresh_identity
    from kg.store import Store

    with Store.open(out_dir) as store:
        if not store.remove_article(article):
            raise InputError(f"no article {article!r} in {out_dir}; 'kg query {out_dir} --name articles' lists them")
        refresh_identity(store)
    typer.echo(f"removed {article} from {out_dir}")


@app.command()
@one_line_errors
def serve(
    out_dir: Path = typer.Argument(..., help="Folder written by 'kg build'."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (a warning if not loopback)."),
    port: int = typer.Option(7878, "--port", help="Port to listen on."),
    timeout: float = typer.Option(10.0, "--timeout", help="Seconds before a query is stopped (503)."),
    workers: int = typer.Option(2, "--workers", min=1, help="Query worker processes."),
    memory: int = typer.Option(2048, "--memory", min=1024, help="MiB of address space per query worker."),
    max_body: int = typer.Option(1 << 20, "--max-body", min=1024, help="Largest POST body in bytes (413)."),
    cors: str = typer.Option(None, "--cors", help="Origin allowed to query from a browser (e.g. "
                                                  "http://localhost:3000); none by default."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not log requests."),
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 Protocol endpoint (GET/POST /query). It sends no
    request anywhere: updates and SERVICE are refused."""
    from kg.serve import Limits, serve as serve_endpoint

    serve_endpoint(out_dir, host=host, port=port, limits=Limits(timeout, memory, max_body), workers=workers,
                   quiet=quiet, cors=cors)


@app.command()
@one_line_errors
def inspect(path: Path = typer.Argument(..., help="One article file (page dump, HTML, text...).")) -> None:
    """How a file is read: the reader used, the article made, and which lines were kept or dropped."""
    from kg.ingest.inspect import inspect_file

    typer.echo(inspect_file(path), nl=False)
