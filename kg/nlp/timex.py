"""Time expressions: find them in a parsed Doc and normalise them to calendar bounds.

Covered: full dates ("9 August 1945", "August 9, 1945", "2025-08-15"), day and month without a
year (the publication year), months ("August 1945"), years (only inside a DATE entity or after
a date word such as "in" or "since"), decades ("the 1940s"), ranges ("1941-1945", "from June to
August 1945"), expressions relative to the publication date ("80 years ago", "yesterday",
"last Tuesday", "on Monday", "last week", "overnight", "the weekend", "since October": a month
without a year is the latest such month not after the publication date) and durations ("in less
than two weeks").

Rules worth knowing:
* Relative expressions are resolved against ``published`` only; without it they get no bounds
  (``undated_times`` keeps their words). The clock of the machine is never used.
* A bare weekday ("on Monday") is the latest such day on or before the publication date;
  "last Monday" is strictly before it; "next Monday" strictly after it.
* A duration has no calendar position of its own. It is anchored to the closest calendar time
  before it in the same paragraph (else the first one after it in the same sentence), whose
  bounds and value it takes, and carries ``duration`` (ISO 8601, "P2W") and ``modifier``
  (TimeML: LESS_THAN, MORE_THAN, EQUAL_OR_LESS, EQUAL_OR_MORE, APPROX). With no anchor it is
  dropped. Only durations introduced by "in", "within", "for", "over", "lasting" count.
* The preposition before an expression says how it bounds what happens (TimeML ``mod``):
  "by", "before", "within" give BEFORE (an upper bound), "since", "after" give AFTER (a lower
  bound), "until", "till" give END; "the end of", "the start of" between them are skipped
  ("by the end of March"). A duration keeps its own modifier ("within less than a week").
* Expressions side by side that pin down different things (a date, a weekday, a clock time, a
  part of the day) are one expression, as in TimeML: "Thursday, Nov. 10 at 3 pm" (``join_adjacent``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from kg.nlp.text import text_of
from kg.types import Span, TimeSpan

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100,
}
MODIFIERS = {
    "less than": "LESS_THAN", "under": "LESS_THAN", "nearly": "LESS_THAN", "almost": "LESS_THAN",
    "more than": "MORE_THAN", "over": "MORE_THAN", "at least": "EQUAL_OR_MORE",
    "at most": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
    "about": "APPROX", "around": "APPROX", "some": "APPROX", "roughly": "APPROX",
    "approximately": "APPROX",
}
_DAY_WORDS = "|".join(sorted({*MONTHS, *WEEKDAYS}))
_DEICTIC_WORDS = "today|tonight|yesterday|tomorrow"
_DAY_PART_WORDS = "morning|afternoon|evening|night|noon|midnight"
_CLOCK = r"\b\d{1,2}(?:[:.]\d\d)?\s*[ap]\.?m\b"
POINT_IN_TIME = re.compile(rf"\b(?:{_DAY_WORDS}|{_DEICTIC_WORDS}|{_DAY_PART_WORDS})\b|{_CLOCK}", re.I)
"""Words of a point in time: a weekday, a month, a deictic day, a time of day or of the clock."""
UNIT_CODES = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "Y"}
YEAR_CONTEXT = {
    "in", "since", "until", "till", "by", "before", "after", "during", "from", "of", "to",
    "year", "early", "late", "mid", "summer", "winter", "spring", "autumn", "fall", "through",
    "throughout", "between", "and", "circa", "c.",
}

_MONTH = (r"(?P<{g}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>1\d{{3}}|20\d{{2}})"
_NUM = r"\b(?P<num>\d+|a|an|" + "|".join(k for k in NUMBERS if k not in ("a", "an")) + r")"
_UNIT = r"(?P<unit>day|week|month|year|decade)s?"
_WEEKDAY = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


def _p(template: str, **groups: str) -> str:
    """Fill ``{name}`` slots with the month (M), day (D) or year (Y) pattern, grouped as ``name``."""
    out = template
    for name, kind in groups.items():
        out = out.replace("{" + name + "}", {"M": _MONTH, "D": _DAY, "Y": _YEAR}[kind].format(g=name))
    return out


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    begin: dt.date
    last: dt.date
    value: str
    duration: str | None = None
    modifier: str | None = None


def find_times(doc: Doc, published: dt.date | None) -> tuple[TimeSpan, ...]:
    """Every time expression in ``doc`` with inclusive date bounds, in text order."""
    if isinstance(published, dt.datetime):
        published = published.date()
    text = text_of(doc)
    date_ents = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
    hits: list[_Hit] = []
    for finder in _FINDERS:
        hits.extend(finder(text, published, date_ents))
    chosen = _non_overlapping(hits)
    calendar_hits = [h for h in chosen if h.duration is None]
    out = list(calendar_hits)
    out.extend(a for d in chosen if d.duration is not None if (a := _anchor(d, calendar_hits, text)))
    out.sort(key=lambda h: (h.start, h.end))
    return tuple(
        TimeSpan(Span(h.start, h.end, text[h.start:h.end]), h.begin, h.last, h.value, h.duration,
                 h.modifier or signal_modifier(text, h.start))
        for h in out
    )


SIGNALS = {"by": "BEFORE", "before": "BEFORE", "within": "BEFORE", "since": "AFTER", "after": "AFTER",
           "until": "END", "till": "END"}
"""Prepositions that bound an event by a time, as TimeML ``mod`` values."""
_SIGNAL = re.compile(r"\b(?P<signal>" + "|".join(SIGNALS) + r")\s+(?:the\s+(?:very\s+)?"
                     r"(?:end|start|beginning|middle|close)\s+of\s+)?(?:the\s+)?$", re.I)


def signal_modifier(text: str, start: int) -> str | None:
    """The TimeML ``mod`` the preposition just before ``start`` gives a time ("since" -> AFTER)."""
    m = _SIGNAL.search(text, max(0, start - 40), start)
    return SIGNALS[m["signal"].lower()] if m else None


def undated_times(doc: Doc, times: Sequence[TimeSpan]) -> tuple[Span, ...]:
    """Times the text names that cannot be put on the calendar ("on Tuesday" in an article with
    no publication date, "6 January" with no year): the model's DATE and TIME entities naming a
    day, a month or a time of day that no normalised time overlaps. Durations and ages are not
    points in time and are left out."""
    taken = [(t.span.start, t.span.end) for t in times if t.span is not None]
    return tuple(
        Span(e.start_char, e.end_char, e.text)
        for e in doc.ents
        if e.label_ in ("DATE", "TIME") and POINT_IN_TIME.search(e.text)
        and not any(s < e.end_char and e.start_char < t for s, t in taken)
    )


_MONTH_WORDS = "|".join(MONTHS)
_FACETS = {
    "weekday": re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r")\b", re.I),
    "date": re.compile(rf"\b(?:{_MONTH_WORDS})\.?\s+\d|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_WORDS})\b"
                       r"|\b\d{4}-\d\d-\d\d\b", re.I),
    "clock": re.compile(_CLOCK + r"|\b\d{1,2}:\d\d\b", re.I),
    "part of day": re.compile(rf"\b(?:{_DAY_PART_WORDS}|dawn|dusk)\b", re.I),
    "deictic": re.compile(rf"\b(?:{_DEICTIC_WORDS})\b", re.I),
}
"""What a time expression pins down; expressions side by side that pin down different things
("Thursday", "November 10th", "3:00 pm") name one point in time together."""
_JOINER = re.compile(r"[ \t]*(?:,|\()?[ \t]*(?:(?:on|at)[ \t]+)?", re.I)
"""What may stand between the parts of one time expression: "Thursday, November 10th at 3 pm"."""
_LOOSE = re.compile(_FACETS["weekday"].pattern + "|" + _FACETS["clock"].pattern, re.I)
"""A weekday or a clock time that joins an expression beside it though found on its own by neither
the finders nor the model ("Saturday" of "Saturday, December 13, 2008" without a publication date)."""
_BY_FACET = ("date", "weekday", "deictic")
"""Whose calendar bounds a joined expression takes: an explicit date first."""


@dataclass(frozen=True, slots=True)
class _Part:
    start: int
    end: int
    time: TimeSpan | None
    facets: frozenset[str]


def join_adjacent(text: str, times: Sequence[TimeSpan], undated: Sequence[Span]
                  ) -> tuple[tuple[TimeSpan, ...], tuple[Span, ...]]:
    """Join time expressions side by side that pin down different things into one, as TimeML
    marks "Friday afternoon", "3pm on Tuesday" or "Thursday, Nov. 10" as one expression. The
    joined expression takes the bounds of its explicit date, else of its weekday or deictic day;
    it stays undated when no part has bounds. A weekday or clock time found by neither the
    finders nor the model only ever joins others (``_LOOSE``)."""
    found = [_Part(t.span.start, t.span.end, t, _facets(t.span.text)) for t in times if t.span is not None]
    found += [_Part(u.start, u.end, None, _facets(u.text)) for u in undated]
    loose = [_Part(m.start(), m.end(), None, _facets(m[0])) for m in _LOOSE.finditer(text)
             if not any(p.start < m.end() and m.start() < p.end for p in found)]
    groups: list[list[_Part]] = []
    for part in sorted(found + loose, key=lambda p: (p.start, p.end)):
        if groups and _joins(text, groups[-1], part):
            groups[-1].append(part)
        else:
            groups.append([part])
    joined_times = [t for t in times if t.span is None]
    joined_undated: list[Span] = []
    for group in groups:
        if all(p in loose for p in group):
            continue
        joined = _joined(text, group)
        if isinstance(joined, TimeSpan):
            joined_times.append(joined)
        else:
            joined_undated.append(joined)
    return tuple(sorted(joined_times, key=_order)), tuple(joined_undated)


def _joins(text: str, group: list[_Part], part: _Part) -> bool:
    """Only a joiner between them, and each part pins down something the others do not."""
    if not _JOINER.fullmatch(text[group[-1].end:part.start]):
        return False
    parts = (*group, part)
    if any(not p.facets or (p.time is not None and p.time.duration) for p in parts):
        return False
    return sum(len(p.facets) for p in parts) == len(frozenset().union(*(p.facets for p in parts)))


def _joined(text: str, group: list[_Part]) -> TimeSpan | Span:
    """One expression over the group ("Tuesday (6 January)": a bracket opened inside closes inside)."""
    if len(group) == 1:
        only = group[0]
        return only.time or Span(only.start, only.end, text[only.start:only.end])
    start, end = group[0].start, group[-1].end
    if "(" in text[start:end] and text[end:end + 1] == ")":
        end += 1
    span = Span(start, end, text[start:end])
    dated = [p for p in group if p.time is not None]
    best = next((p.time for facet in _BY_FACET for p in dated if facet in p.facets), None)
    best = best or (dated[0].time if dated else None)
    return span if best is None else TimeSpan(span, best.begin, best.end, best.value,
                                              modifier=signal_modifier(text, start))


def _facets(words: str) -> frozenset[str]:
    return frozenset(name for name, pattern in _FACETS.items() if pattern.search(words))


def _order(t: TimeSpan) -> tuple[int, int]:
    return (t.span.start, t.span.end) if t.span is not None else (-1, -1)


def _non_overlapping(hits: list[_Hit]) -> list[_Hit]:
    """Longest first; a hit overlapping an already chosen one is dropped."""
    chosen: list[_Hit] = []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(h.end <= c.start or c.end <= h.start for c in chosen):
            chosen.append(h)
    return chosen


def _anchor(d: _Hit, calendar_hits: list[_Hit], text: str) -> _Hit | None:
    para_start = text.rfind("\n", 0, d.start) + 1
    para_end = text.find("\n", d.end)
    para_end = len(text) if para_end < 0 else para_end
    before = [c for c in calendar_hits if para_start <= c.start and c.end <= d.start]
    after = [c for c in calendar_hits if d.end <= c.start < para_end and "." not in text[d.end:c.start]]
    anchor = max(before, key=lambda c: c.start) if before else (after[0] if after else None)
    if anchor is None:
        return None
    return _Hit(d.start, d.end, anchor.begin, anchor.last, anchor.value, d.duration, d.modifier)


# ------------------------------------------------------------------ calendar helpers
def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int) -> _Hit | None:
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    return _Hit(0, 0, d, d, d.isoformat())


def _month(year: int, month: int) -> _Hit:
    return _Hit(0, 0, dt.date(year, month, 1), _month_end(year, month), f"{year:04d}-{month:02d}")


def _year(year: int) -> _Hit:
    return _Hit(0, 0, dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year:04d}")


def _week(day: dt.date) -> _Hit:
    monday = day - dt.timedelta(days=day.weekday())
    iso = monday.isocalendar()
    return _Hit(0, 0, monday, monday + dt.timedelta(days=6), f"{iso[0]:04d}-W{iso[1]:02d}")


def _at(h: _Hit | None, m: re.Match[str]) -> _Hit | None:
    """Place a hit on the text: at the whole match unless the maker gave its own offsets."""
    if h is None or h.end:
        return h
    return _Hit(m.start(), m.end(), h.begin, h.last, h.value, h.duration, h.modifier)


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else NUMBERS.get(word.lower())


def _month_of(word: str) -> int:
    w = word.lower().rstrip(".")
    return MONTHS[w] if w in MONTHS else MONTHS[w[:3]]


Finder = Callable[[str, "dt.date | None", list[tuple[int, int]]], Iterator[_Hit]]
_FINDERS: list[Finder] = []


def _finder(pattern: str, flags: int = 0) -> Callable[[Callable[..., _Hit | None]], Finder]:
    rx = re.compile(pattern, flags)

    def wrap(make: Callable[..., _Hit | None]) -> Finder:
        def find(text: str, published: dt.date | None, ents: list[tuple[int, int]]) -> Iterator[_Hit]:
            for m in rx.finditer(text):
                try:
                    hit = _at(make(m, published, ents), m)
                except OverflowError:  # counted from a reference date near year 1 or 9999
                    continue
                if hit is not None:
                    yield hit

        _FINDERS.append(find)
        return find

    return wrap


# ------------------------------------------------------------------ absolute expressions
@_finder(_p(r"\b{d}\s+{m},?\s+{y}\b", d="D", m="M", y="Y"))
def _dmy(m: re.Match[str], *_: object) -> _Hit | None:
    return _day(int(m["y"]), _month_of(m["m"]), int(m["d"]))


@_finder(_p(r"\b{m}\s+{d},?\s+{y}\b", m="M", d="D", y="Y"))
def _mdy(m: re.Match[str], *_: object) -> _Hit | None:
    return _day(int(m["y"]), _month_of(m["m"]), int(m["d"]))


@_finder(r"\b(?P<y>1\d{3}|20\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
def _iso(m: re.Match[str], *_: object) -> _Hit | None:
    return _day(int(m["y"]), int(m["m"]), int(m["d"])) if 1 <= int(m["m"]) <= 12 else None


@_finder(_p(r"\b(?:{M}\s+{d1}|{d2}\s+(?:of\s+)?{N})\b(?!,?\s+\d)", M="M", d1="D", d2="D", N="M"))
def _day_month(m: re.Match[str], published: dt.date | None, _: object) -> _Hit | None:
    if published is None:
        return None
    month = _month_of(m["M"] or m["N"])
    return _day(published.year, month, int(m["d1"] or m["d2"]))


@_finder(_p(r"\b{m},?\s+{y}\b", m="M", y="Y"))
def _month_year(m: re.Match[str], *_: object) -> _Hit | None:
    return _month(int(m["y"]), _month_of(m["m"]))


@_finder(_p(r"\b(?:(?:from|between)\s+)?{M1}\s*(?:-|–|to|until|through|and)\s*{M2},?\s+{Y}\b", M1="M", M2="M", Y="Y"))
def _month_range(m: re.Match[str], *_: object) -> _Hit | None:
    year, first, last = int(m["Y"]), _month_of(m["M1"]), _month_of(m["M2"])
    if first >= last:
        return None
    return _Hit(0, 0, dt.date(year, first, 1), _month_end(year, last), f"{year:04d}-{first:02d}/{year:04d}-{last:02d}")


@_finder(r"\b(?:(?:from|between)\s+)?(?P<a>1\d{3}|20\d{2})\s*(?:-|–|—|to|until|and)\s*(?P<b>\d{2}|1\d{3}|20\d{2})\b")
def _year_range(m: re.Match[str], *_: object) -> _Hit | None:
    a, b = int(m["a"]), m["b"]
    end = int(b) if len(b) == 4 else a // 100 * 100 + int(b)
    if not a < end <= a + 100:
        return None
    return _Hit(0, 0, dt.date(a, 1, 1), dt.date(end, 12, 31), f"{a:04d}/{end:04d}")


@_finder(r"\b(?:the\s+)?(?:(?P<part>early|mid|late)[-\s])?(?P<dec>1\d{2}0|20[0-9]0)s\b", re.I)
def _decade(m: re.Match[str], *_: object) -> _Hit | None:
    start = int(m["dec"])
    return _Hit(0, 0, dt.date(start, 1, 1), dt.date(start + 9, 12, 31), f"{start // 10:03d}X")


@_finder(r"\b(?P<y>1\d{3}|20\d{2})\b(?![-–/]\d)")
def _bare_year(m: re.Match[str], _: dt.date | None, ents: list[tuple[int, int]]) -> _Hit | None:
    in_date_ent = any(s <= m.start() and m.end() <= e for s, e in ents)
    before = re.findall(r"[\w.]+", m.string[max(0, m.start() - 20):m.start()])
    if in_date_ent or (before and before[-1].lower() in YEAR_CONTEXT):
        return _year(int(m["y"]))
    return None


# ------------------------------------------------------------------ relative expressions
@_finder(_NUM + r"\s+" + _UNIT + r"\s+ago\b", re.I)
def _ago(m: re.Match[str], published: dt.date | None, _: object) -> _Hit | None:
    n = _number(m["num"])
    if published is None or n is None:
        return None
    unit = m["unit"].lower()
    if unit in ("year", "decade"):
        return _year(published.year - n * (10 if unit == "decade" else 1))
    if unit == "month":
        y, mo = divmod(published.year * 12 + published.month - 1 - n, 12)
        return _month(y, mo + 1)
    days = n * (7 if unit == "week" else 1)
    when = published - dt.timedelta(days=days)
    return _week(when) if unit == "week" else _day(when.year, when.month, when.day)


@_finder(r"\b(?P<w>yesterday|today|tonight|tomorrow)\b", re.I)
def _deictic_day(m: re.Match[str], published: dt.date | None, _: object) -> _Hit | None:
    if published is None:
        return None
    shift = {"yesterday": -1, "tomorrow": 1}.get(m["w"].lower(), 0)
    d = published + dt.timedelta(days=shift)
    return _day(d.year, d.month, d.day)


@_finder(r"\b(?P<rel>overnight)\b", re.I)
def _overnight(m: re.Match[str], published: dt.date | None, _: object) -> _Hit | None:
    """The night before the article: from the evening before its date to its morning."""
    if published is None:
        return None
    eve = published - dt.timedelta(days=1)
    return _Hit(0, 0, eve, published, f"{eve.isoformat()}TNI")


@_finder(r"\b(?:(?P<rel>last|this|next|past)\s+|the\s+)weekend\b", re.I)
def _weekend(m: re.Match[str], published: dt.date | None, _: object) -> _Hit | None:
    """"the weekend": the coming one after "by", "until", "next" or "this", else the last one on or
    before the article's date ("over the weekend")."""
    if published is None:
        return None
    rel = (m["rel"] or "").lower()
    ahead = rel in ("next", "this") or (not rel and signal_modifier(m.string, m.start()) in ("BEFORE", "END"))
    saturday = published + dt.timedelta(days=(5 - published.weekday()) % 7)
    if not ahead and saturday > published:
        saturday -= dt.timedelta(weeks=1)
    iso = saturday.isocalendar()
    return _Hit(0, 0, saturday, saturday + dt.timedelta(days=1), f"{iso[0]:04d}-W{iso[1]:02d}-WE")


