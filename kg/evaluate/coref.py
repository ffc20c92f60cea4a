"""Cross-document coreference: do mentions of the same gold entity get the same predicted key?

Standalone. Gold: documents in the corpus schema (``doc_id``, ``entities`` with offsets and type,
``cross_doc_ids`` from mention id to a cross-document instance id, as ECB+ gives). Prediction:
per document, mentions with offsets and the entity key the build gave them. Each gold mention
takes the key of the predicted mention that overlaps it most; a gold mention nothing overlaps
keeps a key of its own (a miss costs recall, never precision).

Scores are computed within *topics*: groups of documents linked by a shared gold instance id
(ECB+ instance ids are per topic, so a correct merge across topics would otherwise count as an
error). Reported: pairwise precision/recall/F1 over mention pairs in different documents, B³
over the same mentions, the number of distinct predicted keys per gold entity, and identity
errors with examples: gold entities *split* over several predicted nodes, and gold entities
*merged* with another one into one predicted node.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

ENTITY_TYPES = ("Person", "MilitaryUnit", "Organization", "Place")


@dataclass(frozen=True, slots=True)
class KeyedSpan:
    """A predicted mention: character offsets into the document text and its entity key."""

    start: int
    end: int
    key: str


@dataclass(frozen=True, slots=True)
class CorefScores:
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    b3_precision: float
    b3_recall: float
    b3_f1: float
    mentions: int
    """Gold mentions scored (with a cross-document id, of the selected types and forms)."""
    matched: int
    """Of those, how many overlap a predicted mention."""
    gold_entities: int
    predicted_nodes: int
    """Distinct predicted keys over the matched gold mentions."""
    nodes_per_entity: float
    """Mean number of distinct predicted keys per gold entity (over entities with a match)."""
    split: int = 0
    """Gold entities whose found mentions went to two or more predicted nodes."""
    merged: int = 0
    """Gold entities that share a predicted node with another gold entity."""
    examples: tuple[IdentityError, ...] = ()
    """The largest splits and merges, a few of each."""


@dataclass(frozen=True, slots=True)
class IdentityError:
    """A gold entity split over several nodes, or a node holding several gold entities."""

    error: str
    """``split`` or ``merged``."""
    gold: tuple[str, ...]
    """The gold instance ids involved."""
    nodes: tuple[str, ...]
    """The predicted keys involved."""
    names: tuple[str, ...]
    """The mention texts, one of each: of the gold entity (split), of the node (merged)."""


@dataclass(frozen=True, slots=True)
class _Scored:
    doc: str
    gold: str
    pred: str
    topic: int
    text: str = ""


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _best_key(start: int, end: int, spans: Sequence[KeyedSpan]) -> str | None:
    best, best_overlap = None, 0
    for s in spans:
        overlap = min(end, s.end) - max(start, s.start)
        if overlap > best_overlap:
            best, best_overlap = s.key, overlap
    return best


def join_by_key(items: Iterable[tuple[str, Hashable]]) -> Callable[[str], str]:
    """Union-find: each item joins the first item that shares its key. Returns ``find``, the
    representative of an item's group (an item never seen is its own)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first: dict[Hashable, str] = {}
    for item, key in items:
        parent[find(item)] = find(first.setdefault(key, item))
    return find


def _topics(pairs: list[tuple[str, str]]) -> dict[str, int]:
    """Connected components of documents joined by shared gold ids: doc -> topic number."""
    find = join_by_key(pairs)
    roots = sorted({find(d) for d, _ in pairs})
    number = {r: i for i, r in enumerate(roots)}
    return {d: number[find(d)] for d, _ in pairs}


def scored_mentions(gold_docs: Iterable[Mapping], predicted: Mapping[str, Sequence[KeyedSpan]], *,
                    types: Sequence[str] = ENTITY_TYPES, forms: Sequence[str] | None = ("name",)) -> list[_Scored]:
    raw: list[tuple[str, str, str | None, str, str]] = []
    for doc in gold_docs:
        doc_id, ids = doc["doc_id"], doc.get("cross_doc_ids") or {}
        for ent in doc.get("entities", ()):
            if ent["id"] not in ids or ent.get("type") not in types:
                continue
            if forms is not None and ent.get("form", "name") not in forms:
                continue
            key = _best_key(ent["start"], ent["end"], predicted.get(doc_id, ()))
            raw.append((doc_id, ids[ent["id"]], key, ent["id"], ent.get("text", "")))
    topic = _topics([(d, g) for d, g, _, _, _ in raw])
    return [_Scored(d, g, k if k is not None else f"\0miss:{d}:{m}", topic[d], t) for d, g, k, m, t in raw]


