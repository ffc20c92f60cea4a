"""Who or what fills a role: the entities over the tokens of a parse, and unnamed participants.

``EntityIndex`` maps tokens to the entities ``kg.extract`` found (``entity_at``); ``unnamed``
makes a participant of a noun phrase that names none ("12 civilians", "a car bomb", "he"),
by the category of its head noun (``patterns/participants.json``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.kinds import KIND_OF_LABEL
from kg.nlp.lexicon import load_lexicon, plural
from kg.nlp.text import text_of
from kg.nlp.words import words

PARTICIPANTS = Path(__file__).with_name("patterns") / "participants.json"
LABEL_KINDS = KIND_OF_LABEL
GROUP_NOUNS = {"forces", "force", "troops", "units", "unit", "soldiers", "members", "fighters",
               "men", "army", "militants", "ranks", "elements", "detachment", "detachments",
               "division", "divisions", "brigade", "brigades", "battalion", "battalions"}
PLACE_HEADS = words("places", "place_head")
THIRD_PERSONS = words("pronouns", "third_person")
"""Pronouns that stand for someone in the story when unresolved ("it" says nothing; "I" and
"we" are speakers inside quotes)."""
PEOPLE_DEMONSTRATIVES = {"those"}
"""A demonstrative that stands for people when a clause or participle says which: "those who fled",
"those held in the basement" (not "those were sold")."""
NOUN_TAGS = {"NN", "NNS", "NNP", "NNPS"}
"""A proper noun that heads no entity is a name the recognizer missed: it still fills the role."""
NOT_PARTICIPANTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
MODIFIERS = {"nummod", "amod", "compound", "quantmod", "nmod"}
QUANTITIES = {"number", "numbers", "dozens", "hundreds", "thousands", "scores", "millions", "tens",
              "group", "groups", "handful", "majority", "rest", "lot", "lots", "couple", "total"}
DATELINE_END = re.compile(r"\s*(?:,|\(|-|–|—)")
"""What follows the place of a dateline: "BRUSSELS, ...", "PARIS (Reuters) -", "KYIV — ..."."""
BARE_NOT = {"det", "poss", "compound", "amod", "nummod", "nmod", "prep", "relcl", "acl", "appos"}
"""Dependents that make a place noun a particular place rather than the institution ("the prison")."""
NUMBER_SLOTS = {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "conj", "appos"}


@dataclass(frozen=True, slots=True)
class EntityRef:
    """An entity (``key``) or an unnamed participant (``key`` empty) found at ``start:end``."""

    key: str
    kind: str
    start: int
    end: int
    label: str = ""
    """The noun phrase of an unnamed participant ("12 civilians")."""


@cache
def participant_kinds(path: Path = PARTICIPANTS) -> dict[str, str]:
    """Head noun (and its plural) -> ``person``, ``place`` or ``time``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {form: kind for kind in ("person", "place", "time") for word in data[kind] for form in (word, plural(word))}


def unnamed(tok: Token) -> EntityRef | None:
    """A third-person pronoun, "those" with a clause saying who ("those who fled"), a common noun or
    a bare number heading no entity: an unnamed participant."""
    if tok.tag_ == "PRP":
        known = tok.lower_ in THIRD_PERSONS
        return EntityRef("", "person", tok.idx, tok.idx + len(tok), tok.text) if known else None
    if tok.lower_ in PEOPLE_DEMONSTRATIVES and tok.dep_ != "det" and any(c.dep_ in ("relcl", "acl")
                                                                        for c in tok.children):
        return EntityRef("", "person", tok.idx, tok.idx + len(tok), tok.doc[tok.i:tok.right_edge.i + 1].text)
    if tok.tag_ == "CD" and tok.ent_type_ in ("", "CARDINAL") and tok.dep_ in NUMBER_SLOTS:
        if any(c.tag_ == "$" for c in tok.children) or tok.i > 0 and tok.nbor(-1).tag_ == "$":
            return None  # an amount of money ("reported $2.53 a share"), not who or what
        return EntityRef("", "thing", tok.idx, tok.idx + len(tok), tok.text)  # "496 had been killed"
    if tok.tag_ not in NOUN_TAGS or tok.ent_type_ in NOT_PARTICIPANTS or not tok.is_alpha:
        return None
    if tok.lower_ in QUANTITIES:  # "dozens of shoppers" -> shoppers
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        found = unnamed(pobj) if pobj is not None else None
        if found is not None:
            return replace(found, label=tok.doc[_first_modifier(tok):pobj.i + 1].text)
    if (tok.lower_,) in load_lexicon().nouns:
        return None  # an event ("the blast wounded 13") is no participant of another
    kind = participant_kinds().get(tok.lower_, "thing")
    if kind == "time":
        return None
    if kind == "place" and _bare(tok):
        kind = "thing"  # the institution, not a place: "sent to sea", "in prison"
    label = tok.doc[_first_modifier(tok):tok.i + 1].text
    return EntityRef("", kind, tok.idx, tok.idx + len(tok), label)