@_finder(r"\b(?:(?P<rel>last|next|this)\s+)?(?P<m>January|February|March|April|May|June|July|August|September"
         r"|October|November|December)\b(?!\.?\s*\d|\s+of\s+\d)")
def _month_alone(m: re.Match[str], published: dt.date | None, ents: list[tuple[int, int]]) -> _Hit | None:
    """A month without a year: the latest such month not after the article's date ("since
    October"), strictly before it after "last", strictly after it after "next". Only after a date
    word or inside the model's DATE entity ("Theresa May" is no month)."""
    before = re.findall(r"[\w.]+", m.string[max(0, m.start() - 20):m.start()])
    in_date_ent = any(s <= m.start("m") and m.end() <= e for s, e in ents)
    if published is None or not (m["rel"] or in_date_ent or before and before[-1].lower() in YEAR_CONTEXT):
        return None
    month, rel = _month_of(m["m"]), (m["rel"] or "").lower()
    year = published.year - (month > published.month or (rel == "last" and month == published.month))
    if rel == "next":
        year = published.year + (month <= published.month)
    return _month(year, month)


@_finder(r"\b(?P<rel>last|this|next|past)\s+(?P<unit>week|month|year)\b|\bthe\s+(?P<the>year)\b(?=\s*[,.;]|\s+(?:and|but)\b)",
         re.I)
