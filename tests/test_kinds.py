"""The kind registry (``kg.kinds``) against everything that lists kinds: the enum, the spaCy
labels, the RDF writer, the shapes, the named queries, the projection and the evaluation."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from kg import kinds
from kg.evaluate.predict import KIND_TYPES
from kg.evaluate.scoring import ENTITY_TYPES
from kg.export.projection import _kind
from kg.export.style import color
from kg.extract import KIND_OF_LABEL
from kg.nlp.components import KEEP
from kg.rdf.graph import RELATION_PROPERTY, TYPES
from kg.rdf.namespaces import SEM, expand
from kg.sparql.named import list_named_queries, named_query
from kg.types import Kind

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ROOT / "ontologies" / "shapes.ttl"


def test_each_row_is_a_kind_and_each_label_names_one_kind() -> None:
    assert [k.value for k in Kind] == [row.name for row in kinds.KINDS]
    labels = [label for row in kinds.KINDS for label in row.labels]
    assert len(labels) == len(set(labels))
    assert {label: kind.value for label, kind in KIND_OF_LABEL.items()} == kinds.KIND_OF_LABEL
    assert set(labels) <= KEEP


def test_a_row_that_carries_another_rows_marker_comes_first() -> None:
    """Where a node of one kind also has another kind's marker (a unit is an Organization),
    the first match must be the more specific row."""
    for i, row in enumerate(kinds.KINDS):
        for later in kinds.KINDS[:i]:
            assert later.marker not in kinds.rdf_classes(row.name), (row.name, later.name)
    for row in kinds.KINDS:
        if row.marker:
            assert row.marker in row.classes
            assert _kind({str(c) for c in TYPES[Kind(row.name)]}) == row.name


def test_the_writer_types_actors_and_writes_each_belongs_to_relation() -> None:
    for row in kinds.KINDS:
        assert (SEM.Actor in TYPES[Kind(row.name)]) == row.actor
        if row.belongs_to:
            assert RELATION_PROPERTY[row.belongs_to.predicate] == expand(row.belongs_to.property)


def test_the_shapes_let_every_actor_kind_act() -> None:
    shapes = Graph().parse(SHAPES)
    allowed = {
        str(path): {c for (c,) in shapes.query(
            """SELECT ?c WHERE { ?shape sh:property ?p . ?p sh:path ?path ; sh:or/rdf:rest*/rdf:first ?alt .
                                 ?alt sh:class ?c }""",
            initNs={"sh": URIRef("http://www.w3.org/ns/shacl#")}, initBindings={"path": path})}
        for path in map(expand, ("schema:agent", "schema:object", "sem:hasActor", "schema:creator"))
    }
    for row in kinds.KINDS:
        if row.actor:
            for path, classes in allowed.items():
                assert set(map(expand, row.classes)) & classes, (row.name, path)


def test_the_named_queries_list_every_drawn_kind() -> None:
    table = [q for q in list_named_queries() if q.name in ("entity-kinds", "top-entities", "co-mentioned")]
    assert len(table) == 3
    for q in table:
        for curie, name in kinds.MARKERS:
            assert f'({curie} "{name}")' in q.text
    assert f'"{kinds.MARKERS[-1][1]}"' in named_query("top-entities", {"kind": kinds.MARKERS[-1][1]})


def test_colours_and_evaluation_types_come_from_the_rows() -> None:
    for row in kinds.KINDS:
        if row.color:
            assert color(row.name) == row.color
        assert KIND_TYPES.get(Kind(row.name)) == row.evaluation
    assert set(ENTITY_TYPES) == {row.evaluation for row in kinds.KINDS if row.evaluation}
