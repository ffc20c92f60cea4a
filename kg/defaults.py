"""Defaults shared by the CLI and the library, in a module light enough for ``kg --help``."""

DEFAULT_BASE = "https://w3id.org/news-kg/"
"""Base IRI of every minted IRI unless ``--base`` says otherwise."""

DEFAULT_BATCH = 8
"""Articles per ``nlp.pipe`` batch. spaCy's peak memory grows by ~12 MiB per news article in a
batch (measured on bare ``nlp.pipe``: 8 -> 366 MiB, 16 -> 463, 32 -> 670, 64 -> 1,017) at the
same speed (400 corpus articles: 40.9 s at 8, 38.9-42.0 s at 16)."""

DEFAULT_MAX_BYTES = 20_000_000
"""Input files (or JSON lines) larger than this are skipped and reported."""
