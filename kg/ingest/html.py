"""HTML news pages: trafilatura removes boilerplate and reads the page's own metadata.

The headline is the page's title less a site's name or section joined to it ("Headline | Site"),
when the page shows the rest as a heading of its own, as a page dump's is (``kg.ingest.pagemeta``).

The page's declared language (``<html lang>``) is its site template's, often wrong for one
article: the body's own words decide whether it is English (``finish``)."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterator

import lxml.html
from lxml import etree

from kg.ingest.article import finish, join_text, unique
from kg.ingest.dates import parse_date
from kg.ingest.lines import is_apparatus
from kg.ingest.pagemeta import title_as_shown
from kg.types import Article, Skipped

_TIME_XPATH = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='date']/@content",
    "//time[@datetime][1]/@datetime",
)
_FALLBACK = 0.5
_LD_LONGER = 1.5


def read(text: str, source: str) -> Iterator[Article | Skipped]:
    """One article from an HTML page (also a truncated one, while text remains)."""
    doc, paragraphs = _extract(text)
    if doc is None or not paragraphs:
        yield Skipped(source, "no article text found in the HTML (empty, truncated or all boilerplate)")
        return
    full = " ".join(doc.title.split()) if doc.title else None
    title = title_as_shown(full, _headings(text)) if full else None
    if title and paragraphs and paragraphs[0].strip() in (title, full):
        paragraphs = paragraphs[1:]
    tags = [t for field in (doc.tags, doc.categories) for t in (field or []) for t in t.split(",")]
    authors = [a for a in (doc.author or "").split(";") if a.strip()]
    yield finish(
        body="\n".join(paragraphs), text=join_text(title, paragraphs), source=source,
        url=doc.url or None, title=title, published=_published(text, doc.date),
        tags=unique(tags), authors=unique(authors),
    )


def _extract(text: str):
    """trafilatura's document and the article paragraphs: its precision pass, or its recall pass
    when precision kept less than half of it (a body cut to a caption), or the page's JSON-LD
    ``articleBody`` when that is much longer; bylines, datelines, credits and widgets left out."""
    from trafilatura import bare_extraction  # slow import; only when there is HTML to read

    precise = bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False,
                              favor_precision=True)
    recall = bare_extraction(text, with_metadata=True, include_comments=False, favor_recall=True)
    doc, body = precise, _text(precise)
    if _words(body) < _FALLBACK * _words(_text(recall)):
        doc, body = recall, _text(recall)
    ld = _ld_body(text)
    if _words(ld) > _LD_LONGER * _words(body):
        body = ld
    paragraphs = [p.strip() for p in body.split("\n") if p.strip() and not is_apparatus(p)]
    return (doc or recall), paragraphs


def _text(doc) -> str:
    return (doc.text or "") if doc is not None else ""


def _words(text: str) -> int:
    return len(text.split())


def _ld_body(text: str) -> str:
    """The longest ``articleBody`` of the page's JSON-LD, or ``""``."""
    tree = _tree(text)
    bodies = []
    for script in tree.xpath("//script[@type='application/ld+json']/text()") if tree is not None else ():
        try:
            bodies += list(_find(json.loads(script), "articleBody"))
        except ValueError:
            continue
    return max((b for b in bodies if isinstance(b, str)), key=len, default="")


def _find(node, key: str):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            else:
                yield from _find(v, key)
    elif isinstance(node, list):
        for v in node:
            yield from _find(v, key)


def _headings(text: str) -> list[str]:
    """The texts of the page's first-level and second-level headings."""
    tree = _tree(text)
    return [" ".join(h.text_content().split()) for h in tree.iter("h1", "h2")] if tree is not None else []


@functools.lru_cache(maxsize=1)  # one page is asked for its headings, JSON-LD and time in turn
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
