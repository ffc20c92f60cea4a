"""Cross-document coreference scores on hand-made examples whose answers were worked out by hand."""

from __future__ import annotations

import pytest

from kg.evaluate.coref import KeyedSpan, cross_doc_coref


def doc(doc_id: str, *mentions: tuple[str, int, int, str], types: str = "Place", form: str = "name") -> dict:
    return {
        "doc_id": doc_id,
        "entities": [{"id": m, "type": types, "start": s, "end": e, "form": form} for m, s, e, _ in mentions],
        "cross_doc_ids": {m: gold for m, _, _, gold in mentions},
    }


def test_worked_example() -> None:
    # gold: X = {a, c, e}, Y = {b, d}; predicted: k1 = {a, c, d}, k2 = {b}, e unmatched
    gold = [doc("d1", ("a", 0, 1, "X"), ("b", 2, 3, "Y")),
            doc("d2", ("c", 0, 1, "X"), ("d", 2, 3, "Y")),
            doc("d3", ("e", 0, 1, "X"))]
    pred = {"d1": [KeyedSpan(0, 1, "k1"), KeyedSpan(2, 3, "k2")],
            "d2": [KeyedSpan(0, 1, "k1"), KeyedSpan(2, 3, "k1")]}
    s = cross_doc_coref(gold, pred)
    # 8 cross-document pairs; gold-linked: ac ae bd ce; predicted-linked: ac ad; both: ac
    assert s.pairwise_precision == pytest.approx(1 / 2)
    assert s.pairwise_recall == pytest.approx(1 / 4)
    assert s.pairwise_f1 == pytest.approx(1 / 3, abs=1e-4)
    # B3 per mention (p, r): a (2/3, 2/3) b (1, 1/2) c (2/3, 2/3) d (1/3, 1/2) e (1, 1/3)
    assert s.b3_precision == pytest.approx(11 / 15, abs=1e-4)
    assert s.b3_recall == pytest.approx(8 / 15, abs=1e-4)
    assert s.b3_f1 == pytest.approx(2 * (11 / 15) * (8 / 15) / (19 / 15), abs=1e-4)
    assert (s.mentions, s.matched, s.gold_entities, s.predicted_nodes) == (5, 4, 2, 2)
    assert s.nodes_per_entity == pytest.approx(1.5)


def test_perfect_prediction_scores_one() -> None:
    gold = [doc("d1", ("a", 0, 4, "X"), ("b", 5, 9, "Y")), doc("d2", ("c", 0, 4, "X"), ("d", 5, 9, "Y"))]
    pred = {"d1": [KeyedSpan(0, 4, "place/x"), KeyedSpan(5, 9, "Q1")],
            "d2": [KeyedSpan(0, 4, "place/x"), KeyedSpan(5, 9, "Q1")]}
    s = cross_doc_coref(gold, pred)
    assert (s.pairwise_f1, s.b3_f1, s.nodes_per_entity) == (1.0, 1.0, 1.0)


def test_one_key_for_everything_has_full_recall_and_low_precision() -> None:
    gold = [doc("d1", ("a", 0, 1, "X"), ("b", 2, 3, "Y")), doc("d2", ("c", 0, 1, "X"), ("d", 2, 3, "Y"))]
    pred = {d: [KeyedSpan(0, 1, "k"), KeyedSpan(2, 3, "k")] for d in ("d1", "d2")}
    s = cross_doc_coref(gold, pred)
    # cross pairs ac ad bc bd: all predicted-linked, gold-linked ac bd
    assert (s.pairwise_precision, s.pairwise_recall) == (0.5, 1.0)
    assert s.b3_precision == 0.5 and s.b3_recall == 1.0


def test_pairs_are_scored_within_topics_only() -> None:
    # topic 1: d1, d2 share X; topic 2: d3, d4 share Z. The same predicted key in both topics
    # is not a false merge: gold ids are per topic.
    gold = [doc("d1", ("a", 0, 1, "X")), doc("d2", ("b", 0, 1, "X")),
            doc("d3", ("c", 0, 1, "Z")), doc("d4", ("d", 0, 1, "Z"))]
    pred = {d: [KeyedSpan(0, 1, "place/israel")] for d in ("d1", "d2", "d3", "d4")}
    s = cross_doc_coref(gold, pred)
    assert (s.pairwise_precision, s.pairwise_recall, s.b3_f1) == (1.0, 1.0, 1.0)
    assert s.gold_entities == 2


def test_the_largest_overlap_wins_and_filters_apply() -> None:
    gold = [doc("d1", ("a", 0, 10, "X")), doc("d2", ("b", 0, 10, "X")),
            doc("d3", ("c", 0, 2, "X"), form="pronoun"), doc("d4", ("d", 0, 4, "X"), types="Date")]
    pred = {"d1": [KeyedSpan(0, 2, "wrong"), KeyedSpan(3, 10, "k")], "d2": [KeyedSpan(1, 9, "k")],
            "d3": [KeyedSpan(0, 2, "other")], "d4": [KeyedSpan(0, 4, "other")]}
    s = cross_doc_coref(gold, pred)
    assert s.mentions == 2 and s.pairwise_f1 == 1.0
    every_form = cross_doc_coref(gold, pred, forms=None)
    assert every_form.mentions == 3 and every_form.pairwise_precision == 1.0
    assert every_form.pairwise_recall == pytest.approx(1 / 3, abs=1e-4)


def test_no_gold_pairs_gives_zero_not_an_error() -> None:
    s = cross_doc_coref([doc("d1", ("a", 0, 1, "X"))], {})
    assert (s.pairwise_f1, s.mentions, s.matched) == (0.0, 1, 0)
