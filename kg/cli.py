"""The ``kg`` command line. Thin: each command parses arguments and calls a plain function.

Errors that news-kg raises on purpose (``KGError``) print as one line on stderr and exit
non-zero; nothing else is caught here, so a real bug still shows its traceback.

Written with click itself: typer (>= 0.2x) validates every parameter through pydantic, whose
import alone costs more than the 0.5 s a query or ``kg stats`` may take to start.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import click

from kg.defaults import DEFAULT_BASE, DEFAULT_BATCH, DEFAULT_MAX_BYTES
from kg.errors import InputError, KGError

PARTIAL_BUILD = 3
"""Exit code of a build that skipped some inputs (each is reported on stderr)."""


class Argument(click.Argument):
    """A positional argument with a line of help (click's own have none)."""

    def __init__(self, *args: object, help: str = "", **kwargs: object) -> None:  # noqa: A002
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.help = help


class Command(click.Command):
    """A command whose help lists its arguments, as it lists its options."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(p.make_metavar(ctx), p.help) for p in self.params if isinstance(p, Argument)]
        if rows:
            with formatter.section("Arguments"):
                formatter.write_dl(rows)
        super().format_options(ctx, formatter)


class Group(click.Group):
    command_class = Command


app = Group(
    name="kg",
    help="Build an article-linked RDF knowledge graph from news text, query it and export it.",
    no_args_is_help=True,
    context_settings={"show_default": True},
)
argument = functools.partial(click.argument, cls=Argument)
option = click.option
FILE = click.Path(path_type=Path)

F = TypeVar("F", bound=Callable[..., object])


def one_line_errors(func: F) -> F:
    """Turn a KGError into ``kg: error: ...`` on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: object, **kwargs: object) -> object:
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            raise SystemExit(exc.exit_code) from None
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            raise SystemExit(130) from None

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
@argument("gold_dirs", nargs=-1, required=True, type=FILE, help="Folders of <id>.txt with <id>.gold.json.")
@option("--names-only", is_flag=True, help="Only named gold mentions are required.")
@option("--include-pronouns", is_flag=True, help="Score pronoun gold mentions too.")
@option("--model", help="spaCy model to use.")
@option("--format", "output_format", default="table", help="table or json.")
@option("--write-predictions", type=FILE, help="Write <id>.pred.json files here.")
@option("--baseline/--no-baseline", default=True, help="Also score plain spaCy.")
@one_line_errors
def evaluate(gold_dirs: tuple[Path, ...], names_only: bool, include_pronouns: bool, model: str | None,
             output_format: str, write_predictions: Path | None, baseline: bool) -> None:
    """Score extraction against gold annotations, side by side with plain spaCy; with several
    folders, one report per folder and then every corpus side by side with the macro average."""
    from kg.evaluate.runner import evaluate_and_render

    click.echo(
        evaluate_and_render(
            list(gold_dirs),
            output_format=output_format,
            predictions_dir=write_predictions,
            names_only=names_only,
            include_pronouns=include_pronouns,
            model=model,
            baseline=baseline,
        )
    )


@app.command()
@argument("paths", nargs=-1, required=True, type=FILE, help="Article files or folders (searched recursively).")
@option("--out", "-o", type=FILE, default=Path("kgout"), help="Output folder holding the store.")
@option("--model", help="spaCy model package or path [default: en_core_web_sm].")
@option("--workers", "-w", type=click.IntRange(min=1), help="Processes that parse and extract "
        "[default: one per 256 kB of input, at most one per core].")
@option("--batch-size", type=click.IntRange(min=1), default=DEFAULT_BATCH, help="Articles per nlp.pipe batch.")
@option("--base", default=DEFAULT_BASE, help="Base IRI of every minted IRI (ends with '/').")
@option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES,
        help="Skip input files (or JSON lines) larger than this.")
