"""The one place an ``Article`` is made: its id, its content hash, and the final checks."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from urllib.parse import quote, urlsplit

from kg.ingest.checks import english_problem, word_count
from kg.rdf.iris import article_id
from kg.types import Article, Skipped

_MIN_WORDS = 3
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')


def make_article(
    *,
    text: str,
    source: str,
    url: str | None = None,
    title: str | None = None,
    published: dt.datetime | dt.date | None = None,
    tags: Iterable[str] = (),
    authors: Iterable[str] = (),
    language: str | None = None,
) -> Article:
    """An ``Article`` with its id (from the URL, else the text) and its content hash. A URL that
    is not an absolute http(s) URL ("7", "/news/1", "javascript:...") is left out."""
    url = web_url(url)
    tags = tuple(tags)
    parts = [text, url or "", title or "", published.isoformat() if published else "", *tags]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return Article(
        id=article_id(url, text), text=text, source=source, content_hash=digest, url=url or None,
        title=title or None, published=published, tags=tags, authors=tuple(authors),
        language=language,
    )


def web_url(value: str | None) -> str | None:
    """An absolute http(s) URL fit for an IRI (characters IRIs forbid are percent-encoded), else None."""
    url = (value or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[bad" and other unparseable hosts
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return _NOT_IN_IRI.sub(lambda m: quote(m[0]), url)


def join_text(title: str | None, paragraphs: Iterable[str]) -> str:
    """The text convention: headline, a blank line, then paragraphs separated by blank lines."""
    body = "\n\n".join(p for p in (p.strip() for p in paragraphs) if p)
    if title and body.startswith(title):
        return body
    return f"{title}\n\n{body}" if title and body else body


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """Stripped, non-empty, first occurrence kept (compared without case)."""
    seen: set[str] = set()
    out = []
    for v in values:
        v = " ".join(str(v).split())
        if v and v.casefold() not in seen:
            seen.add(v.casefold())
            out.append(v)
    return tuple(out)


def finish(*, body: str, text: str, source: str, **meta) -> Article | Skipped:
    """An article, or the reason there is none: no body text left, or not English."""
    words = word_count(body)
    if words < _MIN_WORDS:
        return Skipped(source, f"no article text left after removing boilerplate ({words} words)")
    declared = (meta.pop("language", None) or "en").strip().lower()
    problem = english_problem(body)
    if not declared.startswith("en"):
        problem = f"does not look like English (the source declares language {declared!r})"
    if problem:
        return Skipped(source, problem)
    return make_article(text=text, source=source, language="en", **meta)
