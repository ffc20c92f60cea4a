"""Roles of an occurrence: who does it, to whom or what, and where, read from the dependency parse.

A slot's head names an entity of ``entity_at`` or, failing
that, an unnamed participant (``unnamed``: "12 civilians", "a car bomb", "he", "496"); every role
keeps the words it was found at:
* agent: subject of an active verb, "by" phrase of a passive, subject of a light verb
  ("launched an attack", "could have a deal"), possessor or "by" phrase of a nominal, the
  antecedent of "whose" ("the unions whose strike"); patient: direct object (an event noun too:
  "repelled an attack"), passive subject, whom something is told, "of"/"on"/"against" phrase of
  a nominal, "at" of an active verb ("fired at the car"), "on" a person (not of a statement:
  "said on Twitter"), whom a harming verb
  with the event noun as subject harms ("two explosions killed four people"). Intransitive types say
  which role their subject and possessor take (``_FRAMES``): "Japan's surrender" -> agent
  Japan, "the city's liberation" -> patient, "X died" -> patient. Of event nouns only disasters
  act ("an earthquake struck"): people do the rest.
* a place: a named place in an object slot, an unnamed particular one ("an army base", "the
  region was hit"; "destroyed homes" is a patient), what is under in/at/near/across/... ("to"
  only for going and visiting), inside such a phrase ("the market in Strasbourg", "an attack
  on its positions near the river"), in the subject ("a court in Rotterdam"), as the compound
  of a nominal ("pub bombings"), after its copula ("the blast was at a bus station"), in the
  clause a bare participle adds to ("shelled X, killing four") or in a "when" clause on it. A
  bare singular place noun is the institution, not a place ("sent to prison").
* an object predicate's object is its patient ("left 20 people dead").
* coordination, appositions (a named one first: "the UN envoy, Sofia Marquez"), "forces of X",
  relative clauses (in their own voice: "a driver who was shot"; "which" never a person) and
  conjoined verbs sharing a subject are followed; an infinitive takes the subject of the verb
  or adjective governing it, in its own voice ("is expected to visit" -> agent, "is expected
  to be freed" -> patient), or the person it is told to ("urged the rebels to withdraw"); a
  purpose clause and an -ing clause after a preposition take their controller ("marched to
  protest", "accused Washington of sending"). A personal pronoun subject (it/they/he/she)
  takes the reporter of its clause ("the Union said it would send"), else the main-clause
  subject entity of the previous sentence when that is a unit, person or organisation; "he" or
  "she" with no such person (or one whose first name is of the other sex: ``kg.nlp.first_names``),
  and a description made of an adjective ("the 56-year-old said"),
  the last person named as a subject before (``Antecedents``).
* the place of a dateline ("OSLO (AP) -") and an unnamed date ("1998") never fill a role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Token

from kg.kinds import ACTORS
from kg.nlp.factuality import load_words, with_to
from kg.nlp.first_names import sex_of
from kg.nlp.lexicon import load_lexicon, verb_forms
from kg.nlp.participants import QUANTITIES, EntityIndex, EntityRef, dateline, unnamed
from kg.nlp.text import text_of
from kg.nlp.timex import POINT_IN_TIME
from kg.nlp.words import words
from kg.types import Role, Span

PLACE_PREPS = {"in", "at", "near", "across", "inside", "outside", "throughout", "into", "around",
               "over", "from", "to", "toward", "towards", "through", "within", "off",
               "along", "on", "against", "of"}
NEAR = {"in", "at", "near"}
PATIENT_PREPS = {"on", "against", "of"}
PARTICIPANT_PREPS = {"with", "between", "among", "alongside", "to"}
LIGHT_AGENT = {"launch", "carry", "conduct", "stage", "mount", "make", "hold", "begin", "start",
               "continue", "resume", "unleash", "lead", "step", "plan", "commit", "have", "reach", "sign", "cut",
               "agree", "seal"}
"""Verbs whose subject does the event noun they take: "launched an attack", "began talks", "have a deal",
"reached an agreement", "agrees a deal", "struck a deal", "cut short a visit"."""
SEQUENCE = {"after", "before", "following"}
"""Prepositions that put an event noun before or after what the verb's subject did: the subject
did both ("arrived after a visit", "flew home after talks in Geneva"), unless the noun has its
own possessor or its subject undergoes it ("before Ford's death")."""
LIGHT_PATIENT = {"suffer", "sustain", "receive", "face", "survive", "endure", "undergo"}
PRONOUNS = words("pronouns", "subject")
FIRST_PERSONS = {"i", "we"}
QUOTE_REACH = 120
"""How many tokens a quotation around a first-person pronoun may reach on each side."""
TIME_WORDS = re.compile(rf"(?:(?:the|last|next|this)\s+)?(?:1\d{{3}}|20\d{{2}}|{POINT_IN_TIME.pattern})", re.I)
"""A year or a point in time as a whole unnamed phrase: a date is never a participant ("in 1998, when ...")."""
OCCUR = words("verbs", "occur")
OBJECT_CONTROL = {"of", "for", "from"}
"""Prepositions whose -ing clause the verb's object does: "accused X of sending", "blamed X for", "stopped X from"."""
NOUNS = {"NN", "NNS", "NNP", "NNPS", "PRP"}
DEFINITE = {"the", "this", "that", "these", "those"}
ACTOR_LABELS = {"PERSON", "ORG", "NORP", "GPE", "MILUNIT"}
"""Entity labels of those who can be told to act."""
FORCES = ("Disaster",)
"""Event types whose noun can do another event: forces of nature and accidents."""
HARMING = {"Attack", "Killing", "Injury", "Destruction"}
"""Types whose verb harms its object: with an event noun as subject, the object undergoes that event too."""
MOVING = {"MovementOfForces", "Withdrawal"}
"""Types whose object is a way or a goal: "crossed the border" is where, "destroyed homes" is what."""


