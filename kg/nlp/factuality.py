"""Factuality: does the text state that an event happened?

News states many events it does not assert: "did not attack", "refused to negotiate", "could
strike", "will meet", "if they attack", "officials said the army attacked". Following FactBank
and TimeML, each occurrence gets one value, read from the dependency parse around its trigger:

* ``Negated``: a negation on the event's verb ("did not attack", "never", "will not attack", "at
  no point did they attack"), a
  negative determiner on an event noun ("no attack") or on its subject ("no one was killed",
  "nobody"), or a verb or adjective that implies its complement did not happen ("refused to
  negotiate", "cancelled the meeting", "denied that they withdrew", "was unable to attend"); a
  causative verb passes its own factuality to the event it brings about ("will not let them
  cross"), and so does a copula with an adjective of ability ("will be able to target" is future,
  "was able to escape" done).
* ``Possible``: a modal auxiliary ("may", "could", "should", "must"), a verb of necessity whose
  infinitive is the event ("needs to be made", "has to sign", "is required to report"; not in the
  simple past: "had to flee") or whose subject is what its passive infinitive is to be done to
  ("any agreement needs to be made"), or an adjective of likelihood ("likely to spread", "unlikely
  to agree"); ``Conditional``: inside an "if" or "unless" clause, heading one ("could strike
  if ..."), after "otherwise" (if not), or under "would" outside reported speech;
  ``Future``: "will", "would" in reported speech ("said it would send"), a verb of intention or
  commissioning or an adjective such as "due" whose complement is the event ("plans to attack",
  "hired them to build", "is due to meet", "is set to announce", "more protests are planned"), a
  verb of telling whose infinitive is the event ("were told to sign"), an infinitive that tells
  what a thing is for ("a vehicle to land rovers"; not after an ordinal or superlative: "the first
  port to sign"; a purpose on a verb is often done: "marched to protest"); and an event the text
  would assert that is dated wholly after the article's publication ("the landers fly next year",
  "a landing in 2024"), unless the date only bounds it from above ("before 2030").
* ``Questioned``: asked in a yes/no question ("Will they attack?", "Is it fair to say ...?"),
  which states nothing either way (FactBank's uncommitted value), whatever else marks it; a
  question with a question word takes the event for granted ("Why did they attack?").
* ``Reported``: inside the complement of a reporting verb ("said the army attacked", "is believed
  to have attacked"), however deep, or in a clause whose source is set off beside it ("...,
  officials said", "according to the police"): the text attributes it rather than asserts it.
* ``Asserted`` otherwise.

The nearest marker wins, walking up from the trigger through the verbs that govern it; a
negation of a negative verb ("did not refuse to talk") cancels out; a negation on a copula
does not reach an event noun that is its subject ("the hearing was not the first time"). A
clause that completes a conditional verb before it is conditional too ("would consider their
resignations voluntary"), whatever the verb's negation; another modal stays with its verb
("could see how many visited"). The words are data (``patterns/factuality.json``); verbs are
matched in all their inflected forms.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Token

from kg.nlp.lexicon import verb_forms
from kg.nlp.words import words
from kg.types import TimeSpan

WORDS = Path(__file__).with_name("patterns") / "factuality.json"
ASSERTED, NEGATED, POSSIBLE, FUTURE, CONDITIONAL, QUESTIONED, REPORTED = (
    "Asserted", "Negated", "Possible", "Future", "Conditional", "Questioned", "Reported")
VALUES = (ASSERTED, NEGATED, POSSIBLE, FUTURE, CONDITIONAL, QUESTIONED, REPORTED)
_CLAUSES = ("ccomp", "advcl", "relcl", "acl", "parataxis", "csubj")
"""Dependencies that open a clause of its own, which a question mark above it does not ask."""
_INHERITS = ("xcomp", "conj", "dobj", "nsubj", "nsubjpass", "pobj", "prep", "pcomp", "attr", "oprd")
"""Dependencies through which an event takes the factuality of the word governing it; a relative
or adverbial clause states its own event."""


@dataclass(frozen=True, slots=True)
class FactualityWords:
    possible: frozenset[str]
    future: frozenset[str]
    conditional_auxiliaries: frozenset[str]
    negative_implicative: frozenset[str]
    intention: frozenset[str]
    directive: frozenset[str]
    reporting: frozenset[str]
    conditional: frozenset[str]
    conditional_adverbs: frozenset[str]
    negative_determiners: frozenset[str]
    negative_pronouns: frozenset[str]
    negative_adverbials: frozenset[str]
    future_adjectives: frozenset[str]
    possible_adjectives: frozenset[str]
    ability: frozenset[str]
    inability: frozenset[str]
    necessity: frozenset[str]
    copula: frozenset[str]
    attribution: frozenset[str]
    causative: frozenset[str]
    possible_modifiers: frozenset[str]
    future_modifiers: frozenset[str]
    reported_modifiers: frozenset[str]
    comparison: frozenset[str]
    contrast: frozenset[str]
    ranking: frozenset[str]


@cache
def load_words(path: Path = WORDS) -> FactualityWords:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["copula"] = words("verbs", "be")  # the forms of "be" are kept with the other verb forms
    verbs = ("negative_implicative", "intention", "directive", "reporting", "causative", "necessity")
    return FactualityWords(**{
        name: frozenset(f for w in data[name] for f in (_inflected(w) if name in verbs else {w}))
        for name in FactualityWords.__slots__
    })


def _inflected(entry: str) -> set[str]:
    base, *irregular = entry.split("|")
    return verb_forms(base, irregular)


def factuality(trigger: Token, words: FactualityWords | None = None) -> str:
    """The factuality value of the event whose trigger head is ``trigger``."""
    words = words or load_words()
    if _polar_question(trigger):
        return QUESTIONED  # "Will they attack?", "Did they refuse to talk?": asked, not stated
    tok, below, negated = trigger, None, False
    for _ in range(12):  # parses are shallow; the bound only guards against a malformed one
        value, flip = _marker(tok, words, below)
        negated ^= flip and not _copula_subject(below, words)
        if value is not None:
            return _combine(value, negated)
        head = tok.head
        if head.i == tok.i:
            break
        if (tok.dep_ in ("xcomp", "dobj", "ccomp") and head.lower_ in words.negative_implicative
                or tok.dep_ == "xcomp" and head.lower_ in words.inability):  # "refused to", "was unable to"
            return _combine(NEGATED, negated ^ _marker(head, words)[1])
        if (tok.dep_ in ("xcomp", "dobj", "nsubjpass") and head.lower_ in words.intention
                or tok.dep_ == "prep" and tok.lower_ == "for" and head.lower_ in words.intention  # "called for"
                or tok.dep_ == "xcomp" and head.lower_ in words.future_adjectives
                or tok.dep_ == "xcomp" and head.lower_ in words.directive and with_to(tok)  # "told to sign"
                or _purpose(tok, words)):
            return _combine(FUTURE, negated)
        if tok.dep_ == "xcomp" and (head.lower_ in words.possible_adjectives
                                    or _obliging(head, words) and with_to(tok)) or _required(tok, words):
            conditional = _marker(head, words, tok)[0] == CONDITIONAL  # "if ..., they need to provide it"
            return _combine(CONDITIONAL if conditional else POSSIBLE, negated)
        if tok.dep_ in ("ccomp", "xcomp", "dobj") and head.lower_ in words.reporting:  # "reported a 6th death"
            return _combine(REPORTED, negated)
        causes = tok.dep_ == "ccomp" and head.lower_ in words.causative  # "will not let them cross"
        if tok.dep_ == "ccomp" and head.i < tok.i and not causes and _marker(head, words, tok)[0] == CONDITIONAL:
            return _combine(CONDITIONAL, negated)  # "would consider their resignations voluntary"
        able = tok.dep_ == "acomp" and tok.lower_ in words.ability  # "will be able to target"
        if tok.dep_ not in _INHERITS and not _participial(tok) and not causes and not able or _own_subject(
                tok) or _contrasted(tok, words):
            break
        tok, below = head, tok
    return _combine(REPORTED, negated) if _attributed(tok, words) else NEGATED if negated else ASSERTED


def dated(value: str, time: TimeSpan | None, published: dt.date | None) -> str:
    """``value`` once the event's date is known: an asserted event dated wholly after the article's
    publication is yet to happen (``Future``), however the sentence put it."""
    if value != ASSERTED or time is None or published is None or time.modifier == "BEFORE":
        return value
    return FUTURE if time.begin > published else value


def with_to(verb: Token) -> bool:
    """Whether ``verb`` is marked by an infinitive's "to" ("to sign", "to say")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _purpose(verb: Token, words: FactualityWords) -> bool:
    """An infinitive on a noun tells what the thing is for, not yet done ("a vehicle to land
    rovers"), unless an ordinal or superlative makes it a record of what was done ("the first
    port to sign", "the only one to finish")."""
    noun = verb.head
    return (verb.dep_ == "acl" and noun.tag_.startswith(("NN", "PRP"))
            and with_to(verb)
            and not any(c.tag_ in ("JJS", "RBS") or c.lower_ in words.ranking or c.ent_type_ == "ORDINAL"
                        for c in noun.children))