@option("--quiet", "-q", is_flag=True, help="No progress bar.")
@option("--engine", default="local", help="local (processes on this machine) or dask.")
@option("--scheduler", help="Dask scheduler tcp://HOST:PORT [default: a local Dask cluster of --workers processes].")
@option("--store", help="Write to an external SPARQL store at this URL (Graph Store Protocol) instead of --out.")
@one_line_errors
def build(paths: tuple[Path, ...], out: Path, model: str | None, workers: int | None, batch_size: int, base: str,
          max_bytes: int, quiet: bool, engine: str, scheduler: str | None, store: str | None) -> None:
    """Read articles, extract entities and events, and store one named graph per article."""
    if engine not in ("local", "dask"):
        raise InputError(f"unknown engine {engine!r}; use --engine local or --engine dask")
    if scheduler and engine != "dask":
        raise InputError("--scheduler needs --engine dask")
    paths = list(paths)
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
    from kg import pipeline

    if workers is None and not scheduler:  # a Dask scheduler has the workers it has
        workers, why = pipeline.default_workers(paths)
        if not quiet:
            click.echo(f"kg: {why} (--workers to choose)", err=True)
    sink = None
    if store:
        from kg.gsp import GraphStoreClient

        sink = GraphStoreClient(store)
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
        click.echo(f"kg: skipped {skip.source}: {skip.reason}", err=True)
    if report.ignored:
        from kg.ingest.sniff import ignored_note

        click.echo(f"kg: {ignored_note(report.ignored)}", err=True)
    click.echo(
        f"built {report.built} article(s), {report.unchanged} unchanged, "
        f"{len(report.skipped)} skipped -> {store or out}"
    )
    if not (report.built or report.unchanged or report.skipped):
        raise InputError("no article found in the inputs; pass article files "
                         "(.txt, .html, .jsonl, .json, .xml, .rss, .atom) or folders holding them")
    if report.partial:
        raise SystemExit(PARTIAL_BUILD)


@app.command()
@argument("out_dir", type=FILE, help="Folder written by 'kg build'.")
@argument("name", help="Entity name, alias, key (unit/red-army, Q362) or IRI.")
@one_line_errors
def show(out_dir: Path, name: str) -> None:
    """Print everything the graph knows about one entity: types, aliases, links, articles, events."""
    from kg.show import show as show_entity

    click.echo(show_entity(out_dir, name))


@app.command("export")
@argument("out_dir", type=FILE, help="Folder written by 'kg build'.")
@option("--output", "-o", type=FILE, required=True, help="File to write.")
@option("--format", "-f", "fmt", help="turtle, trig, nquads, ntriples, rdfxml, jsonld, graphml, gexf, cytoscape or "
        "geojson [default: from the file extension].")
@option("--view", help="Network files: entities (occurrences as edges) or occurrences (as nodes) "
        "[default: entities; occurrences for geojson].")
@one_line_errors
def export_command(out_dir: Path, output: Path, fmt: str | None, view: str | None) -> None:
    """Write the graph as RDF or as a network file for Gephi, Cytoscape or map tools."""
    from kg.export.files import export_file

    name = export_file(out_dir, output, fmt, view)
    click.echo(f"wrote {name} -> {output}")


@app.command()
@argument("out_dir", type=FILE, help="Folder written by 'kg build'.")
@option("--output", "-o", type=FILE, default=Path("graph.html"), help="HTML file to write.")
@option("--min-articles", type=click.IntRange(min=1), default=1, help="Hide nodes found in fewer articles.")
@option("--max-nodes", type=click.IntRange(min=1), help="Keep the best-supported nodes [default: all].")
@option("--title", default="news-kg", help="Page title.")
@option("--view", default="entities", help="entities (occurrences as edges) or occurrences (as nodes).")
@one_line_errors
def viz(out_dir: Path, output: Path, min_articles: int, max_nodes: int | None, title: str, view: str) -> None:
    """Write one self-contained HTML page to explore the graph offline."""
    from kg.export.files import view_file
    from kg.export.html import ViewOptions

    summary = view_file(out_dir, output, ViewOptions(min_articles, max_nodes, title, view))
    click.echo(f"wrote {summary.nodes} nodes, {summary.edges} edges "
               f"({summary.dropped} left out) -> {output}")


def _chunk_progress(chunks: int, built: int, skipped: int) -> None:
    click.echo(f"kg: dask: {chunks} chunk(s) done, {built} built, {skipped} skipped", err=True)


@app.command("extract")
@argument("chunk", type=FILE, help="One file of articles (JSON Lines, or any file 'kg build' reads).")
@option("--output", "-o", type=FILE, required=True, help="N-Quads file to write (atomically).")
@option("--model", help="spaCy model package or path [default: en_core_web_sm].")
@option("--batch-size", type=click.IntRange(min=1), default=DEFAULT_BATCH, help="Articles per nlp.pipe batch.")
@option("--base", default=DEFAULT_BASE, help="Base IRI of every minted IRI (ends with '/').")
@option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, help="Skip JSON lines larger than this.")
@one_line_errors
def extract_command(chunk: Path, output: Path, model: str | None, batch_size: int, base: str, max_bytes: int) -> None:
    """Extract one chunk of articles into one N-Quads file (the scale-out unit; see 'kg load')."""
    from kg.chunk import extract_chunk

    report = extract_chunk(chunk, output, model=model, base=base, batch_size=batch_size, max_bytes=max_bytes)
    for skip in report.skipped:
        click.echo(f"kg: skipped {skip.source}: {skip.reason}", err=True)
    click.echo(f"extracted {report.articles} article(s), {len(report.skipped)} skipped -> {output}")
    if report.skipped:
        raise SystemExit(PARTIAL_BUILD)


