"""Extraction -> one named graph per article (DESIGN §5, reference/ontology.md §5-§7).

Every triple about an article's findings lives in that article's graph, which describes itself
with PROV-O. Entities repeat their types and labels in every graph that mentions them, so a
graph is self-contained evidence and removing an article removes exactly what only it said.
No blank nodes: every node has a deterministic IRI, so two builds give the same N-Quads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import functools
from decimal import Decimal
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg import __version__
from kg.duplicates import signature
from kg.kinds import KINDS, rdf_classes
from kg.rdf.iris import Minter, h16
from kg.rdf import namespaces as ns
from kg.rdf.namespaces import PREFIXES, expand
from kg.types import Entity, Extraction, Kind, Occurrence, Quotation, Relation, Role, Span, TimeSpan


class _Cached:
    """A namespace whose terms are made once: rdflib makes a new ``URIRef`` on every access."""

    def __init__(self, namespace: object) -> None:
        self._ns = namespace
        self._items: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._ns, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        if name not in self._items:
            self._items[name] = self._ns[name]
        return self._items[name]


DBO, GAF, GEO, KGO, NIF, OWL, PROV, RDF, RDFS, SCHEMA, SEM, TIME, WD, XSD = map(_Cached, (
    ns.DBO, ns.GAF, ns.GEO, ns.KGO, ns.NIF, ns.OWL, ns.PROV, ns.RDF, ns.RDFS, ns.SCHEMA, ns.SEM,
    ns.TIME, ns.WD, ns.XSD,
))


TYPES: dict[Kind, tuple[URIRef, ...]] = {kind: tuple(map(expand, rdf_classes(kind))) for kind in Kind}
ROLE_PROPERTY = {
    "agent": SCHEMA.agent,
    "patient": SCHEMA.object,
    "participant": SCHEMA.participant,
    "commander": DBO.commander,
    "place": SEM.hasPlace,
}
RELATION_PROPERTY = {
    "commander": DBO.commander,
    "militaryUnit": DBO.militaryUnit,
    "containedInPlace": SCHEMA.containedInPlace,
    "subEventOf": SEM.subEventOf,
} | {row.belongs_to.predicate: expand(row.belongs_to.property) for row in KINDS if row.belongs_to}
MILITARY_EVENT_WORDS = ("war", "battle", "operation", "offensive", "campaign", "siege", "invasion")
UNIT_CLASS = WD.Q176799


BOUND_MODIFIERS = frozenset({"BEFORE", "AFTER", "END"})
"""TimeML ``mod`` values by which a time bounds an event rather than dating it (``kg.nlp.timex.SIGNALS``)."""


@dataclass(frozen=True, slots=True)
class Run:
    """The build that produced a graph: its IRI and when it ran (the only non-deterministic part)."""

    iri: URIRef
    started: dt.datetime

    @classmethod
    def now(cls, minter: Minter) -> Run:
        started = dt.datetime.now(dt.UTC).replace(microsecond=0)
        return cls(minter.run(started.strftime("%Y-%m-%dT%H-%M-%SZ")), started)


def article_graph(ex: Extraction, minter: Minter, run: Run) -> Graph:
    """The named graph of one article, as an rdflib ``Graph`` whose identifier is its IRI."""
    writer = _written(ex, minter, run)
    graph = Graph(identifier=URIRef(writer.graph))
    for s, p, o in writer.quads:
        graph.add((_rdflib(s), _rdflib(p), _rdflib(o)))
    return graph


def article_nquads(ex: Extraction, minter: Minter, run: Run) -> tuple[str, bytes]:
    """The graph IRI and N-Quads of one article, written without building an rdflib graph."""
    writer = _written(ex, minter, run)
    g = f"<{writer.graph}>"
    text = "".join(f"<{s}> <{p}> {_term(o)} {g} .\n" for s, p, o in writer.quads)  # subjects, predicates: IRIs
    return str(writer.graph), text.encode()


def _written(ex: Extraction, minter: Minter, run: Run) -> _Writer:
    writer = _Writer(ex, minter)
    writer.provenance(run)
    writer.article()
    for entity in ex.entities:
        writer.entity(entity)
    for occurrence in ex.occurrences:
        writer.occurrence(occurrence)
    for relation in ex.relations:
        writer.relation(relation)
    for quotation in ex.quotations:
        writer.quotation(quotation)
    return writer


class Lit(NamedTuple):
    """A literal on the build path: lexical form (already canonical), language, datatype IRI."""

    lexical: str
    lang: str | None = None
    datatype: str | None = None


Term = str | Lit
"""An IRI (``str``, ``URIRef`` included) or a ``Lit``: lighter than rdflib terms on the hot path."""

_NQ_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


@functools.lru_cache(maxsize=1 << 16)
def _term(term: Term) -> str:
    """A term in N-Quads syntax (cached: predicates, classes and entity IRIs repeat a lot)."""
    if isinstance(term, Lit):
        text = '"' + term.lexical.translate(_NQ_ESCAPES) + '"'
        if term.lang:
            return f"{text}@{term.lang}"
        return f"{text}^^<{term.datatype}>" if term.datatype else text
    return f"<{term}>"


def _rdflib(term: Term) -> Node:
    if isinstance(term, Lit):
        return Literal(term.lexical, lang=term.lang, datatype=URIRef(term.datatype) if term.datatype else None)
    return URIRef(term)


_XSD_STRING = str(XSD.string)


@functools.lru_cache(maxsize=1 << 16)
def _typed(value: object, datatype: str) -> Lit:
    """A typed literal in rdflib's canonical lexical form (cached: the values repeat a lot)."""
    lexical = str(Literal(value, datatype=URIRef(datatype)))
    return Lit(lexical, None, None if datatype == _XSD_STRING else datatype)


