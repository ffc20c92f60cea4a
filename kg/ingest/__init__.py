"""Readers: files and directories in, ``Article`` records (or ``Skipped`` reasons) out.

``read_paths`` walks the inputs and picks one reader per file by extension and content:
scraped page dumps (``dump``), HTML (``html``), JSON Lines / JSON (``jsonl``), plain text
(``text``) and RSS/Atom (``feed``). ``make_article`` is the one place ids and hashes are made.
"""

from kg.ingest.article import make_article
from kg.ingest.reader import read_file, read_paths

__all__ = ["make_article", "read_file", "read_paths"]
