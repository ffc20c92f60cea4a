"""Score predicted documents against gold ones, with the conventions of the corpus scorer.

Entities are scored per type at three levels: exact mention span, overlapping mention span
(matched one-to-one), and document level (the set of distinct normalised names per type).
Events are scored by trigger span (exact, overlap, exact with type) and by the set of
(trigger, argument) text pairs per document, with and without the role.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kg.evaluate.gold import AnnotatedDoc, EntityMention, EventMention
from kg.kinds import EVALUATION_TYPES

ENTITY_TYPES = EVALUATION_TYPES
LEVELS = ("exact", "overlap", "document")
EVENT_MEASURES = (
    "trigger exact",
    "trigger overlap",
    "trigger+type exact",
    "(trigger, argument) pairs",
    "(trigger, role, argument)",
)

_EDGE = " \t\n\"'“”‘’`.,;:!?()[]{}"
_LEADING_THE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"\s*(?:'s|’s|'|’)$")


@dataclass(frozen=True, slots=True)
class Options:
    names_only: bool = False
    """Nominal gold mentions are "don't care" too, not only pronouns."""
    include_pronouns: bool = False
    """Pronoun gold mentions are scored like any other."""


@dataclass(frozen=True, slots=True)
class Counts:
    """Matched predictions, predictions, matched gold items and gold items."""

    tp_pred: int = 0
    pred: int = 0
    tp_gold: int = 0
    gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.tp_pred + other.tp_pred,
            self.pred + other.pred,
            self.tp_gold + other.tp_gold,
            self.gold + other.gold,
        )

    @property
    def precision(self) -> float:
        if self.pred:
            return self.tp_pred / self.pred
        return 1.0 if self.gold == 0 else 0.0

    @property
    def recall(self) -> float:
        if self.gold:
            return self.tp_gold / self.gold
        return 1.0 if self.pred == 0 else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Scores:
    """Summed counts over a corpus. ``entities[level][type]``; ``events[measure]``."""

    documents: int
    missing: int
    entities: Mapping[str, Mapping[str, Counts]]
    types: tuple[str, ...]
    """Entity types with gold or predicted mentions anywhere, in schema order."""
    events: Mapping[str, Counts] = field(default_factory=dict)
    event_docs: int = 0
    argument_docs: int = 0
    unknown_types: Mapping[str, int] = field(default_factory=dict)

    def micro(self, level: str) -> Counts:
        return sum((self.entities[level].get(t, Counts()) for t in self.types), Counts())

    def get(self, level: str, entity_type: str) -> Counts:
        return self.entities[level].get(entity_type, Counts())


def normalise(name: str) -> str:
    """Casefold, collapse spaces, trim punctuation/quotes, drop a leading "the" and a final 's."""
    name = re.sub(r"\s+", " ", name.casefold().strip()).strip(_EDGE)
    name = _POSSESSIVE.sub("", _LEADING_THE.sub("", name))
    return name.strip(_EDGE)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def overlap_matches(preds: list[tuple[int, int]], golds: list[tuple[int, int]]) -> int:
    """Size of a one-to-one matching of overlapping spans, built greedily.

    Pairs are taken best first: identical spans, then the longer overlap, then the closer
    start; remaining ties go to the later prediction, then the later gold span.
    """
    ranked = sorted(
        (
            (p == g, _overlap(p, g), -abs(p[0] - g[0]), i, j)
            for i, p in enumerate(preds)
            for j, g in enumerate(golds)
            if _overlap(p, g) > 0
        ),
        reverse=True,
    )
    taken_p: set[int] = set()
    taken_g: set[int] = set()
    for *_, i, j in ranked:
        if i not in taken_p and j not in taken_g:
            taken_p.add(i)
            taken_g.add(j)
    return len(taken_p)


def _exact_matches(preds: Iterable[object], golds: Iterable[object]) -> int:
    return sum((Counter(preds) & Counter(golds)).values())


def _set_counts(pred: set[object], gold: set[object]) -> Counts:
    both = len(pred & gold)
    return Counts(both, len(pred), both, len(gold))


class _Tally:
    """Mutable running totals while documents are scored; frozen into ``Scores`` at the end."""

    def __init__(self) -> None:
        self.entities: dict[str, dict[str, Counts]] = {level: {} for level in LEVELS}
        self.events: dict[str, Counts] = {}
        self.types: set[str] = set()
        self.unknown: Counter[str] = Counter()
        self.event_docs = 0
        self.argument_docs = 0

    def add(self, table: dict[str, Counts], key: str, counts: Counts) -> None:
        table[key] = table.get(key, Counts()) + counts


def _in_regions(start: int, regions: tuple[tuple[int, int], ...] | None) -> bool:
    return regions is None or any(lo <= start < hi for lo, hi in regions)


def _span(m: EntityMention | EventMention) -> tuple[int, int]:
    return (m.start, m.end)  # type: ignore[return-value]


def _covered(group: Iterable[EntityMention]) -> set[int]:
    """The character offsets the mentions of ``group`` cover (a set, so that asking whether a
    prediction touches the group does not walk the group for every prediction)."""
    return {i for g in group if g.start is not None for i in range(g.start, g.end)}  # type: ignore[arg-type]


def _touches(m: EntityMention, covered: set[int]) -> bool:
    return not covered.isdisjoint(range(*_span(m)))


