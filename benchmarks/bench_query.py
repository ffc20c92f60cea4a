"""Peak memory of ``kg query`` as the number of result rows grows: it should stay flat.

A store of N small article graphs is queried with a two-way product (N * N rows); each run is a
separate ``kg query`` process writing to /dev/null, and its peak resident memory (parent and
query worker, from ``wait4``) is reported.

    python benchmarks/bench_query.py --articles 1000 3163 --formats csv table json
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.store import Store

QUERY = "SELECT * WHERE { GRAPH ?a { ?s1 <urn:p> ?o1 } GRAPH ?b { ?s2 <urn:p> ?o2 } }"


def make_store(out: Path, n: int) -> None:
    with Store.open(out, create=True) as store:
        for i in range(n):
            g = f"https://w3id.org/news-kg/graph/b{i}"
            store.replace_article(f"b{i}", g, f'<urn:s{i}> <urn:p> "{i}" <{g}> .\n'.encode(), f"h{i}", f"bench:{i}")


def peak_mib(cmd: list[str]) -> tuple[float, float]:
    """(peak RSS in MiB of the process and its children, wall seconds)."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(cmd, stdout=null)
        _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    return usage.ru_maxrss / 1024, time.perf_counter() - start  # Linux: the peak over it and its children


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, nargs="+", default=[1000, 3163])
    ap.add_argument("--formats", nargs="+", default=["csv", "table", "json"])
    args = ap.parse_args()
    print(f"{'rows':>12} {'format':>7} {'peak MiB':>9} {'wall s':>7}")
    for n in args.articles:
        with tempfile.TemporaryDirectory() as tmp:
            make_store(Path(tmp), n)
            for fmt in args.formats:
                mib, wall = peak_mib([sys.executable, "-m", "kg", "query", tmp, QUERY, "--format", fmt])
                print(f"{n * n:>12,} {fmt:>7} {mib:>9.0f} {wall:>7.1f}", flush=True)


if __name__ == "__main__":
    main()
