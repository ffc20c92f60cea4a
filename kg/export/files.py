"""What the CLI calls: open a build's store read-only and write one export file."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.export import check_format, export, guess_format
from kg.export.html import ViewOptions, ViewSummary, write_view
from kg.store import Store


def open_store(out_dir: Path) -> ox.Store:
    """The Oxigraph store that ``kg build --out out_dir`` wrote, opened read-only."""
    return Store.open(out_dir, read_only=True).db


def export_file(out_dir: Path, output: Path, fmt: str | None = None, view: str | None = None) -> str:
    """Write ``output`` in ``fmt`` (default: from its extension), graph formats in ``view``;
    returns the format used.

    The file appears only when complete: it is written beside and renamed into place.
    """
    not_a_folder(output, "graph.ttl")
    name = check_format(fmt or guess_format(output))
    store = open_store(out_dir)
    writable(output, "graph.ttl")
    partial = output.with_name(output.name + ".part")
    try:
        export(store, name, partial, view)
        os.replace(partial, output)
    except OSError as e:
        raise InputError(f"cannot write {output}: {e.strerror or e}; choose another --output") from e
    finally:
        partial.unlink(missing_ok=True)
    return name


def view_file(out_dir: Path, output: Path, options: ViewOptions = ViewOptions()) -> ViewSummary:
    """Write the offline HTML view of a build to ``output``."""
    store = open_store(out_dir)
    writable(output, "graph.html")
    try:
        return write_view(store, output, options)
    except OSError as e:
        raise InputError(f"cannot write {output}: {e.strerror or e}; choose another --output") from e


def not_a_folder(output: Path, example: str) -> None:
    if output.is_dir():
        raise InputError(f"{output} is a folder; give a file name, e.g. {output / example}")


def writable(output: Path, example: str) -> None:
    """Make the folders ``output`` goes in; an ``InputError`` when it is a folder or cannot be made."""
    not_a_folder(output, example)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"cannot create the folder of {output}: {e.strerror or e}; choose another --output") from e
