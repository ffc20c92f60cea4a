"""Score events, their times, roles and factuality, and quotations on the hand-written gold set.

The gold set (``tests/data/event_gold``, conventions in its README) has one JSON file per
article: the text, its publication date, the line where the body starts, and per event
occurrence its trigger, agent, patient and place mentions, its time (the governing time
expression and its bound) and its factuality; per quotation its words, speaker mentions, cue
and whether it is direct. ``score_event_gold`` runs news-kg's extraction (the build's own
loop) over the texts and compares:

* triggers, matched one to one by overlap; the cue of a gold quotation is scored as a
  quotation, so a predicted statement there is neither right nor wrong as an event;
* among matched triggers: the time (the same expression, or none for both, and the same
  bound), each role (right when every predicted mention overlaps a gold one and, where the gold
  has the role, at least one does; counted where either side has the role), the factuality,
  and whether events the text negates or does not assert are marked so;
* quotations: found (a predicted quotation overlapping the words), and of those the speaker
  (any of its gold mentions, a pronoun too) and the speaker named (where the gold names the
  speaker: the predicted speaker is that name, or an entity the text names so there).

Run it as ``python -m kg.evaluate.event_gold tests/data/event_gold [--errors]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import EvaluationError, KGError
from kg.nlp.factuality import CONDITIONAL, FUTURE, NEGATED, POSSIBLE, QUESTIONED, VALUES
from kg.types import Extraction, Occurrence, Skipped, Span

ROLES = ("agent", "patient", "place")
BOUNDS = ("at", "before", "after", "until", "none")
"""How a time expression bounds its event: on it, by it (upper bound), since it (lower bound),
up to it (an end); ``none``: no expression governs the event, the article's date stands."""
NOT_ASSERTED = frozenset({NEGATED, POSSIBLE, FUTURE, CONDITIONAL, QUESTIONED})
"""Factuality values that say the event did not (or not yet, or not surely) happen."""
PERSONAL_PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they"})
"""A gold speaker mention that is one of these (a closed class) does not name the speaker."""
MODIFIER_BOUNDS = {"BEFORE": "before", "ON_OR_BEFORE": "before", "AFTER": "after", "ON_OR_AFTER": "after",
                   "START": "after", "END": "until"}
"""TimeML ``mod`` values of a predicted time to bounds; any other (or none) is ``at``."""


@dataclass(frozen=True, slots=True)
class GoldEvent:
    trigger: Span
    roles: dict[str, tuple[Span, ...]]
    bound: str
    time: Span | None
    factuality: str


@dataclass(frozen=True, slots=True)
class GoldQuote:
    text: Span
    speaker: tuple[Span, ...]
    direct: bool
    cue: Span | None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    path: Path
    published: dt.date
    body_start: int
    text: str
    events: tuple[GoldEvent, ...]
    quotations: tuple[GoldQuote, ...]


@dataclass(frozen=True, slots=True)
class Ratio:
    right: int = 0
    total: int = 0

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.right + other.right, self.total + other.total)

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Error:
    """One disagreement with the gold: its article, its class and what was expected and found."""

    article: str
    kind: str
    detail: str


@dataclass(frozen=True, slots=True)
class EventGoldReport:
    articles: int
    gold_events: int
    predicted_events: int
    matched: int
    time: Ratio
    time_expression: Ratio
    roles: dict[str, Ratio]
    factuality: Ratio
    marked: Ratio
    """Gold negated, possible, future or conditional events predicted as one of those."""
    quotes_found: Ratio
    speaker: Ratio
    named: Ratio
    """Found quotations whose gold names the speaker: the prediction names them too."""
    direct: Ratio
    errors: tuple[Error, ...]
    skipped: tuple[Skipped, ...]

    @property
    def precision(self) -> float:
        return self.matched / self.predicted_events if self.predicted_events else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold_events if self.gold_events else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def all_roles(self) -> Ratio:
        return sum(self.roles.values(), Ratio())


# ------------------------------------------------------------------ reading and checking the gold
def _mention(raw: dict, text: str, where: str) -> Span:
    try:
        start, end, words = int(raw["start"]), int(raw["end"]), str(raw["text"])
    except (KeyError, TypeError, ValueError):
        raise EvaluationError(f"{where}: a mention needs start, end and text") from None
    if not 0 <= start < end <= len(text) or text[start:end] != words:
        raise EvaluationError(f"{where}: offsets {start}-{end} do not hold {words!r} in the text; "
                              "fix the offsets (characters of the text, end exclusive)")
    return Span(start, end, words)