def _deictic_period(m: re.Match[str], published: dt.date | None, _: object) -> _Hit | None:
    if published is None:
        return None
    shift = {"last": -1, "past": -1, "next": 1}.get((m["rel"] or "").lower(), 0)
    unit = (m["unit"] or m["the"]).lower()
    if unit == "year":
        return _year(published.year + shift)
    if unit == "month":
        y, mo = divmod(published.year * 12 + published.month - 1 + shift, 12)
        return _month(y, mo + 1)
    return _week(published + dt.timedelta(weeks=shift))


@_finder(r"\b(?:(?P<rel>last|this|next|on|since|until|by)\s+)?" + _WEEKDAY
         + r"(?:\s+(?P<part>morning|afternoon|evening|night))?\b")
def _weekday(m: re.Match[str], published: dt.date | None, _: object) -> _Hit | None:
    if published is None:
        return None
    rel = (m["rel"] or "").lower()
    back = (published.weekday() - WEEKDAYS[m["wd"].lower()]) % 7
    if rel == "next":
        d = published + dt.timedelta(days=(7 - back) % 7 or 7)
    else:
        d = published - dt.timedelta(days=back or (7 if rel == "last" else 0))
    hit = _day(d.year, d.month, d.day)
    if hit is None or rel not in {"on", "since", "until", "by"}:
        return hit
    return _Hit(m.start("wd"), m.end(), hit.begin, hit.last, hit.value)


# ------------------------------------------------------------------ durations
_MODIFIER = "(?P<mod>" + "|".join(sorted(MODIFIERS, key=len, reverse=True)) + ")"


@_finder(r"\b(?:in|within|for|over|lasting|lasted)\s+(?:" + _MODIFIER + r"\s+)?" + _NUM + r"\s+" + _UNIT
         + r"\b(?!\s+(?:of|ago|later|earlier|after|before)\b)", re.I)
def _duration(m: re.Match[str], *_: object) -> _Hit | None:
    n = _number(m["num"])
    if n is None:
        return None
    unit = m["unit"].lower()
    n = n * 10 if unit == "decade" else n
    start = m.start("mod") if m["mod"] else m.start("num")
    modifier = MODIFIERS.get((m["mod"] or "").lower())
    return _Hit(start, m.end(), dt.date.min, dt.date.min, "", f"P{n}{UNIT_CODES[unit]}", modifier)
