"""HTML fragments (feed items, JSON fields) to plain paragraphs."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
           "section", "article", "figcaption", "pre", "ul", "ol", "table"}
_DROP = ("script", "style", "noscript", "iframe", "form", "nav", "footer", "aside", "figure")


def strip_html(fragment: str) -> str:
    """Text of an HTML fragment, one paragraph per block element, separated by blank lines."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return " ".join(re.sub(r"<[^>]*>", " ", fragment).split())
    for bad in root.xpath("|".join(f"//{t}" for t in _DROP)):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            if el.tag != "br":
                el.text = "\n" + (el.text or "")
    paragraphs = (" ".join(p.split()) for p in root.text_content().split("\n"))
    return "\n\n".join(p for p in paragraphs if p)
