"""Defaults shared by the CLI and the library, in a module light enough for ``kg --help``."""

DEFAULT_BASE = "https://w3id.org/news-kg/"
"""Base IRI of every minted IRI unless ``--base`` says otherwise."""

DEFAULT_BATCH = 64
"""Articles per ``nlp.pipe`` batch, at most: a batch also holds at most ``BATCH_CHARS`` characters,
so short wire stories go 40 or more to a batch and long articles about 7. Bigger batches parse short
stories faster (200 CoNLL stories through our pipeline: 16.7 s CPU at 8 a batch, 15.5 s at 64)."""

BATCH_CHARS = 64_000
"""Characters per ``nlp.pipe`` batch, at most (one text longer than this is a batch of its own).
spaCy's peak memory grows with the text in a batch: ~12 MiB per long news article of ~9,000
characters (bare ``nlp.pipe``, 8 such articles a batch -> 366 MiB, 16 -> 463, 32 -> 670, 64 -> 1,017),
so the memory of a batch stays that of about 7 long articles whatever their length."""

DEFAULT_MAX_BYTES = 20_000_000
"""Input files (or JSON lines) larger than this are skipped and reported."""
