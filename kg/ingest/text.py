"""Plain text: the file content is the article text, unchanged, so outside offsets still apply."""

from __future__ import annotations

from collections.abc import Iterator

from kg.ingest.article import finish
from kg.ingest.lines import BYLINE, LEGAL
from kg.types import Article, Skipped


def headline(text: str) -> str | None:
    """The first line when it reads as a headline: short, no final full stop, more text after."""
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