def _plain(text: str, lang: str | None = None) -> Lit:
    return Lit(text, lang.lower() if lang else None, None)


def to_dataset(graphs: Iterable[Graph]) -> Dataset:
    """Collect article graphs into one rdflib ``Dataset`` with our prefixes bound."""
    ds = Dataset()
    for prefix, namespace in PREFIXES.items():
        ds.bind(prefix, namespace)
    for graph in graphs:
        target = ds.graph(graph.identifier)
        for triple in graph:
            target.add(triple)
    return ds


class _Writer:
    def __init__(self, ex: Extraction, minter: Minter) -> None:
        self.ex = ex
        self.m = minter
        self.aid = ex.article.id
        self.art = minter.article(self.aid)
        self.ctx = minter.mention(self.aid, 0, len(ex.article.text))
        self.graph = minter.graph(self.aid)
        self.iri = {e.key: self.m.entity(e.key) for e in ex.entities}
        self.names = {e.key: e.label for e in ex.entities}
        self.quads: dict[tuple[Term, Term, Term], None] = {}
        self.said_at: dict[tuple[int, int], URIRef] = {}
        self.sentences: dict[tuple[int, int], URIRef] = {}
        """Occurrence node by trigger offsets, for the quotations of statements."""

    def add(self, s: Term, p: Term, o: Term) -> None:
        self.quads[(s, p, o)] = None

    def provenance(self, run: Run) -> None:
        g = self.graph
        self.add(g, RDF.type, PROV.Entity)
        self.add(g, PROV.wasDerivedFrom, self.art)
        self.add(g, PROV.wasGeneratedBy, run.iri)
        self.add(g, PROV.generatedAtTime, _typed(run.started.isoformat().replace("+00:00", "Z"), XSD.dateTime))
        agent = self.m.agent(__version__)
        self.add(run.iri, RDF.type, PROV.Activity)
        self.add(run.iri, PROV.wasAssociatedWith, agent)
        self.add(agent, RDF.type, PROV.SoftwareAgent)
        self.add(agent, RDFS.label, _plain(f"news-kg {__version__}"))

    def article(self) -> None:
        a, art = self.art, self.ex.article
        self.add(a, RDF.type, SCHEMA.NewsArticle)
        if art.url:
            self.add(a, SCHEMA.url, art.url)
        if art.title:
            self.add(a, SCHEMA.headline, _plain(art.title))
        if art.published is not None:
            self.add(a, SCHEMA.datePublished, _date_literal(art.published))
        for tag in art.tags:
            self.add(a, SCHEMA.keywords, _plain(tag))
        for author in art.authors:
            self.add(a, SCHEMA.author, _plain(author))
        self.add(a, SCHEMA.inLanguage, _plain(art.language or "en"))
        self.add(a, SCHEMA.identifier, _plain(self.aid))
        self.add(self.ctx, RDF.type, NIF.Context)
        self.add(self.ctx, NIF.beginIndex, _typed(0, XSD.nonNegativeInteger))
        self.add(self.ctx, NIF.endIndex, _typed(len(art.text), XSD.nonNegativeInteger))
        self.add(self.ctx, SCHEMA.sha256, _plain(hashlib.sha256(art.text.encode()).hexdigest()))
        if (minhash := signature(art.text)) is not None:
            self.add(self.ctx, KGO.minhash, _plain(minhash))
        self.add(self.ctx, SCHEMA.isPartOf, a)
        if art.url:
            self.add(self.ctx, NIF.sourceUrl, art.url)

    def mention(self, span: Span, sentence: Span | None) -> str:
        m = self.m.mention(self.aid, span.start, span.end)
        self.add(m, RDF.type, NIF.Phrase)
        self.add(m, NIF.referenceContext, self.ctx)
        self.add(m, NIF.beginIndex, _typed(span.start, XSD.nonNegativeInteger))
        self.add(m, NIF.endIndex, _typed(span.end, XSD.nonNegativeInteger))
        self.add(m, NIF.anchorOf, _plain(span.text))
        if sentence is not None:
            s = self.sentence(sentence)
            self.add(m, NIF.sentence, s)
        return m

    def sentence(self, sentence: Span) -> str:
        s = self.sentences.get((sentence.start, sentence.end))
        if s is not None:  # written already (most sentences hold several mentions)
            return s
        s = self.sentences[(sentence.start, sentence.end)] = self.m.mention(self.aid, sentence.start, sentence.end)
        self.add(s, RDF.type, NIF.Sentence)
        self.add(s, NIF.referenceContext, self.ctx)
        self.add(s, NIF.beginIndex, _typed(sentence.start, XSD.nonNegativeInteger))
        self.add(s, NIF.endIndex, _typed(sentence.end, XSD.nonNegativeInteger))
        self.add(s, NIF.anchorOf, _plain(sentence.text))
        return s

    def entity(self, e: Entity) -> None:
        node = self.iri[e.key]
        self.add(self.art, SCHEMA.mentions, node)
        for cls in TYPES[e.kind]:
            self.add(node, RDF.type, cls)
        self.add(node, RDFS.label, _plain(e.label, "en"))
        if e.kind is Kind.UNIT:
            self.add(node, SEM.actorType, UNIT_CLASS)
        if e.kind is Kind.EVENT and any(w in e.label.lower() for w in MILITARY_EVENT_WORDS):
            self.add(node, RDF.type, DBO.MilitaryConflict)
        if e.kind is Kind.PERSON and e.titles:
            for title in e.titles:
                self.add(node, SCHEMA.honorificPrefix, _plain(title, "en"))
        for alias in e.aliases:
            self.add(node, SCHEMA.alternateName, _plain(alias, "en"))
        for link in e.links:
            self.add(node, OWL.sameAs, link.iri)
            self.add(node, KGO.linkConfidence, _decimal(link.confidence, 3))
        if e.lat is not None and e.long is not None:
            self.add(node, GEO.lat, _decimal(e.lat, 5))
            self.add(node, GEO.long, _decimal(e.long, 5))
        if e.begin is not None and e.end is not None:
            self.add(node, SEM.hasEarliestBeginTimeStamp, _typed(e.begin.isoformat(), XSD.date))
            self.add(node, SEM.hasLatestEndTimeStamp, _typed(e.end.isoformat(), XSD.date))
        if e.from_tags:
            self.add(self.art, SCHEMA.about, node)
        for mention in e.mentions:
            self.add(node, GAF.denotedBy, self.mention(mention.span, mention.sentence))

    def occurrence(self, occ: Occurrence) -> None:
        node = self.m.occurrence(self._occurrence_key(occ))
        self.said_at[(occ.trigger.start, occ.trigger.end)] = node
        self.add(self.art, SCHEMA.mentions, node)
        self.add(node, RDF.type, SEM.Event)
        self.add(node, RDF.type, SCHEMA.Action)
        self.add(node, RDFS.label, _plain(self._occurrence_label(occ), "en"))
        self.add(node, SEM.eventType, KGO[occ.event_type])
        self.add(node, KGO.confidence, _decimal(occ.confidence, 3))
        self.add(node, KGO.factuality, KGO[occ.factuality])
        self.add(node, GAF.denotedBy, self.mention(occ.trigger, occ.sentence))
        for role in occ.roles:
            target = self.iri.get(role.entity) if role.entity else self.participant(role, occ.sentence)
            if target is None:
                continue
            self.add(node, ROLE_PROPERTY[role.role], target)
            if role.role != "place":
                self.add(node, SEM.hasActor, target)
        if occ.part_of and occ.part_of in self.iri:
            self.add(node, SEM.subEventOf, self.iri[occ.part_of])
        if occ.time is not None:
            self.time(node, occ.time)
        elif occ.when is not None:
            self.undated(node, occ.when, occ.sentence)

    def quotation(self, q: Quotation) -> None:
        """``schema:Quotation``: the words (``schema:text``, with their mention), the speaker
        (``schema:creator``), the entities the words name (``schema:about``) and the statement
        occurrence it came from (``prov:wasGeneratedBy``)."""
        node = self.m.quotation(self.aid, q.text.start, q.text.end)
        self.add(self.art, SCHEMA.hasPart, node)
        self.add(node, RDF.type, SCHEMA.Quotation)
        self.add(node, SCHEMA.text, _plain(q.text.text))
        self.add(node, KGO.direct, _typed(q.direct, XSD.boolean))
        self.add(node, GAF.denotedBy, self.mention(q.text, q.sentence))
        statement = self.said_at.get((q.cue.start, q.cue.end))
        if statement is not None:
            self.add(node, PROV.wasGeneratedBy, statement)
        if q.speaker is not None:
            speaker = self.iri.get(q.speaker.entity) if q.speaker.entity else self.participant(q.speaker, q.sentence)
            if speaker is not None:
                self.add(node, SCHEMA.creator, speaker)
        for key in q.about:
            if key in self.iri:
                self.add(node, SCHEMA.about, self.iri[key])
        if q.time is not None and q.time.begin == q.time.end:  # the day it was said
            self.add(node, SCHEMA.dateCreated, _typed(q.time.begin.isoformat(), XSD.date))

    def participant(self, role: Role, sentence: Span) -> str | None:
        """A node for someone or something the article does not name ("12 civilians", "he")."""
        if role.span is None:
            return None
        node = self.m.participant(self.aid, role.span.start, role.span.end)
        self.add(node, RDF.type, KGO.UnnamedParticipant)
        self.add(node, RDFS.label, _plain(role.label or role.span.text, "en"))
        self.add(node, GAF.denotedBy, self.mention(role.span, sentence))
        return node

    def undated(self, event: str, when: Span, sentence: Span) -> None:
        """A time with words but no calendar bounds: a ``sem:Time`` labelled with the words."""
        period = self.m.undated(self.aid, when.start, when.end)
        self.add(event, SEM.hasTime, period)
        self.add(period, RDF.type, SEM.Time)
        self.add(period, RDFS.label, _plain(when.text))
        self.add(period, GAF.denotedBy, self.mention(when, sentence))

    def time(self, event: str, t: TimeSpan) -> None:
        period = self.m.time(t.value)
        self.add(event, SEM.hasTime, period)
        bound = t.modifier if t.modifier in BOUND_MODIFIERS else None
        if bound:
            self.add(event, KGO.timeBound, _plain(bound))
        if bound != "BEFORE" and bound != "END":
            self.add(event, SEM.hasEarliestBeginTimeStamp, _typed(t.begin.isoformat(), XSD.date))
        if bound != "AFTER":
            self.add(event, SEM.hasLatestEndTimeStamp, _typed(t.end.isoformat(), XSD.date))
        if t.begin == t.end and bound is None:
            day = _typed(t.begin.isoformat(), XSD.date)
            self.add(event, SEM.hasBeginTimeStamp, day)
            self.add(event, SEM.hasEndTimeStamp, day)
        self.add(period, RDF.type, TIME.ProperInterval)
        self.add(period, RDF.type, SEM.Time)
        self.add(period, RDFS.label, _plain(t.value))
        begin, end = f"{period}#beginning", f"{period}#end"
        self.add(period, TIME.hasBeginning, begin)
        self.add(period, TIME.hasEnd, end)
        for instant, day in ((begin, t.begin), (end, t.end)):
            self.add(instant, RDF.type, TIME.Instant)
            self.add(instant, TIME.inXSDDate, _typed(day.isoformat(), XSD.date))
        if t.span is not None:
            self.add(period, GAF.denotedBy, self.mention(t.span, None))
        if t.duration:
            duration = f"{event}#duration"
            self.add(event, TIME.hasDuration, duration)
            self.add(duration, RDF.type, TIME.Duration)
            self.add(duration, TIME.hasXSDDuration, _typed(t.duration, XSD.duration))
            if t.modifier and not bound:
                self.add(duration, KGO.durationModifier, _plain(t.modifier))

    def relation(self, rel: Relation) -> None:
        s, o = self.iri.get(rel.subject), self.iri.get(rel.object)
        if s is None or o is None:
            return
        prop = RELATION_PROPERTY[rel.predicate]
        self.add(s, prop, o)
        if prop == DBO.militaryUnit:
            self.add(s, RDF.type, DBO.MilitaryPerson)
        if prop == DBO.commander:
            self.add(s, SEM.hasActor, o)
        statement = f"{self.graph}#rel-{h16(f'{s}|{prop}|{o}')}"
        self.add(statement, RDF.type, RDF.Statement)
        self.add(statement, RDF.subject, s)
        self.add(statement, RDF.predicate, prop)
        self.add(statement, RDF.object, o)
        self.add(statement, NIF.sentence, self.sentence(rel.sentence))
        self.add(statement, KGO.confidence, _decimal(rel.confidence, 3))

    def _occurrence_key(self, occ: Occurrence) -> str:
        """Same type, agent, patient, place and month -> same node across articles (DESIGN §5);
        what one article reports and another asserts is one happening, what one negates or
        only expects is another node."""
        named = [r for r in occ.roles if r.entity]
        roles = {r.role: sorted(x.entity for x in named if x.role == r.role) for r in named}
        bucket = occ.time.value[:7] if occ.time else ""
        anchors = [roles.get("agent"), roles.get("patient"), roles.get("place"), bucket]
        if sum(1 for a in anchors if a) >= 2:
            stated = [] if occ.factuality in ("Asserted", "Reported") else [occ.factuality]
            return "|".join([occ.event_type, *(",".join(a) if isinstance(a, list) else a or "" for a in anchors),
                             *stated])
        return f"doc|{self.aid}|{occ.trigger.start},{occ.trigger.end}"

    def _occurrence_label(self, occ: Occurrence) -> str:
        def name(role: str) -> str | None:  # a named participant first, else an unnamed one
            found = sorted((r for r in occ.roles if r.role == role), key=lambda r: r.entity is None)
            if not found:
                return None
            return self.names.get(found[0].entity) if found[0].entity else found[0].label

        return " ".join(x for x in (name("agent"), occ.trigger.text, name("patient")) if x)


def _date_literal(value: dt.date | dt.datetime) -> Lit:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        text = value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
        return _typed(text, XSD.dateTime)
    return _typed(value.isoformat(), XSD.date)


def _decimal(value: float, places: int) -> Lit:
    """Canonical lexical form (no trailing zeros), as Oxigraph stores it: builds compare equal."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return _typed(Decimal(text), XSD.decimal)
