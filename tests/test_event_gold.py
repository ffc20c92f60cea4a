"""The hand-written event gold set (tests/data/event_gold) and its scorer: every gold file checks
out, the scorer's rules on extractions built by hand, and floors on news-kg's scores."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from kg.errors import EvaluationError
from kg.evaluate.event_gold import (
    BOUNDS, GoldArticle, read_gold_article, read_gold_set, render, score_event_gold, score_extractions)
from kg.ingest import make_article
from kg.nlp.factuality import VALUES
from kg.types import Entity, Extraction, Kind, Mention, Occurrence, Quotation, Role, Skipped, Span, TimeSpan
from tests.conftest import ROOT

GOLD = ROOT / "tests" / "data" / "event_gold"


def test_every_gold_file_checks_out() -> None:
    articles, skipped = read_gold_set(GOLD)
    assert not skipped, skipped
    assert len(articles) >= 30
    for art in articles:
        assert 120 <= len(art.text.split()) <= 350, art.id
        assert art.id == art.path.stem
        starts = [e.trigger.start for e in art.events]
        assert starts == sorted(starts), f"{art.id}: events out of text order"


def test_the_gold_set_covers_every_value() -> None:
    articles, _ = read_gold_set(GOLD)
    events = [e for a in articles for e in a.events]
    assert set(Counter(e.factuality for e in events)) == set(VALUES)
    assert set(Counter(e.bound for e in events)) == set(BOUNDS)
    quotes = [q for a in articles for q in a.quotations]
    assert {q.direct for q in quotes} == {True, False}
    assert any(q.cue is None for q in quotes), "a quote whose speaker is named in an earlier sentence"


def _write(tmp_path: Path, text: str, events: list, quotations: list = (), name: str = "a") -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"id": name, "published": "2026-03-02", "body_start": text.index("\n") + 1,
                                "text": text, "events": events, "quotations": list(quotations)}), encoding="utf-8")
    return path


def _m(text: str, words: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return {"start": start, "end": start + len(words), "text": words}


TEXT = ("Army takes bridge\nTroops seized the bridge at Orlo on Monday. "
        "\"We hold it,\" the colonel said. Rebels did not retreat.\n")


def _event(trigger: str, **extra) -> dict:
    return {"trigger": _m(TEXT, trigger), "agent": [], "patient": [], "place": [], "time": {"bound": "none"},
            "factuality": "Asserted", **extra}


def test_offsets_that_miss_their_text_are_refused(tmp_path: Path) -> None:
    bad = _event("seized")
    bad["trigger"]["start"] += 1
    with pytest.raises(EvaluationError, match="do not hold 'seized'"):
        read_gold_article(_write(tmp_path, TEXT, [bad]))


@pytest.mark.parametrize(("field", "value", "message"), [
    ("factuality", "Probable", "factuality 'Probable'"),
    ("time", {"bound": "by"}, "time bound 'by'"),
    ("time", {"bound": "none", "start": 61, "end": 67, "text": "Monday"}, "exactly when"),
])
def test_values_outside_the_allowed_sets_are_refused(tmp_path: Path, field: str, value, message: str) -> None:
    with pytest.raises(EvaluationError, match=message):
        read_gold_article(_write(tmp_path, TEXT, [_event("seized", **{field: value})]))


def test_a_broken_file_is_skipped_with_its_reason(tmp_path: Path) -> None:
    _write(tmp_path, TEXT, [_event("seized")], name="good")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    articles, skipped = read_gold_set(tmp_path)
    assert [a.id for a in articles] == ["good"]
    assert len(skipped) == 1 and "broken.json" in skipped[0].source and "not a gold article" in skipped[0].reason


def _span(words: str, nth: int = 0) -> Span:
    m = _m(TEXT, words, nth)
    return Span(m["start"], m["end"], words)


def _occurrence(trigger: str, roles=(), time: TimeSpan | None = None, factuality: str = "Asserted",
                event_type: str = "CaptureOrOccupation") -> Occurrence:
    return Occurrence(trigger=_span(trigger), sentence=_span(TEXT.split("\n")[1]), event_type=event_type,
                      roles=tuple(Role(r, None, _span(w)) for r, w in roles), time=time, factuality=factuality)


@pytest.fixture
def gold(tmp_path: Path) -> GoldArticle:
    events = [
        _event("seized", agent=[_m(TEXT, "Troops")], patient=[_m(TEXT, "the bridge", 0)], place=[_m(TEXT, "Orlo")],
               time={"bound": "at", **_m(TEXT, "Monday")}),
        _event("retreat", agent=[_m(TEXT, "Rebels")], factuality="Negated"),
    ]
    quotes = [{"text": _m(TEXT, "We hold it"), "speaker": [_m(TEXT, "the colonel")], "direct": True,
               "cue": _m(TEXT, "said")}]
    return read_gold_article(_write(tmp_path, TEXT, events, quotes))


def _extraction(occurrences, quotations=()) -> Extraction:
    return Extraction(article=make_article(text=TEXT, source="test"), occurrences=tuple(occurrences),
                      quotations=tuple(quotations))


def test_the_scorer_matches_triggers_and_judges_time_roles_and_factuality(gold: GoldArticle) -> None:
    monday = TimeSpan(_span("Monday"), dt.date(2026, 3, 2), dt.date(2026, 3, 2), "2026-03-02")
    found = _extraction([
        _occurrence("seized", roles=[("agent", "Troops"), ("place", "Orlo"), ("patient", "Army")], time=monday),
        _occurrence("retreat", roles=[("agent", "Rebels")], event_type="Withdrawal"),
        _occurrence("takes"),  # in the headline: not scored
        _occurrence("said", event_type="Statement"),  # the cue of a gold quotation: scored as one
    ], [Quotation(text=_span("We hold it"), cue=_span("said"), sentence=_span("said"),
                  speaker=Role("agent", None, _span("colonel")), direct=True)])
    report = score_extractions([gold], [found])
    assert (report.gold_events, report.predicted_events, report.matched) == (2, 2, 2)
    assert (report.time.right, report.time.total) == (2, 2)  # Monday; none for "retreat"
    assert (report.roles["agent"].right, report.roles["agent"].total) == (2, 2)
    assert (report.roles["patient"].right, report.roles["patient"].total) == (0, 1)  # "Army" is no patient
    assert (report.roles["place"].right, report.roles["place"].total) == (1, 1)
    assert (report.factuality.right, report.marked.right, report.marked.total) == (1, 0, 1)
    assert (report.quotes_found.right, report.speaker.right, report.named.right, report.direct.right) == (1, 1, 1, 1)
    kinds = Counter(e.kind for e in report.errors)
    assert kinds == {"role patient": 1, "factuality": 1}


def test_a_bound_time_binding_and_a_wrong_speaker_count_as_wrong(gold: GoldArticle) -> None:
    by_monday = TimeSpan(_span("Monday"), dt.date(2026, 3, 2), dt.date(2026, 3, 2), "2026-03-02", modifier="BEFORE")
    found = _extraction([_occurrence("seized", time=by_monday), _occurrence("retreat", time=by_monday)],
                        [Quotation(text=_span("hold"), cue=_span("said"), sentence=_span("said"),
                                   speaker=Role("agent", None, _span("Rebels")), direct=False)])
    report = score_extractions([gold], [found])
    assert (report.time_expression.right, report.time.right) == (1, 0)
    assert (report.speaker.right, report.speaker.total, report.named.total, report.direct.right) == (0, 1, 1, 0)
    assert report.f1 == 1.0 and "time right" in render(report)


PRONOUN_TEXT = 'Colonel quotes\nColonel Ruiz spoke first. "We hold it," he said.\n'


@pytest.mark.parametrize(("entity", "named"), [(None, 0), ("person/ruiz", 1)])
def test_a_pronoun_speaker_is_right_and_named_only_through_its_entity(tmp_path: Path, entity, named) -> None:
    text = PRONOUN_TEXT
    def span(words: str) -> Span:
        m = _m(text, words)
        return Span(m["start"], m["end"], words)

    quote = {"text": _m(text, "We hold it"), "speaker": [_m(text, "he"), _m(text, "Colonel Ruiz")],
             "direct": True, "cue": _m(text, "said")}
    gold = read_gold_article(_write(tmp_path, text, [], [quote]))
    ruiz = Entity("person/ruiz", Kind.PERSON, "Ruiz", (Mention(span("Colonel Ruiz"), Kind.PERSON, span(text), "Ruiz"),))
    found = Extraction(article=make_article(text=text, source="test"), entities=(ruiz,), quotations=(
        Quotation(text=span("We hold it"), cue=span("said"), sentence=span(text),
                  speaker=Role("agent", entity, span("he")), direct=True),))
    report = score_extractions([gold], [found])
    assert (report.speaker.right, report.named.right, report.named.total) == (1, named, 1)


def test_a_skipped_article_is_reported(gold: GoldArticle) -> None:
    report = score_extractions([gold], [Skipped("test", "empty text")])
    assert report.matched == 0 and report.skipped == (Skipped("test", "empty text"),)


FLOORS = {"f1": 0.49, "time": 0.89, "roles": 0.88, "factuality": 0.93, "marked": 0.90, "found": 0.86,
          "speaker": 0.95, "named": 0.96}
"""What news-kg scores on the gold set now, rounded down a little: a regression fails. (Roles
0.891 since eg35, whose unnamed places are left unfilled; 90.1 % on the 34 articles before it.)"""


@pytest.mark.slow
def test_news_kg_holds_its_floors_on_the_event_gold() -> None:
    report = score_event_gold(GOLD)
    assert not report.skipped
    scores = {"f1": report.f1, "time": report.time.value, "roles": report.all_roles.value,
              "factuality": report.factuality.value, "marked": report.marked.value,
              "found": report.quotes_found.value, "speaker": report.speaker.value,
              "named": report.named.value}
    low = {k: round(v, 3) for k, v in scores.items() if v < FLOORS[k]}
    assert not low, f"below the floors {FLOORS}: {low}\n{render(report)}"
