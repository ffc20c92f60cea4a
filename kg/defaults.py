"""Defaults shared by the CLI and the library, in a module light enough for ``kg --help``."""

DEFAULT_BATCH = 16
"""Articles per ``nlp.pipe`` batch. spaCy's peak memory grows by ~12 MiB per news article in a
batch (measured on bare ``nlp.pipe``: 16 -> 463 MiB, 32 -> 670, 64 -> 1,017) at the same speed."""

DEFAULT_MAX_BYTES = 20_000_000
"""Input files (or JSON lines) larger than this are skipped and reported."""
