"""Occurrences: event mentions from verbs, nominalizations and a few adjectives, with roles.

Triggers are the inflected forms of ``kg.nlp.lexicon`` (verbs, nouns, adjectives per event type).

Roles come from the dependency parse (``kg.nlp.roles``); so do times and parent events:
* time: a time expression binds to an occurrence only through the parse: it hangs from the
  occurrence's own clause (the trigger verb, a clause it continues, the verb a trigger noun
  hangs from, a trigger noun's own participle), from a "when" clause on it, or governs it,
  nearest first; a duration saying how long ("for two weeks") does not (a dateline's date is a
  sentence of its own: ``kg.nlp.segment``). Otherwise the occurrence has no time of its own: the
  article's date stands, loosely.
* part_of: a named event (``event/...``) attached to the trigger by a preposition ("during
  the Manchurian Operation"), else the only named event of the sentence.
Triggers inside entity names are skipped. Each occurrence says whether the text asserts it,
negates it ("did not attack"), or states it as possible, future, conditional or reported
(``kg.nlp.factuality``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from spacy.attrs import DEP, HEAD, LOWER
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg import confidence as conf
from kg.kinds import ACTORS
from kg.nlp.animacy import inanimate, non_actor, plural_of_people
from kg.nlp.factuality import dated, factuality
from kg.nlp.lexicon import Lexicon, load_lexicon
from kg.nlp.participants import EntityIndex, EntityRef
from kg.nlp.roles import (FORCES, PRONOUNS, Antecedents, Support, clause_verb, find_roles, named_subject, participial,
                          when_clause)
from kg.nlp.text import text_of
from kg.nlp.words import words
from kg.types import Occurrence, Role, Span, TimeSpan

FRAMES = Path(__file__).with_name("patterns") / "event_frames.json"
PART_OF_PREPS = {"during", "in", "amid", "throughout", "of", "as"}
HOW_LONG = re.compile(r"\b(?:for|over|lasting|lasted)\s+(?:[\w-]+\s+)?$", re.I)
MOVED_TO = re.compile(r"(?<!\bprior\s)\bto\s+(?:(?:at\s+least|as\s+(?:late|early)\s+as|late|early|mid"
                      r"|the\s+(?:end|start)\s+of)[\s-]+)*$", re.I)
"""A time after "to" is where the event moves something ("pushed back to late 2020", "extended to
March"), not when it happens ("from May to June" is one time of its own; "prior to" is "before")."""
GOVERNED = {"relcl", "advcl", "acl"}
"""Clauses a time expression governs: "in 2010, when the Liberals won" dates "won"."""
PERSON_TYPES = ("Arrest", "Release", "Killing", "Kidnapping")
DONE_TO_BEINGS = ("Arrest", "Release", "Killing", "Trial")
"""Event types whose patient is a being (a hijacked ship is still a kidnapping; "charging an
iPhone" is no trial)."""
PEOPLE_PRONOUNS = words("pronouns", "person")
DEGREE = words("adverbs", "degree")
"""Degree adverbs: they grade a state ("very hurt"), where manner adverbs tell how something happened ("badly hurt")."""
FEELING = words("verbs", "seem")
"""Verbs of feeling or seeming: a participle after them names a state of mind ("I feel hurt")."""
TRADE = "Transaction"
"""A type most often told of as a habit, an offer or advice: an occurrence needs a past tense or a named party."""
MOVEMENT = "MovementOfForces"
"""A type whose verbs have everyday senses ("moved on", "send a check", "advance a goal"): an
occurrence needs a participant that is not a thing."""
MEETING = "Meeting"
"""A type of people meeting people: what is met, visited or hosted is a being, a group or an
event ("hosted the talks"), not a thing."""
DONE_BY_ACTORS = frozenset({"Attack", "Bombing", "Shooting", "Fighting", "Invasion", "CaptureOrOccupation",
                            "Liberation", "Surrender", "Withdrawal", MOVEMENT, "Protest", "Threat"})
"""Event types done by people, groups, organisations, units, states, weapons or vehicles: with
stocks, cells, bacteria or figures as the doer the words are a figure of speech ("stocks
rallied", "microbes overwhelm the host's defenses", "intimidated by those numbers")."""


@dataclass(frozen=True, slots=True)
class _Parse:
    """A Doc's lower-case forms, dependency labels and each token's dependents (by index), read
    once per document: spaCy makes a new ``Token`` on every ``doc[i]``, ``.head`` and ``.children`` step."""

    lower: list[str]
    dep: list[str]
    children: list[list[int]]

    @classmethod
    def of(cls, doc: Doc) -> _Parse:
        strings = doc.vocab.strings
        rows = doc.to_array([LOWER, DEP, HEAD]).reshape(-1, 3)
        children: list[list[int]] = [[] for _ in range(len(rows))]
        for i, head in enumerate(rows[:, 2].astype("int64").tolist()):  # relative: 0 for a root
            if head:
                children[i + head].append(i)
        return cls([strings[h] for h in rows[:, 0].tolist()], [strings[h] for h in rows[:, 1].tolist()], children)


# ------------------------------------------------------------------ trigger detection
@dataclass(frozen=True, slots=True)
class _Trigger:
    head: Token
    start: int
    end: int
    types: tuple[str, ...]
    verbal: bool


def _triggers(sent: SpacySpan, lex: Lexicon, ents: EntityIndex, parse: _Parse) -> list[_Trigger]:
    out: list[_Trigger] = []
    for i in range(sent.start, sent.end):
        if parse.lower[i] not in lex.heads:
            continue
        if ents.by_token.get(i) is not None:
            continue
        tok = sent.doc[i]
        trig = _verb_trigger(tok, lex) or _noun_trigger(tok, lex, sent.start) or _adj_trigger(tok, lex)
        if trig is not None:
            out.append(trig)
    return out


def _verb_trigger(tok: Token, lex: Lexicon) -> _Trigger | None:
    if not tok.tag_.startswith("VB") or tok.dep_ in ("aux", "auxpass") or _imperative(tok) or _instructed(tok):
        return None
    if tok.tag_ == "VBG" and (tok.dep_ in ("nsubj", "dobj", "pobj") or _modifier(tok)):
        return None
    entries = lex.verbs.get(tok.lower_, ())
    plain = tuple(t for t, extra in entries if not extra)
    for typ, extra in entries:
        word = next((c for c in tok.rights if c.lower_ == extra and c.dep_ in ("prt", "dobj", "advmod", "prep")), None)
        if extra and word is not None and not _own_object(word):
            return _Trigger(tok, tok.idx, word.idx + len(word), (typ, *plain), True)
    return _Trigger(tok, tok.idx, tok.idx + len(tok), plain, True) if plain else None


def _instructed(verb: Token) -> bool:
    """A verb completing an instruction is asked for, not told as a happening ("let's say they
    grow", "start hitting the gym")."""
    return verb.dep_ in ("xcomp", "ccomp") and verb.i > verb.head.i and _imperative(verb.head)


def _own_object(word: Token) -> bool:
    """Whether a verb's particle has an object of its own, so is a preposition: "the pass went off
    his hands", "the ball went off the post" (not "went off in the market", "pulled out of")."""
    return word.dep_ == "prep" and any(c.dep_ == "pobj" for c in word.children)


def _modifier(verb: Token) -> bool:
    """An -ing form in front of a noun says what kind of thing it is ("a charging cable", "the
    ruling party"), not that something happens."""
    return verb.dep_ in ("amod", "compound") and verb.head.i > verb.i and verb.head.tag_.startswith("NN")


def _imperative(verb: Token) -> bool:
    """A base-form verb heading its sentence with no subject: an instruction, not a happening
    ("please visit our site")."""
    return verb.tag_ == "VB" and verb.dep_ == "ROOT" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "expl") for c in verb.children)


