"""Deterministic IRIs: the same thing gets the same IRI in every article, run and machine.

Patterns (``{base}`` is configurable, default ``https://w3id.org/news-kg/``):

- entity: ``{base}id/{kind}/{slug}``, or ``{base}id/{QID}`` once linked to Wikidata
- occurrence: ``{base}id/event/occ-{hash16}`` from type, agent, object, place and time
- article: ``{base}article/{hash16(canonical url)}``; its graph ``{base}graph/{same}``
- mention: ``{article}#char={begin},{end}`` (RFC 5147)
- calendar period: ``{base}time/{ISO 8601}``
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from rdflib import URIRef

_FOLD = str.maketrans({"Đ": "D", "đ": "d", "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "ß": "ss",
                       "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "ı": "i"})
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_|ref$|cmpid$)")


def h16(key: str) -> str:
    """The first 16 hex digits of SHA-256: 64 bits, collision-safe to ~10^7 items."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def slug(label: str, maxlen: int = 60) -> str:
    """ASCII, lower-case, hyphenated; falls back to a hash for names with no Latin letters."""
    s = unicodedata.normalize("NFKD", label.translate(_FOLD)).encode("ascii", "ignore").decode()
    s = s.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:maxlen].rstrip("-") or "x" + h16(label)[:12]


def canonical_url(url: str) -> str:
    """https, lower-case host without ``www.``, no fragment, no tracking parameters."""
    p = urlsplit(url.strip())
    query = urlencode(sorted((k, v) for k, v in parse_qsl(p.query) if not _TRACKING.match(k)))
    scheme = "https" if p.scheme in ("http", "https") else p.scheme
    path = p.path.rstrip("/") or "/"
    return urlunsplit((scheme, p.netloc.lower().removeprefix("www."), path, query, ""))


def article_id(url: str | None, text: str) -> str:
    """From the canonical URL when there is one, else from the text."""
    return h16(canonical_url(url)) if url else h16("text|" + text)


class Minter:
    """Makes every IRI for one base. Cheap; make one per build."""

    def __init__(self, base: str) -> None:
        if not re.match(r"^https?://[^\s]+/$", base):
            raise ValueError(f"base IRI must be an http(s) IRI ending in '/', got {base!r}")
        self.base = base

    def entity(self, key: str) -> URIRef:
        return URIRef(f"{self.base}id/{key}")

    def entity_key(self, kind: str, label: str) -> str:
        return f"{kind}/{slug(label)}"

    def occurrence(self, key: str) -> URIRef:
        return URIRef(f"{self.base}id/event/occ-{h16('v1|' + key)}")

    def article(self, art_id: str) -> URIRef:
        return URIRef(f"{self.base}article/{art_id}")

    def graph(self, art_id: str) -> URIRef:
        return URIRef(f"{self.base}graph/{art_id}")

    def mention(self, art_id: str, begin: int, end: int) -> URIRef:
        return URIRef(f"{self.base}article/{art_id}#char={begin},{end}")

    def participant(self, art_id: str, begin: int, end: int) -> URIRef:
        """An unnamed participant, local to its article ("12 civilians" at ``begin:end``)."""
        return URIRef(f"{self.base}article/{art_id}#participant={begin},{end}")

    def quotation(self, art_id: str, begin: int, end: int) -> URIRef:
        """What a speaker said, as the article quotes or reports it at ``begin:end``."""
        return URIRef(f"{self.base}article/{art_id}#quote={begin},{end}")

    def undated(self, art_id: str, begin: int, end: int) -> URIRef:
        """A time the article names but that cannot be dated ("Tuesday"), local to the article."""
        return URIRef(f"{self.base}article/{art_id}#time={begin},{end}")

    def time(self, iso: str) -> URIRef:
        return URIRef(f"{self.base}time/{iso}")

    def run(self, stamp: str) -> URIRef:
        return URIRef(f"{self.base}run/{stamp}")

    def agent(self, version: str) -> URIRef:
        return URIRef(f"{self.base}agent/news-kg/{version}")
