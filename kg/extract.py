"""spaCy ``Doc`` + ``Article`` -> ``Extraction``: the last stage that sees spaCy objects.

The pipeline has already found and typed the entity spans (``kg.nlp``); here they become
``Mention`` records, are resolved into entities (``kg.resolve``), and the event, time and
relation finders run over the same parse. Nothing is parsed twice.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg import kinds
from kg.chronology import date_events, place_in_events
from kg.nlp.descriptions import facility_descriptions
from kg.nlp.events import find_occurrences
from kg.nlp.quotes import find_quotations
from kg.nlp.relations import find_relations
from kg.nlp.text import text_of
from kg.nlp.timex import find_times, join_adjacent, undated_times
from kg.resolve import resolve
from kg.types import Article, Extraction, Kind, Mention, Span

KIND_OF_LABEL = {label: Kind(name) for label, name in kinds.KIND_OF_LABEL.items()}


def extract_doc(doc: Doc, article: Article) -> Extraction:
    """Everything we find in one parsed article. ``doc.text`` must be ``article.text``."""
    if text_of(doc) != article.text:
        raise ValueError(f"the Doc of {article.source} was not made from its article text")
    sentences = _Sentences(doc, article.text)
    mentions = [_mention(ent, sentences) for ent in doc.ents if ent.label_ in KIND_OF_LABEL]
    described = facility_descriptions(doc, sentences.of)
    entities = date_events(resolve(mentions, tags=article.tags, descriptions=described))
    entity_at = {(m.span.start, m.span.end): e.key for e in entities for m in e.mentions}
    found = find_times(doc, article.published)
    times, undated = join_adjacent(article.text, found, undated_times(doc, found))
    published = article.published.date() if isinstance(article.published, dt.datetime) else article.published
    occurrences = find_occurrences(doc, entity_at, times, undated, published)
    return Extraction(
        article=article,
        entities=entities,
        occurrences=place_in_events(occurrences, entities),
        relations=find_relations(doc, entity_at),
        times=times,
        undated=undated,
        quotations=find_quotations(doc, occurrences, entity_at),
    )


class _Sentences:
    """The sentence around a token, found by bisection (``Span.sent`` walks the tokens)."""

    def __init__(self, doc: Doc, text: str) -> None:
        sents = list(doc.sents)
        self.starts = [s.start for s in sents]
        self.spans = [Span(s.start_char, s.end_char, text[s.start_char:s.end_char]) for s in sents]

    def of(self, token_index: int) -> Span:
        return self.spans[bisect_right(self.starts, token_index) - 1]


def _mention(ent: SpacySpan, sentences: _Sentences) -> Mention:
    text = ent.text
    return Mention(
        span=Span(ent.start_char, ent.end_char, text),
        kind=KIND_OF_LABEL[ent.label_],
        sentence=sentences.of(ent.start),
        name=" ".join(text.split()),
    )
