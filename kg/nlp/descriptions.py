"""Descriptions of a facility that name no name: "a refugee camp", "the school".

News names a camp, a school or a hospital once ("the Yida refugee camp") and then describes it
("the camp", "a refugee camp in South Sudan"). A description is a singular common noun of a
facility, written in lower case, outside every name, with its determiner and the lower-case
words before it; ``kg.resolve`` gives it to the one named facility of that noun in the article,
or drops it.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from kg.nlp.text import text_of
from kg.nlp.words import words
from kg.types import Kind, Mention, Span

DESCRIBED_HEADS = words("facilities", "described")
"""Facilities that news names and then describes (``patterns/words.json``)."""
_HEAD_IDS = frozenset(get_string_id(word) for word in DESCRIBED_HEADS)
"""The same words as spaCy string ids, matched against ``Doc.to_array(LOWER)``."""

_LEFT = frozenset({"det", "amod", "compound", "nmod"})


def facility_descriptions(doc: Doc, sentence_of: Callable[[int], Span]) -> list[Mention]:
    """Every description of a facility in the text, as an unnamed place mention.

    Only the tokens whose lower-case form is a facility noun become ``Token`` objects."""
    text = text_of(doc)
    out = []
    for i, lower in enumerate(doc.to_array(LOWER).tolist()):
        if lower not in _HEAD_IDS:
            continue
        token = doc[i]
        if token.tag_ != "NN" or token.ent_type_ or not token.is_lower:
            continue
        if token.dep_ == "compound":
            continue  # "camp residents": a modifier, not the facility
        start = doc[_left_edge(token)].idx
        end = token.idx + len(token.text)
        out.append(Mention(Span(start, end, text[start:end]), Kind.PLACE,
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