@dataclass(frozen=True, slots=True)
class _Frame:
    subject: str = "agent"
    possessor: str = "agent"
    of: str = "patient"
    to: bool = False
    """Whether where a verb of this type goes "to" is its place ("moved to Denmark", "a visit to
    Brazil"), not its outcome ("sentenced to prison")."""
    at: bool = True
    """Whether what a verb of this type is done "at" (not a place) undergoes it: "fired at the car",
    not "said at a news conference"."""
    on: bool = True
    """Whether what an event of this type is "on" undergoes it ("fired on protesters", "an attack on
    the town"), not where or what it is told about ("said on Twitter", "a statement on Syria")."""


_FRAMES = {
    "Surrender": _Frame(of="agent", at=False), "Withdrawal": _Frame(of="agent", to=True, at=False),
    "MovementOfForces": _Frame(of="agent", to=True, at=False), "Statement": _Frame(of="agent", at=False, on=False),
    "Meeting": _Frame(possessor="participant", of="participant", to=True, at=False),
    "Fighting": _Frame(possessor="participant", of="participant"),
    "Protest": _Frame(of="agent", at=False),
    "Death": _Frame(subject="patient", possessor="patient"),
    "Explosion": _Frame(subject="participant", possessor="participant", of="participant"),
    "Liberation": _Frame(possessor="patient"), "CaptureOrOccupation": _Frame(possessor="patient"),
    "Killing": _Frame(possessor="patient"), "Injury": _Frame(possessor="patient"),
    "Arrest": _Frame(possessor="patient"), "Trial": _Frame(possessor="patient"),
    "Release": _Frame(possessor="patient"), "Kidnapping": _Frame(possessor="patient"),
    "Destruction": _Frame(possessor="patient"), "Expulsion": _Frame(possessor="patient"),
    "Disaster": _Frame(possessor="place", of="participant"),
}


def when_clause(verb: Token) -> bool:
    """A "when" clause: it happens at the time and place of the clause it hangs on."""
    return verb.dep_ == "advcl" and any(c.dep_ == "advmod" and c.lower_ == "when" for c in verb.children)


