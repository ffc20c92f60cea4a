"""Relations between entities stated in one sentence, from the dependency parse.

Predicates (subject -> object) and where they come from:
* ``commander`` (unit or named event -> person): "Y, commanded/led by X", "X commanded Y",
  "X, commander of Y", "Y commander X", "X was the commander of Y".
* ``militaryUnit`` (person -> unit): "X of the Y", "X, a soldier/officer in the Y",
  "X served in/with Y", "X joined Y".
* ``parentOrganization`` (unit -> unit, org, or country): "the 88th Brigade of the Red Army",
  "the Red Army's 88th Brigade", "X, part of Y". A country (a place key) is accepted as the
  parent only through a possessive or "of" ("Japan's Kwantung Army"): the RDF stage may
  then treat that country as the state organisation it stands for.
* ``containedInPlace`` (place -> place): "Yida, South Sudan", "Jabaliya in Gaza",
  "X, a town in Y".
* ``subEventOf`` (named event -> named event): "X, an operation of Y", "X during Y",
  "X was one of the last campaigns of Y".
A phrase between the two names (an apposition or the predicate of "is") is followed through
at most three prepositions. Confidences: ``kg.confidence``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.confidence import RELATION_ADJACENT as ADJACENT
from kg.confidence import RELATION_DESCRIBED as DESCRIBED
from kg.confidence import RELATION_STATED as STATED
from kg.kinds import KINDS
from kg.nlp.lexicon import verb_forms
from kg.nlp.participants import EntityIndex, EntityRef
from kg.types import Relation, Span
from kg.nlp.words import words

COMMAND_NOUNS = {"commander", "commanders", "chief", "head", "commandant", "leader", "leaders"}
COMMAND_VERBS = {f for base in ("command", "head") for f in verb_forms(base)} | {"led", "leads", "lead", "leading"}
SERVE_VERBS = {f for base in ("serve", "join", "enlist") for f in verb_forms(base)}
COPULAS = words("verbs", "copula")
PART_PREPS = {"of", "in", "during", "within", "from", "with"}
CONTAINER_PREPS = {"in", "of", "near"}
BELONGS_TO = {row.name: row.belongs_to for row in KINDS if row.belongs_to}


def find_relations(doc: Doc, entity_at: Mapping[tuple[int, int], str]) -> tuple[Relation, ...]:
    """Every relation the text states between two entities, each with its sentence."""
    ents = EntityIndex(doc, entity_at)
    found: dict[tuple[str, str, str], Relation] = {}
    text = ents.text  # sliced: sent.text would make a Token of every word
    for sent in doc.sents:
        sentence = Span(sent.start_char, sent.end_char, text[sent.start_char:sent.end_char])
        for subj, pred, obj, conf in _sentence_relations(sent, ents):
            key = (subj.key, pred, obj.key)
            if subj.key != obj.key and (key not in found or found[key].confidence < conf):
                found[key] = Relation(subj.key, pred, obj.key, sentence, conf)
    return tuple(found.values())


Triple = tuple[EntityRef, str, EntityRef, float]


def _sentence_relations(sent: SpacySpan, ents: EntityIndex) -> Iterator[Triple]:
    heads = _entity_heads(sent, ents)
    for tok, ref in heads:
        yield from _verb_patterns(tok, ref, ents)
        yield from _descriptor_patterns(tok, ref, ents)
        yield from _adjacent_places(tok, ref, ents)


def _entity_heads(sent: SpacySpan, ents: EntityIndex) -> list[tuple[Token, EntityRef]]:
    """The syntactic head token of each entity mention in the sentence."""
    out: dict[tuple[int, int], tuple[Token, EntityRef]] = {}
    doc, get = sent.doc, ents.by_token.get
    for i in range(sent.start, sent.end):  # by index: a Token is made only for entity tokens
        if (ref := get(i)) is None:
            continue
        tok = doc[i]
        head = tok.head
        if ents.at(head) != ref or head.i == i:
            out.setdefault((ref.start, ref.end), (tok, ref))
    return list(out.values())


def _verb_patterns(tok: Token, ref: EntityRef, ents: EntityIndex) -> Iterator[Triple]:
    verb = tok.head
    if verb.lower_ in COMMAND_VERBS and tok.dep_ == "nsubj" and ref.kind == "person":
        for obj in verb.children:
            if obj.dep_ == "dobj":
                yield from ((o, "commander", ref, STATED) for o in ents.of(obj) if o.kind in ("unit", "event"))
    if tok.dep_ == "pobj" and verb.dep_ == "agent" and verb.head.lower_ in COMMAND_VERBS and ref.kind == "person":
        participle = verb.head
        if participle.dep_ == "acl":
            yield from ((o, "commander", ref, STATED) for o in ents.of(participle.head) if o.kind in ("unit", "event"))
    if verb.lower_ in SERVE_VERBS and tok.dep_ == "nsubj" and ref.kind == "person":
        for child in verb.children:
            if child.dep_ == "dobj":
                targets = [child]
            elif child.dep_ == "prep":
                targets = [p for p in child.children if p.dep_ == "pobj"]
            else:
                targets = []
            for target in targets:
                yield from ((ref, "militaryUnit", o, STATED) for o in ents.of(target) if o.kind == "unit")


def _descriptors(tok: Token) -> Iterator[tuple[Token, float]]:
    """Phrases that describe the entity: itself, its appositions, the predicate of "is"."""
    yield tok, STATED
    for child in tok.children:
        if child.dep_ == "appos":
            yield child, STATED
    if tok.dep_ == "appos":
        yield tok.head, STATED
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lower_ in COPULAS:
        for child in tok.head.children:
            if child.dep_ in ("attr", "acomp"):
                yield child, DESCRIBED


def _linked(desc: Token, ents: EntityIndex, depth: int = 3) -> Iterator[tuple[EntityRef, str]]:
    """Entities reached from a descriptor through of/in/during... (or a possessive, a compound)."""
    for child in desc.children:
        if child.dep_ in ("poss", "compound") and (ref := ents.at(child)) is not None:
            yield ref, child.dep_
        elif child.dep_ == "prep" and child.lower_ in PART_PREPS:
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                refs = ents.of(pobj)
                yield from ((r, child.lower_) for r in refs)
                if not refs and depth > 1:
                    yield from _linked(pobj, ents, depth - 1)


def _descriptor_patterns(tok: Token, ref: EntityRef, ents: EntityIndex) -> Iterator[Triple]:
    for desc, conf in _descriptors(tok):
        own = desc.i == tok.i
        command = desc.lower_ in COMMAND_NOUNS or any(
            c.lower_ in COMMAND_NOUNS and c.dep_ == "compound" for c in desc.children)
        for other, how in _linked(desc, ents):
            if other == ref:
                continue
            conf_here = conf if not own else DESCRIBED
            if ref.kind == "person" and other.kind in ("unit", "event") and command:
                yield other, "commander", ref, conf_here
            elif ref.kind == "person" and other.kind == "unit" and how in ("of", "in", "with", "compound"):
                yield ref, "militaryUnit", other, conf_here
            elif (up := BELONGS_TO.get(ref.kind)) and other.kind in up.kinds and how in up.links:
                yield ref, up.predicate, other, conf_here
            elif ref.kind == "unit" and other.kind == "place" and how in ("of", "poss") and own:
                yield ref, "parentOrganization", other, ADJACENT
            elif ref.kind == "place" and other.kind == "place" and how in CONTAINER_PREPS and not own:
                yield ref, "containedInPlace", other, conf_here
            elif ref.kind == "event" and other.kind == "event" and how in ("of", "during", "in", "within"):
                yield ref, "subEventOf", other, conf_here
        if ref.kind == "place" and not own and (other := ents.at(desc)) is not None and other.kind == "place":
            first, second = (ref, other) if ref.start < other.start else (other, ref)
            if _comma_between(tok.doc, first, second):
                yield first, "containedInPlace", second, STATED


def _comma_between(doc: Doc, first: EntityRef, second: EntityRef) -> bool:
    if first.end > second.start:  # the same entity, found again through one of its own words
        return False
    between = doc.char_span(first.end, second.start, alignment_mode="expand")  # not doc.text: O(doc)
    return between is not None and between.text.strip() == "," and "\n" not in between.text


def _adjacent_places(tok: Token, ref: EntityRef, ents: EntityIndex) -> Iterator[Triple]:
    """ "Jabaliya in Gaza", "Yida, South Sudan": a place right after a place."""
    if ref.kind != "place":
        return
    doc = tok.doc
    last = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    if last is None or last.end + 1 >= len(doc):
        return
    nxt, after = doc[last.end], doc[last.end + 1]
    other = ents.at(after)
    if other is None or other.kind != "place" or other == ref:
        return
    if nxt.lower_ == "in":
        yield ref, "containedInPlace", other, ADJACENT
    elif nxt.text == "," and not _listed(doc, last.end + 1, ents):
        yield ref, "containedInPlace", other, DESCRIBED


def _listed(doc: Doc, i: int, ents: EntityIndex) -> bool:
    """True when the place after the comma continues a list ("A, B and C")."""
    ref = ents.at(doc[i])
    j = i
    while j < len(doc) and ents.at(doc[j]) == ref:
        j += 1
    return j < len(doc) and doc[j].lower_ in (",", "and", "or")
