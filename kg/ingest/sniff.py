"""Which reader a file needs: by extension first, then by its first bytes."""

from __future__ import annotations

import re
from pathlib import Path

from kg.ingest.dump import looks_like_dump

ARTICLE_SUFFIXES = frozenset(
    {".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".json", ".xml", ".rss", ".atom"}
)
_BY_SUFFIX = {".html": "html", ".htm": "html", ".xhtml": "html", ".jsonl": "jsonl",
              ".ndjson": "jsonl", ".json": "json", ".xml": "feed", ".rss": "feed", ".atom": "feed"}
_HTML = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_FEED = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.I)


def ignored(path: Path) -> bool:
    """Hidden files and our own annotation files are never articles."""
    return path.name.startswith(".") or path.name.endswith((".gold.json", ".pred.json"))


def ignored_note(names: list[str] | tuple[str, ...]) -> str:
    """One line on the files of input folders that were not read for their extension."""
    suffixes = sorted({Path(n).suffix.lower() or "no extension" for n in names})
    return (f"ignored {len(names)} file(s) in the input folders whose extension is not an article's "
            f"({', '.join(suffixes)}); name a file to read it whatever its extension")


def kind_of(path: Path, head: bytes) -> str:
    """``html``, ``feed``, ``jsonl``, ``json``, ``dump`` or ``text`` for a file starting with ``head``."""
    head = head.lstrip(b"\xef\xbb\xbf")
    by_suffix = _BY_SUFFIX.get(path.suffix.lower())
    if _HTML.match(head):
        return "html"
    if by_suffix == "feed" or (by_suffix is None and _FEED.search(head[:2048])):
        return "feed"
    if by_suffix:
        return by_suffix
    first = head.lstrip().split(b"\n", 1)[0].strip()
    if first.startswith(b"{") and first.endswith(b"}"):
        return "jsonl"
    return "dump" if looks_like_dump(head.decode("utf-8", "replace")) else "text"
