"""Turn article texts into predicted documents: news-kg's own pipeline, and a plain-spaCy baseline.

Offsets are character offsets into the ``.txt`` exactly as read, so they line up with the gold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from kg.errors import EvaluationError, ModelNotFound
from kg.evaluate.coref import KeyedSpan
from kg.evaluate.gold import AnnotatedDoc, Argument, EntityMention, EventMention, GoldText
from kg.identity import nodes_of, resolve_corpus
from kg.kinds import KINDS
from kg.nlp import DEFAULT_MODEL, model_package
from kg.types import Entity, Extraction, Kind, Occurrence, Skipped

BASELINE_BATCH = 32

KIND_TYPES = {Kind(row.name): row.evaluation for row in KINDS if row.evaluation}
"""news-kg kinds to corpus entity types; a kind without one is not scored."""

BASELINE_LABELS = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "EVENT": "Event",
    "DATE": "Date",
    "TIME": "Date",
}
"""spaCy's OntoNotes labels to corpus entity types; other labels (NORP, numbers...) are dropped."""


def _event(occ: Occurrence) -> EventMention:
    arguments = tuple(
        Argument(role.role, role.span.text, role.span.start, role.span.end)
        for role in occ.roles
        if role.span is not None
    )
    trig = occ.trigger
    return EventMention(trig.text, trig.start, trig.end, occ.event_type, arguments)


def extraction_to_doc(doc_id: str, extraction: Extraction) -> AnnotatedDoc:
    """One predicted entity per mention (plus time expressions, dated or not), one event per occurrence."""
    entities = [
        EntityMention(KIND_TYPES[m.kind], m.span.text, m.span.start, m.span.end)
        for entity in extraction.entities
        for m in entity.mentions
        if m.kind in KIND_TYPES and m.named
    ]
    dated = {(e.start, e.end) for e in entities if e.type == "Date"}
    spans = [*(t.span for t in extraction.times if t.span is not None), *extraction.undated]
    for span in spans:
        if (span.start, span.end) not in dated:
            dated.add((span.start, span.end))
            entities.append(EntityMention("Date", span.text, span.start, span.end))
    events = tuple(_event(occ) for occ in extraction.occurrences)
    entities.sort(key=lambda e: (e.start, e.end, e.type))
    return AnnotatedDoc(doc_id, tuple(entities), events)


def _published(date: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(date) if date else None
    except ValueError:
        return None


def keyed_spans(extraction: Extraction) -> tuple[KeyedSpan, ...]:
    """Every entity mention with the key (the IRI path) the build gives its entity."""
    return tuple(KeyedSpan(m.span.start, m.span.end, e.key) for e in extraction.entities for m in e.mentions)


@dataclass(frozen=True, slots=True)
class NewsKgPredictions:
    """What news-kg predicted for a gold folder."""

    documents: tuple[AnnotatedDoc, ...]
    keys: dict[str, tuple[KeyedSpan, ...]]
    """Per document, the entity key of every mention."""
    skipped: tuple[Skipped, ...]
    """Texts the pipeline could not extract (as ``kg build`` would skip them): they have no prediction."""


def predict_news_kg(items: Sequence[GoldText], model: str | None = None) -> NewsKgPredictions:
    """Run the full news-kg pipeline over each text, through the build's own extraction loop."""
    from kg.ingest import make_article
    from kg.nlp import load_pipeline
    from kg.pipeline import extract_articles

    nlp = load_pipeline(model)
    articles = []
    for item in items:
        article = make_article(text=item.text, source=str(item.path), published=_published(item.date))
        if article.text != item.text:
            raise EvaluationError(
                f"the article made from {item.path} changed its text, so gold offsets cannot be "
                "compared; this is a bug in news-kg, please report it"
            )
        articles.append(article)
    predictions = []
    keys: dict[str, tuple[KeyedSpan, ...]] = {}
    skipped = []
    entities = []
    for item, found in zip(items, extract_articles(articles, nlp), strict=True):
        if isinstance(found, Skipped):
            skipped.append(found)
            continue
        predictions.append(extraction_to_doc(item.gold.doc_id, found))
        keys[item.gold.doc_id] = keyed_spans(found)
        entities.append(found.entities)
    return NewsKgPredictions(tuple(predictions), corpus_keys(keys, entities), tuple(skipped))


def corpus_keys(keys: dict[str, tuple[KeyedSpan, ...]],
                entities: list[tuple[Entity, ...]]) -> dict[str, tuple[KeyedSpan, ...]]:
    """Every mention's key after corpus-level identity (``kg.identity``), as a build's
    ``kg:canonical`` gives it: the key of the node its node joins."""
    canonical = resolve_corpus(nodes_of(entities)).canonical()
    return {doc: tuple(KeyedSpan(k.start, k.end, canonical.get(k.key, k.key)) for k in spans)
            for doc, spans in keys.items()}


def baseline_doc(doc_id: str, doc) -> AnnotatedDoc:
    """The model's own entities with the obvious label mapping; no events."""
    entities = tuple(
        EntityMention(BASELINE_LABELS[ent.label_], ent.text, ent.start_char, ent.end_char)
        for ent in doc.ents
        if ent.label_ in BASELINE_LABELS
    )
    return AnnotatedDoc(doc_id, entities)


def predict_baseline(items: Sequence[GoldText], model: str | None = None) -> tuple[AnnotatedDoc, ...]:
    """Plain spaCy: the model loaded on its own, without any news-kg component."""
    import spacy

    name = model or DEFAULT_MODEL
    try:
        nlp = spacy.load(model_package(name))
    except OSError:
        raise ModelNotFound(name) from None
    texts = (item.text if len(item.text) <= nlp.max_length else "" for item in items)  # as news-kg skips them
    docs = nlp.pipe(texts, batch_size=BASELINE_BATCH)
    return tuple(baseline_doc(item.gold.doc_id, doc) for item, doc in zip(items, docs, strict=True))
