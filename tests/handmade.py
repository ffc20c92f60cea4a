"""Graphs without the model: articles turned into extractions by hand, stored, and exported.

Every article gets its title (the first line of its text) as a person's mention and its tags
as entities, through the real resolver, RDF writer, Oxigraph store and exporters; only the
spaCy parse is left out, so tests of hostile text stay fast.
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from lxml import etree

from kg.export import FORMATS, export
from kg.pipeline import to_built
from kg.rdf.graph import Run
from kg.rdf.iris import Minter
from kg.resolve import resolve
from kg.store import Store
from kg.types import Article, Extraction, Kind, Mention, Span

BASE = "https://example.org/kg/"
RDF_PARSE = {"turtle": ("turtle", ox.RdfFormat.TURTLE), "trig": ("trig", ox.RdfFormat.TRIG),
             "nquads": ("nquads", ox.RdfFormat.N_QUADS), "ntriples": ("nt", ox.RdfFormat.N_TRIPLES),
             "rdfxml": ("xml", ox.RdfFormat.RDF_XML), "jsonld": ("json-ld", ox.RdfFormat.JSON_LD)}
XML_FORMATS = ("rdfxml", "graphml", "gexf")
JSON_FORMATS = ("jsonld", "cytoscape", "geojson")


def extraction(article: Article, extra_names: Iterable[str] = ()) -> Extraction:
    """The article's first line (and ``extra_names``, written nowhere) as person mentions."""
    first = article.text.split("\n", 1)[0]
    sentence = Span(0, len(first), first)
    mentions = [Mention(sentence, Kind.PERSON, sentence, " ".join(first.split()))]
    mentions += [Mention(sentence, Kind.ORG, sentence, name) for name in extra_names]
    return Extraction(article, resolve([m for m in mentions if m.name], tags=article.tags))


def store_articles(out: Path, extractions: Iterable[Extraction]) -> Path:
    minter = Minter(BASE)
    run = Run.now(minter)
    with Store.open(out, create=True) as store:
        store.write_articles([to_built(x, minter, run) for x in extractions])
    return out


def check_parses(fmt: str, data: bytes) -> None:
    """``data`` parses as ``fmt`` in every parser we have: pyoxigraph and rdflib for RDF, lxml
    for XML, json for JSON."""
    if fmt in RDF_PARSE:
        rdflib_name, ox_format = RDF_PARSE[fmt]
        list(ox.parse(data, format=ox_format))
        rdflib.Dataset().parse(data=data, format=rdflib_name)
    if fmt in XML_FORMATS:
        etree.fromstring(data, etree.XMLParser(resolve_entities=False))
    if fmt in JSON_FORMATS:
        json.loads(data)


def check_every_export(out: Path) -> dict[str, bytes]:
    """Every export format of the store at ``out`` (opened once, read-only), each checked to parse."""
    outputs = {}
    with Store.open(out, read_only=True) as store:
        for fmt in FORMATS:
            dest = io.BytesIO()
            export(store.db, fmt, dest)
            outputs[fmt] = dest.getvalue()
            check_parses(fmt, outputs[fmt])
    return outputs


@functools.cache
def _shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(Path(__file__).parents[1] / "ontologies" / "shapes.ttl")


def shape_report(triples: Iterable) -> tuple[bool, str]:
    """Whether triples conform to ``ontologies/shapes.ttl`` (pySHACL, advanced features), and its report."""
    pyshacl = pytest.importorskip("pyshacl")
    data = rdflib.Graph()
    for triple in triples:
        data.add(triple)
    conforms, _, text = pyshacl.validate(data, shacl_graph=_shapes(), advanced=True)
    return conforms, text
