"""Regression test: extraction quality on the evaluation corpus stays at or above floors.

The floors sit a little (about 0.02) below the figures news-kg reached when they were set
(names only, document level and mention overlap; event triggers and (trigger, argument)
pairs; cross-document coreference); see issues 3, 4 and 5. Skipped without the corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import evaluate

DOCUMENT_FLOORS = {
    "micro": 0.80,
    "Person": 0.85,
    "MilitaryUnit": 0.88,
    "Organization": 0.675,
    "Place": 0.795,
    "Date": 0.90,
}
OVERLAP_MICRO_FLOOR = 0.865
EVENT_FLOORS = {"trigger overlap": 0.53, "(trigger, argument) pairs": 0.295}
COREF_PAIRWISE_FLOOR = 0.52


@pytest.mark.slow
def test_names_only_scores_stay_above_their_floors(corpus_dir: Path) -> None:
    report = evaluate(corpus_dir, names_only=True, baseline=False)
    scores = report.news_kg
    reached = {t: scores.get("document", t).f1 for t in DOCUMENT_FLOORS if t != "micro"}
    reached["micro"] = scores.micro("document").f1
    low = {t: round(f, 3) for t, f in reached.items() if f < DOCUMENT_FLOORS[t]}
    assert not low, f"document-level F1 fell below its floor: {low} (floors {DOCUMENT_FLOORS})"
    overlap = scores.micro("overlap").f1
    assert overlap >= OVERLAP_MICRO_FLOOR, f"mention-overlap micro F1 {overlap:.3f} < {OVERLAP_MICRO_FLOOR}"
    events = {name: round(scores.events[name].f1, 3) for name in EVENT_FLOORS}
    low = {name: f1 for name, f1 in events.items() if f1 < EVENT_FLOORS[name]}
    assert not low, f"event F1 fell below its floor: {low} (floors {EVENT_FLOORS})"
    coref = report.coref.pairwise_f1
    assert coref >= COREF_PAIRWISE_FLOOR, f"cross-document pairwise F1 {coref:.3f} < {COREF_PAIRWISE_FLOOR}"
