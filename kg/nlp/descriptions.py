"""Descriptions of a facility that name no name: "a refugee camp", "the school".

News names a camp, a school or a hospital once ("the Yida refugee camp") and then describes it
("the camp", "a refugee camp in South Sudan"). A description is a singular common noun of a
facility, written in lower case, outside every name, with its determiner and the lower-case
words before it; ``kg.resolve`` gives it to the one named facility of that noun in the article,
or drops it.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from kg.nlp.words import words
from kg.types import Kind, Mention, Span

DESCRIBED_HEADS = words("facilities", "described")
"""Facilities that news names and then describes (``patterns/words.json``)."""

_LEFT = frozenset({"det", "amod", "compound", "nmod"})


def facility_descriptions(doc: Doc, sentence_of: Callable[[int], Span]) -> list[Mention]:
    """Every description of a facility in the text, as an unnamed place mention."""
    out = []
    for token in doc:
        if token.lower_ not in DESCRIBED_HEADS or token.tag_ != "NN" or token.ent_type_ or not token.is_lower:
            continue
        if token.dep_ == "compound":
            continue  # "camp residents": a modifier, not the facility
        start = _left_edge(token)
        text = doc.text[doc[start].idx:token.idx + len(token.text)]
        out.append(Mention(Span(doc[start].idx, token.idx + len(token.text), text), Kind.PLACE,
                           sentence_of(token.i), token.lower_, named=False))
    return out


def _left_edge(head: Token) -> int:
    """The first of the determiner and lower-case words written just before the noun."""
    start = head.i
    for child in reversed(list(head.lefts)):
        lower = child.is_lower or child.dep_ == "det"  # "A refugee camp" opening a sentence
        if child.dep_ not in _LEFT or child.ent_type_ or not lower or child.i != start - 1:
            break
        start = child.i
    return start