def _noun_trigger(tok: Token, lex: Lexicon, sent_start: int) -> _Trigger | None:
    if tok.tag_ not in ("NN", "NNS") and not (tok.tag_ == "VBG" and tok.dep_ in ("nsubj", "dobj", "pobj")):
        return None
    if (tok.dep_ == "compound" or tok.dep_ == "amod" and tok.head.i > tok.i) and tok.head.tag_ in ("NN", "NNS") \
            and tok.head.lower_ not in _frames():
        return None  # a kind of thing, not a happening: "the escape key", "an attack helicopter", "a charging cable"
    if _set_phrase(tok):
        return None
    doc = tok.doc
    for n in (3, 2):
        first = tok.i - n + 1
        if first >= sent_start:
            words = tuple(t.lower_ for t in doc[first:tok.i + 1])
            if words in lex.nouns:
                return _Trigger(tok, doc[first].idx, tok.idx + len(tok), lex.nouns[words], False)
    types = lex.nouns.get((tok.lower_,))
    return _Trigger(tok, tok.idx, tok.idx + len(tok), types, False) if types else None


def _set_phrase(noun: Token) -> bool:
    """A singular noun straight after "in", with no article or modifier of its own, names a state
    or a manner ("in charge of", "in advance"), not an event ("under attack" and "on trial" still
    are)."""
    return (noun.tag_ == "NN" and noun.dep_ == "pobj" and noun.head.lower_ == "in"
            and all(c.dep_ == "prep" for c in noun.children))