def participial(verb: Token) -> bool:
    """An -ing clause or a "to" infinitive with neither subject nor conjunction, adding to its
    head's event ("..., killing four", "marched on Wednesday to protest")."""
    return verb.dep_ == "advcl" and _bare(verb) and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def clause_verb(tok: Token) -> Token:
    """The verb heading ``tok``'s clause (``tok`` itself when a verb), else the sentence root."""
    while not (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")) and tok.head.i != tok.i:
        tok = tok.head
    return tok


@dataclass(frozen=True, slots=True)
class Antecedents:
    """Whom a pronoun or a description may stand for, from the sentences before: the main-clause
    subject of the previous one (kept while the sentences go on with a pronoun subject) and the
    last person named."""

    subject: EntityRef | None = None
    person: EntityRef | None = None


@dataclass(frozen=True, slots=True)
class Support:
    """What the roles found say for the occurrence: a named agent, another named role, a resolved pronoun."""

    agent: bool = False
    other: bool = False
    resolved: bool = False


def find_roles(head: Token, start: int, end: int, verbal: bool, typ: str, ents: EntityIndex,
               previous: Antecedents, text: str) -> tuple[list[Role], Support]:
    """The agents, patients, places and other participants of the event whose trigger (``start``
    to ``end``, a verb when ``verbal``) has ``head``, as an event of type ``typ``; ``previous``
    says whom a pronoun subject stands for when nothing in its own sentence does."""
    frame = _FRAMES.get(typ, _Frame())
    slots: list[tuple[str, EntityRef]] = []
    resolved = False
    if verbal:
        resolved = _verb_slots(head, typ, ents, previous, slots)
    else:
        _noun_slots(head, frame, ents, slots)
    roles: list[Role] = []
    seen: set[str | tuple[int, int]] = set()
    for role, ref in slots:
        identity = ref.key or (ref.start, ref.end)
        if (ref.kind == "event" or identity in seen or ref.start < end and start < ref.end
                or dateline(ref, text) or not ref.key and TIME_WORDS.fullmatch(text, ref.start, ref.end)):
            continue
        if role in ("patient", "participant") and ref.kind == "place" and (ref.key or typ in MOVING):
            role = "place"  # "shelled Lesko Nova", "crossed the border"
        seen.add(identity)
        roles.append(Role(role, ref.key or None, Span(ref.start, ref.end, text[ref.start:ref.end]), ref.label))
    have = {r.role for r in roles if r.entity}
    return roles, Support("agent" in have, bool(have - {"agent"}), resolved)


def _subject(verb: Token) -> Token | None:
    """The verb's own subject, else the subject of the verb it is conjoined with or governed by
    ("is due to meet": the subject of "is"; "marched to protest": of "marched"). An -ing clause
    after "of", "for" or "from" takes the governing verb's object when it has one ("accused
    Washington of sending", "blamed smugglers for sending"), else its subject ("after crossing",
    "made this about money by saying")."""
    while True:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.tag_.startswith("VB"):
            prep, verb = verb.head.lower_, verb.head.head
            obj = _object(verb) if prep in OBJECT_CONTROL else None
            if obj is not None:
                return obj
            continue
        if _ranked(verb):
            verb = verb.head.head  # "Samsung was the first to release": the copula's subject
            continue
        chained = verb.dep_ in ("conj", "xcomp", "acomp") or (verb.dep_ == "advcl" and _bare(verb))
        if not chained or verb.head.i == verb.i:
            return None
        if verb.dep_ == "xcomp" and (controller := _controller(verb.head)) is not None:
            return controller
        verb = verb.head


def _ranked(verb: Token) -> bool:
    """An infinitive on the predicate noun or adjective of a copula ("was the first to release",
    "is the only one to sign"): its doer is the copula's subject."""
    return (verb.dep_ in ("relcl", "acl") and verb.tag_ == "VB" and verb.head.dep_ == "attr"
            and with_to(verb))


def _antecedent(pronoun: Token) -> Token:
    """What a relative pronoun stands for: the noun its clause hangs on; "which" never stands for a
    person ("a rally for the president which killed 26": the rally)."""
    noun = pronoun.head.head
    person = noun.ent_type_ == "PERSON" or (ref := unnamed(noun)) is not None and ref.kind == "person"
    if pronoun.lower_ == "which" and person and noun.dep_ == "pobj" and noun.head.head.i != noun.head.i:
        return noun.head.head
    return noun


def _controller(verb: Token) -> Token | None:
    """The person or group ``verb`` directs to do its infinitive: "urged the rebels to withdraw",
    "called on both commanders to meet" (not a thing: "used gas to disperse")."""
    candidates = [c for c in verb.children if c.dep_ == "dobj"]
    candidates += [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "on" for p in c.children
                   if p.dep_ == "pobj"]
    for tok in candidates:
        ref = unnamed(tok)
        if tok.ent_type_ in ACTOR_LABELS or ref is not None and ref.kind == "person":
            return tok
    return None


def _bare(verb: Token) -> bool:
    """An -ing clause or a "to" infinitive with no conjunction of its own ("..., killing four",
    "marched to protest"): it shares its head's subject."""
    infinitive = verb.tag_ == "VB" and with_to(verb)
    return (verb.tag_ == "VBG" or infinitive) and not any(c.dep_ == "mark" for c in verb.children)


def _passive_subject(verb: Token, subj: Token) -> bool:
    """Whether ``subj`` undergoes ``verb``: the subject of a passive verb, or one shared with a
    conjoined passive; through an infinitive or an -ing clause, the verb's own voice decides ("is
    expected to visit": the subject visits; "is expected to be freed": it is freed)."""
    if subj.head.i == verb.i or all(t.dep_ == "conj" for t in _path(verb, subj.head)):
        return subj.dep_ == "nsubjpass"
    return any(c.dep_ == "auxpass" for c in verb.children)


def _path(verb: Token, top: Token) -> list[Token]:
    """The verbs from ``verb`` up to (not including) ``top``."""
    out = []
    while verb.i != top.i and verb.head.i != verb.i:
        out.append(verb)
        verb = verb.head
    return out


def _target(tok: Token, found: list[EntityRef], role: str) -> str:
    """A patient slot filled by a particular place is the event's place ("attacked an army base",
    "the region was hit"); places as a plural without "the" are what it affects ("destroyed
    homes", "whose homes were destroyed")."""
    if role != "patient" or not found or any(e.kind != "place" for e in found):
        return role
    particular = tok.tag_ != "NNS" or any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children)
    return "place" if particular and tok.lower_ not in QUANTITIES else role


