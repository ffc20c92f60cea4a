"""``kg evaluate``: run news-kg and the plain-spaCy baseline over a gold folder and score both."""

from __future__ import annotations

import json
from pathlib import Path

from kg.errors import FormatError
from kg.evaluate.coref import cross_doc_coref
from kg.evaluate.gold import GoldText, read_gold_dir, write_predictions
from kg.evaluate.predict import predict_baseline, predict_news_kg
from kg.evaluate.report import EvaluationReport, render_json, render_table
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


RENDERERS = {"table": render_table, "json": render_json}


def evaluate_and_render(
    gold_dir: Path | str,
    *,
    output_format: str = "table",
    predictions_dir: Path | str | None = None,
    **options: object,
) -> str:
    """Evaluate, write news-kg's predictions if asked, and return the report as text."""
    render = RENDERERS.get(output_format)
    if render is None:
        raise FormatError(f"unknown report format {output_format!r}; use one of: {', '.join(RENDERERS)}")
    report = evaluate(gold_dir, **options)  # type: ignore[arg-type]
    if predictions_dir is not None:
        write_predictions(report.predictions, predictions_dir)
    return render(report)