Mentions = list[EntityMention]


def _split_gold(gold: AnnotatedDoc, types: tuple[str, ...], options: Options) -> tuple[Mentions, Mentions]:
    """Gold mentions in scope, split into required ones and "don't care" ones."""
    dont_care = set() if options.include_pronouns else {"pronoun"}
    if options.names_only:
        dont_care.add("nominal")
    required: Mentions = []
    ignored: Mentions = []
    for m in gold.entities:
        if m.type in types and _in_regions(m.start, gold.annotated_regions):
            (ignored if m.form in dont_care else required).append(m)
    return required, ignored


def _kept_predictions(
    pred: AnnotatedDoc, gold: AnnotatedDoc, types: tuple[str, ...], gold_split: tuple[Mentions, Mentions],
    tally: _Tally,
) -> Mentions:
    """Predictions that count: known type, annotated type, in a region, not only on don't-care gold."""
    required, ignored = gold_split
    in_required, in_ignored = _covered(required), _covered(ignored)
    kept = []
    for m in pred.entities:
        if m.type not in ENTITY_TYPES:
            tally.unknown[str(m.type)] += 1
            continue
        if m.type not in types:
            continue
        if m.start is not None:
            if not _in_regions(m.start, gold.annotated_regions):
                continue
            if _touches(m, in_ignored) and not _touches(m, in_required):
                continue
        kept.append(m)
    return kept


def _score_entities(gold: AnnotatedDoc, pred: AnnotatedDoc, options: Options, tally: _Tally) -> None:
    types = gold.annotated_types or ENTITY_TYPES
    required, ignored = _split_gold(gold, types, options)
    kept = _kept_predictions(pred, gold, types, (required, ignored), tally)
    for typ in types:
        g_spans = [_span(m) for m in required if m.type == typ]
        p_all = [m for m in kept if m.type == typ]
        p_spans = [_span(m) for m in p_all if m.start is not None]
        exact = _exact_matches(p_spans, g_spans)
        tally.add(tally.entities["exact"], typ, Counts(exact, len(p_all), exact, len(g_spans)))
        over = overlap_matches(p_spans, g_spans)
        tally.add(tally.entities["overlap"], typ, Counts(over, len(p_all), over, len(g_spans)))
        g_names = {normalise(m.text) for m in required if m.type == typ} - {""}
        p_names = {normalise(m.text) for m in p_all} - {""}
        tally.add(tally.entities["document"], typ, _set_counts(p_names, g_names))
        if g_spans or p_all:
            tally.types.add(typ)


def _pairs(events: Iterable[EventMention], with_role: bool) -> set[tuple[str, str, str]]:
    return {
        (normalise(ev.trigger), a.role if with_role else "", normalise(a.text))
        for ev in events
        for a in ev.arguments
    }


def _score_events(gold: AnnotatedDoc, pred: AnnotatedDoc, tally: _Tally) -> None:
    annotated = gold.annotated_events
    if not (bool(gold.events) if annotated is None else annotated):
        return
    g_ev = [e for e in gold.events if _in_regions(e.start, gold.annotated_regions)]
    p_ev = [e for e in pred.events if _in_regions(e.start, gold.annotated_regions)]
    g_spans, p_spans = [_span(e) for e in g_ev], [_span(e) for e in p_ev]
    n_p, n_g = len(p_ev), len(g_ev)
    exact = _exact_matches(p_spans, g_spans)
    tally.add(tally.events, "trigger exact", Counts(exact, n_p, exact, n_g))
    over = overlap_matches(p_spans, g_spans)
    tally.add(tally.events, "trigger overlap", Counts(over, n_p, over, n_g))
    typed = _exact_matches([(*_span(e), e.type) for e in p_ev], [(*_span(e), e.type) for e in g_ev])
    tally.add(tally.events, "trigger+type exact", Counts(typed, n_p, typed, n_g))
    tally.event_docs += 1
    with_args = gold.annotated_arguments
    if not (any(e.arguments for e in g_ev) if with_args is None else with_args):
        return
    for name, with_role in (("(trigger, argument) pairs", False), ("(trigger, role, argument)", True)):
        tally.add(tally.events, name, _set_counts(_pairs(p_ev, with_role), _pairs(g_ev, with_role)))
    tally.argument_docs += 1


def score(
    golds: Iterable[AnnotatedDoc],
    preds: Mapping[str, AnnotatedDoc],
    options: Options = Options(),
) -> Scores:
    """Score ``preds`` (keyed by doc_id) against ``golds``; a missing prediction counts as empty."""
    tally = _Tally()
    documents = missing = 0
    for gold in sorted(golds, key=lambda d: d.doc_id):
        pred = preds.get(gold.doc_id)
        if pred is None:
            missing += 1
            pred = AnnotatedDoc(gold.doc_id)
        documents += 1
        _score_entities(gold, pred, options, tally)
        _score_events(gold, pred, tally)
    return Scores(
        documents=documents,
        missing=missing,
        entities=tally.entities,
        types=tuple(t for t in ENTITY_TYPES if t in tally.types),
        events={k: tally.events[k] for k in EVENT_MEASURES if k in tally.events},
        event_docs=tally.event_docs,
        argument_docs=tally.argument_docs,
        unknown_types=dict(tally.unknown),
    )