def cross_doc_coref(gold_docs: Iterable[Mapping], predicted: Mapping[str, Sequence[KeyedSpan]], *,
                    types: Sequence[str] = ENTITY_TYPES, forms: Sequence[str] | None = ("name",)) -> CorefScores:
    """Pairwise and B³ scores of predicted keys against gold cross-document ids.

    ``forms=("name",)`` scores named mentions only (a name-level builder cannot resolve "the
    camp" or "it"); pass ``None`` for every form."""
    ms = scored_mentions(gold_docs, predicted, types=types, forms=forms)
    both = pred_pairs = gold_pairs = 0
    for a, b in combinations(ms, 2):
        if a.doc == b.doc or a.topic != b.topic:
            continue
        same_gold, same_pred = a.gold == b.gold, a.pred == b.pred
        gold_pairs += same_gold
        pred_pairs += same_pred
        both += same_gold and same_pred
    p = both / pred_pairs if pred_pairs else 0.0
    r = both / gold_pairs if gold_pairs else 0.0
    gold_sets: dict[tuple, set[int]] = defaultdict(set)
    pred_sets: dict[tuple, set[int]] = defaultdict(set)
    for i, m in enumerate(ms):
        gold_sets[(m.topic, m.gold)].add(i)
        pred_sets[(m.topic, m.pred)].add(i)
    bp = br = 0.0
    for m in ms:
        g, k = gold_sets[(m.topic, m.gold)], pred_sets[(m.topic, m.pred)]
        common = len(g & k)
        bp += common / len(k)
        br += common / len(g)
    n = len(ms)
    bp, br = (bp / n, br / n) if n else (0.0, 0.0)
    matched = [m for m in ms if not m.pred.startswith("\0miss:")]
    keys_per_gold: dict[tuple, set[str]] = defaultdict(set)
    for m in matched:
        keys_per_gold[(m.topic, m.gold)].add(m.pred)
    per_entity = sum(len(v) for v in keys_per_gold.values()) / len(keys_per_gold) if keys_per_gold else 0.0
    split, merged, examples = identity_errors(matched)
    return CorefScores(round(p, 4), round(r, 4), round(_f1(p, r), 4), round(bp, 4), round(br, 4),
                       round(_f1(bp, br), 4), n, len(matched), len(gold_sets),
                       len({m.pred for m in matched}), round(per_entity, 3), split, merged, examples)


def identity_errors(matched: Sequence[_Scored], keep: int = 5) -> tuple[int, int, tuple[IdentityError, ...]]:
    """(gold entities split, gold entities merged, the ``keep`` largest examples of each)."""
    nodes_of: dict[tuple, set[str]] = defaultdict(set)
    golds_of: dict[tuple, set[str]] = defaultdict(set)
    names: dict[tuple, dict[str, None]] = defaultdict(dict)
    said: dict[tuple, dict[str, None]] = defaultdict(dict)
    for m in matched:
        nodes_of[(m.topic, m.gold)].add(m.pred)
        golds_of[(m.topic, m.pred)].add(m.gold)
        names[(m.topic, m.gold)][m.text] = None
        said[(m.topic, m.pred)][m.text] = None
    splits = [IdentityError("split", (g,), tuple(sorted(ks)), tuple(names[(t, g)]))
              for (t, g), ks in nodes_of.items() if len(ks) > 1]
    merges = [IdentityError("merged", tuple(sorted(gs)), (k,), tuple(said[(t, k)]))
              for (t, k), gs in golds_of.items() if len(gs) > 1]
    merged = {(t, g) for (t, _), gs in golds_of.items() if len(gs) > 1 for g in gs}
    biggest = sorted(splits, key=lambda e: -len(e.nodes))[:keep] + sorted(merges, key=lambda e: -len(e.gold))[:keep]
    return len(splits), len(merged), tuple(biggest)