@cache
def _frames() -> frozenset[str]:
    """Nouns after which an event noun still names an event ("an assassination attempt")."""
    return frozenset(json.loads(FRAMES.read_text(encoding="utf-8"))["frames"])


def _adj_trigger(tok: Token, lex: Lexicon) -> _Trigger | None:
    if tok.tag_ != "JJ":
        return None
    types = lex.adjectives.get(tok.lower_)
    return _Trigger(tok, tok.idx, tok.idx + len(tok), types, False) if types else None


# ------------------------------------------------------------------ occurrences
def find_occurrences(
    doc: Doc, entity_at: Mapping[tuple[int, int], str], times: Sequence[TimeSpan], undated: Sequence[Span] = (),
    published: dt.date | None = None,
) -> tuple[Occurrence, ...]:
    """Every event mention in ``doc`` with its type, roles, time, factuality and named parent event
    (``published``, the article's date, tells what is yet to happen).

    An occurrence with no time of its own takes, as ``when``, the undated time expression of its
    clause nearest the trigger ("on Tuesday" with no publication date)."""
    lex = load_lexicon()
    parse = _Parse.of(doc)
    ents = EntityIndex(doc, entity_at)
    text = text_of(doc)
    out: list[Occurrence] = []
    previous = Antecedents()
    for sent in doc.sents:
        own = [t for t in times if t.span is not None and sent.start_char <= t.span.start < sent.end_char]
        stated = [u for u in undated if sent.start_char <= u.start < sent.end_char]
        sentence = Span(sent.start_char, sent.end_char, text[sent.start_char:sent.end_char])
        named = ents.within(sent)
        for trig in _triggers(sent, lex, ents, parse):
            sense = _sense(trig, ents, previous, text, named)
            if sense is None:
                continue
            typ, roles, support = sense
            when = _own_time(own, trig, doc)
            bound = [u for u in stated if _in_clause(u, trig, doc)]
            words = min(bound, key=lambda u: _distance(u, trig)) if bound and when is None else None
            out.append(Occurrence(
                trigger=Span(trig.start, trig.end, text[trig.start:trig.end]),
                sentence=sentence,
                event_type=typ,
                roles=tuple(roles),
                time=when,
                when=words,
                part_of=_part_of(trig, named, ents, parse),
                confidence=_confidence(trig, support),
                factuality=dated(factuality(trig.head), when, published),
            ))
        subject = _main_subject(sent, ents) or (previous.subject if _pronoun_subject(sent) else None)
        previous = Antecedents(subject, _person_subject(doc, sent, named) or previous.person)
    return tuple(out)


