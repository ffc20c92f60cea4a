"""Show an evaluation: a side-by-side table with a short summary, or one JSON object."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from kg.evaluate.coref import CorefScores, IdentityError
from kg.evaluate.gold import AnnotatedDoc
from kg.evaluate.scoring import ENTITY_TYPES, LEVELS, Counts, Options, Scores
from kg.types import Skipped

LEVEL_TITLES = {"exact": "mention exact", "overlap": "mention overlap", "document": "document level"}


@dataclass(frozen=True)
class EvaluationReport:
    """Scores of news-kg (and of the plain-spaCy baseline) on one gold folder."""

    gold_dir: str
    options: Options
    model: str | None
    news_kg: Scores
    baseline: Scores | None
    predictions: tuple[AnnotatedDoc, ...]
    """news-kg's predicted documents, as ``--write-predictions`` writes them."""
    baseline_predictions: tuple[AnnotatedDoc, ...] = ()
    coref: CorefScores | None = None
    """Cross-document coreference of named mentions, where the gold has cross-document ids."""
    skipped: tuple[Skipped, ...] = ()
    """Texts news-kg could not extract; scored as documents without predictions."""


def _mode(options: Options) -> str:
    ignored = ([] if options.include_pronouns else ["pronoun"]) + (["nominal"] if options.names_only else [])
    if not ignored:
        return "every gold mention is scored"
    return " and ".join(ignored) + " gold mentions are don't care"


def _prf(c: Counts) -> str:
    return f"{c.precision:5.3f} {c.recall:5.3f} {c.f1:5.3f}"


def _types(report: EvaluationReport) -> list[str]:
    seen = set(report.news_kg.types) | set(report.baseline.types if report.baseline else ())
    return [t for t in ENTITY_TYPES if t in seen]


def _entity_rows(report: EvaluationReport) -> list[str]:
    base = report.baseline
    head = f"{'':22}{'news-kg P / R / F1':>18}"
    head += f"{'baseline P / R / F1':>22}{'dF1':>8}" if base else ""
    rows = [head + f"{'gold':>7}{'pred':>7}" + (f"{'base':>7}" if base else "")]
    for level in LEVELS:
        rows.append(LEVEL_TITLES[level])
        for name in [*_types(report), "micro"]:
            ours = report.news_kg.micro(level) if name == "micro" else report.news_kg.get(level, name)
            line = f"  {name:<20}{_prf(ours):>18}"
            if base:
                theirs = base.micro(level) if name == "micro" else base.get(level, name)
                line += f"{_prf(theirs):>22}{ours.f1 - theirs.f1:>+8.3f}"
                rows.append(line + f"{ours.gold:>7}{ours.pred:>7}{theirs.pred:>7}")
            else:
                rows.append(line + f"{ours.gold:>7}{ours.pred:>7}")
    legend = "gold, pred" + (", base" if base else "") + ": gold mentions (distinct names at document level)"
    legend += ", news-kg's predictions" + (", the baseline's" if base else "")
    return [*rows, legend]


def _event_rows(scores: Scores) -> list[str]:
    if not scores.event_docs:
        return []
    rows = [
        f"EVENTS ({scores.event_docs} documents with annotated events, "
        f"{scores.argument_docs} with annotated arguments; news-kg only, the baseline finds none)",
        f"{'':30}{'P':>6}{'R':>6}{'F1':>6}{'gold':>7}{'pred':>7}",
    ]
    for name, c in scores.events.items():
        rows.append(f"  {name:<28}{c.precision:6.3f}{c.recall:6.3f}{c.f1:6.3f}{c.gold:>7}{c.pred:>7}")
    return rows


def _summary(report: EvaluationReport) -> list[str]:
    ours, base = report.news_kg, report.baseline
    lines = []
    for level in ("document", "overlap"):
        line = f"{LEVEL_TITLES[level]} micro F1: news-kg {ours.micro(level).f1:.3f}"
        if base:
            diff = ours.micro(level).f1 - base.micro(level).f1
            line += f", plain spaCy {base.micro(level).f1:.3f} ({diff:+.3f})"
        lines.append(line + ".")
    types = [t for t in ours.types if ours.get("document", t).gold]
    if types:
        worst = min(types, key=lambda t: ours.get("document", t).f1)
        best = max(types, key=lambda t: ours.get("document", t).f1)
        lines.append(
            f"Best type at document level: {best} ({ours.get('document', best).f1:.3f}); "
            f"weakest: {worst} ({ours.get('document', worst).f1:.3f})."
        )
    if base and types:
        gain = max(types, key=lambda t: ours.get("document", t).f1 - base.get("document", t).f1)
        diff = ours.get("document", gain).f1 - base.get("document", gain).f1
        lines.append(f"Largest change against the baseline: {gain} ({diff:+.3f} document-level F1).")
    if "trigger overlap" in ours.events:
        line = f"Event triggers (overlap) F1 {ours.events['trigger overlap'].f1:.3f}"
        pairs = ours.events.get("(trigger, argument) pairs")
        lines.append(line + (f"; (trigger, argument) pairs F1 {pairs.f1:.3f}." if pairs else "."))
    return lines


def _coref_rows(c: CorefScores | None) -> list[str]:
    if c is None:
        return []
    return [
        "",
        f"CROSS-DOCUMENT COREFERENCE (named mentions with gold cross-document ids: {c.mentions}, "
        f"{c.matched} found)",
        f"  pairwise                     {c.pairwise_precision:.3f} {c.pairwise_recall:.3f} {c.pairwise_f1:.3f}",
        f"  B-cubed                      {c.b3_precision:.3f} {c.b3_recall:.3f} {c.b3_f1:.3f}",
        f"  nodes per gold entity        {c.nodes_per_entity:.2f} "
        f"({c.predicted_nodes} nodes for {c.gold_entities} gold entities)",
        f"  gold entities split          {c.split} (over two or more nodes)",
        f"  gold entities merged         {c.merged} (sharing a node with another gold entity)",
        *(_identity_example(e) for e in c.examples),
    ]


