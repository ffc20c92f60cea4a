"""kg evaluate: the scorer on hand-made pairs, agreement with the corpus scorer, the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import FormatError, InputError
from kg.evaluate import (
    AnnotatedDoc,
    Counts,
    Options,
    Scores,
    evaluate,
    read_gold_dir,
    read_pred_dir,
    render_json,
    render_table,
    score,
    write_predictions,
)
from kg.evaluate.gold import Argument, EntityMention, EventMention, doc_from_json
from kg.evaluate.predict import KIND_TYPES, baseline_doc, extraction_to_doc
from kg.evaluate.report import EvaluationReport, render_json_many, render_tables
from kg.evaluate.runner import corpus_names, evaluate_and_render
from kg.evaluate.scoring import ENTITY_TYPES, LEVELS, normalise, overlap_matches
from kg.types import Article, Entity, Extraction, Kind, Mention, Occurrence, Role, Span
from tests.conftest import blank_nlp


def ent(typ, text, start, end, form="name"):
    return EntityMention(typ, text, start, end, form)


def figures(c: Counts) -> tuple[float, float, float]:
    return (round(c.precision, 6), round(c.recall, 6), round(c.f1, 6))


# ------------------------------------------------------------------ hand-made pairs

GOLD = AnnotatedDoc(
    "d1",
    entities=(
        ent("Person", "John Smith", 0, 10),
        ent("Person", "he", 20, 22, "pronoun"),
        ent("Place", "Paris", 30, 35),
        ent("Place", "the city", 40, 48, "nominal"),
        ent("Organization", "UN", 50, 52),
    ),
)
PRED = AnnotatedDoc(
    "d1",
    entities=(
        ent("Person", "John Smith", 0, 10, None),
        ent("Person", "he", 20, 22, None),
        ent("Place", "Paris", 31, 35, None),
        ent("Place", "city", 44, 48, None),
        ent("Person", "Smith", 60, 65, None),
        ent("Weapon", "rifle", 70, 75, None),
    ),
)


def test_default_mode_scores_by_hand():
    s = score([GOLD], {"d1": PRED})
    assert s.types == ("Person", "Organization", "Place")
    assert s.get("exact", "Person") == Counts(1, 2, 1, 1)  # the pronoun prediction is ignored
    assert s.get("overlap", "Place") == Counts(2, 2, 2, 2)
    assert s.get("exact", "Place") == Counts(0, 2, 0, 2)
    assert s.get("document", "Person") == Counts(1, 2, 1, 1)
    assert s.get("document", "Place") == Counts(2, 2, 2, 2)  # "the city" == "city"
    assert figures(s.get("exact", "Organization")) == (0.0, 0.0, 0.0)
    assert figures(s.micro("exact")) == (0.25, 0.25, 0.25)
    assert figures(s.micro("overlap")) == (0.75, 0.75, 0.75)
    assert figures(s.micro("document")) == (0.75, 0.75, 0.75)
    assert s.unknown_types == {"Weapon": 1}
    assert s.missing == 0 and s.event_docs == 0


def test_names_only_makes_nominals_dont_care():
    s = score([GOLD], {"d1": PRED}, Options(names_only=True))
    assert s.get("overlap", "Place") == Counts(1, 1, 1, 1)  # "city" sat only on a nominal
    assert s.get("document", "Place") == Counts(1, 1, 1, 1)
    assert s.micro("overlap") == Counts(2, 3, 2, 3)


def test_include_pronouns_requires_them():
    s = score([GOLD], {"d1": PRED}, Options(include_pronouns=True))
    assert s.get("exact", "Person") == Counts(2, 3, 2, 2)
    assert s.get("document", "Person") == Counts(2, 3, 2, 2)


def test_types_and_regions_limit_what_counts():
    gold = AnnotatedDoc(
        "d2",
        entities=(ent("Person", "Ann", 5, 8), ent("Person", "Bob", 70, 73)),
        annotated_types=("Person",),
        annotated_regions=((0, 50),),
    )
    pred = AnnotatedDoc(
        "d2",
        entities=(ent("Place", "Rome", 10, 14), ent("Person", "Bob", 70, 73), ent("Person", "Ann", 5, 8)),
    )
    s = score([gold], {"d2": pred})
    assert s.types == ("Person",)
    assert s.get("exact", "Person") == Counts(1, 1, 1, 1)
    assert s.get("exact", "Place") == Counts()


def test_missing_prediction_counts_as_empty():
    s = score([GOLD], {})
    assert s.missing == 1
    assert s.micro("document") == Counts(0, 0, 0, 4)


def test_unusable_offsets_count_against_precision_only():
    pred = AnnotatedDoc("d1", entities=(ent("Organization", "UN", None, None, None),))
    s = score([GOLD], {"d1": pred})
    assert s.get("exact", "Organization") == Counts(0, 1, 0, 1)
    assert s.get("document", "Organization") == Counts(1, 1, 1, 1)


def test_overlap_matching_is_one_to_one():
    assert overlap_matches([(5, 15)], [(0, 10), (12, 20)]) == 1
    assert overlap_matches([(0, 20), (2, 3)], [(0, 10)]) == 1
    assert overlap_matches([(0, 6), (4, 10)], [(0, 5), (5, 10)]) == 2
    assert overlap_matches([(0, 5)], [(5, 9)]) == 0
    # a tie (same overlap, same start distance) goes to the later gold span, as in score.py
    assert overlap_matches([(5, 15), (0, 3)], [(0, 10), (10, 20)]) == 2
    assert overlap_matches([(5, 15), (0, 3)], [(10, 20), (0, 10)]) == 1


def test_normalise():
    assert normalise("The Taliban's") == "taliban"
    assert normalise('  "U.N."  ') == "u.n"
    assert normalise("the  New\n York Times") == "new york times"
    assert normalise("Theresa May") == "theresa may"
    assert normalise("Gaza’") == "gaza"


def test_counts_conventions():
    assert figures(Counts()) == (1.0, 1.0, 1.0)
    assert figures(Counts(0, 0, 0, 3)) == (0.0, 0.0, 0.0)
    assert figures(Counts(0, 2, 0, 0)) == (0.0, 0.0, 0.0)
    assert Counts(1, 2, 3, 4) + Counts(1, 1, 1, 1) == Counts(2, 3, 4, 5)


def test_events_by_hand():
    gold = AnnotatedDoc(
        "e1",
        events=(
            EventMention(
                "attacked", 10, 18, "Attack",
                (Argument("Attacker", "the rebels"), Argument("Target", "Army's base")),
            ),
            EventMention("bombing", 30, 37, "Bomb"),
        ),
        annotated_events=True,
        annotated_arguments=True,
    )
    pred = AnnotatedDoc(
        "e1",
        events=(
            EventMention(
                "attacked", 10, 18, "Kill",
                (Argument("Attacker", "Rebels"), Argument("Victim", "Army's base")),
            ),
            EventMention("bomb", 30, 34, "Bomb"),
        ),
    )
    quiet = AnnotatedDoc("e2", events=(EventMention("fled", 0, 4, "Move"),), annotated_events=False)
    s = score([gold, quiet], {"e1": pred, "e2": AnnotatedDoc("e2")})
    assert (s.event_docs, s.argument_docs) == (1, 1)
    assert s.events["trigger exact"] == Counts(1, 2, 1, 2)
    assert s.events["trigger overlap"] == Counts(2, 2, 2, 2)
    assert s.events["trigger+type exact"] == Counts(0, 2, 0, 2)
    assert s.events["(trigger, argument) pairs"] == Counts(2, 2, 2, 2)
    assert s.events["(trigger, role, argument)"] == Counts(1, 2, 1, 2)


def test_arguments_unscored_without_gold_arguments():
    gold = AnnotatedDoc("e3", events=(EventMention("hit", 0, 3, "X"),))
    s = score([gold], {"e3": AnnotatedDoc("e3", events=(EventMention("hit", 0, 3, "X"),))})
    assert s.event_docs == 1 and s.argument_docs == 0
    assert "(trigger, argument) pairs" not in s.events
    assert s.events["trigger+type exact"] == Counts(1, 1, 1, 1)


# ------------------------------------------------------------------ files, predictors, report


def test_prediction_files_round_trip(tmp_path):
    pred = AnnotatedDoc(
        "r1",
        entities=(ent("Person", "Ann", 0, 3, None), ent("Place", "X", None, None, None)),
        events=(EventMention("hit", 4, 7, "Attack", (Argument("Target", "Ann", 0, 3),)),),
    )
    assert write_predictions([pred], tmp_path) == 1
    assert read_pred_dir(tmp_path) == {"r1": pred}


def test_gold_folder_errors(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_gold_dir(tmp_path / "absent")
    (tmp_path / "a.gold.json").write_text("{}", encoding="utf-8")  # no a.txt beside it
    with pytest.raises(InputError, match="no <id>.txt"):
        read_gold_dir(tmp_path)
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "a.gold.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="a.gold.json"):
        read_gold_dir(tmp_path)


def test_gold_text_is_read_unchanged(tmp_path):
    (tmp_path / "a.txt").write_bytes("Head\r\nBody é\n".encode())
    (tmp_path / "a.gold.json").write_text(json.dumps({"doc_id": "a", "date": "2011-11-10"}))
    (item,) = read_gold_dir(tmp_path)
    assert item.text == "Head\r\nBody é\n" and item.date == "2011-11-10"
    assert item.gold.doc_id == "a"


def test_the_scored_kinds_have_a_corpus_type_and_groups_count_as_people():
    assert set(KIND_TYPES) >= {Kind.PERSON, Kind.UNIT, Kind.ORG, Kind.PLACE, Kind.EVENT}
    assert KIND_TYPES[Kind.GROUP] == "Person"


def test_extraction_to_doc_maps_kinds_and_arguments():
    text = "Gen. Ann Lee led the 5th Brigade. Lee attacked Rome. Rome fell."
    article = Article(id="0" * 16, text=text, source="t", content_hash="h")

    def span(s):
        start = text.index(s)
        return Span(start, start + len(s), s)

    def mention(s, kind, sentence, at=0):
        start = text.index(s, at)
        return Mention(Span(start, start + len(s), s), kind, span(sentence), s)

    s1, s2, s3 = "Gen. Ann Lee led the 5th Brigade.", "Lee attacked Rome.", "Rome fell."
    lee = Entity("person/ann-lee", Kind.PERSON, "Ann Lee",
                 (mention("Ann Lee", Kind.PERSON, s1), mention("Lee", Kind.PERSON, s2, 34)))
    unit = Entity("unit/5th-brigade", Kind.UNIT, "5th Brigade", (mention("5th Brigade", Kind.UNIT, s1),))
    rome = Entity("place/rome", Kind.PLACE, "Rome",
                  (mention("Rome", Kind.PLACE, s3, 50), mention("Rome", Kind.PLACE, s2)))
    at = text.index("Lee attacked Rome.")
    lee_there, rome_there = Span(at, at + 3, "Lee"), Span(at + 13, at + 17, "Rome")
    occ = Occurrence(span("attacked"), span(s2), "Attack",  # a role without a span is not scored
                     (Role("agent", lee.key, lee_there), Role("patient", rome.key, rome_there),
                      Role("place", "place/none")))
    doc = extraction_to_doc("x", Extraction(article, (lee, unit, rome), (occ,)))
    assert [(e.type, e.text, text[e.start:e.end]) for e in doc.entities] == [
        ("Person", "Ann Lee", "Ann Lee"),
        ("MilitaryUnit", "5th Brigade", "5th Brigade"),
        ("Person", "Lee", "Lee"),
        ("Place", "Rome", "Rome"),
        ("Place", "Rome", "Rome"),
    ]
    (event,) = doc.events
    assert (event.trigger, event.type) == ("attacked", "Attack")
    assert [(a.role, a.start) for a in event.arguments] == [
        ("agent", text.index("Lee attacked")),
        ("patient", text.index("Rome.")),
    ]


def test_baseline_maps_labels():
    from spacy.tokens import Span as SpacySpan

    doc = blank_nlp()("Ann met Russian troops in Kyiv on Monday with 3 men")
    doc.ents = [
        SpacySpan(doc, 0, 1, "PERSON"),
        SpacySpan(doc, 2, 3, "NORP"),
        SpacySpan(doc, 5, 6, "GPE"),
        SpacySpan(doc, 7, 8, "DATE"),
        SpacySpan(doc, 9, 10, "CARDINAL"),
    ]
    got = baseline_doc("b", doc)
    assert [(e.type, e.text, e.start) for e in got.entities] == [
        ("Person", "Ann", 0),
        ("Place", "Kyiv", doc.text.index("Kyiv")),
        ("Date", "Monday", doc.text.index("Monday")),
    ]
    assert got.events == ()


def _report(with_baseline: bool) -> EvaluationReport:
    ours = score([GOLD], {"d1": PRED})
    base = score([GOLD], {"d1": AnnotatedDoc("d1", entities=PRED.entities[:1])}) if with_baseline else None
    return EvaluationReport("gold", Options(), "m", ours, base, (PRED,))


def test_table_shows_every_type_both_systems_and_a_summary():
    table = render_table(_report(True))
    for needle in ("mention exact", "mention overlap", "document level", "SUMMARY", "baseline"):
        assert needle in table
    micro_doc = [line for line in table.splitlines() if line.strip().startswith("micro")][-1]
    assert micro_doc.split()[1:4] == ["0.750", "0.750", "0.750"]
    assert micro_doc.split()[4:8] == ["1.000", "0.250", "0.400", "+0.350"]  # baseline: 1 of 4 names
    assert "Organization" in table and "Weapon" in table
    assert "baseline" not in render_table(_report(False)).split("SUMMARY")[0]


def test_json_has_the_figures():
    data = json.loads(render_json(_report(True)))
    micro = data["news_kg"]["entities"]["document"]["micro"]
    assert (micro["tp_pred"], micro["pred"], micro["gold"]) == (3, 4, 4)
    assert data["baseline"]["entities"]["exact"]["Person"]["f1"] == 1.0
    assert data["news_kg"]["unknown_types"] == {"Weapon": 1}


def test_several_corpora_side_by_side_with_the_macro_average():
    perfect = score([GOLD], {"d1": GOLD})
    reports = [_report(True), EvaluationReport("gold2", Options(), "m", perfect, perfect, (GOLD,))]
    table = render_tables(reports, ["one", "two"])
    assert table.count("SUMMARY") == 2 and "=== one" in table and "=== two" in table
    micro = [line for line in table.split("ALL CORPORA")[1].splitlines() if line.strip().startswith("micro")][0]
    assert micro.split()[1:] == ["0.750", "0.400", "1.000", "1.000", "0.875", "0.700"]  # (0.75 + 1) / 2, ...
    data = json.loads(render_json_many(reports, ["one", "two"]))
    assert set(data["corpora"]) == {"one", "two"}
    assert data["macro_document_f1"]["news_kg"]["micro"] == pytest.approx(0.875)
    assert corpus_names(["a/x", "b/x", "c/y"]) == ["x-1", "x-2", "y"]


def _invoke(args: list[str]):
    """Run the CLI; with a single command typer makes it the whole app, so drop its name then."""
    if not hasattr(typer.main.get_command(app), "commands"):
        args = args[1:]
    return CliRunner().invoke(app, args)


def test_cli_errors_are_one_line(tmp_path):
    for args in (["evaluate", str(tmp_path / "absent")], ["evaluate", str(tmp_path)]):
        result = _invoke(args)
        assert result.exit_code == InputError.exit_code
        assert len(result.output.strip().splitlines()) == 1
        assert result.output.startswith("kg: error:")
    with pytest.raises(FormatError):
        evaluate_and_render(tmp_path, output_format="xml")


# ------------------------------------------------------------------ agreement with score.py

SCORE_LINE = re.compile(r"^(\w+)\s+([\d.]+)/([\d.]+)/([\d.]+)\s+([\d.]+)/([\d.]+)/([\d.]+)\s+"
                        r"([\d.]+)/([\d.]+)/([\d.]+)\s+(\d+)/(\d+) \| (\d+)/(\d+)$")
EVENT_LINE = re.compile(r"^(.+?)\s+P=([\d.]+) R=([\d.]+) F1=([\d.]+)\s+gold=(\d+) pred=(\d+)$")


def run_score_py(corpus: Path, preds: Path, flags: list[str]) -> dict[str, tuple]:
    """Every figure score.py prints, keyed by row name."""
    out = subprocess.run(
        [sys.executable, str(corpus / "score.py"), str(preds), str(corpus), *flags],
        capture_output=True, text=True, check=True,
    ).stdout
    rows = {}
    for line in out.splitlines():
        if m := SCORE_LINE.match(line):
            rows[m[1]] = m.groups()[1:]
        elif m := EVENT_LINE.match(line):
            rows[m[1]] = m.groups()[1:]
    rows["final"] = out.strip().splitlines()[-1]
    return rows


def our_rows(s: Scores) -> dict[str, tuple]:
    """The same figures from our scorer, formatted as score.py prints them."""
    f = "{:.3f}".format
    rows = {}
    for name in [*s.types, "MICRO"]:
        by_level = [s.micro(lv) if name == "MICRO" else s.get(lv, name) for lv in LEVELS]
        nums = tuple(f(x) for c in by_level for x in (c.precision, c.recall, c.f1))
        ex, doc = by_level[0], by_level[2]
        rows[name] = nums + (str(ex.gold), str(ex.pred), str(doc.gold), str(doc.pred))
    for name, c in s.events.items():
        rows[name] = (f(c.precision), f(c.recall), f(c.f1), str(c.gold), str(c.pred))
    rows["final"] = f"entity doc-level micro F1: {s.micro('document').f1:.3f}"
    return rows


def perturbed(gold: dict, text: str, n: int) -> dict | None:
    """A deterministic imperfect predictor built from the gold: drops, shifts, retypes, extras."""
    if n % 11 == 5:
        return None  # a document without predictions
    entities = []
    for i, e in enumerate(gold["entities"]):
        e = {k: e[k] for k in ("type", "text", "start", "end")}
        kind = (i + n) % 8
        if kind == 0:
            continue
        if kind == 1 and e["end"] - e["start"] > 1:
            e["start"] += 1
        elif kind == 2:
            e["type"] = ENTITY_TYPES[(ENTITY_TYPES.index(e["type"]) + 1) % 4]
        elif kind == 3:
            e["text"] = "The " + e["text"].upper() + "'s"
        elif kind == 4:
            e["end"] = min(len(text), e["end"] + 3)
        elif kind == 5:
            entities.append({"type": "Place", "text": text[e["end"]:e["end"] + 6],
                             "start": e["end"], "end": min(len(text), e["end"] + 6)})
        entities.append(e)
    entities += [
        {"type": "Weapon", "text": "gun", "start": 0, "end": 3},
        {"type": "Person", "text": text[:7], "start": "x", "end": 7},
        {"type": "Date", "text": text[2:9], "start": 2, "end": 9},
        {"type": "Event", "text": text[1:5], "start": 1, "end": 5},
    ]
    events = []
    for i, ev in enumerate(gold.get("events", [])):
        ev = json.loads(json.dumps(ev))
        kind = (i + n) % 5
        if kind == 0:
            continue
        if kind == 1:
            ev["start"] += 1
            ev["trigger"] = ev["trigger"][1:]
        elif kind == 2:
            ev["type"] = "Other"
        args = ev.get("arguments", [])
        ev["arguments"] = [
            dict(a, role="Other" if j % 2 else a["role"]) for j, a in enumerate(args) if j % 3 != 2
        ]
        events.append(ev)
    events.append({"trigger": text[:4], "start": 0, "end": 4, "type": "X",
                   "arguments": [{"role": "A", "text": text[5:9]}]})
    return {"doc_id": gold["doc_id"], "entities": entities, "events": events}


@pytest.fixture(scope="module")
def perturbed_dir(corpus_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("perturbed")
    docs = []
    for n, item in enumerate(read_gold_dir(corpus_dir)):
        raw = json.loads(item.path.with_name(item.gold.doc_id + ".gold.json").read_text(encoding="utf-8"))
        pred = perturbed(raw, item.text, n)
        if pred is not None:
            docs.append(doc_from_json(pred, item.gold.doc_id))
    write_predictions(docs, out)
    return out


@pytest.mark.parametrize(
    "flags", [[], ["--names-only"], ["--include-pronouns"], ["--names-only", "--include-pronouns"]]
)
def test_agrees_with_score_py_on_every_figure(corpus_dir, perturbed_dir, flags):
    options = Options(names_only="--names-only" in flags, include_pronouns="--include-pronouns" in flags)
    golds = [item.gold for item in read_gold_dir(corpus_dir)]
    ours = score(golds, read_pred_dir(perturbed_dir), options)
    theirs = run_score_py(corpus_dir, perturbed_dir, flags)
    assert ours.missing > 0 and ours.event_docs > 0 and ours.argument_docs > 0
    assert our_rows(ours) == theirs


def test_gold_scores_perfectly_against_itself(corpus_dir):
    golds = [item.gold for item in read_gold_dir(corpus_dir)]
    s = score(golds, {g.doc_id: g for g in golds}, Options(names_only=True))
    for level in ("exact", "overlap", "document"):
        assert s.micro(level).f1 == 1.0
    assert all(c.f1 == 1.0 for c in s.events.values())


# ------------------------------------------------------------------ the real model (slow)


@pytest.mark.slow
def test_baseline_predictions_score_the_same_in_score_py(corpus_dir, tmp_path):
    from kg.evaluate.predict import predict_baseline

    items = read_gold_dir(corpus_dir)
    preds = predict_baseline(items)
    write_predictions(preds, tmp_path)
    ours = score([i.gold for i in items], {p.doc_id: p for p in preds}, Options(names_only=True))
    assert our_rows(ours) == run_score_py(corpus_dir, tmp_path, ["--names-only"])
    for item, pred in zip(items, preds, strict=True):
        assert all(item.text[e.start:e.end] == e.text for e in pred.entities)


@pytest.mark.slow
def test_a_text_the_model_cannot_parse_is_reported_and_scored_as_empty(tmp_path):
    short = "General Anna Berg visited Lisbon on Monday."
    long = "Anna Berg flew to Lisbon. " * 40_000  # over spaCy's limit of 1,000,000 characters
    for doc_id, text in (("short", short), ("long", long)):
        (tmp_path / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        start = text.index("Anna Berg")
        person = {"id": "m1", "type": "Person", "text": "Anna Berg", "start": start, "end": start + 9, "form": "name"}
        (tmp_path / f"{doc_id}.gold.json").write_text(json.dumps({"doc_id": doc_id, "entities": [person]}))
    report = evaluate(tmp_path, names_only=True)
    assert [s.source for s in report.skipped] == [str(tmp_path / "long.txt")]
    assert report.news_kg.missing == 1 and [p.doc_id for p in report.predictions] == ["short"]
    assert report.news_kg.micro("document").gold == 2 and report.baseline is not None
    assert f"skipped {tmp_path / 'long.txt'}: too long to parse" in render_table(report)
    assert json.loads(render_json(report))["skipped"][0]["source"] == str(tmp_path / "long.txt")


@pytest.mark.slow
def test_kg_evaluate_end_to_end(corpus_dir, tmp_path):
    report = evaluate(corpus_dir, names_only=True)
    write_predictions(report.predictions, tmp_path / "plain")
    assert our_rows(report.news_kg) == run_score_py(corpus_dir, tmp_path / "plain", ["--names-only"])
    assert report.baseline is not None and report.baseline.micro("document").gold > 0

    out = tmp_path / "cli"
    args = ["evaluate", str(corpus_dir), "--names-only", "--no-baseline", "--format", "json"]
    result = _invoke([*args, "--write-predictions", str(out)])
    assert result.exit_code == 0, result.output
    micro = json.loads(result.output)["news_kg"]["entities"]["document"]["micro"]
    assert run_score_py(corpus_dir, out, ["--names-only"])["final"].endswith(f"{micro['f1']:.3f}")
