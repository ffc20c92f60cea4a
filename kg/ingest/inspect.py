"""A reading report for one file: which reader read it, what it kept and dropped, and why."""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError, UnreadableInput
from kg.ingest import lines as L
from kg.ingest.checks import decode
from kg.ingest.dump import Reading, read_page
from kg.ingest.reader import read_file
from kg.ingest.sniff import kind_of
from kg.types import Article

_WIDTH = 90


def inspect_file(path: Path) -> str:
    """The report: the reader, the article(s) made, and for a page dump every block's fate."""
    if not path.is_file():
        raise InputError(f"not a file: {path} (give one article file to inspect)")
    data = path.read_bytes()
    kind = kind_of(path, data[:65536])
    out = [f"{path}: read as {kind}"]
    for item in read_file(path, max_bytes=max(len(data), 1)):
        out += _article(item) if isinstance(item, Article) else [f"  skipped: {item.reason}"]
    if kind == "dump":
        try:
            out += _blocks(read_page(decode(data)))
        except UnreadableInput as e:
            out.append(f"  unreadable: {e}")
    return "\n".join(out) + "\n"


def _article(a: Article) -> list[str]:
    words = len(a.text.split())
    return [f"  article {a.id}: {words} words", f"    title:     {a.title}", f"    url:       {a.url}",
            f"    published: {a.published}", f"    authors:   {', '.join(a.authors) or '-'}",
            f"    tags:      {', '.join(a.tags) or '-'}"]


def _blocks(reading: Reading) -> list[str]:
    choice = reading.choice
    run = choice.run
    out = ["  blocks (lines, chance of being article text, decision):"]
    for i, block in enumerate(reading.blocks):
        p = choice.chances[i]
        if i in choice.kept:
            why = "KEEP"
        elif run is None or not run[0] <= i <= run[1]:
            why = "drop: outside the article run"
        elif L.is_apparatus(block.text):
            why = "drop: byline, dateline, credit, link or widget"
        elif p < _keep_threshold():
            why = "drop: not prose"
        else:
            why = "drop: repeats kept text"
        text = block.text if len(block.text) <= _WIDTH else block.text[:_WIDTH - 1] + "…"
        lines = f"{block.first + 1}" + (f"-{block.last + 1}" if block.last > block.first else "")
        out.append(f"  {lines:>9} {p:4.2f} {why:<46} {text}")
    return out


def _keep_threshold() -> float:
    from kg.ingest.prose import load_model

    return load_model().keep_threshold