def _polar_question(clause: Token) -> bool:
    """Whether ``clause`` is a yes/no question: a question mark of its own after it, not in a
    quotation it opens, and no question word first ("Will they attack?", not "Why did they attack?")."""
    while clause.dep_ not in _CLAUSES and clause.head.i != clause.i:
        clause = clause.head  # "Is it fair to say ...?": up to the verb that asks
    marks = [c.i for c in clause.children if c.dep_ == "punct" and "?" in c.text and c.i > clause.i]
    if not marks or any(t.tag_ == "``" for t in clause.doc[clause.i:marks[-1]]):
        return False  # no question, or a quoted one: 'He asked: "Will they attack?"'
    first = next((t for t in clause.subtree if not (t.is_punct or t.dep_ == "cc")), clause)
    return not first.tag_.startswith("W")


def _required(noun: Token, words: FactualityWords) -> bool:
    """Whether ``noun`` is the subject of a verb of necessity and the patient of its passive
    infinitive ("any agreement needs to be made"), as it is of a modal's ("any deal must be made")."""
    return noun.dep_ == "nsubj" and _obliging(noun.head, words) and any(
        c.dep_ == "xcomp" and with_to(c) and any(d.dep_ == "auxpass" for d in c.children)
        for c in noun.head.children)


def _obliging(verb: Token, words: FactualityWords) -> bool:
    """Whether ``verb`` is a verb of necessity not in the simple past, where what one had to do
    was mostly done ("had to flee", "what he had to say")."""
    return verb.lower_ in words.necessity and verb.tag_ != "VBD"


