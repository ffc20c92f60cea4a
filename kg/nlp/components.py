"""Our spaCy components. Registered by decorator; created by ``load_pipeline``.

``kg_retype`` works on ``doc.ents`` after the model's NER and our entity ruler:

1. trims determiners, possessive endings and punctuation off the span edges;
2. drops junk: URLs, e-mail addresses, numbers, non-Latin script, lower-case-only names;
3. re-types by category: a head noun of a military unit makes ``MILUNIT``, a head noun of a
   named event makes ``EVENT``, an ORG whose head is a place named elsewhere in the text
   ("Imperial Japan") becomes ``GPE``; labels we do not extract are dropped.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

KEEP = {"PERSON", "MILUNIT", "GPE", "LOC", "FAC", "EVENT", "ORG", "DATE", "TIME"}
UNIT_HEADS = {
    "army", "armies", "navy", "forces", "force", "military", "militia", "militias", "brigade",
    "brigades", "battalion", "regiment", "division", "corps", "fleet", "flotilla", "squadron",
    "marines", "guard", "guards", "legion", "troops", "infantry", "partisans", "guerrillas",
    "rebels", "insurgents", "paratroopers", "commandos", "front",
}
NON_MILITARY_BEFORE_HEAD = {"police", "task", "salvation", "peace", "labor", "labour", "work"}
EVENT_HEADS = {
    "war", "wars", "campaign", "offensive", "operation", "uprising", "revolution", "rebellion",
    "insurrection", "blitz", "blitzkrieg", "counteroffensive", "intifada", "massacre", "siege",
}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
POSSESSIVE = {"'s", "’s", "'", "’"}
JUNK = re.compile(r"(https?://|www\.|@|\.com\b|\.org\b|^[\W\d_]+$)", re.I)
LATIN = re.compile(r"[A-Za-z]")
NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F]")


def trim(span: Span) -> Span | None:
    """Drop determiners, possessives and punctuation from the edges; None when nothing is left."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in DETERMINERS or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label, span_id=span.id)


def is_junk(span: Span) -> bool:
    text = span.text
    if JUNK.search(text) or not LATIN.search(text) or NON_LATIN_LETTER.search(text):
        return True
    if span.label_ in {"DATE", "TIME"}:
        return False
    return len(text) < 2 or not any(t.is_title or t.is_upper for t in span)


def category(span: Span, places: set[str]) -> str:
    """The label after re-typing by head noun and by what else the text says."""
    label = span.label_
    words = [t.lower_ for t in span]
    head = words[-1]
    if label in {"MILUNIT", "DATE", "TIME"}:
        return label
    if words[0] == "operation" and len(words) > 1 or head in EVENT_HEADS and span[-1].is_title:
        return "EVENT"
    if head in UNIT_HEADS and label in {"ORG", "NORP", "FAC", "GPE", "PERSON"}:
        if not NON_MILITARY_BEFORE_HEAD.intersection(words[:-1]):
            return "MILUNIT"
    if label == "ORG" and span[-1].text in places and len(span) > 1:
        return "GPE"
    if label == "EVENT" and not span.ent_id_ and not EVENT_HEADS.union({"battle"}).intersection(words):
        return "DROP"
    return label


@Language.component("kg_retype")
def kg_retype(doc: Doc) -> Doc:
    places = {e.text for e in doc.ents if e.label_ in {"GPE", "LOC"}}
    kept: list[Span] = []
    for ent in doc.ents:
        span = trim(ent)
        if span is None or is_junk(span):
            continue
        label = category(span, places)
        if label in KEEP:
            kept.append(Span(doc, span.start, span.end, label=label))
    doc.ents = filter_spans(vote(kept))
    return doc


def vote(spans: list[Span]) -> list[Span]:
    """Give every occurrence of the same name the label most of its occurrences have.

    Ruler labels (units, events) win ties over the model's, which guesses per sentence.
    """
    counts: dict[str, Counter[str]] = {}
    for span in spans:
        counts.setdefault(span.text, Counter())[span.label_] += 1
    rank = {"MILUNIT": 2, "EVENT": 2}
    best = {
        text: max(c.items(), key=lambda kv: (kv[1], rank.get(kv[0], 0)))[0]
        for text, c in counts.items()
    }
    return [Span(s.doc, s.start, s.end, label=best[s.text]) for s in spans]
