"""The RDF writer: shape of an article graph, determinism, SHACL conformance (no model needed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.rdf.graph import Run, article_graph, article_nquads
from kg.rdf.iris import Minter, canonical_url, slug
from kg.rdf.namespaces import DBO, GAF, KGO, NIF, PROV, RDF, RDFS, SCHEMA, SEM, XSD
from kg.types import (
    Article, Entity, Extraction, Kind, Link, Mention, Occurrence, Relation, Role, Span, TimeSpan,
)
from tests.handmade import shape_report

ROOT = Path(__file__).resolve().parents[1]
TEXT = (
    "Red Army smashed the Kwantung Army in Manchuria in August 1945.\n\n"
    "It was commanded by Marshal Aleksandr Vasilevsky.\n\n"
    "On Tuesday the shelling wounded 12 civilians and two Estonians."
)
BASE = "https://example.org/kg/"


def span(text: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return Span(start, start + len(text), text)


SENT1 = span(TEXT.split("\n\n")[0])
SENT2 = span(TEXT.split("\n\n")[1])
SENT3 = span(TEXT.split("\n\n")[2])


def mention(text: str, kind: Kind, sentence: Span = SENT1) -> Mention:
    return Mention(span(text), kind, sentence, text)


def extraction() -> Extraction:
    article = Article(
        id="0123456789abcdef", text=TEXT, source="mem", content_hash="x",
        url="https://news.example.com/a", title=None,
        published=dt.datetime(2025, 8, 15, 10, 42, tzinfo=dt.UTC), tags=("red army", "world war ii"),
    )
    entities = (
        Entity("unit/red-army", Kind.UNIT, "Red Army", (mention("Red Army", Kind.UNIT),), aliases=("Soviet Red Army",)),
        Entity("unit/kwantung-army", Kind.UNIT, "Kwantung Army", (mention("Kwantung Army", Kind.UNIT),)),
        Entity("place/manchuria", Kind.PLACE, "Manchuria", (mention("Manchuria", Kind.PLACE),),
               links=(Link("http://sws.geonames.org/2036115/", 0.9, "table"),), lat=44.0, long=126.0),
        Entity("person/aleksandr-vasilevsky", Kind.PERSON, "Aleksandr Vasilevsky",
               (mention("Aleksandr Vasilevsky", Kind.PERSON, SENT2),), titles=("Marshal",)),
        Entity("Q362", Kind.EVENT, "World War II", (),
               links=(Link("http://www.wikidata.org/entity/Q362", 0.95, "table"),), from_tags=True),
        Entity("group/estonians", Kind.GROUP, "Estonians", (mention("Estonians", Kind.GROUP, SENT3),)),
    )
    when = TimeSpan(span("August 1945"), dt.date(1945, 8, 1), dt.date(1945, 8, 31), "1945-08", "P2W", "LESS_THAN")
    occurrence = Occurrence(
        trigger=span("smashed"), sentence=SENT1, event_type="Attack",
        roles=(Role("agent", "unit/red-army"), Role("patient", "unit/kwantung-army"), Role("place", "place/manchuria")),
        time=when, part_of="Q362", confidence=0.9,
    )
    wounding = Occurrence(
        trigger=span("wounded"), sentence=SENT3, event_type="Injury",
        roles=(Role("patient", None, span("civilians"), "12 civilians"), Role("patient", "group/estonians")),
        when=span("Tuesday"),
    )
    relation = Relation("unit/red-army", "commander", "person/aleksandr-vasilevsky", SENT2, 0.6)
    return Extraction(article, entities, (occurrence, wounding), (relation,), (when,))


def build(run_time: dt.datetime | None = None) -> Graph:
    minter = Minter(BASE)
    run = Run(minter.run("r"), run_time or dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    return article_graph(extraction(), minter, run)


def test_article_node_carries_metadata_and_mentions_everything():
    g = build()
    art = URIRef(BASE + "article/0123456789abcdef")
    assert g.identifier == URIRef(BASE + "graph/0123456789abcdef")
    assert (g.identifier, PROV.wasDerivedFrom, art) in g
    assert g.value(art, SCHEMA.url) == URIRef("https://news.example.com/a")
    assert g.value(art, SCHEMA.datePublished) == Literal("2025-08-15T10:42:00Z", datatype=XSD.dateTime)
    assert {str(k) for k in g.objects(art, SCHEMA.keywords)} == {"red army", "world war ii"}
    mentioned = set(g.objects(art, SCHEMA.mentions))
    assert URIRef(BASE + "id/unit/red-army") in mentioned
    assert len(mentioned) == 8  # six entities and two occurrences


def test_mentions_point_back_to_the_exact_text():
    g = build()
    rows = g.query(
        """SELECT ?label ?b ?e ?anchor WHERE {
             ?x rdfs:label ?label ; gaf:denotedBy ?m .
             ?m nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?anchor }""",
        initNs={"gaf": GAF, "nif": NIF},
    )
    assert len(rows) >= 4
    for _label, b, e, anchor in rows:
        assert TEXT[int(b):int(e)] == str(anchor)


def test_occurrence_roles_bounds_and_type():
    g = build()
    occ = next(g.subjects(SEM.eventType, KGO.Attack))
    assert g.value(occ, SCHEMA.agent) == URIRef(BASE + "id/unit/red-army")
    assert g.value(occ, SCHEMA.object) == URIRef(BASE + "id/unit/kwantung-army")
    units = {URIRef(BASE + "id/unit/red-army"), URIRef(BASE + "id/unit/kwantung-army")}
    assert set(g.objects(occ, SEM.hasActor)) == units
    assert g.value(occ, SEM.hasPlace) == URIRef(BASE + "id/place/manchuria")
    assert g.value(occ, SEM.eventType) == KGO.Attack
    assert g.value(occ, SEM.hasEarliestBeginTimeStamp).toPython() == dt.date(1945, 8, 1)
    assert g.value(occ, SEM.hasLatestEndTimeStamp).toPython() == dt.date(1945, 8, 31)
    assert g.value(occ, SEM.subEventOf) == URIRef(BASE + "id/Q362")


def test_an_unnamed_participant_is_a_local_node_that_leads_to_its_words():
    g = build()
    occ = next(g.subjects(SEM.eventType, KGO.Injury))
    victim = g.value(occ, SCHEMA.object)
    civilians = span("civilians")
    assert victim == URIRef(BASE + f"article/0123456789abcdef#participant={civilians.start},{civilians.end}")
    assert (occ, SEM.hasActor, victim) in g
    assert (victim, RDF.type, KGO.UnnamedParticipant) in g
    assert str(g.value(victim, RDFS.label)) == "12 civilians"
    assert str(g.value(g.value(victim, GAF.denotedBy), NIF.anchorOf)) == "civilians"
    assert str(g.value(g.value(occ, GAF.denotedBy), NIF.anchorOf)) == "wounded"
    assert victim not in set(g.objects(None, SCHEMA.mentions))  # not a thing the article is about


def test_a_group_of_people_is_a_people_group_not_a_person():
    g = build()
    group = URIRef(BASE + "id/group/estonians")
    assert set(g.objects(group, RDF.type)) == {KGO.PeopleGroup, SEM.Actor}
    wounding = next(g.subjects(SEM.eventType, KGO.Injury))
    assert (wounding, SCHEMA.object, group) in g


def test_an_undated_time_is_a_labelled_time_without_bounds():
    g = build()
    occ = next(g.subjects(SEM.eventType, KGO.Injury))
    when = g.value(occ, SEM.hasTime)
    assert (when, RDF.type, SEM.Time) in g and str(g.value(when, RDFS.label)) == "Tuesday"
    assert str(g.value(g.value(when, GAF.denotedBy), NIF.anchorOf)) == "Tuesday"
    assert g.value(occ, SEM.hasEarliestBeginTimeStamp) is None


def test_a_bounding_time_gives_only_the_bound_it_sets():
    ext = extraction()
    since = TimeSpan(span("August 1945"), dt.date(1945, 8, 1), dt.date(1945, 8, 31), "1945-08", modifier="AFTER")
    occurrence = replace(ext.occurrences[0], time=since)
    minter = Minter(BASE)
    g = article_graph(replace(ext, occurrences=(occurrence,), times=(since,)), minter,
                      Run(minter.run("r"), dt.datetime(2025, 1, 1, tzinfo=dt.UTC)))
    occ = next(g.subjects(SEM.eventType, KGO.Attack))
    assert str(g.value(occ, KGO.timeBound)) == "AFTER"
    assert g.value(occ, SEM.hasEarliestBeginTimeStamp).toPython() == dt.date(1945, 8, 1)
    assert g.value(occ, SEM.hasLatestEndTimeStamp) is None
    conforms, text = shape_report(g)
    assert conforms, text


def test_relation_keeps_its_evidence_sentence():
    g = build()
    statement = next(g.subjects(RDF.type, RDF.Statement))
    sentence = g.value(statement, NIF.sentence)
    assert str(g.value(sentence, NIF.anchorOf)) == SENT2.text
    assert (URIRef(BASE + "id/unit/red-army"), DBO.commander, URIRef(BASE + "id/person/aleksandr-vasilevsky")) in g


def test_same_input_same_graph_apart_from_the_run_time():
    a = build(dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    b = build(dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    for g in (a, b):
        g.remove((None, PROV.generatedAtTime, None))
    assert isomorphic(a, b)
    assert not any(isinstance(t, type(None)) for t in a)
    minter = Minter(BASE)
    _, nquads = article_nquads(extraction(), minter, Run(minter.run("r"), dt.datetime(2025, 1, 1, tzinfo=dt.UTC)))
    assert b"_:" not in nquads  # no blank nodes: sorted N-Quads compare across runs


@pytest.mark.parametrize("source", ["ontologies/kg.ttl", "ontologies/shapes.ttl"])
def test_ontology_files_parse(source):
    assert len(Graph().parse(ROOT / source)) > 10


def test_our_terms_are_declared_in_the_ontology():
    vocab = Graph().parse(ROOT / "ontologies" / "kg.ttl")
    g = build()
    used = {p for _, p, _ in g if str(p).startswith(str(KGO))}
    used |= {c for c in g.objects(None, RDF.type) if str(c).startswith(str(KGO))}
    used |= set(g.objects(None, KGO.factuality))
    assert KGO.Asserted in used and all((p, None, None) in vocab for p in used)


def test_article_graph_conforms_to_the_shapes():
    conforms, text = shape_report(build())
    assert conforms, text


def test_a_broken_graph_fails_the_shapes():
    data = build()
    occ = next(data.subjects(RDF.type, SCHEMA.Action))
    data.remove((occ, SEM.hasActor, None))
    data.add((occ, SEM.hasEarliestBeginTimeStamp, Literal("1946-01-01", datatype=XSD.date)))
    conforms, text = shape_report(data)
    assert not conforms
    assert "hasActor" in text


def test_iri_helpers_are_stable():
    assert slug("Kim Il-sung") == "kim-il-sung"
    assert slug("Łódź Uprising") == "lodz-uprising"
    assert canonical_url("http://www.Example.com/a/?utm_source=x&b=2#top") == "https://example.com/a?b=2"
    with pytest.raises(ValueError):
        Minter("not an iri")


def test_the_plain_prefix_table_names_rdflibs_vocabularies_as_rdflib_does():
    from rdflib.namespace import OWL, SKOS, TIME

    from kg.rdf.prefixes import PREFIX_IRIS

    vocabularies = {"owl": OWL, "prov": PROV, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "time": TIME, "xsd": XSD}
    assert {p: PREFIX_IRIS[p] for p in vocabularies} == {p: str(ns) for p, ns in vocabularies.items()}
