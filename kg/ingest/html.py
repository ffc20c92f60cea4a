"""HTML news pages: trafilatura removes boilerplate and reads the page's own metadata."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import lxml.html
from lxml import etree

from kg.ingest.article import finish, join_text, unique
from kg.ingest.dates import parse_date
from kg.types import Article, Skipped

_TIME_XPATH = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='date']/@content",
    "//time[@datetime][1]/@datetime",
)


def read(text: str, source: str) -> Iterator[Article | Skipped]:
    """One article from an HTML page (also a truncated one, while text remains)."""
    from trafilatura import bare_extraction  # slow import; only when there is HTML to read

    doc = bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False,
                          favor_precision=True)
    if doc is None or not (doc.text or "").strip():
        doc = bare_extraction(text, with_metadata=True, include_comments=False, favor_recall=True)
    if doc is None or not (doc.text or "").strip():
        yield Skipped(source, "no article text found in the HTML (empty, truncated or all boilerplate)")
        return
    title = " ".join(doc.title.split()) if doc.title else None
    paragraphs = [p for p in doc.text.split("\n") if p.strip()]
    if title and paragraphs and paragraphs[0].strip() == title:
        paragraphs = paragraphs[1:]
    tags = [t for field in (doc.tags, doc.categories) for t in (field or []) for t in t.split(",")]
    authors = [a for a in (doc.author or "").split(";") if a.strip()]
    yield finish(
        body="\n".join(paragraphs), text=join_text(title, paragraphs), source=source,
        url=doc.url or None, title=title, published=_published(text, doc.date),
        tags=unique(tags), authors=unique(authors), language=_lang(text),
    )


def _tree(text: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.fromstring(text.encode("utf-8"))
    except (etree.ParserError, ValueError):
        return None


def _published(text: str, fallback: str | None) -> dt.datetime | dt.date | None:
    """The page's full publication timestamp when it has one; trafilatura's date otherwise."""
    tree = _tree(text)
    for xpath in _TIME_XPATH if tree is not None else ():
        for value in tree.xpath(xpath):
            parsed = parse_date(str(value))
            if parsed is not None:
                return parsed
    return parse_date(fallback) if fallback else None


def _lang(text: str) -> str | None:
    tree = _tree(text)
    if tree is None:
        return None
    values = tree.xpath("/html/@lang | //meta[@http-equiv='content-language']/@content")
    return str(values[0]) if values else None
