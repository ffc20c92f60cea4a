"""JSON Lines (one article object per line) and JSON files (one object or an array of them)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from kg.ingest.article import finish, join_text, unique
from kg.ingest.dates import parse_date
from kg.ingest.markup import strip_html
from kg.types import Article, Skipped
from kg.xmlchars import clean_text

_ALIASES = {
    "url": ("url", "link", "canonical_url", "canonicalUrl", "uri"),
    "title": ("title", "headline", "name"),
    "text": ("text", "body", "content", "articleBody", "article_body", "maintext", "full_text"),
    "date": ("date", "published", "datePublished", "date_published", "publish_date",
             "pubDate", "published_at", "publishedAt", "created_at", "time"),
    "tags": ("tags", "keywords", "categories", "topics"),
    "authors": ("authors", "author", "byline", "creator"),
    "language": ("language", "lang", "inLanguage"),
}


def read_lines(lines: Iterable[tuple[int, bytes]], source: str, max_bytes: int) -> Iterator[Article | Skipped]:
    """Numbered raw lines of a JSON Lines file; a bad line is skipped as ``source:LINE``."""
    for number, raw in lines:
        where = f"{source}:{number}"
        if not raw.strip():
            continue
        if len(raw) > max_bytes:
            yield Skipped(where, f"line too large: {len(raw)} bytes > limit {max_bytes} bytes")
            continue
        try:
            obj = _clean(json.loads(raw.decode("utf-8-sig")))
        except UnicodeDecodeError as e:
            yield Skipped(where, f"not valid UTF-8 (byte at column {e.start + 1})")
            continue
        except json.JSONDecodeError as e:
            yield Skipped(where, f"malformed JSON: {e.msg} at column {e.colno}")
            continue
        yield from _objects([obj], where)


def read(text: str, source: str) -> Iterator[Article | Skipped]:
    """A ``.json`` file: one article object, or an array of them (``source#N`` per item)."""
    try:
        obj = _clean(json.loads(text))
    except json.JSONDecodeError as e:
        yield Skipped(source, f"malformed JSON: {e.msg} at line {e.lineno}, column {e.colno}")
        return
    if isinstance(obj, list):
        for n, item in enumerate(obj, 1):
            yield from _objects([item], f"{source}#{n}")
    else:
        yield from _objects([obj], source)


def _clean(value: object) -> object:
    """Every string of a parsed JSON value cleaned: ``"\\ud800"`` or ``"\\u0001"`` become U+FFFD."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(k): _clean(v) for k, v in value.items()}
    return value


def _objects(objs: list[object], where: str) -> Iterator[Article | Skipped]:
    for obj in objs:
        if not isinstance(obj, dict):
            yield Skipped(where, f"expected a JSON object, got {type(obj).__name__}")
            continue
        yield _article(obj, where)


def _first(obj: dict, field: str) -> object:
    for key in _ALIASES[field]:
        if obj.get(key) not in (None, "", []):
            return obj[key]
    return None


def _strings(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return value.split(",")
    if isinstance(value, list):
        return [v.get("name", "") if isinstance(v, dict) else str(v) for v in value]
    if isinstance(value, dict):
        return [str(value.get("name", ""))]
    return [str(value)]


def _article(obj: dict, where: str) -> Article | Skipped:
    body = _first(obj, "text")
    if not isinstance(body, str):
        return Skipped(where, "no article text (expected a 'text', 'body' or 'content' field)")
    body = strip_html(body) if "<" in body and ">" in body else body.strip()
    title = _first(obj, "title")
    title = " ".join(str(title).split()) if title else None
    date = _first(obj, "date")
    published = parse_date(str(date)) if date is not None else None
    url = _first(obj, "url")
    language = _first(obj, "language")
    return finish(
        body=body, text=join_text(title, [body]), source=where, title=title,
        url=str(url).strip() if url else None, published=published,
        tags=unique(_strings(_first(obj, "tags"))), authors=unique(_strings(_first(obj, "authors"))),
        language=str(language) if language else None,
    )
