"""The blocks of a page dump: one per line, or hard-wrapped lines re-joined into paragraphs.

Scrapers write a page either one line per block element (a browser's ``innerText``) or as a
text browser renders it, wrapping paragraphs at a fixed width (70-120 columns) with blank lines
between them. A wrapped line is joined to the one before when the first word of the line would
not have fitted at the end of the previous one: that is what a wrapping renderer does. Character
references a scraper left in the text ("&#039;", "&amp;") are decoded.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_BULLET = re.compile(r"^\s*(?:[•·*▪►»□☆○◦‣⁃\-–—+]|\d{1,3}[.)])\s+")
_MIN_WRAPPED = 5
_MIN_NEAR_SHORT = 3
_MAX_WIDTH = 140
_SLACK = 2


@dataclass(frozen=True)
class Block:
    """A paragraph, heading or list item of the page: its text and its 0-based line span."""

    text: str
    first: int
    last: int
    bullet: bool = False
    indent: int = 0


def wrap_width(lines: list[str]) -> int | None:
    """The column a renderer wrapped the text at, or ``None`` when lines are not hard-wrapped."""
    lengths = sorted(len(x.rstrip()) for x in lines if x.strip())
    if len(lengths) < _MIN_WRAPPED:
        return None
    width = lengths[int(len(lengths) * 0.98) - 1 if len(lengths) > 50 else -1]
    if width > _MAX_WIDTH or width < 40:
        return None
    near = sum(1 for n in lengths if width - 20 <= n <= width)
    if near >= _MIN_WRAPPED or (near >= _MIN_NEAR_SHORT and lengths[-1] <= _MAX_WIDTH):
        return width  # a short page is wrapped when no line of it is longer than a renderer's width
    return None


def split_blocks(text: str) -> list[Block]:
    """The blocks of ``text`` in order, hard-wrapped paragraphs re-joined."""
    lines = text.splitlines()
    width = wrap_width(lines)
    blocks: list[Block] = []
    start = None
    parts: list[str] = []
    prev = ""
    for i, raw in enumerate(lines):
        line = raw.rstrip()
        if parts and not (line.strip() and width and _continues(prev, line, width)):
            blocks.append(_block(parts, start, i - 1, lines[start]))
            parts = []
        if line.strip():
            if not parts:
                start = i
            parts.append(line.strip())
        prev = line
    if parts:
        blocks.append(_block(parts, start, len(lines) - 1, lines[start]))
    return blocks


def _continues(prev: str, line: str, width: int) -> bool:
    """``line`` carries on the paragraph of ``prev``: its first word would not have fitted."""
    if not prev.strip() or _BULLET.match(line):
        return False
    first = line.split()[0]
    indent = len(line) - len(line.lstrip())
    prev_indent = len(prev) - len(prev.lstrip())
    bullet = _BULLET.match(prev)
    aligned = indent == prev_indent or (bullet is not None and indent == bullet.end())
    return aligned and len(prev) + 1 + len(first) > width - _SLACK


def _block(parts: list[str], first: int, last: int, head: str) -> Block:
    bullet = _BULLET.match(head)
    text = " ".join(parts)
    if bullet:
        text = text[bullet.end() - (len(head) - len(head.lstrip())):].strip() or text
    return Block(text=" ".join(html.unescape(text).split()), first=first, last=last, bullet=bool(bullet),
                 indent=len(head) - len(head.lstrip()))
