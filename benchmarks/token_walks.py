"""How many spaCy ``Token`` objects the extraction stage makes per token, and in which step.

    python benchmarks/token_walks.py [FOLDER]   (default: ../shared/corpus)

spaCy makes a ``Token`` object for every ``doc[i]``, every step of iterating a ``Doc`` or a
``Span`` and every ``Token.head``, ``.children``, ``.subtree`` step (they index the ``Doc``).
Each parsed article is copied into a ``Doc`` subclass that counts integer indexing and
iteration, then ``kg.extract.extract_doc`` runs on it with each of its steps wrapped by a
counter of Tokens made and CPU seconds spent (``kg.nlp.factuality``, which the event finder calls,
is counted apart too). The pipeline's own components (retyping, layout) run before and are not
counted here.
"""

from __future__ import annotations

import argparse
import functools
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from spacy.tokens import Doc, Token

import kg.extract
import kg.nlp.events
from kg.ingest import read_paths
from kg.nlp import load_pipeline
from kg.types import Article

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("facility_descriptions", "find_occurrences", "find_quotations", "find_relations", "find_times",
         "undated_times", "join_adjacent", "resolve", "date_events", "place_in_events", "_mention")


class CountingDoc(Doc):
    """A Doc that counts the Tokens it hands out."""

    made = 0

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, int):
            CountingDoc.made += 1
        return Doc.__getitem__(self, i)

    def __iter__(self) -> Iterator[Token]:
        for i in range(len(self)):
            CountingDoc.made += 1
            yield Doc.__getitem__(self, i)


def counted(name: str, fn: Callable, tally: dict[str, list[float]]) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        made, start = CountingDoc.made, time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            row = tally.setdefault(name, [0, 0.0])
            row[0] += CountingDoc.made - made
            row[1] += time.process_time() - start
    return wrapper


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = ap.parse_args()
    tally: dict[str, list[float]] = {}
    for name in STEPS:
        setattr(kg.extract, name, counted(name, getattr(kg.extract, name), tally))
    kg.nlp.events.factuality = counted("(of which factuality)", kg.nlp.events.factuality, tally)
    nlp = load_pipeline()
    articles = [a for a in read_paths([args.folder]) if isinstance(a, Article)]
    tokens, made, seconds = 0, 0, 0.0
    for article, parsed in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        doc = CountingDoc(nlp.vocab).from_bytes(parsed.to_bytes())
        tokens += len(doc)
        before, start = CountingDoc.made, time.process_time()
        kg.extract.extract_doc(doc, article)
        made += CountingDoc.made - before
        seconds += time.process_time() - start
    print(f"{len(articles)} articles, {tokens:,} tokens: extract_doc made {made:,} Tokens "
          f"({made / tokens:.2f} per token) in {seconds:.2f} s CPU")
    for name, (n, s) in sorted(tally.items(), key=lambda row: -row[1][0]):
        print(f"  {name:22} {int(n):>10,} Tokens  {n / tokens:6.2f} per token  {s:6.2f} s")


if __name__ == "__main__":
    main()