def _copula_subject(noun: Token | None, words: FactualityWords) -> bool:
    """Whether ``noun`` is the subject of a copula with a complement, whose negation denies the
    complement, not the subject's event ("the hearing was not the first time")."""
    return noun is not None and noun.dep_ == "nsubj" and noun.head.lower_ in words.copula and any(
        c.dep_ in ("attr", "acomp") for c in noun.head.children)


def _participial(verb: Token) -> bool:
    """An -ing clause with neither subject nor conjunction, adding to its head's event ("..., killing four")."""
    return verb.dep_ == "advcl" and verb.tag_ == "VBG" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "mark") for c in verb.children)


def _own_subject(verb: Token) -> bool:
    """A conjoined clause with a subject of its own states its own event ("no group claimed it, but
    an affiliate has carried out raids")."""
    return verb.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _contrasted(verb: Token, words: FactualityWords) -> bool:
    """A verb conjoined by "but" states its own event ("did not give a date, but said ...")."""
    return verb.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ in words.contrast and c.i < verb.i
                                       for c in verb.head.children)


def _attributed(tok: Token, words: FactualityWords) -> bool:
    """Whether a clause above ``tok`` is the complement of a reporting verb, or has its source
    set off beside it ("..., officials said", "according to the police")."""
    for _ in range(12):
        if any(c.dep_ == "parataxis" and c.lower_ in words.reporting
               or c.dep_ == "prep" and c.lower_ in words.attribution for c in tok.children):
            return True
        head = tok.head
        if head.i == tok.i:
            return False
        if tok.dep_ in ("ccomp", "xcomp") and head.lower_ in words.reporting:
            return True
        tok = head
    return False


