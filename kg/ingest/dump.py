"""Scraped page dumps: whatever a scraper saved of a web page as text, article found by its prose.

A dump holds a page's text with more than the article: maybe a metadata block first (title,
meta and JSON-LD values, URL, timestamps), navigation, related stories, widgets and footers;
one line per block, or hard-wrapped by a text browser. The page is cut into blocks
(``blocks``), the article is the densest run of prose blocks (``prose``), and the metadata is
read from the page itself (``pagemeta``). No rule names a site or its words.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kg.ingest import lines as L
from kg.ingest.article import finish, join_text, unique
from kg.ingest.blocks import Block, split_blocks, wrap_width
from kg.ingest.pagemeta import PageMeta, page_meta
from kg.ingest.prose import Choice, choose
from kg.types import Article, Skipped

_HEAD_LINES = 80
_MENU_RUN = 4


@dataclass(frozen=True)
class Reading:
    """How a page was read: its blocks, the choice of article blocks, and the metadata found."""

    blocks: tuple[Block, ...]
    choice: Choice
    meta: PageMeta

    @property
    def body(self) -> list[str]:
        return [self.blocks[i].text for i in sorted(self.choice.kept)]


def looks_like_dump(text: str) -> bool:
    """More than an article: a metadata block (a URL line near the top), hard-wrapped lines, or
    a navigation menu (a run of short menu-shaped or boilerplate lines)."""
    lines = text.splitlines()
    if any(L.URL.match(v) and not L.IMAGE.search(v) for v in map(_value, lines[:_HEAD_LINES])):
        return True
    if wrap_width(lines) is not None:
        return True
    run = 0
    for line in (x for x in lines if x.strip()):
        run = run + 1 if L.is_menu(line) or L.is_junk(line) else 0
        if run >= _MENU_RUN:
            return True
    return False


def _value(line: str) -> str:
    m = L.KEY_VALUE.match(line.strip())
    return m.group(2).strip() if m else line.strip()


def read_page(text: str) -> Reading:
    """The blocks of a page dump, which of them are the article, and the page's metadata."""
    blocks = split_blocks(text)
    choice = choose(blocks)
    start = min(choice.kept) if choice.kept else len(blocks)
    return Reading(tuple(blocks), choice, page_meta(blocks, start, choice.kept))


def read(text: str, source: str) -> Iterator[Article | Skipped]:
    """One article from a page dump, or the reason there is none."""
    reading = read_page(text)
    meta, body = reading.meta, reading.body
    yield finish(
        body="\n".join(body), text=join_text(meta.title, body), source=source, url=meta.url,
        title=meta.title, published=meta.published, tags=unique(meta.tags), authors=unique(meta.authors),
    )
