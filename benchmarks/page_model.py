"""Fits and checks the page model of ``kg/ingest/prose.py`` on page dumps with gold article bodies.

  usage: python benchmarks/page_model.py PAGES_DUMPS [--folds 5] [--write]

PAGES_DUMPS holds ``<id>.<style>.txt`` page dumps beside ``<id>.gold.json`` (``body`` = the
article text a person marked), as ``../shared/pages/dumps`` does. A block is labelled article
text when its words occur, in order, in the gold body. The model is a logistic regression over
the block features, fitted with Newton steps; the run and keep thresholds are chosen for the
best mean bag-of-words F1 of the kept text.

Cross-validation leaves pages out: every style of a page is in the same fold, so the figures
printed are for pages the model and thresholds were not fitted on. ``--write`` then fits on all
pages and writes ``kg/data/page_model.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

from kg.ingest.blocks import split_blocks
from kg.ingest.prose import FEATURES, MODEL_PATH, Model, features, select

WORD = re.compile(r"\w+")
THRESHOLDS = (0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)


def norm(s: str) -> str:
    return " ".join(WORD.findall(s.lower()))


def bag(s: str) -> Counter:
    return Counter(WORD.findall(s.lower()))


def f1(pred: Counter, gold: Counter) -> float:
    tp = sum((pred & gold).values())
    p, r = tp / max(1, sum(pred.values())), tp / max(1, sum(gold.values()))
    return 2 * p * r / (p + r) if p + r else 0.0


def labels(texts: list[str], gold: str) -> list[bool]:
    whole, words = norm(gold), bag(gold)
    out = []
    for t in texts:
        b = norm(t)
        n = len(b.split())
        inside = n >= 3 and f" {b} " in f" {whole} "
        share = sum((Counter(b.split()) & words).values()) / max(1, n)
        out.append(bool(b) and (inside or (n >= 8 and share >= 0.9)))
    return out


def load(root: Path) -> list[dict]:
    pages = []
    for gold_path in sorted(root.glob("*.gold.json")):
        pid = gold_path.name.split(".")[0]
        gold = json.loads(gold_path.read_text(encoding="utf-8"))["body"]
        for dump in sorted(root.glob(f"{pid}.*.txt")):
            blocks = split_blocks(dump.read_text(encoding="utf-8", errors="replace"))
            texts = [b.text for b in blocks]
            pages.append(dict(pid=pid, style=dump.name.split(".")[1], texts=texts, x=np.array(features(blocks)),
                              y=np.array(labels(texts, gold), dtype=float),
                              n=np.array([len(WORD.findall(t)) for t in texts], dtype=float), gold=bag(gold)))
    return pages


def fit(pages: list[dict], l2: float = 1.0) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    x = np.vstack([p["x"] for p in pages])
    y = np.concatenate([p["y"] for p in pages])
    w = np.sqrt(np.concatenate([p["n"] for p in pages]) + 1)
    mean, scale = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    beta = np.zeros(z.shape[1])
    for _ in range(25):
        p = 1 / (1 + np.exp(-z @ beta))
        grad = z.T @ (w * (p - y)) + l2 * np.r_[beta[:-1], 0]
        hess = (z * (w * p * (1 - p))[:, None]).T @ z + l2 * np.eye(len(beta))
        beta -= np.linalg.solve(hess, grad)
    return beta[:-1], float(beta[-1]), mean, scale


def model_of(beta, bias, mean, scale, run_t: float, keep_t: float) -> Model:
    return Model(tuple(map(float, beta)), bias, tuple(map(float, mean)), tuple(map(float, scale)), run_t, keep_t)


def kept_text(page: dict, chances: np.ndarray, run_t: float, keep_t: float) -> str:
    _, kept = select(page["texts"], list(chances), run_t, keep_t)
    return "\n".join(page["texts"][i] for i in sorted(kept))


def chances_of(page: dict, beta, bias, mean, scale) -> np.ndarray:
    return 1 / (1 + np.exp(-(((page["x"] - mean) / scale) @ beta + bias)))


def thresholds(pages: list[dict], params) -> tuple[float, float]:
    chances = [chances_of(p, *params) for p in pages]
    best = max((sum(f1(bag(kept_text(p, c, r, k)), p["gold"]) for p, c in zip(pages, chances, strict=True)), r, k)
                for r in THRESHOLDS for k in THRESHOLDS)
    return best[1], best[2]


def report(pages: list[dict], texts: dict[tuple[str, str], str]) -> None:
    for style in sorted({p["style"] for p in pages}):
        rows = [p for p in pages if p["style"] == style]
        scores = [f1(bag(texts[p["pid"], style]), p["gold"]) for p in rows]
        recalls = [sum((bag(texts[p["pid"], style]) & p["gold"]).values()) / max(1, sum(p["gold"].values()))
                   for p in rows]
        print(f"{style:5} pages {len(rows):3}  body F1 {sum(scores) / len(scores):.3f}  "
              f"lost {sum(r < 0.5 for r in recalls)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dumps", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--no-cv", action="store_true", help="only fit on all pages (and --write)")
    args = ap.parse_args()
    pages = load(args.dumps)
    fold = {p["pid"]: zlib.crc32(p["pid"].encode()) % args.folds for p in pages}
    held: dict[tuple[str, str], str] = {}
    for k in range(0 if args.no_cv else args.folds):
        train = [p for p in pages if fold[p["pid"]] != k]
        params = fit(train)
        run_t, keep_t = thresholds(train, params)
        for p in (p for p in pages if fold[p["pid"]] == k):
            held[p["pid"], p["style"]] = kept_text(p, chances_of(p, *params), run_t, keep_t)
    if held:
        print(f"cross-validation, {args.folds} folds of pages left out:")
        report(pages, held)
    params = fit(pages)
    run_t, keep_t = thresholds(pages, params)
    fitted = {(p["pid"], p["style"]): kept_text(p, chances_of(p, *params), run_t, keep_t) for p in pages}
    print(f"fitted on all pages (run {run_t}, keep {keep_t}):")
    report(pages, fitted)
    if args.write:
        beta, bias, mean, scale = params
        MODEL_PATH.write_text(json.dumps(dict(
            about="Logistic model of kg/ingest/prose.py: is a page block article text? Fitted by "
                  "benchmarks/page_model.py on the 80 pages of the Article Extraction Benchmark "
                  "(scrapinghub, MIT licence) as page dumps; weights are numbers, no page text.",
            features=list(FEATURES), weights=[round(float(v), 6) for v in beta], bias=round(bias, 6),
            mean=[round(float(v), 6) for v in mean], scale=[round(float(v), 6) for v in scale],
            run_threshold=run_t, keep_threshold=keep_t), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}")


if __name__ == "__main__":
    main()
