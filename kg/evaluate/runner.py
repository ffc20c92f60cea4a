"""``kg evaluate``: run news-kg and the plain-spaCy baseline over a gold folder and score both."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from kg.errors import FormatError
from kg.evaluate.coref import cross_doc_coref
from kg.evaluate.gold import GoldText, read_gold_dir, write_predictions
from kg.evaluate.predict import predict_baseline, predict_news_kg
from kg.evaluate.report import EvaluationReport, render_json, render_json_many, render_table, render_tables
from kg.evaluate.scoring import Options, score
from kg.nlp import DEFAULT_MODEL


def evaluate(
    gold_dir: Path | str,
    *,
    names_only: bool = False,
    include_pronouns: bool = False,
    model: str | None = None,
    baseline: bool = True,
) -> EvaluationReport:
    """Score news-kg (and, unless ``baseline`` is False, plain spaCy) on every gold document."""
    items = read_gold_dir(gold_dir)
    golds = [item.gold for item in items]
    options = Options(names_only=names_only, include_pronouns=include_pronouns)
    ours = predict_news_kg(items, model)
    with_ids = [raw for raw in map(_raw_gold, items) if raw.get("cross_doc_ids")]
    base_predictions = predict_baseline(items, model) if baseline else ()
    return EvaluationReport(
        gold_dir=str(gold_dir),
        options=options,
        model=model or DEFAULT_MODEL,
        news_kg=score(golds, {p.doc_id: p for p in ours.documents}, options),
        baseline=score(golds, {p.doc_id: p for p in base_predictions}, options) if baseline else None,
        predictions=ours.documents,
        skipped=ours.skipped,
        baseline_predictions=base_predictions,
        coref=cross_doc_coref(with_ids, ours.keys) if with_ids else None,
    )


def _raw_gold(item: GoldText) -> dict:
    """The gold file as parsed JSON: cross-document ids live only there."""
    return json.loads(item.path.with_name(item.path.stem + ".gold.json").read_text(encoding="utf-8"))


RENDERERS = {"table": (render_table, render_tables), "json": (render_json, render_json_many)}


def evaluate_and_render(
    gold_dirs: Path | str | Sequence[Path | str],
    *,
    output_format: str = "table",
    predictions_dir: Path | str | None = None,
    **options: object,
) -> str:
    """Evaluate one gold folder or several, write news-kg's predictions if asked (one subfolder
    per corpus when there are several), and return the report as text: with several folders,
    each one's report and then document-level F1 side by side with the macro average."""
    renderers = RENDERERS.get(output_format)
    if renderers is None:
        raise FormatError(f"unknown report format {output_format!r}; use one of: {', '.join(RENDERERS)}")
    dirs = [gold_dirs] if isinstance(gold_dirs, str | Path) else list(gold_dirs)
    names = corpus_names(dirs)
    for gold_dir in dirs:
        read_gold_dir(gold_dir)  # a bad folder fails at once, not after the corpora before it
    reports = []
    for gold_dir, name in zip(dirs, names, strict=True):
        report = evaluate(gold_dir, **options)  # type: ignore[arg-type]
        if predictions_dir is not None:
            write_predictions(report.predictions, Path(predictions_dir) / name if len(dirs) > 1 else predictions_dir)
        reports.append(report)
    render_one, render_many = renderers
    return render_one(reports[0]) if len(reports) == 1 else render_many(reports, names)


def corpus_names(dirs: Sequence[Path | str]) -> list[str]:
    """A short name per gold folder (its own name; numbered where two folders share one)."""
    names = [Path(d).resolve().name for d in dirs]
    return [f"{n}-{i + 1}" if names.count(n) > 1 else n for i, n in enumerate(names)]