def _sense(trig: _Trigger, ents: EntityIndex, previous: Antecedents, text: str,
           named: Sequence[EntityRef]) -> tuple[str, list[Role], Support] | None:
    """The trigger's event type and roles, or None when the words are no event here."""
    def roles_as(typ: str) -> tuple[list[Role], Support]:
        return find_roles(trig.head, trig.start, trig.end, trig.verbal, typ, ents, previous, text)

    roles, support = roles_as(trig.types[0])
    typ = _choose_type(trig.types, roles)
    if typ != trig.types[0]:
        roles, support = roles_as(typ)
    if _feeling(trig.head) or _showing(trig):
        return None
    if typ == "Statement" and trig.verbal and not roles and not any(c.dep_ == "ccomp" for c in trig.head.children):
        return None  # no one says anything to anyone: "fair to say", "all is said and done"
    if typ == "Trial" and trig.verbal and not any(r.role == "patient" for r in roles):
        return None  # charging, sentencing, convicting someone says whom: "charge over USB-C"
    if typ in DONE_TO_BEINGS and _done_to_things(roles, named, trig.head.doc):
        other = [t for t in trig.types if t not in DONE_TO_BEINGS]
        if not other:
            return None  # "executed the plan": another sense of the verb
        typ = other[0]  # "released a report": a publication, not a prisoner set free
        roles, support = roles_as(typ)
    if typ == "Agreement" and trig.verbal and any(c.dep_ == "ccomp" for c in trig.head.children):
        return None  # a judgment, not a deal: "concluded that it could help", "experts agree that"
    if typ == MEETING and _done_to_things(roles, named, trig.head.doc) and not _about_events(roles, trig.head.doc):
        return None  # "hosts the final date of the tour", "visited my profile", "meeting expectations"
    if typ in DONE_BY_ACTORS and not _done_by_actors(typ, trig, roles, trig.head.doc):
        return None
    if typ == TRADE and not _particular_trade(trig, roles):
        return None
    if typ == "Explosion" and trig.verbal and _outburst(trig.head):
        return None
    return typ, roles, support


