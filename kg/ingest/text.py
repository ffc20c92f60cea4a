"""Plain text: the file content is the article text, unchanged, so outside offsets still apply."""

from __future__ import annotations

from collections.abc import Iterator

from kg.ingest.article import finish
from kg.ingest.blocks import Block
from kg.ingest.lines import BYLINE, LEGAL
from kg.ingest.pagemeta import later_headline
from kg.types import Article, Skipped

_TOP = 8  # lines at the top of a text where a headline and its byline stand


def headline(text: str) -> str | None:
    """The first line when it reads as a headline (short, no final full stop, more text after)
    and nothing else does: when a byline or dateline follows a later line, not the first (a
    label, a caption stands over the headline), that line."""
    lines = [line.strip() for line in text.lstrip("\ufeff").splitlines()[:_TOP] if line.strip()]
    return later_headline([Block(line, i, i) for i, line in enumerate(lines)]) or _first_line(text)


def _first_line(text: str) -> str | None:
    first, _, rest = text.lstrip("\ufeff").partition("\n")
    first = first.strip()
    words = first.split()
    if not rest.strip() or not 2 <= len(words) <= 25 or len(first) > 200:
        return None
    if first.endswith((".", ",", ";", ":")) or first[0].islower():
        return None
    if BYLINE.match(first) or LEGAL.search(first):
        return None
    return first


def read(text: str, source: str) -> Iterator[Article | Skipped]:
    """One article whose ``text`` is exactly ``text``; the title is taken from the first line."""
    yield finish(body=text, text=text, source=source, title=headline(text))