def _reporter(pronoun: Token, ents: EntityIndex) -> EntityRef | None:
    """Whom a pronoun subject of a reported clause stands for: the reporter, when a fitting
    actor ("the Union said it would send", "Berg said he had met")."""
    clause = pronoun.head
    while clause.dep_ == "conj":
        clause = clause.head
    if clause.dep_ != "ccomp" or (reporter := _subject(clause.head)) is None:
        return None
    found = [e for e in ents.fill(reporter) if (e.kind in ACTORS or not e.key and e.kind != "place")
             and _fits(pronoun, e)]  # "the ministry said it would not release them"
    return found[0] if found else None


def _referent(subj: Token, ents: EntityIndex, previous: Antecedents) -> EntityRef | None:
    """Whom a pronoun subject stands for ("I" and "we" only the speaker of the quotation marks they
    are in: '"We will fight," the general said'; else its reporter, the previous sentence's subject, for "he"
    and "she" a person named as a subject before it in its sentence, else before its sentence),
    or a description made of an adjective ("the 56-year-old", "the latter": the last person
    named as a subject)."""
    if subj.lower_ in FIRST_PERSONS:  # the speaker of the words they are in, or no one named
        closing = _closing_quote(subj)
        referent = None if closing is None else _reporter(subj, ents) or _quoted_speaker(closing, ents, previous)
        return referent if referent is not None and _fits(subj, referent) else None
    if subj.lower_ in PRONOUNS:
        referent = _reporter(subj, ents) or previous.subject
        if (referent is None or not _fits(subj, referent)) and subj.lower_ in ("he", "she"):
            referent = _earlier_subject(subj, ents) or previous.person
        return referent if referent is not None and _fits(subj, referent) else None
    described = subj.tag_ == "JJ" and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in subj.children)
    return previous.person if described and unnamed(subj) is None else None


def _closing_quote(pronoun: Token) -> Token | None:
    """The quotation mark that closes the quotation ``pronoun`` is in; None outside quotation marks
    (the writer's "I" and "we", also in reported speech: "they replied that I was wrong")."""
    doc = pronoun.doc
    before = (t for t in reversed(doc[max(0, pronoun.i - QUOTE_REACH):pronoun.i]) if t.tag_ in ("``", "''"))
    after = (t for t in doc[pronoun.i:pronoun.i + QUOTE_REACH] if t.tag_ in ("``", "''"))
    opening, closing = next(before, None), next(after, None)
    quoted = opening is not None and opening.tag_ == "``" and closing is not None and closing.tag_ == "''"
    return closing if quoted else None


