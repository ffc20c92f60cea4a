"""The one place an ``Article`` is made: its id, its content hash, and the final checks."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote, urlsplit, urlunsplit

import pyoxigraph as ox

from kg.ingest.checks import english_problem, word_count
from kg.rdf.iris import article_id
from kg.types import Article, Skipped
from kg.xmlchars import clean_text

_MIN_WORDS = 3
_IRI_CANDIDATE = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\U0010ffff]|%(?![0-9A-Fa-f]{2})')
"""ASCII that IRIs forbid, a ``%`` that starts no escape, and every non-ASCII character
(``_in_iri`` keeps RFC 3987's ucschar)."""
_SAFE = "/:@!$&'()*+,;=-._~%"


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
    is not an absolute http(s) URL ("7", "/news/1", "javascript:...") is left out. Every string
    is cleaned (``clean_text``): no control character or lone surrogate gets into the graph."""
    text, source = clean_text(text), clean_text(source)
    url = web_url(clean_text(url) if url else None)
    title = clean_text(title) if title else None
    tags = tuple(clean_text(t) for t in tags)
    authors = tuple(clean_text(a) for a in authors)
    parts = [text, url or "", title or "", published.isoformat() if published else "", *tags]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return Article(
        id=article_id(url, text), text=text, source=source, content_hash=digest, url=url or None,
        title=title or None, published=published, tags=tags, authors=authors,
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
    url = _IRI_CANDIDATE.sub(lambda m: m[0] if _in_iri(m[0]) else quote(m[0]), url)
    if not _valid_iri(url):  # "[" or a second "#" outside the host: encode the parts after it
        parts = urlsplit(url)
        url = urlunsplit(parts._replace(path=quote(parts.path, safe=_SAFE), query=quote(parts.query, safe=_SAFE + "?"),
                                        fragment=quote(parts.fragment, safe=_SAFE + "?")))
    return url if _valid_iri(url) else None


def _valid_iri(url: str) -> bool:
    try:
        ox.NamedNode(url)
    except ValueError:
        return False
    return True


def _in_iri(char: str) -> bool:
    """Whether a character may stand unencoded in an IRI path: RFC 3987's ``ucschar``, less the
    spaces and invisible format characters (U+00A0, U+202E), which parsers take for separators."""
    c = ord(char)
    if char.isspace() or unicodedata.category(char)[0] == "Z" or unicodedata.category(char) == "Cf":
        return False
    if c < 0xA0 or 0xD800 <= c < 0xF900 or 0xFDD0 <= c <= 0xFDEF or 0xFFF0 <= c <= 0xFFFF:
        return False
    return c & 0xFFFF < 0xFFFE and not (0xE0000 <= c < 0xE1000 or c >= 0xF0000)


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
