"""What the corpus-level identity step costs on a large store, made from a small built one.

    python benchmarks/identity_cost.py BUILT_DIR --copies 128 [--distinct 16]

Every article graph of ``BUILT_DIR`` is copied ``--copies`` times under new graph IRIs into a
scratch store; in each copy the entity IRIs get one of ``--distinct`` suffixes, so the big store
holds that many times more nodes, with the same names (every name has namesakes; nodes of one
kind and one spelling join one another, so the step writes a decision for each). Then the step
runs twice: once from scratch (the whole identity graph is written) and once more with nothing
changed (what every later build pays at least). Times are CPU seconds of this process
(Oxigraph's threads included), so other work on the machine does not count.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.identity_store import read_nodes, refresh_identity
from kg.store import Store


def _copies(nquads: bytes, copies: int, distinct: int) -> bytes:
    graph = re.compile(rb"<([^>]*/graph/)([0-9a-f]{16})>")
    entity = re.compile(rb"<([^>]*/id/(?:person|org|unit|place|group)/[^>#]*)>")
    out = []
    for i in range(copies):
        tag, variant = f"{i:04x}".encode(), b"-v" + str(i % distinct).encode()
        text = graph.sub(lambda m, tag=tag: b"<" + m[1] + m[2][:12] + tag + b">", nquads)
        text = text.replace(b"/article/", b"/article/c" + tag + b"-")
        out.append(entity.sub(lambda m, variant=variant: b"<" + m[1] + variant + b">", text))
    return b"".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("built", type=Path)
    parser.add_argument("--copies", type=int, default=128)
    parser.add_argument("--distinct", type=int, default=16)
    args = parser.parse_args()
    with Store.open(args.built, read_only=True) as small:
        articles = len(small.article_graphs())
        data = small.dump(None, "nquads") or b""
    with tempfile.TemporaryDirectory() as scratch, Store.open(scratch, create=True) as big:
        big.db.bulk_load(_copies(data, args.copies, args.distinct), format=ox.RdfFormat.N_QUADS)
        start = time.process_time()
        nodes = len(read_nodes(big))
        read = time.process_time()
        first = refresh_identity(big)
        middle = time.process_time()
        refresh_identity(big)
        end = time.process_time()
    print(f"{articles * args.copies:,} articles, {nodes:,} nodes (read in {read - start:.1f} s): first run "
          f"{middle - read:.1f} s ({first.joined:,} joined, {first.kept_apart:,} kept apart, {first.added:,} "
          f"statements written); run with nothing changed {end - middle:.1f} s (CPU seconds of this process)")


if __name__ == "__main__":
    main()
