"""Dating named events from the table, and placing dated occurrences inside them."""

from __future__ import annotations

import datetime as dt

from kg.chronology import date_events, place_in_events
from kg.types import Entity, Kind, Occurrence, Span, TimeSpan

S = Span(0, 5, "xxxxx")


def event(key: str, label: str, aliases: tuple[str, ...] = ()) -> Entity:
    return Entity(key, Kind.EVENT, label, (), aliases=aliases)


def occurrence(begin: dt.date | None, end: dt.date | None, part_of: str | None = None) -> Occurrence:
    time = TimeSpan(S, begin, end, begin.isoformat()[:7]) if begin and end else None
    return Occurrence(S, S, "Attack", time=time, part_of=part_of)


def test_known_events_get_their_days_by_label_or_alias():
    war, operation, unknown = date_events([
        event("Q362", "World War II"),
        event("event/x", "Some Operation", aliases=("Manchurian Operation",)),
        event("event/y", "Operation Nobody Knows"),
    ])
    assert (war.begin, war.end) == (dt.date(1939, 9, 1), dt.date(1945, 9, 2))
    assert (operation.begin, operation.end) == (dt.date(1945, 8, 9), dt.date(1945, 8, 20))
    assert unknown.begin is None and unknown.end is None


def test_dated_occurrence_goes_into_the_shortest_overlapping_event():
    events = date_events([event("Q362", "World War II"), event("event/m", "Soviet invasion of Manchuria")])
    august = occurrence(dt.date(1945, 8, 1), dt.date(1945, 8, 31))
    spring = occurrence(dt.date(1944, 3, 1), dt.date(1944, 3, 31))
    later = occurrence(dt.date(1950, 1, 1), dt.date(1950, 12, 31))
    stated = occurrence(dt.date(1945, 8, 1), dt.date(1945, 8, 31), part_of="event/other")
    undated = occurrence(None, None)
    placed = place_in_events([august, spring, later, stated, undated], events)
    assert [o.part_of for o in placed] == ["event/m", "Q362", None, "event/other", None]
