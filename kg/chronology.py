"""Dates of well-known named events, and placing dated occurrences inside them.

A named event the table knows ("World War II", "Soviet invasion of Manchuria") gets its first
and last day. A dated occurrence without a stated parent becomes a sub-event of the *shortest*
known named event of the same article whose days overlap its own bounds: "smashed ... in August
1945" in an article that names the Manchurian Operation and World War II is placed in the
operation. Nothing is guessed for undated occurrences or for events the table does not know.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from kg.types import Entity, Kind, Occurrence

TABLE = Path(__file__).parent / "data" / "gazetteer" / "event-dates.tsv"


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace("–", "-").split())


@cache
def _dates() -> dict[str, tuple[dt.date, dt.date]]:
    table: dict[str, tuple[dt.date, dt.date]] = {}
    with TABLE.open(encoding="utf-8") as f:
        rows = csv.reader((line for line in f if not line.startswith("#")), delimiter="\t")
        next(rows)
        for label, begin, end, *aliases in rows:
            span = (dt.date.fromisoformat(begin), dt.date.fromisoformat(end))
            for name in [label, *"|".join(aliases).split("|")]:
                if name:
                    table[_fold(name)] = span
    return table


def date_events(entities: Sequence[Entity]) -> tuple[Entity, ...]:
    """Give every named event the table knows its first and last day."""
    table = _dates()
    out = []
    for e in entities:
        if e.kind is Kind.EVENT and e.begin is None:
            span = next((table[n] for n in map(_fold, (e.label, *e.aliases)) if n in table), None)
            if span is not None:
                e = dataclasses.replace(e, begin=span[0], end=span[1])
        out.append(e)
    return tuple(out)


def place_in_events(occurrences: Sequence[Occurrence], entities: Sequence[Entity]) -> tuple[Occurrence, ...]:
    """Set ``part_of`` of dated occurrences that have none to the shortest overlapping named event."""
    dated = sorted(
        (e for e in entities if e.kind is Kind.EVENT and e.begin and e.end),
        key=lambda e: (e.end - e.begin, e.key),
    )
    out = []
    for occ in occurrences:
        if occ.part_of is None and occ.time is not None:
            parent = next((e for e in dated if e.begin <= occ.time.end and occ.time.begin <= e.end), None)
            if parent is not None:
                occ = dataclasses.replace(occ, part_of=parent.key)
        out.append(occ)
    return tuple(out)