def _bare(tok: Token) -> bool:
    """A singular noun with nothing that makes it a particular thing, and no modifier of another noun."""
    return tok.tag_ == "NN" and tok.dep_ != "compound" and not any(c.dep_ in BARE_NOT for c in tok.children)


def _first_modifier(tok: Token) -> int:
    return min((c.left_edge.i for c in tok.lefts if c.dep_ in MODIFIERS), default=tok.i)


def dateline(ref: EntityRef, text: str) -> bool:
    """Whether ``ref`` is the place of a dateline ("BRUSSELS, May 3 -"): where the story was filed,
    no part of what happened."""
    words = text[ref.start:ref.end]
    starts_line = not text[text.rfind("\n", 0, ref.start) + 1:ref.start].strip()
    return starts_line and words.isupper() and len(words) > 1 and bool(DATELINE_END.match(text, ref.end))


class EntityIndex:
    """Which entity (key, kind) each token belongs to, from the ``entity_at`` mapping."""

    def __init__(self, doc: Doc, entity_at: Mapping[tuple[int, int], str]) -> None:
        labels = {(e.start_char, e.end_char): e.label_ for e in doc.ents}
        self.by_token: dict[int, EntityRef] = {}
        for (start, end), key in entity_at.items():
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            kind = key.split("/", 1)[0] if "/" in key else LABEL_KINDS.get(labels.get((start, end), ""), "")
            ref = EntityRef(key, kind, start, end)
            for i in range(span.start, span.end):
                self.by_token.setdefault(i, ref)
        self.text = text_of(doc)

    def at(self, tok: Token) -> EntityRef | None:
        return self.by_token.get(tok.i)

    def within(self, sent: SpacySpan) -> list[EntityRef]:
        """The entities of a sentence, in order (by token index: no ``Token`` is made)."""
        get = self.by_token.get
        return list(dict.fromkeys(ref for i in range(sent.start, sent.end) if (ref := get(i)) is not None))

    def of(self, tok: Token, seen: frozenset[int] = frozenset(), anyone: bool = False) -> list[EntityRef]:
        """Entities a noun phrase headed by ``tok`` denotes: itself, its conjuncts, appositions.

        With ``anyone``, a noun or pronoun that heads no entity counts as an unnamed participant."""
        if tok.i in seen:
            return []
        seen = seen | {tok.i}
        # a named apposition before a modifier ("the UN envoy, Sofia Marquez"); for a dateline,
        # what follows it ("OSLO (AP) - Ministers met"), never the agency in brackets
        filed = tok.tag_ == "NNP" and dateline(self.at(tok) or EntityRef("", "", tok.idx, tok.idx + len(tok)),
                                               self.text)
        named = [] if tok.i in self.by_token and not filed else [
            ref for c in (*tok.children, *self._misplaced(tok)) if c.dep_ == "appos" and c.nbor(-1).text != "("
            for ref in self.of(c, seen, anyone) if ref.key or filed]
        found = self._head(tok) or (unnamed(tok) if anyone else None)
        if filed:
            return named
        out = named or ([found] if found else [])
        for child in tok.children:
            if child.dep_ == "appos" and not out:
                out += self.of(child, seen, anyone)
            elif child.dep_ == "conj":
                out += self.of(child, seen, anyone)
        return list(dict.fromkeys(out))

    def fill(self, tok: Token) -> list[EntityRef]:
        """What fills a role slot headed by ``tok``: entities, else unnamed participants."""
        return self.of(tok, anyone=True)

    def _misplaced(self, tok: Token) -> list[Token]:
        """A person's name set off after "the minister of X, <name>," that the parse hangs on X."""
        if participant_kinds().get(tok.lower_) != "person":
            return []
        return [a for prep in tok.children if prep.dep_ == "prep" and prep.lower_ in ("of", "for")
                for p in prep.children if p.dep_ == "pobj" for a in p.children
                if a.dep_ == "appos" and a.ent_type_ == "PERSON"]

    def _head(self, tok: Token) -> EntityRef | None:
        if (ref := self.at(tok)) is not None:
            return ref
        mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")]
        for child in reversed(mods):
            if (ref := self.at(child)) is not None:
                return ref
        if tok.lower_ in GROUP_NOUNS or tok.lower_ in PLACE_HEADS:
            for child in tok.children:
                if child.dep_ == "poss" and tok.lower_ in GROUP_NOUNS and (ref := self.at(child)):
                    return ref
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj" and (ref := self.at(pobj)):
                            return ref
        return None
