"""Vessels, the kind added through the registry: found after a cue, written as ``dbo:Ship``
nodes, and tied to the navy that operates them when the text says so. Names are invented."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Graph, URIRef
from spacy.tokens import Doc

from kg.nlp.components import Retype
from kg.nlp.relations import find_relations
from kg.rdf.graph import Run, article_graph
from kg.rdf.iris import Minter
from kg.rdf.namespaces import DBO, RDF, SCHEMA, SEM
from kg.types import Article, Entity, Extraction, Kind, Mention, Relation, Span
from tests.conftest import blank_nlp, doc_with, make_doc
from tests.handmade import shape_report

BASE = "https://example.org/kg/"


@pytest.fixture(scope="module")
def retype() -> Retype:
    return Retype(blank_nlp())


def test_a_prefix_or_a_ship_noun_makes_the_name_after_it_a_vessel(retype: Retype) -> None:
    text = "The frigate Kestrel Maru and HMS Harrow Bay left port. Later Kestrel Maru and Harrow Bay docked."
    doc = retype(doc_with(text, ("Kestrel Maru", "PERSON"), ("Harrow Bay", "GPE"), ("Kestrel Maru", "ORG"),
                                 ("Harrow Bay", "GPE")))
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Kestrel Maru", "VESSEL"), ("HMS Harrow Bay", "VESSEL"), ("Kestrel Maru", "VESSEL"), ("Harrow Bay", "VESSEL")]


def test_a_capitalised_noun_or_a_lone_prefix_marks_nothing(retype: Retype) -> None:
    text = "Ship Owners Union said USS was wrong, and the carrier Velta Air flew on."
    doc = retype(doc_with(text, ("Ship Owners Union", "ORG"), ("Velta Air", "ORG")))
    assert "VESSEL" not in {e.label_ for e in doc.ents}


def _refs(doc: Doc, keys: dict[str, str]) -> dict[tuple[int, int], str]:
    return {(t.idx, t.idx + len(t)): key for t in doc for word, key in keys.items() if t.text == word}


def test_the_navy_of_a_vessel_operates_it() -> None:
    # "Varnia's Navy cruiser Moskal sank ." with a possessive and a compound; "Moskal of the Navy ."
    doc = make_doc(["Navy", "cruiser", "Moskal", "sank", "."], [2, 2, 3, 3, 3],
                   ["compound", "compound", "nsubj", "ROOT", "punct"], ["NNP", "NN", "NNP", "VBD", "."])
    found = find_relations(doc, _refs(doc, {"Navy": "unit/varnian-navy", "Moskal": "vessel/moskal"}))
    assert [(r.subject, r.predicate, r.object) for r in found] == [("vessel/moskal", "operator", "unit/varnian-navy")]
    doc = make_doc(["Moskal", "of", "the", "Navy", "sank", "."], [4, 0, 3, 1, 4, 4],
                   ["nsubj", "prep", "det", "pobj", "ROOT", "punct"], ["NNP", "IN", "DT", "NNP", "VBD", "."])
    found = find_relations(doc, _refs(doc, {"Navy": "unit/varnian-navy", "Moskal": "vessel/moskal"}))
    assert [(r.subject, r.predicate, r.object) for r in found] == [("vessel/moskal", "operator", "unit/varnian-navy")]


def test_a_place_does_not_operate_a_vessel() -> None:
    doc = make_doc(["Varnia", "'s", "cruiser", "Moskal", "sank", "."], [3, 0, 3, 4, 4, 4],
                   ["poss", "case", "compound", "nsubj", "ROOT", "punct"], ["NNP", "POS", "NN", "NNP", "VBD", "."])
    assert find_relations(doc, _refs(doc, {"Varnia": "place/varnia", "Moskal": "vessel/moskal"})) == ()


def _vessel_graph() -> Graph:
    text = "The cruiser Moskal of the Varnian Navy sank."
    sentence = Span(0, len(text), text)

    def mention(name: str, kind: Kind) -> Mention:
        start = text.index(name)
        return Mention(Span(start, start + len(name), name), kind, sentence, name)

    extraction = Extraction(
        Article(id="0123456789abcdef", text=text, source="mem", content_hash="x"),
        (Entity("vessel/moskal", Kind.VESSEL, "Moskal", (mention("Moskal", Kind.VESSEL),)),
         Entity("unit/varnian-navy", Kind.UNIT, "Varnian Navy", (mention("Varnian Navy", Kind.UNIT),))),
        relations=(Relation("vessel/moskal", "operator", "unit/varnian-navy", sentence, 0.7),),
    )
    minter = Minter(BASE)
    return article_graph(extraction, minter, Run(minter.run("r"), dt.datetime(2025, 1, 1, tzinfo=dt.UTC)))


def test_a_vessel_is_a_ship_and_a_vehicle_operated_by_its_navy() -> None:
    g = _vessel_graph()
    ship, navy = URIRef(BASE + "id/vessel/moskal"), URIRef(BASE + "id/unit/varnian-navy")
    assert {DBO.Ship, SCHEMA.Vehicle, SEM.Actor} == set(g.objects(ship, RDF.type))
    assert (ship, DBO.operator, navy) in g


def test_a_vessel_graph_conforms_to_the_shapes() -> None:
    conforms, text = shape_report(_vessel_graph())
    assert conforms, text


@pytest.mark.slow
def test_the_model_finds_vessels_and_their_navies(nlp) -> None:
    from kg.extract import extract_doc

    text = ("The destroyer Varnik of the Ostrian Navy sailed into the Kelso Strait on Monday. "
            "The Ostrian Navy's cruiser Moskal sank after missiles struck it.")
    ex = extract_doc(nlp(text), Article(id="0" * 16, text=text, source="t", content_hash="h"))
    vessels = {e.label for e in ex.entities if e.kind is Kind.VESSEL}
    assert vessels == {"Varnik", "Moskal"}
    navy = next(e.key for e in ex.entities if e.label == "Ostrian Navy")
    assert {(r.subject, r.object) for r in ex.relations if r.predicate == "operator"} == {
        ("vessel/varnik", navy), ("vessel/moskal", navy)}
