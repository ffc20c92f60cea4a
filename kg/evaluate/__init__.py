"""Measure extraction quality against gold annotations in the evaluation corpus schema."""

from kg.evaluate.gold import AnnotatedDoc, read_gold_dir, read_pred_dir, write_predictions
from kg.evaluate.report import EvaluationReport, render_json, render_table
from kg.evaluate.runner import evaluate
from kg.evaluate.scoring import Counts, Options, Scores, score

__all__ = [
    "AnnotatedDoc",
    "Counts",
    "EvaluationReport",
    "Options",
    "Scores",
    "evaluate",
    "read_gold_dir",
    "read_pred_dir",
    "render_json",
    "render_table",
    "score",
    "write_predictions",
]