def _identity_example(e: IdentityError, width: int = 6) -> str:
    names = "; ".join(e.names[:width]) + ("; ..." if len(e.names) > width else "")
    if e.error == "split":
        return f"    split over {len(e.nodes)} nodes ({', '.join(e.nodes)}): {names}"
    return f"    {len(e.gold)} gold entities merged in {e.nodes[0]}: {names}"


def render_table(report: EvaluationReport) -> str:
    """The table a person reads: entities side by side with the baseline, events, a summary."""
    ours = report.news_kg
    missing = f", {ours.missing} without predictions" if ours.missing else ""
    lines = [
        f"Evaluation of {ours.documents} documents in {report.gold_dir}{missing}",
        f"mode: {_mode(report.options)}; model: {report.model or 'default'}",
        "",
        "ENTITIES",
        *_entity_rows(report),
    ]
    lines[1:1] = [f"skipped {s.source}: {s.reason} (scored as empty)" for s in report.skipped]
    if ours.unknown_types:
        lines.append(f"ignored predictions with types outside the schema: {dict(ours.unknown_types)}")
    events = _event_rows(ours)
    lines += [""] + events if events else []
    lines += _coref_rows(report.coref)
    lines += ["", "SUMMARY", *_summary(report)]
    return "\n".join(lines)


def _counts_json(c: Counts) -> dict[str, Any]:
    return {
        "precision": c.precision,
        "recall": c.recall,
        "f1": c.f1,
        "tp_pred": c.tp_pred,
        "pred": c.pred,
        "tp_gold": c.tp_gold,
        "gold": c.gold,
    }


def scores_json(scores: Scores) -> dict[str, Any]:
    """A plain-JSON form of ``Scores``: per level, per type and ``micro``."""
    entities = {
        level: {t: _counts_json(scores.get(level, t)) for t in scores.types}
        | {"micro": _counts_json(scores.micro(level))}
        for level in LEVELS
    }
    return {
        "documents": scores.documents,
        "missing": scores.missing,
        "entities": entities,
        "events": {name: _counts_json(c) for name, c in scores.events.items()},
        "event_documents": scores.event_docs,
        "argument_documents": scores.argument_docs,
        "unknown_types": dict(scores.unknown_types),
    }


def render_json(report: EvaluationReport) -> str:
    """One JSON object for scripts."""
    return json.dumps(
        {
            "gold_dir": report.gold_dir,
            "names_only": report.options.names_only,
            "include_pronouns": report.options.include_pronouns,
            "model": report.model,
            "news_kg": scores_json(report.news_kg),
            "baseline": scores_json(report.baseline) if report.baseline else None,
            "coref": asdict(report.coref) if report.coref else None,
            "skipped": [asdict(s) for s in report.skipped],
        },
        indent=1,
    )


def _document_f1(report: EvaluationReport, name: str, baseline: bool) -> float | None:
    """Document-level F1 of one type (or ``micro``); None where the corpus has no gold of that type."""
    scores = report.baseline if baseline else report.news_kg
    if scores is None:
        return None
    counts = scores.micro("document") if name == "micro" else scores.get("document", name)
    return counts.f1 if counts.gold else None


def _cell(value: float | None) -> str:
    return f"{value:6.3f}" if value is not None else f"{'-':>6}"


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def macro_rows(reports: list[EvaluationReport], names: list[str]) -> list[str]:
    """Document-level F1 per type, one column pair (news-kg, plain spaCy) per corpus, then the
    macro average over the corpora that have gold of that type."""
    types = [t for t in ENTITY_TYPES if any(t in r.news_kg.types for r in reports)]
    width = max(15, *map(len, names), len("macro")) + 1
    rows = ["".join([f"{'':22}", *(f"{n:>{width}}" for n in [*names, "macro"])]),
            "".join([f"{'':22}", *(f"{'kg  spaCy':>{width}}" for _ in [*names, "macro"])])]
    for name in [*types, "micro"]:
        ours = [_document_f1(r, name, False) for r in reports]
        theirs = [_document_f1(r, name, True) for r in reports]
        cells = [f"{_cell(a)}{_cell(b)}" for a, b in zip([*ours, _mean(ours)], [*theirs, _mean(theirs)], strict=True)]
        rows.append(f"  {name:<20}" + "".join(f"{c:>{width}}" for c in cells))
    return rows


def render_tables(reports: list[EvaluationReport], names: list[str]) -> str:
    """Several corpora: each one's table, then document-level F1 of all of them side by side."""
    parts = [f"=== {name}\n{render_table(report)}" for name, report in zip(names, reports, strict=True)]
    parts.append("\n".join(["=== ALL CORPORA: document-level F1 (news-kg, plain spaCy)", *macro_rows(reports, names)]))
    return "\n\n".join(parts)


def render_json_many(reports: list[EvaluationReport], names: list[str]) -> str:
    """Several corpora: one JSON object per corpus under its name, and the macro document-level F1."""
    types = [t for t in ENTITY_TYPES if any(t in r.news_kg.types for r in reports)]
    macro = {side: {t: _mean([_document_f1(r, t, side == "baseline") for r in reports]) for t in [*types, "micro"]}
             for side in ("news_kg", "baseline")}
    corpora = {name: json.loads(render_json(report)) for name, report in zip(names, reports, strict=True)}
    return json.dumps({"corpora": corpora, "macro_document_f1": macro}, indent=1)
