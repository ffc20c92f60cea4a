"""Scraped page dumps: a metadata block, then the rendered page, then navigation and footer.

The rendered page is found by its shape: a headline line followed, within a few lines, by a
dateline (``10:42 GMT 15.08.2025``, ``Sept. 15, 2023 6:00 a.m. EDT``...). Metadata before it gives
the URL, ISO timestamps, keyword tags (``key: value`` lines or runs of short lower-case lines)
and authors. The body is the prose after the headline, up to the first footer signal; every
line is judged by its form (links, contacts, numbers, legal links, menus, other scripts), never
by the words of one site.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from kg.ingest import lines as L
from kg.ingest.article import finish, join_text, unique
from kg.ingest.dates import ISO, looks_like_dateline, parse_date, parse_iso
from kg.types import Article, Skipped

_KEY = re.compile(r'^"?([A-Za-z][\w:. -]{0,40}?)"?\s*[:=]\s+"?(.+?)"?,?$')
_KEYS = {
    "url": "url", "canonical": "url", "link": "url", "permalink": "url", "source url": "url",
    "title": "title", "headline": "title",
    "published_time": "date", "published": "date", "datepublished": "date", "date": "date",
    "pubdate": "date", "publication_date": "date", "publish date": "date", "issued": "date",
    "tag": "tags", "tags": "tags", "keywords": "tags", "news_keywords": "tags",
    "author": "authors", "authors": "authors", "creator": "authors", "byline": "authors",
}
_PREFIX = re.compile(r"^(?:og|article|twitter|dc|dcterms|meta|schema|itemprop)[:.]", re.I)
_LOOKBACK = 6


@dataclass
class _Meta:
    url: str | None = None
    title: str | None = None
    published: dt.datetime | dt.date | None = None
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)


def looks_like_dump(text: str) -> bool:
    """A metadata block near the top: an article URL line and an ISO 8601 timestamp line."""
    head = [_value(line) for line in text.splitlines()[:80]]
    return any(L.URL.match(v) and not L.IMAGE.search(v) for v in head) and any(
        ISO.match(v) for v in head
    )


def read(text: str, source: str) -> Iterator[Article | Skipped]:
    """One article from a page dump, or the reason there is none."""
    lines = [line.strip() for line in text.splitlines()]
    repeated = {k for k, n in Counter(L.clean(x).casefold() for x in lines if x).items() if n > 1}
    start, dateline = _find_page(lines, repeated)
    meta = _metadata(lines[:start] if start is not None else lines)
    title = L.clean(lines[start]) if start is not None else meta.title
    body, page_tags, bylines = _body(lines, start, dateline)
    published = meta.published
    if dateline is not None and not isinstance(published, dt.datetime):
        shown = parse_date(lines[dateline])
        if shown is not None and (published is None or _day(shown) == published):
            published = shown
    yield finish(
        body="\n".join(body), text=join_text(title, body), source=source, url=meta.url,
        title=title, published=published, tags=unique(meta.tags or page_tags),
        authors=unique(meta.authors or bylines),
    )


def _day(value: dt.datetime | dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _value(line: str) -> str:
    m = _KEY.match(line.strip())
    return m.group(2).strip() if m else line.strip()


def _find_page(lines: list[str], repeated: set[str]) -> tuple[int | None, int | None]:
    """(headline index, dateline index) of the rendered page, preferring a repeated headline."""
    best: tuple[tuple[bool, bool], int, int] | None = None
    for i, line in enumerate(lines):
        if not looks_like_dateline(line):
            continue
        head = _headline_before(lines, i)
        if head is None:
            continue
        rank = (L.clean(lines[head]).casefold() in repeated, not ISO.match(line))
        if best is None or rank > best[0]:
            best = (rank, head, i)
    if best:
        return best[1], best[2]
    for i in range(len(lines) - 1, -1, -1):  # no dateline: the last repeated headline before prose
        if L.clean(lines[i]).casefold() in repeated and L.is_headline(lines[i]):
            if any(L.is_prose(x) for x in lines[i + 1:i + 4]):
                return i, None
    return None, None


def _headline_before(lines: list[str], i: int) -> int | None:
    seen = 0
    for j in range(i - 1, -1, -1):
        line = lines[j]
        if not line:
            continue
        seen += 1
        if seen > _LOOKBACK:
            return None
        if L.is_headline(line) and not L.BYLINE.match(line):
            return j
        if not (L.BYLINE.match(line) or L.is_prose(line) or L.is_junk(line)):
            return None
    return None


def _metadata(block: list[str]) -> _Meta:
    meta = _Meta()
    isos, urls, tag_run, runs = [], [], [], []
    for line in block:
        m = _KEY.match(line)
        key = _KEYS.get(_PREFIX.sub("", m.group(1)).strip().lower()) if m else None
        value = m.group(2).strip() if m else line
        if key == "url" and not meta.url and L.URL.match(value):
            meta.url = value
        elif key == "title" and not meta.title:
            meta.title = value
        elif key == "date" and meta.published is None:
            meta.published = parse_date(value)
        elif key == "tags":
            meta.tags += [t for t in re.split(r"\s*[,;|]\s*", value) if t]
        elif key == "authors":
            meta.authors += [a for a in re.split(r"\s*(?:,|;|\band\b)\s*", value) if a]
        if key is None and L.URL.match(line) and not L.IMAGE.search(line):
            urls.append(line)
        if key is None and ISO.match(line):
            isos.append(line)
        if key is None and L.is_tag(line):
            tag_run.append(L.clean(line))
            continue
        if len(tag_run) >= 2:
            runs.append(tag_run)
        tag_run = []
    if len(tag_run) >= 2:
        runs.append(tag_run)
    article_urls = [u for u in urls if re.match(r"^\w+://[^/]+/.+", u)]
    meta.url = meta.url or next(iter(article_urls or urls), None)
    if meta.published is None and isos:
        meta.published = parse_iso(isos[0])
    if not meta.tags and runs:
        meta.tags = runs[0]
    return meta


def _body(lines: list[str], start: int | None, dateline: int | None) -> tuple[list[str], list[str], list[str]]:
    """Prose paragraphs after the headline, tags under a tag header, and byline names."""
    body: list[str] = []
    tags: list[str] = []
    bylines: list[str] = []
    run = 0
    i = (start + 1) if start is not None else 0
    while i < len(lines):
        line = L.clean(lines[i])
        if not line or i == dateline:
            i += 1
            continue
        header = L.TAG_HEADER.match(line)
        if header:
            found, i = _tags_after(lines, i, header.group(1))
            tags += found
            if body:
                break
            continue
        if body and (L.SECTION_END.match(line) or L.COPYRIGHT.search(line) or run >= 4):
            break
        byline = L.BYLINE.match(line)
        if byline and not body:
            bylines += re.split(r"\s*(?:,|\band\b)\s*", byline.group(1))[:1]
        elif L.is_prose(line) and not L.is_junk(line):
            if line not in body:
                body.append(line)
            run = 0
        else:
            run += 1
        i += 1
    return body, tags, bylines


def _tags_after(lines: list[str], i: int, inline: str | None) -> tuple[list[str], int]:
    if inline:
        return [t for t in re.split(r"\s*[,;|·•]\s*", inline) if t], i + 1
    found = []
    i += 1
    while i < len(lines) and lines[i] and len(lines[i].split()) <= 5 and not L.is_prose(lines[i]):
        if L.SECTION_END.match(L.clean(lines[i])) or L.COPYRIGHT.search(lines[i]):
            break
        if not L.is_junk(lines[i]):
            found.append(L.clean(lines[i]))
        i += 1
    return found, i