def _event(raw: dict, text: str, where: str) -> GoldEvent:
    time = raw.get("time") or {}
    bound = time.get("bound")
    if bound not in BOUNDS:
        raise EvaluationError(f"{where}: time bound {bound!r} is not one of {', '.join(BOUNDS)}")
    if (bound == "none") != ("start" not in time):
        raise EvaluationError(f"{where}: a time has offsets exactly when its bound is not 'none'")
    if raw.get("factuality") not in VALUES:
        raise EvaluationError(f"{where}: factuality {raw.get('factuality')!r} is not one of {', '.join(VALUES)}")
    roles = {r: tuple(_mention(m, text, f"{where} {r}") for m in raw.get(r, ())) for r in ROLES}
    return GoldEvent(_mention(raw.get("trigger", {}), text, f"{where} trigger"), roles, bound,
                     _mention(time, text, f"{where} time") if bound != "none" else None, raw["factuality"])


def _quote(raw: dict, text: str, where: str) -> GoldQuote:
    if not isinstance(raw.get("direct"), bool):
        raise EvaluationError(f"{where}: 'direct' must be true or false")
    speaker = tuple(_mention(m, text, f"{where} speaker") for m in raw.get("speaker", ()))
    if not speaker:
        raise EvaluationError(f"{where}: a quotation needs at least one speaker mention")
    cue = _mention(raw["cue"], text, f"{where} cue") if raw.get("cue") else None
    return GoldQuote(_mention(raw.get("text", {}), text, f"{where} text"), speaker, raw["direct"], cue)


