"""The kinds of entity news-kg extracts, one row each: every per-kind map is derived from here.

A row says which spaCy labels become mentions of the kind, the RDF classes its nodes get, the
class that tells a node of the kind in the store (named queries, the NetworkX projection), its
colour in the exports, its type in ``kg evaluate``, whether it can act in an event, and which
relation, if any, ties it to what it belongs to. ``kg.types.Kind`` is made from these rows.

Order matters where one kind's node also carries another's marker class: a unit is also a
``schema:Organization``, so the unit row comes before the org row (first match wins).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BelongsTo:
    """A relation the text states from a thing of this kind to what it belongs to: "the 88th
    Brigade of the Red Army" (``parentOrganization``)."""

    predicate: str
    """The ``Relation.predicate`` name."""
    property: str
    """The RDF property it is written as (a CURIE)."""
    kinds: tuple[str, ...]
    """Kinds of what it can belong to."""
    links: tuple[str, ...]
    """How the text joins the two: a preposition ("of"), ``poss`` ("Russia's") or ``compound``."""


@dataclass(frozen=True, slots=True)
class KindRow:
    name: str
    """The ``Kind`` value, which is also the IRI path segment: ``id/{name}/{slug}``."""
    labels: tuple[str, ...]
    """spaCy entity labels whose spans become mentions of this kind."""
    classes: tuple[str, ...]
    """``rdf:type`` of every node of the kind (CURIEs); ``sem:Actor`` is added for actors."""
    marker: str | None
    """The class that tells a node of this kind in the store; None for kinds not drawn or queried."""
    color: str | None
    """Node colour in every export (Okabe-Ito, readable by colour-blind people)."""
    evaluation: str | None
    """The gold entity type ``kg evaluate`` scores it as; None when the gold has no such type."""
    actor: bool
    """Can be the agent or patient of an event (``sem:Actor``)."""
    abbreviated: bool = False
    """Its names are written as abbreviations ("Islamic State (IS)", "the UN"): people's are not."""
    belongs_to: BelongsTo | None = None
    resolved: bool = False
    """Its nodes are joined across articles by the corpus identity step (``kg.identity``)."""
    description: str = ""


KINDS: tuple[KindRow, ...] = (
    KindRow("person", ("PERSON",), ("schema:Person",), "schema:Person", "#E69F00", "Person", actor=True,
            resolved=True),
    KindRow("group", ("GROUP",), ("kgo:PeopleGroup",), "kgo:PeopleGroup", "#F0E442", "Person", actor=True,
            resolved=True,
            description='People named together by nationality, faith or side: "Palestinians", "Muslims".'),
    KindRow("unit", ("MILUNIT",), ("schema:Organization", "dbo:MilitaryUnit"), "dbo:MilitaryUnit", "#D55E00",
            "MilitaryUnit", actor=True, abbreviated=True, resolved=True,
            belongs_to=BelongsTo("parentOrganization", "schema:parentOrganization", ("unit", "org"),
                                 ("of", "poss", "in", "within"))),
    KindRow("org", ("ORG",), ("schema:Organization",), "schema:Organization", "#CC79A7", "Organization",
            actor=True, abbreviated=True, resolved=True),
    KindRow("place", ("GPE", "LOC", "FAC"), ("schema:Place", "sem:Place"), "schema:Place", "#009E73", "Place",
            actor=False, abbreviated=True, resolved=True),
    KindRow("event", ("EVENT",), ("sem:Event", "schema:Event"), "schema:Event", "#0072B2", "Event", actor=False,
            abbreviated=True),
    KindRow("date", (), ("sem:Time", "time:ProperInterval"), None, None, "Date", actor=False),
    KindRow("vessel", ("VESSEL",), ("dbo:Ship", "schema:Vehicle"), "dbo:Ship", "#000000", None, actor=True,
            belongs_to=BelongsTo("operator", "dbo:operator", ("unit", "org"), ("of", "poss", "compound")),
            description='Warships, submarines and named ships: "USS Carl Vinson", "the cruiser Moskva".'),
)

BY_NAME = {row.name: row for row in KINDS}
KIND_OF_LABEL = {label: row.name for row in KINDS for label in row.labels}
"""spaCy label -> kind name, for the labels that become mentions."""
ENTITY_LABELS = frozenset(KIND_OF_LABEL)
ACTORS = frozenset(row.name for row in KINDS if row.actor)
ABBREVIATED = frozenset(row.name for row in KINDS if row.abbreviated)
COLORS = {row.name: row.color for row in KINDS if row.color}
EVALUATION_TYPES = tuple(dict.fromkeys(row.evaluation for row in KINDS if row.evaluation))
"""The gold entity types scored, in report order."""
MARKERS = tuple((row.marker, row.name) for row in KINDS if row.marker)
"""(class CURIE, kind name) pairs, first match wins."""
RESOLVED = tuple((marker, name) for marker, name in MARKERS if BY_NAME[name].resolved)
"""The markers of the kinds the corpus identity step joins, first match wins."""


def rdf_classes(name: str) -> tuple[str, ...]:
    """The CURIEs of the ``rdf:type`` every node of kind ``name`` gets."""
    row = BY_NAME[name]
    return row.classes + (("sem:Actor",) if row.actor else ())


def sparql_kind_values() -> str:
    """The ``(class "kind")`` rows of a SPARQL ``VALUES (?type ?kind)`` table, occurrences included."""
    return " ".join(f'({cls} "{name}")' for cls, name in (*MARKERS, ("schema:Action", "occurrence")))