def _outburst(verb: Token) -> bool:
    """A person who "went off" or "blew up" with no object loses their temper ("she went off on
    me"); bombs and people who blow something up have a thing as subject or an object."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    person = subj is not None and (subj.ent_type_ == "PERSON" or subj.lower_ in PEOPLE_PRONOUNS)
    return person and not any(c.dep_ == "dobj" for c in verb.children)


def _showing(trig: _Trigger) -> bool:
    """"Demonstrate" with an object or a clause is to show ("demonstrated in 2013 that it responded",
    "demonstrated their skill"); people who demonstrate with neither protest."""
    verb = trig.head
    return trig.verbal and verb.lower_.startswith("demonstrat") and any(
        c.dep_ in ("dobj", "ccomp") for c in verb.children)


def _feeling(word: Token) -> bool:
    """A participle or adjective after a verb of feeling or seeming, or graded by a degree adverb,
    names a state of mind, not a happening ("I feel hurt", "I am very hurt that she ignored me",
    "you won't feel as intimidated", parsed as a clause on "feel"); "badly hurt in the crash" is an injury."""
    if not (word.tag_ == "JJ" or word.dep_ in ("acomp", "oprd") or word.tag_ == "VBN"
            and word.dep_ in ("advcl", "xcomp") and word.head.lower_ in FEELING):
        return False
    return word.head.lower_ in FEELING or any(c.dep_ == "advmod" and c.lower_ in DEGREE for c in word.children)


def _particular_trade(trig: _Trigger, roles: Sequence[Role]) -> bool:
    """Whether a sale or a purchase is told as one that happened: in a past tense ("Google bought
    CloudSimple", "dealers sold 30,154 cars") or with a named party, not a place ("Tsarnaev
    purchases ammunition", "Soon-Shiong's purchase"). Buying and selling in the present or an
    infinitive is mostly a habit, an offer or advice ("you buy the games outright", "a small
    percentage will buy"), and a past participle before a noun a kind ("government-acquired assets")."""
    past = trig.head.tag_ in ("VBD", "VBN") and trig.head.dep_ != "amod"
    return past or any(r.entity and r.role != "place" for r in roles)


def _done_by_actors(typ: str, trig: _Trigger, roles: Sequence[Role], doc: Doc) -> bool:
    """Whether a conflict, a protest or a movement may be one: a participant other than a place
    is named, or its doer, where it is the trigger's own subject, possessor or "by" phrase, is no
    noun that seldom acts ("stocks rallied", "the body fights off invaders"); a movement also
    needs a participant that is not a thing."""
    named = any(r.entity and r.role != "place" for r in roles)
    doers = [r.span for r in roles if r.role == "agent" and not r.entity and r.span is not None]
    figure = not named and bool(doers) and all(_seldom_acts(span, trig.head, doc) for span in doers)
    return not figure and (typ != MOVEMENT or _anyone_moves(roles, doc))


def _seldom_acts(span: Span, trigger: Token, doc: Doc) -> bool:
    """Whether the trigger's own doer is a common noun that seldom acts, and none of the nouns
    in front of it may act: "stocks", "the body", not "rocket fire", "the attack" (a conflict
    acts through its doers; talks do not: "negotiations hit a snag") or "a round of bombs" (a
    part acts as its whole)."""
    words = doc.char_span(span.start, span.end)
    if words is None:
        return False
    noun = words.root
    parts = (p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj")
    whole = next(parts, noun)
    own = noun.head.i == trigger.i or noun.head.dep_ == "agent" and noun.head.head.i == trigger.i or _subject_of(
        noun, _clauses(trigger))
    nouns = [whole, *(c for c in whole.children if c.dep_ == "compound")]
    events = load_lexicon().nouns
    return own and all(n.tag_ in ("NN", "NNS") and not n.ent_type_ and non_actor(n.lower_)
                       and DONE_BY_ACTORS.isdisjoint(events.get((n.lower_,), ())) for n in nouns)


def _subject_of(noun: Token, clauses: Sequence[int]) -> bool:
    """Whether ``noun`` is the subject of one of the trigger's clauses ("stocks began to rally"),
    not of a verb of being ("the goal is to capture"), or the noun a relative clause among them
    hangs from ("a form of the disease that tends to strike")."""
    doc = noun.doc
    subject = noun.dep_ in ("nsubj", "nsubjpass") and noun.head.i in clauses and noun.head.lower_ not in FEELING
    return subject or doc[clauses[-1]].dep_ == "relcl" and doc[clauses[-1]].head.i == noun.i


def _anyone_moves(roles: Sequence[Role], doc: Doc) -> bool:
    """Whether a movement has a participant that is not a thing ("the army advanced", "let them
    cross", "tried to enter the building"), unlike "was moved to the new model", "send a check"."""
    return any(r.entity or r.span is not None and not _thing(r.span, doc) for r in roles)


def _own_time(own: Sequence[TimeSpan], trig: _Trigger, doc: Doc) -> TimeSpan | None:
    """The nearest of the sentence's times bound to the trigger through the parse, if any. A time
    that governs the trigger's clause dates it, whatever it bounds in its own ("since 2010, when
    X won": "won" is at 2010)."""
    text = text_of(doc)
    bound = [(t, link) for t in own if t.span is not None and not _how_long(t, text)
             and not MOVED_TO.search(text, max(0, t.span.start - 25), t.span.start)
             and (link := _link(t.span, trig, doc))]
    if not bound:
        return None
    time, link = min(bound, key=lambda b: (b[1] != "clause", _distance(b[0].span, trig), _width(b[0])))
    return replace(time, modifier=None) if link == "governs" and time.duration is None else time


def _how_long(t: TimeSpan, text: str) -> bool:
    """A duration that says how long, not when ("for two weeks", "lasting a month")."""
    assert t.span is not None
    return t.duration is not None and bool(HOW_LONG.search(text, max(0, t.span.start - 25), t.span.start))


def _in_clause(span: Span, trig: _Trigger, doc: Doc) -> bool:
    return _link(span, trig, doc) is not None


def _link(span: Span, trig: _Trigger, doc: Doc) -> str | None:
    """How the phrase at ``span`` is bound to the trigger: ``clause`` when it hangs from the
    trigger's clause or one that clause continues ("refused to negotiate", "shelled the town,
    killing", "entered and seized"), ``shared`` when it hangs from a verb conjoined to the trigger's
    ("smashed X and freed Y in two weeks") or from a "when" clause on it ("died when the river
    burst its banks over the weekend"), ``governs`` when the trigger's clause hangs from it ("in
    2010, when X won"), else None. A time of the trigger's own clause comes first; an event noun's
    own participle counts as its clause ("a truce, signed in 2024")."""
    words = doc.char_span(span.start, span.end, alignment_mode="expand")
    if words is None:
        return None
    root = words.root
    clauses = _clauses(trig.head)
    first = doc[clauses[0]]
    if first.dep_ in GOVERNED and words.start <= first.head.i < words.end:
        return "governs"
    verb = clause_verb(root.head if root.head.i != root.i else root)
    if verb.i in clauses or verb.dep_ == "acl" and verb.head.i == trig.head.i:
        return "clause"
    return "shared" if (verb.dep_ == "conj" or when_clause(verb)) and verb.head.i in clauses else None


def _clauses(tok: Token) -> list[int]:
    """The trigger's clause verb, then the verbs of the clauses it continues."""
    verb = clause_verb(tok)
    out = [verb.i]
    while verb.head.i != verb.i and _continues(verb):
        verb = clause_verb(verb.head)
        out.append(verb.i)
    return out


def _continues(verb: Token) -> bool:
    """Whether ``verb``'s clause goes on from its head's: an infinitive complement, a bare -ing or
    purpose clause, a conjoined verb sharing the subject ("entered and seized", not "... and that
    no gas had escaped")."""
    if verb.dep_ == "conj":
        return not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in verb.children)
    return verb.dep_ == "xcomp" or participial(verb)


def _distance(span: Span | None, trig: _Trigger) -> int:
    """Characters between a phrase and the trigger (0 when they touch or overlap)."""
    assert span is not None
    return max(span.start - trig.end, trig.start - span.end, 0)


def _width(t: TimeSpan) -> int:
    return (t.end - t.begin).days


def _main_subject(sent: SpacySpan, ents: EntityIndex) -> EntityRef | None:
    for tok in sent.root.children:
        if tok.dep_ in ("nsubj", "nsubjpass"):
            found = [e for e in ents.of(tok) if e.kind in ACTORS]
            return found[0] if found else None
    return None


def _person_subject(doc: Doc, sent: SpacySpan, named: Sequence[EntityRef]) -> EntityRef | None:
    """The last person the sentence names as the subject of a clause: whom a later "he" or "she"
    may stand for (not a person it only mentions: "emailed Gaiman", "goals by Bailey")."""
    for ref in reversed(named):
        if ref.kind == "person" and ref.key:
            words = doc.char_span(ref.start, ref.end, alignment_mode="expand")
            if words is not None and named_subject(words.root):
                return ref
    return None


def _pronoun_subject(sent: SpacySpan) -> bool:
    return any(t.dep_ == "nsubj" and t.lower_ in PRONOUNS for t in sent.root.children)


def _choose_type(types: tuple[str, ...], roles: list[Role]) -> str:
    """The first listed type, unless a person patient picks a person type ("captured X"), or a
    force of nature does it ("an earthquake struck the valley" is no attack)."""
    if any(r.role == "patient" and r.entity and r.entity.startswith("person/") for r in roles):
        for typ in types:
            if typ in PERSON_TYPES:
                return typ
    nouns = load_lexicon().nouns
    if any(r.role == "agent" and not r.entity and r.span is not None
           and set(nouns.get((r.span.text.lower(),), ())) & set(FORCES) for r in roles):
        return FORCES[0]
    return types[0]


def _done_to_things(roles: Sequence[Role], named: Sequence[EntityRef], doc: Doc) -> bool:
    """Whether every patient of an event done to beings is a thing: a named place or event, or an
    everyday noun that never names a being ("released a report", "executed the plan"). A
    patient resolved to someone outside the sentence ("he was arrested") is a being."""
    patients = [r for r in roles if r.role == "patient"]
    kinds = {ref.key: ref.kind for ref in named}
    return bool(patients) and all(
        kinds.get(r.entity, "person") not in ACTORS if r.entity else r.span is not None and (
            _thing(r.span, doc) or _unnamed_name(r.span, doc)) for r in patients)


def _unnamed_name(span: Span, doc: Doc) -> bool:
    """Whether a phrase is headed by a capitalized word the entity recognizer did not take for a
    name of anyone, nor a plural for a kind of people ("released the new iPad Pro", "charging an
    iPhone"; not "arrest the Republicans")."""
    words = doc.char_span(span.start, span.end)
    return (words is not None and words.root.tag_ in ("NNP", "NNPS") and not plural_of_people(words.root.lower_)
            and not any(w.ent_type_ for w in words))


def _about_events(roles: Sequence[Role], doc: Doc) -> bool:
    """Whether a patient is an event noun ("host a summit in Paris", "negotiating a takeover")."""
    nouns = load_lexicon().nouns
    heads = (doc.char_span(r.span.start, r.span.end) for r in roles if r.role == "patient" and r.span is not None)
    return any(words is not None and (words.root.lower_,) in nouns for words in heads)


def _thing(span: Span, doc: Doc) -> bool:
    """Whether a noun names a thing; a part names what it is part of ("60 percent of the people"),
    unless it may name a being itself ("the head of the terminal")."""
    words = doc.char_span(span.start, span.end)
    if words is None:
        return False
    noun = words.root
    parts = (p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj")
    whole = next(parts, noun) if inanimate(noun.lower_) else noun
    return whole.tag_ in ("NN", "NNS") and inanimate(whole.lower_)


def _part_of(trig: _Trigger, named: Sequence[EntityRef], ents: EntityIndex, parse: _Parse) -> str | None:
    """The named event the trigger belongs to: one attached by a preposition, else the only other
    named event of the sentence (``named``: its entities)."""
    events = [r for r in named if r.kind == "event" and not (r.start < trig.end and trig.start < r.end)]
    for anchor in (trig.head.i, trig.head.head.i):
        for prep in parse.children[anchor]:
            if parse.dep[prep] == "prep" and parse.lower[prep] in PART_OF_PREPS:
                for pobj in parse.children[prep]:
                    ref = ents.by_token.get(pobj)
                    if ref is not None and ref.kind == "event":
                        return ref.key
    return events[0].key if len(events) == 1 else None


def _confidence(trig: _Trigger, support: Support) -> float:
    score = conf.OCCURRENCE_VERBAL if trig.verbal else conf.OCCURRENCE_NOMINAL
    if support.agent:
        score += conf.OCCURRENCE_RESOLVED_AGENT if support.resolved else conf.OCCURRENCE_AGENT
    if support.other:
        score += conf.OCCURRENCE_OTHER_ROLE
    return round(min(score, conf.OCCURRENCE_MAX), 2)