def read_gold_article(path: Path) -> GoldArticle:
    """One gold file, checked: every offset holds its text, every value is an allowed one, and
    nothing is annotated in the headline (before ``body_start``)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        text, body = raw["text"], int(raw["body_start"])
        published = dt.date.fromisoformat(raw["published"])
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as err:
        raise EvaluationError(f"{path}: not a gold article ({err}); it needs text, body_start and an "
                              "ISO published date") from None
    events = tuple(_event(e, text, f"{path} event {i}") for i, e in enumerate(raw.get("events", ())))
    quotes = tuple(_quote(q, text, f"{path} quotation {i}") for i, q in enumerate(raw.get("quotations", ())))
    early = [e.trigger for e in events if e.trigger.start < body] + [q.text for q in quotes if q.text.start < body]
    if early:
        raise EvaluationError(f"{path}: {early[0].text!r} is annotated before body_start {body}; the "
                              "headline is not annotated")
    return GoldArticle(str(raw.get("id") or path.stem), path, published, body, text, events, quotes)


def read_gold_set(folder: Path | str) -> tuple[list[GoldArticle], list[Skipped]]:
    """Every ``*.json`` article of ``folder``; a file that fails its checks is skipped with the reason."""
    paths = sorted(Path(folder).glob("*.json"))
    if not paths:
        raise EvaluationError(f"{folder}: no gold articles (*.json) there; give the event gold folder")
    articles, skipped = [], []
    for path in paths:
        try:
            articles.append(read_gold_article(path))
        except EvaluationError as err:
            skipped.append(Skipped(str(path), str(err)))
    return articles, skipped


# ------------------------------------------------------------------ comparing
def _overlap(a: Span, start: int, end: int) -> int:
    return max(0, min(a.end, end) - max(a.start, start))


def _match(gold: Sequence[Span], pred: Sequence[tuple[int, int]]) -> dict[int, int]:
    """Gold index -> prediction index, one to one, largest overlaps first."""
    pairs = sorted(((_overlap(g, *p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)
                    if _overlap(g, *p)), reverse=True)
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in pairs:
        if gi not in out and pi not in used:
            out[gi] = pi
            used.add(pi)
    return out


def predicted_time(occ: Occurrence) -> tuple[str, tuple[int, int] | None]:
    """The bound and the offsets of the time expression the occurrence is given."""
    if occ.time is not None and occ.time.span is not None:
        return MODIFIER_BOUNDS.get(occ.time.modifier or "", "at"), (occ.time.span.start, occ.time.span.end)
    if occ.when is not None:
        return "at", (occ.when.start, occ.when.end)
    return "none", None


def _role_right(gold: tuple[Span, ...], pred: list[tuple[int, int]]) -> bool:
    hits = [any(_overlap(g, *p) for g in gold) for p in pred]
    return all(hits) and (bool(hits) == bool(gold))


def _say(words: Iterable[str]) -> str:
    return " / ".join(words) or "-"


class _Tally:
    """Counts for one run, with the errors behind them."""

    def __init__(self) -> None:
        self.gold = self.predicted = self.matched = 0
        self.time = self.expression = self.factuality = self.marked = Ratio()
        self.roles = {r: Ratio() for r in ROLES}
        self.found = self.speaker = self.named = self.direct = Ratio()
        self.errors: list[Error] = []

    def error(self, article: GoldArticle, kind: str, where: Span, detail: str) -> None:
        self.errors.append(Error(article.id, kind, f"{where.text!r}@{where.start}: {detail}"))

    def events(self, art: GoldArticle, found: Extraction) -> None:
        cues = [q.cue for q in art.quotations if q.cue is not None]
        gold_triggers = [e.trigger for e in art.events]
        occs = [o for o in found.occurrences if o.trigger.start >= art.body_start
                and not (any(_overlap(c, o.trigger.start, o.trigger.end) for c in cues)
                         and not any(_overlap(t, o.trigger.start, o.trigger.end) for t in gold_triggers))]
        matches = _match(gold_triggers, [(o.trigger.start, o.trigger.end) for o in occs])
        self.gold += len(art.events)
        self.predicted += len(occs)
        self.matched += len(matches)
        for gi, event in enumerate(art.events):
            if gi in matches:
                self._compare(art, event, occs[matches[gi]])
            else:
                self.error(art, "trigger missed", event.trigger, "no predicted occurrence overlaps it")
        for pi in set(range(len(occs))) - set(matches.values()):
            self.errors.append(Error(art.id, "trigger spurious",
                                     f"{occs[pi].trigger.text!r}@{occs[pi].trigger.start} ({occs[pi].event_type})"))

    def _compare(self, art: GoldArticle, gold: GoldEvent, occ: Occurrence) -> None:
        bound, span = predicted_time(occ)
        same = (span is None) if gold.time is None else (span is not None and _overlap(gold.time, *span) > 0)
        self.expression += Ratio(int(same), 1)
        self.time += Ratio(int(same and bound == gold.bound), 1)
        if not (same and bound == gold.bound):
            said = f"{bound} {art.text[span[0]:span[1]]!r}" if span else "none"
            expected = f"{gold.bound} {gold.time.text!r}" if gold.time else "none"
            self.error(art, "time", gold.trigger, f"expected {expected}, got {said}")
        for role in ROLES:
            pred = [(r.span.start, r.span.end) for r in occ.roles if r.role == role and r.span is not None]
            if not pred and not gold.roles[role]:
                continue
            right = _role_right(gold.roles[role], pred)
            self.roles[role] += Ratio(int(right), 1)
            if not right:
                got = [art.text[s:e] for s, e in pred]
                self.error(art, f"role {role}", gold.trigger,
                           f"expected {_say(m.text for m in gold.roles[role])}, got {_say(got)}")
        self.factuality += Ratio(int(occ.factuality == gold.factuality), 1)
        if gold.factuality in NOT_ASSERTED:
            self.marked += Ratio(int(occ.factuality in NOT_ASSERTED), 1)
        if occ.factuality != gold.factuality:
            self.error(art, "factuality", gold.trigger, f"expected {gold.factuality}, got {occ.factuality}")

    def quotations(self, art: GoldArticle, found: Extraction) -> None:
        predicted = found.quotations
        matches = _match([q.text for q in art.quotations], [(q.text.start, q.text.end) for q in predicted])
        spans = {e.key: [(m.span.start, m.span.end) for m in e.mentions] for e in found.entities}
        for gi, gold in enumerate(art.quotations):
            self.found += Ratio(int(gi in matches), 1)
            if gi not in matches:
                self.error(art, "quotation missed", gold.text, "no predicted quotation overlaps it")
                continue
            pred = predicted[matches[gi]]
            who = pred.speaker.span if pred.speaker is not None else None
            right = who is not None and any(_overlap(m, who.start, who.end) for m in gold.speaker)
            self.speaker += Ratio(int(right), 1)
            self.direct += Ratio(int(pred.direct == gold.direct), 1)
            if not right:
                self.error(art, "quotation speaker", gold.text,
                           f"expected {_say(m.text for m in gold.speaker)}, got {who.text if who else '-'}")
            names = [m for m in gold.speaker if m.text.lower() not in PERSONAL_PRONOUNS]
            if names:
                said = [(who.start, who.end)] if who is not None else []
                said += spans.get(pred.speaker.entity, []) if pred.speaker and pred.speaker.entity else []
                named = any(_overlap(m, *s) for m in names for s in said)
                self.named += Ratio(int(named), 1)
                if right and not named:
                    self.error(art, "speaker not named", gold.text,
                               f"expected {_say(m.text for m in names)}, got {who.text if who else '-'}")

    def report(self, articles: int, skipped: Sequence[Skipped]) -> EventGoldReport:
        return EventGoldReport(articles, self.gold, self.predicted, self.matched, self.time, self.expression,
                               dict(self.roles), self.factuality, self.marked, self.found, self.speaker,
                               self.named, self.direct, tuple(self.errors), tuple(skipped))


def _extract(articles: Sequence[GoldArticle], model: str | None) -> Iterable[Extraction | Skipped]:
    from kg.ingest import make_article
    from kg.nlp import load_pipeline
    from kg.pipeline import extract_articles

    made = [make_article(text=a.text, source=str(a.path), published=a.published) for a in articles]
    for art, item in zip(articles, made, strict=True):
        if item.text != art.text:
            raise EvaluationError(f"the article made from {art.path} changed its text, so gold offsets cannot "
                                  "be compared; this is a bug in news-kg, please report it")
    return extract_articles(made, load_pipeline(model))


def score_event_gold(folder: Path | str, model: str | None = None) -> EventGoldReport:
    """Run news-kg over every gold article of ``folder`` and score events and quotations."""
    articles, skipped = read_gold_set(folder)
    return score_extractions(articles, _extract(articles, model), skipped)


def score_extractions(articles: Sequence[GoldArticle], found: Iterable[Extraction | Skipped],
                      skipped: Sequence[Skipped] = ()) -> EventGoldReport:
    """Score what was extracted from each gold article (in the same order) against its gold."""
    tally, left_out = _Tally(), list(skipped)
    for art, extraction in zip(articles, found, strict=True):
        if isinstance(extraction, Skipped):
            left_out.append(extraction)
            continue
        tally.events(art, extraction)
        tally.quotations(art, extraction)
    return tally.report(len(articles), left_out)


# ------------------------------------------------------------------ the report
def _line(name: str, ratio: Ratio) -> str:
    return f"  {name:<38} {ratio.value:6.1%}  ({ratio.right}/{ratio.total})"


def render(report: EventGoldReport, errors: bool = False) -> str:
    out = [f"event gold: {report.articles} articles, {report.gold_events} gold events, "
           f"{report.predicted_events} predicted",
           f"  triggers (overlap)                     P {report.precision:.3f}  R {report.recall:.3f}  "
           f"F1 {report.f1:.3f}  ({report.matched} matched)",
           "among matched triggers:",
           _line("time right (expression and bound)", report.time),
           _line("time expression right", report.time_expression),
           *(_line(f"{role} right", ratio) for role, ratio in report.roles.items()),
           _line("roles right (together)", report.all_roles),
           _line("factuality right", report.factuality),
           _line("negated/hypothetical marked", report.marked),
           "quotations:",
           _line("found", report.quotes_found),
           _line("speaker right (of found)", report.speaker),
           _line("speaker named (of found, gold named)", report.named),
           _line("direct/reported right (of found)", report.direct)]
    out += [f"skipped {s.source}: {s.reason}" for s in report.skipped]
    if errors:
        out += [f"{e.article}  {e.kind:<18} {e.detail}" for e in report.errors]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.evaluate.event_gold", description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="folder of gold articles (tests/data/event_gold)")
    parser.add_argument("--model", default=None, help="spaCy model (default: news-kg's)")
    parser.add_argument("--errors", action="store_true", help="list every disagreement with the gold")
    args = parser.parse_args(argv)
    try:
        print(render(score_event_gold(args.folder, args.model), errors=args.errors))
    except KGError as err:
        print(f"kg: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
