"""The best cross-document coreference a builder can score on a gold corpus, by identity rule.

    python benchmarks/coref_ceiling.py [--corpus ../shared/corpus]

Every gold mention is taken as found, with its exact span, so mention detection costs nothing;
only the rule that decides which mentions are one node changes. The scorer is the one
``kg evaluate`` reports (``kg.evaluate.coref``, named mentions with cross-document ids):

  gold          one node per gold instance id: 1.0 by construction
  by type       one node per gold instance and entity type: a country, its armed forces and
                its government are three nodes, as news-kg's graph keeps them
  by name       as "by type", and mentions with the same name and type are one node, as a
                builder that has one node per real-world thing must do ("Sudan" the place and
                "Sudan" the actor, which the gold may count as two instances)

The last row is the ceiling for news-kg's identity rules on gold mentions; a target above it can
only be met by changing those rules, not by better extraction.

With ``--ours`` the pipeline runs over the corpus (a minute or two) and two more rows use its
mentions and nodes:

  ours          the build's nodes after corpus-level identity, as ``kg evaluate`` scores them
  ours, joined  each of those nodes joined with the others of its kind whose mentions are mostly
                of the same gold entity: perfect identity over our extraction, the ceiling of
                the identity rules with the mentions and kinds the build finds
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path

from kg.evaluate.coref import CorefScores, KeyedSpan, cross_doc_coref, join_by_key, scored_mentions

Keying = Callable[[Mapping, str], str]


def _name(entity: Mapping) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", entity["text"].lower()).strip("\"'“” ")


def _score(docs: list[dict], key: Keying) -> CorefScores:
    predicted = {}
    for doc in docs:
        ids = doc.get("cross_doc_ids") or {}
        predicted[doc["doc_id"]] = [
            KeyedSpan(e["start"], e["end"], key(e, ids.get(e["id"], f"{doc['doc_id']}:{e['id']}")))
            for e in doc["entities"]
        ]
    return cross_doc_coref(docs, predicted)


def _by_name(docs: list[dict]) -> Keying:
    """Join (instance, type) groups that share a name and type."""
    groups = (
        (f"{doc['cross_doc_ids'][e['id']]}/{e['type']}", (_name(e), e["type"]))
        for doc in docs for e in doc["entities"] if e["id"] in doc["cross_doc_ids"]
    )
    find = join_by_key(groups)
    return lambda e, instance: find(f"{instance}/{e['type']}")


def _kind(key: str) -> str:
    return key.split("/", 1)[0] if "/" in key else "wikidata"


def _ours(corpus: Path, docs: list[dict]) -> dict[str, CorefScores]:
    """The build's own keys, and the same nodes joined by the gold entity most of their mentions name."""
    from kg.evaluate.gold import read_gold_dir
    from kg.evaluate.predict import predict_news_kg

    keys = predict_news_kg(read_gold_dir(corpus)).keys
    votes: dict[tuple[int, str], Counter] = defaultdict(Counter)
    topic_of = {}
    for m in scored_mentions(docs, keys):
        topic_of[m.doc] = m.topic
        votes[(m.topic, m.pred)][m.gold] += 1
    majority = {node: count.most_common(1)[0][0] for node, count in votes.items()}

    def joined(doc: str, key: str) -> str:
        gold = majority.get((topic_of.get(doc), key))
        return f"{gold}/{_kind(key)}" if gold else key

    ideal = {doc: [KeyedSpan(k.start, k.end, joined(doc, k.key)) for k in spans] for doc, spans in keys.items()}
    return {"ours": cross_doc_coref(docs, keys), "ours, joined": cross_doc_coref(docs, ideal)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    parser.add_argument("--ours", action="store_true", help="also score the build's own mentions and nodes")
    args = parser.parse_args()
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(args.corpus.glob("*.gold.json"))]
    docs = [d for d in docs if d.get("cross_doc_ids")]
    rows = {
        "gold": lambda e, instance: instance,
        "by type": lambda e, instance: f"{instance}/{e['type']}",
        "by name": _by_name(docs),
    }
    print(f"{len(docs)} documents with cross-document ids in {args.corpus}")
    print("| identity rule | pairwise P | pairwise R | pairwise F1 | B-cubed F1 | nodes per gold entity |")
    print("|---|---:|---:|---:|---:|---:|")
    scores = {name: _score(docs, key) for name, key in rows.items()}
    if args.ours:
        scores |= _ours(args.corpus, docs)
    for name, s in scores.items():
        print(f"| {name} | {s.pairwise_precision:.3f} | {s.pairwise_recall:.3f} | {s.pairwise_f1:.3f} "
              f"| {s.b3_f1:.3f} | {s.nodes_per_entity:.2f} |")


if __name__ == "__main__":
    main()