def _quoted_speaker(closing: Token, ents: EntityIndex, previous: Antecedents) -> EntityRef | None:
    """Who speaks the quotation that ends at ``closing``: the subject of the verb of saying after it
    ('"We have moved. The road is cut," he said')."""
    cue = next((t for t in closing.sent if t.i > closing.i and t.lower_ in load_words().reporting), None)
    subj = _subject(cue) if cue is not None else None
    if subj is None:
        return None
    found = ents.fill(subj)
    return found[0] if found and found[0].key else _referent(subj, ents, previous)


def named_subject(tok: Token) -> bool:
    """Whether ``tok`` heads a subject or the name set beside one ("The head of the union, Gerda
    Fallon, answered")."""
    subject = ("nsubj", "nsubjpass")
    return tok.dep_ in subject or tok.dep_ == "appos" and tok.head.dep_ in subject


def _earlier_subject(pronoun: Token, ents: EntityIndex) -> EntityRef | None:
    """The last person named as a subject before ``pronoun`` in its sentence ("Paul had ten
    assists, and he did not clash with Rondo")."""
    for i in range(pronoun.i - 1, -1, -1):
        tok = pronoun.doc[i]
        if named_subject(tok) and (ref := ents.at(tok)) and ref.kind == "person" and ref.key:
            return ref
        if tok.is_sent_start:
            return None
    return None


def _fits(pronoun: Token, ref: EntityRef) -> bool:
    """Whether a personal pronoun can stand for ``ref``: "he" and "she" for a person whose first name
    is not of the other sex, "it" for anything else, "they" and "we" for either."""
    if pronoun.lower_ in ("they", "we"):
        return True
    if pronoun.lower_ == "i":
        return ref.kind == "person"
    personal = pronoun.lower_ in ("he", "she")
    if (ref.kind == "person") != personal:
        return False
    sex = personal and (sex_of(text_of(pronoun.doc)[ref.start:ref.end]) or sex_of(ref.key))
    return not sex or sex == ("m" if pronoun.lower_ == "he" else "f")


def _event_noun(tok: Token, only: tuple[str, ...] = ()) -> list[EntityRef]:
    """An event noun as a participant of another event: what "repelled an attack" or "signed a
    truce" acts on; with ``only``, just events of those types ("the earthquake destroyed homes":
    a force of nature acts, where a human act's doers are people)."""
    types = load_lexicon().nouns.get((tok.lower_,), ()) if tok.tag_ in ("NN", "NNS") else ()
    if not types or only and not set(types) & set(only):
        return []
    return [EntityRef("", "thing", tok.idx, tok.idx + len(tok), tok.doc[tok.left_edge.i:tok.i + 1].text)]


def _object(verb: Token) -> Token | None:
    """The direct object of ``verb``: whom "left 20 people dead" leaves dead."""
    return next((c for c in verb.children if c.dep_ == "dobj"), None)


