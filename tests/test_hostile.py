"""Property-based: arbitrary Unicode (lone surrogates, controls, RTL marks, U+FFFE), URLs,
titles and tags through the readers and every exporter. Nothing raises past the per-file
boundary, and every export parses (pyoxigraph, rdflib, lxml; rapper and xmllint when slow)."""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.ingest import make_article, read_file
from kg.ingest.jsonl import read_lines
from kg.types import Article, Skipped
from kg.xmlchars import NOT_XML
from tests.handmade import XML_FORMATS, check_every_export, extraction, store_articles

PROSE = "The army moved to the river and the people of the town watched it from the bank."
HOSTILE = st.sampled_from(["\x00", "\x01", "\x0b", "\x1f", "\ud800", "\udfff", "\ufffe", "\uffff", "\u202e",
                           "\u200f", "\u0627", "<", "&", "]]>", '"', "\\", "\n", "\r", "\ufeff", "\U0010ffff"])
ANY_TEXT = st.lists(st.one_of(HOSTILE, st.characters()), max_size=20).map("".join)
NO_SURROGATES = st.lists(st.one_of(HOSTILE, st.characters(exclude_categories=("Cs",))), max_size=20).map(
    lambda cs: "".join(c for c in cs if not "\ud800" <= c <= "\udfff"))
# the host's alphabet is named: without it Hypothesis works out which of all 1.1 million code points
# UTF-8 can encode, 2 s on each fresh checkout, to draw from a-z
HOSTS = st.from_regex(r"[a-z]{1,8}", fullmatch=True, alphabet=st.characters(codec="ascii"))
URLS = st.one_of(ANY_TEXT, st.builds(lambda host, rest: f"https://{host}.org/{rest}", HOSTS, ANY_TEXT))
FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _clean(article: Article) -> None:
    strings = [article.text, article.source, article.url or "", article.title or "", *article.tags]
    assert not any(NOT_XML.search(s) for s in strings)


@FAST
@given(title=ANY_TEXT, url=URLS, tags=st.lists(ANY_TEXT, max_size=4), names=st.lists(NO_SURROGATES, max_size=4))
@example(title="", url="https://p.org/\r\xa0\x00", tags=["\x00\r", "\U0010ffff"], names=[])  # rdflib: NBSP is a space
def test_every_export_parses_whatever_the_names(title: str, url: str, tags: list[str], names: list[str]) -> None:
    """Names go into the store raw (controls included), so the exporters themselves must cope."""
    article = make_article(text=f"{title}\n\n{PROSE}", source=f"mem:{title}", url=url, title=title, tags=tags)
    _clean(article)
    with tempfile.TemporaryDirectory() as tmp:
        check_every_export(store_articles(Path(tmp) / "out", [extraction(article, names)]))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3), max_leaves=8)
FIELDS = st.sampled_from(["url", "title", "text", "date", "tags", "authors", "language", "link", "body"])


@FAST
@given(obj=st.dictionaries(FIELDS, JSON_VALUES | ANY_TEXT, max_size=7), text=ANY_TEXT)
def test_json_lines_reader_takes_any_object(obj: dict, text: str) -> None:
    obj.setdefault("text", PROSE + text)
    line = json.dumps(obj).encode()  # lone surrogates travel as "\ud800" escapes
    items = list(read_lines([(1, line)], "mem.jsonl", 1_000_000))
    assert len(items) == 1 and isinstance(items[0], Article | Skipped)
    if isinstance(items[0], Article):
        _clean(items[0])
        with tempfile.TemporaryDirectory() as tmp:
            check_every_export(store_articles(Path(tmp) / "out", [extraction(items[0])]))


@FAST
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".rss", ".xml"]))
def test_any_bytes_in_any_file_are_read_or_skipped(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"f{suffix}"
        path.write_bytes(data + PROSE.encode())
        for item in read_file(path):
            assert isinstance(item, Article | Skipped)
            if isinstance(item, Skipped):
                assert "bug" not in item.reason
            else:
                _clean(item)


def _char_ref(c: str) -> str:
    return f"&#x{ord(c):X};"


@FAST
@example(title="", body="<?", refs=[])  # once read as markup: an open processing instruction ate the text
@given(title=ANY_TEXT, body=ANY_TEXT, refs=st.lists(st.integers(0, 0x10FFFF), max_size=4))
def test_feed_reader_takes_any_title_and_character_references(title: str, body: str, refs: list[int]) -> None:
    escaped = "".join(_char_ref(c) for c in title) + "".join(f"&#{n};" for n in refs)
    # a description holds HTML: text in it is HTML-escaped, then written as XML character references
    described = "".join(_char_ref(c) for c in html.escape(body))
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><item><title>{escaped}</title>'
            f"<description>{described} {PROSE}</description></item></channel></rss>")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.rss"
        path.write_text(feed)
        items = list(read_file(path))
    assert len(items) == 1
    assert isinstance(items[0], Article), items[0]
    _clean(items[0])


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=ANY_TEXT, url=URLS, names=st.lists(NO_SURROGATES, min_size=1, max_size=4))
def test_rapper_and_xmllint_read_every_export(title: str, url: str, names: list[str]) -> None:
    rapper, xmllint = shutil.which("rapper"), shutil.which("xmllint")
    if not (rapper and xmllint):
        pytest.skip("rapper (raptor2-utils) and xmllint (libxml2-utils) are needed")
    article = make_article(text=f"{title}\n\n{PROSE}", source="mem", url=url, title=title)
    with tempfile.TemporaryDirectory() as tmp:
        outputs = check_every_export(store_articles(Path(tmp) / "out", [extraction(article, names)]))
        for fmt, syntax in (("turtle", "turtle"), ("ntriples", "ntriples"), ("nquads", "nquads"),
                            ("trig", "trig"), ("rdfxml", "rdfxml")):
            file = Path(tmp) / f"g.{fmt}"
            file.write_bytes(outputs[fmt])
            proc = subprocess.run([rapper, "-q", "-i", syntax, "-c", str(file), "https://example.org/"],
                                  capture_output=True, text=True)
            assert proc.returncode == 0, (fmt, proc.stderr)
        for fmt in XML_FORMATS:
            file = Path(tmp) / f"g.{fmt}.xml"
            file.write_bytes(outputs[fmt])
            proc = subprocess.run([xmllint, "--noout", str(file)], capture_output=True, text=True)
            assert proc.returncode == 0, (fmt, proc.stderr)