@app.command("load")
@argument("out_dir", type=FILE, help="Output folder holding the store (created if absent).")
@argument("files", nargs=-1, required=True, type=FILE, help="N-Quads files written by 'kg extract'.")
@one_line_errors
def load_command(out_dir: Path, files: tuple[Path, ...]) -> None:
    """Load N-Quads chunk files into the store, replacing each article's graph."""
    from kg.chunk import load_chunks

    report = load_chunks(list(files), out_dir)
    click.echo(f"loaded {report.loaded} article(s), {report.unchanged} unchanged, "
               f"{report.quads} quads from {report.files} file(s) -> {out_dir}")


@app.command("query")
@argument("out_dir", type=FILE, required=False, help="Folder written by 'kg build'.")
@argument("sparql", required=False, help="A SPARQL query (or use --file / --name).")
@option("--file", type=FILE, help="Read the query from a .rq file.")
@option("--name", "-n", help="Run a named query (see --list).")
@option("--param", "-p", multiple=True, help="NAME=VALUE for a named query; repeatable.")
@option("--list", "list_queries", is_flag=True, help="List the named queries and exit.")
@option("--format", "-f", "fmt", default="table", help="table, csv, tsv, json, xml, turtle or ntriples.")
@option("--timeout", type=float, help="Stop the query after this many seconds.")
@option("--limit", type=int, help="Print at most this many rows.")
@option("--allow-service", is_flag=True, help="Let SERVICE clauses send requests to other SPARQL endpoints.")
@one_line_errors
def query_command(out_dir: Path | None, sparql: str | None, file: Path | None, name: str | None,
                  param: tuple[str, ...], list_queries: bool, fmt: str, timeout: float | None, limit: int | None,
                  allow_service: bool) -> None:
    """Run SPARQL on a built graph: inline, from a file, or a named query with parameters.
    Rows are printed as they come; Ctrl-C or --timeout stops the query."""
    from kg.query import query_cli

    query_cli(out_dir, sparql, file=file, name=name, params=list(param), list_queries=list_queries,
              fmt=fmt, timeout=timeout, limit=limit, allow_service=allow_service)


@app.command()
@argument("out_dir", type=FILE, help="Folder written by 'kg build'.")
@one_line_errors
def stats(out_dir: Path) -> None:
    """Counts by kind, the most-mentioned entities and the number of articles."""
    from kg.query import render_stats, stats as graph_stats

    click.echo(render_stats(graph_stats(out_dir)), nl=False)


@app.command()
@argument("out_dir", type=FILE, help="Folder written by 'kg build'.")
@argument("article", help="Article id, article/graph IRI or article URL.")
@one_line_errors
def remove(out_dir: Path, article: str) -> None:
    """Drop an article's graph and with it everything only that article supported."""
    from kg.identity_store import refresh_identity
    from kg.store import Store

    with Store.open(out_dir) as store:
        if not store.remove_article(article):
            raise InputError(f"no article {article!r} in {out_dir}; 'kg query {out_dir} --name articles' lists them")
        refresh_identity(store)
    click.echo(f"removed {article} from {out_dir}")


@app.command()
@argument("out_dir", type=FILE, help="Folder written by 'kg build'.")
@option("--host", default="127.0.0.1", help="Address to listen on (a warning if not loopback).")
@option("--port", type=int, default=7878, help="Port to listen on.")
@option("--timeout", type=float, default=10.0, help="Seconds before a query is stopped (503).")
@option("--workers", type=click.IntRange(min=1), default=2, help="Query worker processes.")
@option("--memory", type=click.IntRange(min=1024), default=2048, help="MiB of address space per query worker.")
@option("--max-body", type=click.IntRange(min=1024), default=1 << 20, help="Largest POST body in bytes (413).")
@option("--cors", help="Origin allowed to query from a browser (e.g. http://localhost:3000); none by default.")
@option("--quiet", "-q", is_flag=True, help="Do not log requests.")
@one_line_errors
def serve(out_dir: Path, host: str, port: int, timeout: float, workers: int, memory: int, max_body: int,
          cors: str | None, quiet: bool) -> None:
    """Serve the graph as a read-only SPARQL 1.1 Protocol endpoint (GET/POST /query). It sends no
    request anywhere: updates and SERVICE are refused."""
    from kg.serve import Limits, serve as serve_endpoint

    serve_endpoint(out_dir, host=host, port=port, limits=Limits(timeout, memory, max_body), workers=workers,
                   quiet=quiet, cors=cors)


@app.command()
@argument("path", type=FILE, help="One article file (page dump, HTML, text...).")
@one_line_errors
def inspect(path: Path) -> None:
    """How a file is read: the reader used, the article made, and which lines were kept or dropped."""
    from kg.ingest.inspect import inspect_file

    click.echo(inspect_file(path), nl=False)