def _verb_slots(verb: Token, typ: str, ents: EntityIndex, previous: Antecedents,
                slots: list[tuple[str, EntityRef]]) -> bool:
    frame, resolved = _FRAMES.get(typ, _Frame()), False
    subj = _subject(verb)
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "attr", "oprd")
               and not any(g.dep_ == "case" for g in c.children)]  # a possessor parsed as object
    passive = subj is not None and _passive_subject(verb, subj)
    if subj is not None and subj.tag_ in ("WDT", "WP") and subj.head.dep_ == "relcl":
        subj = _antecedent(subj)  # "a driver who was shot", "a group that tried to enter"
    elif verb.dep_ == "relcl" and not objects and subj is not None and subj.dep_ != "nsubjpass":
        slots += [("patient", e) for e in ents.fill(verb.head)]
    if verb.dep_ in ("acl", "amod"):  # "workers held in Varnia", "detained aid workers", "a truce, signed"
        role = "patient" if verb.tag_ == "VBN" else frame.subject
        slots += [(role, e) for e in ents.fill(verb.head) or _event_noun(verb.head)]
    if subj is not None:
        role = "patient" if passive else frame.subject
        found = ents.of(subj)
        if not found and subj.dep_ == "nsubj" and (referent := _referent(subj, ents, previous)) is not None:
            found, resolved = [replace(referent, start=subj.left_edge.idx,
                                       end=subj.idx + len(subj))], True
        found = found or ents.fill(subj) or _event_noun(subj, () if passive else FORCES)
        role = _target(subj, found, role)
        slots += [(role, e) for e in found] + _located(subj, ents)  # "a court in Rotterdam convicted"
    if any(c.dep_ == "dative" for c in objects):  # "told him the news": whom, not what
        objects = [c for c in objects if c.dep_ == "dative"]
    for obj in objects:
        found = ents.fill(obj) or _event_noun(obj)
        slots += [(_target(obj, found, "patient"), e) for e in found]
        slots += _located(obj, ents)
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by" and verb.tag_ == "VBN"):
            for p in (p for p in child.children if p.dep_ == "pobj"):
                slots += [("agent", e) for e in ents.fill(p) or _event_noun(p, FORCES)] + _located(p, ents)
        elif child.dep_ == "prep" and child.lower_ != "by":  # "won by 2,000 votes" names no one
            _prep_slots(child, frame, ents, slots, nominal=False)
    if not any(role == "place" for role, _ in slots):
        if participial(verb) and verb.tag_ == "VBG":
            slots += _places(verb.head, ents)  # "shelled the town of X, killing four": in X
        for when in (c for c in verb.children if c.dep_ == "advcl" and when_clause(c)):
            slots += _places(when, ents)  # "died when the river burst its banks in X"
    return resolved


def _places(verb: Token, ents: EntityIndex) -> list[tuple[str, EntityRef]]:
    """The places of ``verb``'s own clause: its place phrases and its named place objects."""
    out: list[tuple[str, EntityRef]] = []
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
            out += [("place", e) for p in child.children if p.dep_ == "pobj" for e in ents.fill(p) if e.kind == "place"]
        elif child.dep_ == "dobj":
            out += [("place", e) for e in ents.of(child) if e.kind == "place"]
    return out


def _noun_slots(noun: Token, frame: _Frame, ents: EntityIndex, slots: list[tuple[str, EntityRef]]) -> None:
    for child in noun.children:
        if child.dep_ == "poss" and child.tag_ == "WP$" and (verb := clause_verb(noun)).dep_ == "relcl":
            slots += [(frame.possessor, e) for e in ents.fill(verb.head)]  # "the unions whose strike"
        elif child.dep_ == "poss":
            slots += [(frame.possessor, e) for e in ents.fill(child)]
        elif child.dep_ in ("compound", "amod", "nmod") and (ref := ents.at(child)) is not None:
            slots.append((frame.possessor, ref))
        elif child.dep_ == "compound" and (ref := unnamed(child)) is not None and ref.kind == "place":
            slots.append(("place", ref))  # "pub bombings"
        elif child.dep_ == "prep" and child.lower_ == "by":
            slots += [("agent", e) for p in child.children if p.dep_ == "pobj" for e in ents.fill(p)]
        elif child.dep_ == "prep":
            _prep_slots(child, frame, ents, slots, nominal=True)
    head = noun.head
    if noun.dep_ in ("dobj", "attr") and head.tag_.startswith("VB"):
        role = _light_role(head.lower_, frame)
        subj = _subject(head)
        if subj is not None and subj.tag_ in ("WDT", "WP") and head.dep_ == "relcl":
            subj = _antecedent(subj)  # "Ferri, who cut short a visit"
        if role and subj is not None:
            slots += [(role, e) for e in ents.fill(subj)]
    elif noun.dep_ == "nsubj" and head.lower_ in OCCUR or noun.dep_ == "nsubjpass":
        slots += _located(head, ents, PLACE_PREPS)  # "the blast was at a bus station", "fire was heard in X"
    elif noun.dep_ == "nsubj" and head.tag_.startswith("VB"):  # "an earthquake struck eastern Turkey"
        slots += [(role, e) for role, e in _places(head, ents) if e.key]  # "talks collapsed in Geneva"
        slots += [("patient", e) for obj in _harmed(head) for e in ents.fill(obj)]
    elif noun.dep_ == "pobj" and head.lower_ == "in" and head.head.tag_.startswith("VB"):
        verb = head.head  # "seized it in a raid": the raiders; "were killed in an attack": its victims
        subj = _subject(verb)
        if subj is not None:
            role = "patient" if _passive_subject(verb, subj) else frame.subject
            slots += [(role, e) for e in ents.fill(subj)]
    elif (noun.dep_ == "pobj" and head.lower_ in SEQUENCE and head.head.tag_.startswith("VB")
          and frame.subject == "agent" and not any(c.dep_ == "poss" for c in noun.children)):
        subj = _subject(head.head)  # "arrived in Hanoi after a visit to Manila": the visitor
        if subj is not None and not _passive_subject(head.head, subj):
            slots += [(frame.subject, e) for e in ents.of(subj) if e.kind in ACTORS]
    elif noun.dep_ == "amod" or (noun.tag_ == "JJ" and noun.dep_ in ("acomp", "oprd")):
        target = noun.head if noun.dep_ == "amod" else _object(noun.head) or _subject(noun.head)
        if target is not None:
            slots += [("patient", e) for e in ents.fill(target)]


