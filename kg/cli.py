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

from kg.errors import InputError, KGError
from kg.rdf.namespaces import DEFAULT_BASE
from kg.types import Skipped

PARTIAL_BUILD = 3
"""Exit code of a build that skipped some inputs (each is reported on stderr)."""

app = typer.Typer(
    name="kg",
    help="Build an article-linked RDF knowledge graph from news text, query it and export it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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
    gold_dir: Annotated[Path, typer.Argument(help="Folder of <id>.txt with <id>.gold.json.")],
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
    """Score extraction against gold annotations, side by side with plain spaCy."""
    from kg.evaluate.runner import evaluate_and_render

    typer.echo(
        evaluate_and_render(
            gold_dir,
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
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Processes that parse and extract."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Articles per nlp.pipe batch."),
    base: str = typer.Option(DEFAULT_BASE, "--base", help="Base IRI of every minted IRI (ends with '/')."),
    max_bytes: int = typer.Option(20_000_000, "--max-bytes", min=1, help="Skip input files (or JSON lines) larger than this."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Read articles, extract entities and events, and store one named graph per article."""
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
    from kg import pipeline

    with progress_reporter(quiet) as on_article:
        report = pipeline.build(
            paths, out, model=model, base=base, workers=workers, batch_size=batch_size,
            max_bytes=max_bytes, on_article=on_article,
        )
    for skip in report.skipped:
        typer.echo(f"kg: skipped {skip.source}: {skip.reason}", err=True)
    typer.echo(
        f"built {report.built} article(s), {report.unchanged} unchanged, "
        f"{len(report.skipped)} skipped -> {out}"
    )
    if report.partial:
        raise typer.Exit(PARTIAL_BUILD)


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
) -> None:
    """Write the graph as RDF or as a network file for Gephi, Cytoscape or map tools."""
    from kg.export.files import export_file

    name = export_file(out_dir, output, fmt)
    typer.echo(f"wrote {name} -> {output}")


@app.command()
@one_line_errors
def viz(
    out_dir: Path = typer.Argument(..., help="Folder written by 'kg build'."),
    output: Path = typer.Option(Path("graph.html"), "--output", "-o", help="HTML file to write."),
    min_articles: int = typer.Option(1, "--min-articles", min=1, help="Hide nodes found in fewer articles."),
    max_nodes: int = typer.Option(2000, "--max-nodes", min=1, help="Keep the best-supported nodes only."),
    title: str = typer.Option("news-kg", "--title", help="Page title."),
) -> None:
    """Write one self-contained HTML page to explore the graph offline."""
    from kg.export.files import view_file
    from kg.export.html import ViewOptions

    summary = view_file(out_dir, output, ViewOptions(min_articles, max_nodes, title))
    typer.echo(f"wrote {summary.nodes} nodes, {summary.edges} edges "
               f"({summary.dropped} left out) -> {output}")