def _marker(tok: Token, words: FactualityWords, below: Token | None = None) -> tuple[str | None, bool]:
    """(a modality marked on ``tok`` itself, whether ``tok`` is negated); the subject the walk came
    up from was read already ("No deaths were reported": one negation)."""
    children = list(tok.children)  # read once: each pass over ``tok.children`` makes new Tokens
    subjects = [c for c in children if c.dep_ in ("nsubj", "nsubjpass") and c != below]
    negated = any(c.dep_ == "neg" for c in children) or any(
        c.dep_ == "det" and c.lower_ in words.negative_determiners
        for c in (*children, *(d for s in subjects for d in s.children))
    ) or any(s.lower_ in words.negative_pronouns for s in subjects) or any(
        c.dep_ == "prep" and _negative_adverbial(c, words) for c in children)
    if (_condition(children, words) or _joined_condition(tok, words)
            or any(c.dep_ == "advcl" and _condition(list(c.children), words) for c in children)
            or _consequence(children, words)):
        return CONDITIONAL, negated
    for c in children:
        if c.dep_ == "amod" or c.dep_ == "acl" and c.lower_ in words.future_modifiers:  # "a potential outbreak"
            for value, modifiers in ((POSSIBLE, words.possible_modifiers), (FUTURE, words.future_modifiers),
                                     (REPORTED, words.reported_modifiers)):
                if c.lower_ in modifiers:
                    return value, negated
        if c.dep_ == "aux":
            if c.lower_ in words.possible:
                return POSSIBLE, negated
            if c.lower_ in words.future:
                return FUTURE, negated
            if c.lower_ in words.conditional_auxiliaries:
                return (FUTURE if _in_reported_speech(tok, words) else CONDITIONAL), negated
    return None, negated


def _negative_adverbial(prep: Token, words: FactualityWords) -> bool:
    """Whether a prepositional phrase negates its verb: "at no point did we say", "under no
    circumstances will they attack" (not "arrived in no time")."""
    return any(f"{prep.lower_} no {p.lower_}" in words.negative_adverbials for p in prep.children
               if p.dep_ == "pobj" and any(d.dep_ == "det" and d.lower_ == "no" for d in p.children))


def _consequence(children: list[Token], words: FactualityWords) -> bool:
    """Whether the clause of these dependents is what follows if a condition fails: "otherwise"
    with a modal ("otherwise it would fire them"), not "otherwise known as"."""
    return any(c.dep_ == "advmod" and c.lower_ in words.conditional_adverbs for c in children) and any(
        c.dep_ == "aux" and c.tag_ == "MD" for c in children)


def _condition(children: list[Token], words: FactualityWords) -> bool:
    """Whether the clause of these dependents is a condition: "if"/"unless", not a comparison ("as if")."""
    marks = [c.lower_ for c in children if c.dep_ == "mark"]
    return any(m in words.conditional and (i == 0 or marks[i - 1] not in words.comparison) for i, m in enumerate(marks))


def _joined_condition(verb: Token, words: FactualityWords) -> bool:
    """Whether a clause opens with a condition joined to another conjunction ("if and when the
    Senate holds a trial", "unless and until they agree"), which the parser leaves off the clause
    or makes the clause's head."""
    if verb.head.i < verb.i and verb.head.lower_ in words.conditional:
        return True
    first, doc = verb.left_edge.i, verb.doc
    return (verb.dep_ == "advcl" and first >= 2 and doc[first - 1].dep_ == "cc"
            and doc[first - 2].lower_ in words.conditional)


def _in_reported_speech(verb: Token, words: FactualityWords) -> bool:
    """Whether ``verb`` (or the verb it is conjoined to) is the complement of a reporting verb."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ccomp" and verb.head.lower_ in words.reporting


def _combine(value: str, negated: bool) -> str:
    """A negation over a marker: a negated negative is asserted; a negated modal stays as it is
    ("could not attack" is no assertion either way), except that a negated plain, reported or
    future event is negated ("will not attack")."""
    if value == NEGATED:
        return ASSERTED if negated else NEGATED
    if value in (REPORTED, FUTURE) and negated:
        return NEGATED
    return value