def _harmed(verb: Token) -> list[Token]:
    """Whom a harming verb with an event noun as subject harms, who are the event's patients too
    ("two explosions killed four people and left 24 others wounded": the explosions' victims)."""
    if not {typ for typ, extra in load_lexicon().verbs.get(verb.lower_, ()) if not extra} & HARMING:
        return []
    shared = [c for c in verb.children if c.dep_ == "conj" and not any(g.dep_.startswith("nsubj") for g in c.children)]
    return [c for v in (verb, *shared) for c in v.children if c.dep_ == "dobj"]


@cache
def _light_forms() -> tuple[frozenset[str], frozenset[str]]:
    agent = {f for base in LIGHT_AGENT for f in verb_forms(base)} | {"carried", "led", "made", "held", "began", "begun",
                                                                     "had", "has", "struck"}
    patient = {f for base in LIGHT_PATIENT for f in verb_forms(base)} | {"underwent", "undergone"}
    return frozenset(agent), frozenset(patient)


def _light_role(verb: str, frame: _Frame) -> str | None:
    agent, patient = _light_forms()
    if verb in agent:
        return frame.subject
    return "patient" if verb in patient else None


def _prep_slots(prep: Token, frame: _Frame, ents: EntityIndex, slots: list[tuple[str, EntityRef]],
                nominal: bool) -> None:
    word = prep.lower_
    passive = any(c.dep_ == "auxpass" for c in prep.head.children)
    for pobj in (p for p in prep.children if p.dep_ == "pobj"):
        slots += _located(pobj, ents)  # "an attack on the market in Strasbourg"
        for ref in ents.fill(pobj):
            if ref.kind == "place" and word in PLACE_PREPS and (word != "to" or frame.to):
                slots.append(("place", ref))
            elif word in PARTICIPANT_PREPS:
                slots.append(("participant", ref))
            elif word == "of" and nominal:
                slots.append((frame.of, ref))
            elif word in PATIENT_PREPS and word != "of" and (
                    word != "on" or frame.on and (nominal or ref.kind in ACTORS)):
                slots.append(("patient", ref))  # "fired on protesters", not "arrived on motorbikes"
            elif word == "at" and not nominal and frame.at and not passive and pobj.tag_ in NOUNS:
                slots.append(("patient", ref))  # "fired at the car"


def _located(tok: Token, ents: EntityIndex, preps: set[str] = NEAR, nested: bool = True) -> list[tuple[str, EntityRef]]:
    """The places a phrase is said to be at: "a school in Jabaliya", "dozens of buildings in X"."""
    if tok.lower_ in QUANTITIES:
        tok = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                    if p.dep_ == "pobj"), tok)
    out = [("place", e) for prep in tok.children if prep.dep_ == "prep" and prep.lower_ in preps
           for p in prep.children if p.dep_ == "pobj" for e in ents.fill(p) if e.kind == "place"]
    if out or not nested:
        return out
    # one phrase further: "an attack on its positions near the river"
    return [slot for prep in tok.children if prep.dep_ == "prep" and prep.lower_ not in preps
            for p in prep.children if p.dep_ == "pobj" for slot in _located(p, ents, preps, nested=False)]
