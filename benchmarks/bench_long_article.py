"""How the time of one article's parse grows with its length, per pipeline component.

    python benchmarks/bench_long_article.py [--sizes 25000,50000,100000,200000] [--kind names|prose]

``names`` is name-dense generated text (a titled person, a place and an organization in every
sentence: the worst case of ``kg_retype``); ``prose`` repeats the ``*.txt`` articles of
``../shared/corpus``. For each size the whole pipeline runs once on one text of that many
characters, with each component timed; the last column, time per 1,000 characters, stays flat
when the work is linear in the length. Peak memory (RSS) is that of this process.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FIRST = ["Ivan", "Maria", "John", "Aiko", "Pedro", "Lena", "Omar", "Grace", "Tomas", "Nadia", "Samuel", "Irina"]
LAST = ["Petrov", "Okafor", "Lindqvist", "Haddad", "Moreau", "Tanaka", "Kowalski", "Byrne", "Silva", "Novak"]
TITLES = ["Gen.", "Mr.", "Col.", "Dr.", "Mrs.", "Capt.", "Minister", "President"]
PLACES = ["Harbin", "Kyiv", "Lagos", "Aleppo", "Mosul", "Quetta", "Juba", "Goma", "Tripoli", "Donetsk"]


def name_dense(size: int) -> str:
    parts, n = [], 0
    combos = itertools.cycle(itertools.product(TITLES, FIRST, LAST, PLACES))
    while n < size:
        title, first, last, place = next(combos)
        sentence = (f"{title} {first} {last} met the Northern Police Authority in {place} on Monday, "
                    f"and {last} said the talks went well.\n\n")
        parts.append(sentence)
        n += len(sentence)
    return "".join(parts)[:size]


def prose(size: int) -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    out, n = [], 0
    for text in itertools.cycle(texts):
        if n >= size:
            break
        out.append(text)
        n += len(text) + 2
    return "\n\n".join(out)[:size]


def timed_components(nlp, text: str) -> dict[str, float]:
    doc = nlp.make_doc(text)
    times = {}
    for name, proc in nlp.pipeline:
        start = time.perf_counter()
        doc = proc(doc)
        times[name] = time.perf_counter() - start
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="25000,50000,100000,200000")
    parser.add_argument("--kind", choices=("names", "prose"), default="names")
    args = parser.parse_args()
    from kg.nlp import load_pipeline

    nlp = load_pipeline()
    nlp.max_length = 2_000_000
    make = name_dense if args.kind == "names" else prose
    timed_components(nlp, make(2000))  # tables the components load on first use
    names = [n.removeprefix("kg_") for n in nlp.pipe_names]
    header = " ".join(f"{n:>12}" for n in names)
    print(f"{'chars':>9} {'total s':>8} {header} {'s/1k chars':>10} {'peak MiB':>9}")
    for size in map(int, args.sizes.split(",")):
        times = timed_components(nlp, make(size))
        total = sum(times.values())
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{size:>9} {total:>8.2f} " + " ".join(f"{t:>12.2f}" for t in times.values())
              + f" {total / size * 1000:>10.4f} {peak:>9.0f}")


if __name__ == "__main__":
    main()
