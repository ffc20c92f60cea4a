"""RSS and Atom feeds with full text: one article per item."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from kg.ingest.article import finish, join_text, unique
from kg.ingest.dates import parse_date
from kg.ingest.markup import strip_html
from kg.types import Article, Skipped
from kg.xmlchars import NOT_XML

_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def read(text: str, source: str) -> Iterator[Article | Skipped]:
    """Every item of the feed, as ``source#N``; a feed with no items is one ``Skipped``."""
    import feedparser

    parsed = feedparser.parse(_CHAR_REF.sub(_xml_char_ref, text))
    if not parsed.entries:
        why = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        yield Skipped(source, f"no feed items found (not RSS/Atom, or empty){why}")
        return
    for n, entry in enumerate(parsed.entries, 1):
        yield _article(entry, f"{source}#{n}")


def _xml_char_ref(m: re.Match) -> str:
    """A character reference XML 1.0 forbids (``&#xD800;``, ``&#1;``) as one to U+FFFD."""
    code = int(m[1], 16) if m[1] else int(m[2])
    return m[0] if code <= 0x10FFFF and not NOT_XML.match(chr(code)) else "&#xFFFD;"


def _article(entry, where: str) -> Article | Skipped:
    html = ""
    for part in entry.get("content") or ():
        if len(part.get("value", "")) > len(html):
            html = part["value"]
    html = html or entry.get("summary", "") or entry.get("description", "")
    body = strip_html(html)
    title = " ".join(strip_html(entry.get("title", "")).split()) or None
    paragraphs = body.split("\n\n")
    tags = [t.get("term", "") for t in entry.get("tags") or ()]
    authors = [a.get("name", "") for a in entry.get("authors") or ()] or [entry.get("author", "")]
    return finish(
        body=body, text=join_text(title, paragraphs), source=where, title=title,
        url=entry.get("link") or None, published=_published(entry), tags=unique(tags),
        authors=unique(authors), language=entry.get("language") or None,
    )


def _published(entry) -> dt.datetime | dt.date | None:
    for key in ("published", "updated", "dc_date", "created"):
        value = entry.get(key)
        if value:
            parsed = parse_date(value)
            if parsed is not None:
                return parsed
    struct = entry.get("published_parsed") or entry.get("updated_parsed")
    return dt.datetime(*struct[:6], tzinfo=dt.UTC) if struct else None
