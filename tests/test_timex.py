"""Time expressions: regex-level rules run on a blank tokenizer; the DATE-entity rule needs the model."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.nlp.timex import find_times, join_adjacent, undated_times
from tests.conftest import blank_nlp

PUB = dt.date(2025, 8, 15)  # a Friday
D = dt.date


@pytest.fixture(scope="module")
def blank():
    return blank_nlp()


def times(blank, text: str, published: dt.date | None = PUB):
    found = find_times(blank(text), published)
    for t in found:
        assert t.span is not None and text[t.span.start:t.span.end] == t.span.text
    return {t.span.text: t for t in found}


@pytest.mark.parametrize(
    ("text", "surface", "begin", "end", "value"),
    [
        ("It began on 9 August 1945 at dawn.", "9 August 1945", D(1945, 8, 9), D(1945, 8, 9), "1945-08-09"),
        ("It began on August 9, 1945 at dawn.", "August 9, 1945", D(1945, 8, 9), D(1945, 8, 9), "1945-08-09"),
        ("Published 2024-02-29 online.", "2024-02-29", D(2024, 2, 29), D(2024, 2, 29), "2024-02-29"),
        ("Fighting ended in August 1945.", "August 1945", D(1945, 8, 1), D(1945, 8, 31), "1945-08"),
        ("Troops left in Feb. 1944 quietly.", "Feb. 1944", D(1944, 2, 1), D(1944, 2, 29), "1944-02"),
        ("The town was rebuilt in 1952.", "1952", D(1952, 1, 1), D(1952, 12, 31), "1952"),
        ("Veterans of the 1940s remember.", "the 1940s", D(1940, 1, 1), D(1949, 12, 31), "194X"),
        ("The war of 1941-1945 changed it.", "1941-1945", D(1941, 1, 1), D(1945, 12, 31), "1941/1945"),
        ("The war of 1914–18 changed it.", "1914–18", D(1914, 1, 1), D(1918, 12, 31), "1914/1918"),
        ("Raids went on from June to August 1945.", "from June to August 1945",
         D(1945, 6, 1), D(1945, 8, 31), "1945-06/1945-08"),
    ],
)
def test_absolute_expressions(blank, text, surface, begin, end, value):
    t = times(blank, text)[surface]
    assert (t.begin, t.end, t.value, t.duration) == (begin, end, value, None)


@pytest.mark.parametrize(
    ("text", "surface", "begin", "end"),
    [
        ("80 years ago, the army advanced.", "80 years ago", D(1945, 1, 1), D(1945, 12, 31)),
        ("Three days ago the port fell.", "Three days ago", D(2025, 8, 12), D(2025, 8, 12)),
        ("Two months ago the port fell.", "Two months ago", D(2025, 6, 1), D(2025, 6, 30)),
        ("Yesterday the port fell.", "Yesterday", D(2025, 8, 14), D(2025, 8, 14)),
        ("The port fell last Tuesday.", "last Tuesday", D(2025, 8, 12), D(2025, 8, 12)),
        ("The port fell on Monday.", "Monday", D(2025, 8, 11), D(2025, 8, 11)),
        ("The port fell last Friday.", "last Friday", D(2025, 8, 8), D(2025, 8, 8)),
        ("Talks resume next Monday.", "next Monday", D(2025, 8, 18), D(2025, 8, 18)),
        ("The port fell last week.", "last week", D(2025, 8, 4), D(2025, 8, 10)),
        ("The port fell last year.", "last year", D(2024, 1, 1), D(2024, 12, 31)),
        ("The April 15 attack shocked the city.", "April 15", D(2025, 4, 15), D(2025, 4, 15)),
        ("Shells fell overnight.", "overnight", D(2025, 8, 14), D(2025, 8, 15)),
        ("Thousands have fled since October.", "October", D(2024, 10, 1), D(2024, 10, 31)),
        ("The strike began in August.", "August", D(2025, 8, 1), D(2025, 8, 31)),
        ("The law passed last August.", "last August", D(2024, 8, 1), D(2024, 8, 31)),
        ("Talks resume next March.", "next March", D(2026, 3, 1), D(2026, 3, 31)),
        ("The port fell over the weekend.", "the weekend", D(2025, 8, 9), D(2025, 8, 10)),
        ("A deal is due by the weekend.", "the weekend", D(2025, 8, 16), D(2025, 8, 17)),
        ("Prices will rise by the end of the year, he said.", "the year", D(2025, 1, 1), D(2025, 12, 31)),
    ],
)
def test_relative_expressions_use_the_publication_date(blank, text, surface, begin, end):
    t = times(blank, text)[surface]
    assert (t.begin, t.end) == (begin, end)


def test_relative_expressions_are_skipped_without_a_publication_date(blank):
    found = times(blank, "Yesterday, 80 years ago, on Monday and last week; in 1945 too.", None)
    assert list(found) == ["1945"]


def test_a_year_needs_a_date_context(blank):
    assert times(blank, "There were 1945 soldiers in the camp.") == {}
    assert "1945" in times(blank, "The camp closed in 1945.")


def test_duration_is_anchored_to_the_time_before_it(blank):
    text = "In August 1945 the army attacked. It won in less than two weeks."
    t = times(blank, text)["less than two weeks"]
    assert (t.duration, t.modifier) == ("P2W", "LESS_THAN")
    assert (t.begin, t.end, t.value) == (D(1945, 8, 1), D(1945, 8, 31), "1945-08")


@pytest.mark.parametrize(
    ("phrase", "duration", "modifier"),
    [("for about three days", "P3D", "APPROX"), ("within two years", "P2Y", "BEFORE"),
     ("for more than a month", "P1M", "MORE_THAN")],
)
def test_duration_modifiers(blank, phrase, duration, modifier):
    found = find_times(blank(f"In 1999 the siege lasted, {phrase}."), PUB)
    durations = [t for t in found if t.duration]
    assert [(t.duration, t.modifier) for t in durations] == [(duration, modifier)]


@pytest.mark.parametrize(
    ("text", "surface", "modifier"),
    [("Rebels have held the pass since 2014.", "2014", "AFTER"),
     ("The bridge must reopen by the end of 2026.", "2026", "BEFORE"),
     ("Voting was put off until Monday.", "Monday", "END"),
     ("Schools reopened after 12 May 2025.", "12 May 2025", "AFTER"),
     ("The port was bombed in 2014.", "2014", None)],
)
def test_the_preposition_before_a_time_sets_its_bound(blank, text, surface, modifier):
    assert times(blank, text)[surface].modifier == modifier


def test_a_month_needs_a_date_word_before_it(blank):
    assert times(blank, "Theresa May met the envoy.") == {}
    assert times(blank, "Troops withdrew by the end of March.")["March"].modifier == "BEFORE"


def test_duration_without_any_anchor_is_dropped(blank):
    assert times(blank, "The army won in less than two weeks.", None) == {}


def test_invalid_dates_are_not_invented(blank):
    assert "31 February 1945" not in times(blank, "Nothing happened on 31 February 1945.")


@pytest.mark.parametrize("published", [D(1, 1, 1), D(9999, 12, 31)])
def test_a_reference_date_at_the_calendar_edge_drops_what_falls_outside(blank, published):
    found = times(blank, "Talks began yesterday, went on last week and end tomorrow; the war ended in 1945.", published)
    assert "1945" in found
    assert all(t.begin.year in (1, 1945, 9999) for t in found.values())


@pytest.mark.slow
def test_a_bare_year_inside_a_date_entity_counts(nlp):
    doc = nlp("The operation, which ended 1945, was short.")
    years = [t for t in find_times(doc, None) if t.value == "1945"]
    date_ents = [e for e in doc.ents if e.label_ == "DATE" and "1945" in e.text]
    assert bool(years) == bool(date_ents)  # "ended" is no date word: only the entity can make it a date


def test_undated_points_in_time_are_kept_as_words_and_durations_are_not(blank):
    text = "On Tuesday shells fell at 3.45pm; the siege lasted 11 days."
    doc = blank(text)
    doc.ents = [doc.char_span(text.index(w), text.index(w) + len(w), label=label)
                for w, label in (("Tuesday", "DATE"), ("3.45pm", "TIME"), ("11 days", "DATE"))]
    assert [u.text for u in undated_times(doc, find_times(doc, None))] == ["Tuesday", "3.45pm"]
    assert [u.text for u in undated_times(doc, find_times(doc, PUB))] == ["3.45pm"]  # Tuesday is dated


def joined(blank, text: str, published: dt.date | None, *ents: tuple[str, str]):
    """``join_adjacent`` over the finders' times and the given DATE/TIME entities."""
    doc = blank(text)
    doc.ents = [doc.char_span(text.index(w), text.index(w) + len(w), label=label) for w, label in ents]
    found = find_times(doc, published)
    dated, undated = join_adjacent(text, found, undated_times(doc, found))
    for t in dated:
        assert t.span is not None and text[t.span.start:t.span.end] == t.span.text
    return {t.span.text: t.value for t in dated}, [u.text for u in undated]


@pytest.mark.parametrize(
    ("text", "published", "ents", "dated", "undated"),
    [
        ("Shells fell on Thursday, 14 August at about 3.45pm, police said.", PUB, [("about 3.45pm", "TIME")],
         {"Thursday, 14 August at about 3.45pm": "2025-08-14"}, []),
        ("The vote was on Tuesday (12 August), officials said.", PUB, [],
         {"Tuesday (12 August)": "2025-08-12"}, []),
        ("Two men were shot on Friday afternoon in the park.", None, [("Friday", "DATE"), ("afternoon", "TIME")],
         {}, ["Friday afternoon"]),
        ("The blast came at 3pm on Tuesday in the city.", None, [("3pm", "TIME"), ("Tuesday", "DATE")],
         {}, ["3pm on Tuesday"]),
        ("Riots began on Saturday, December 13, 2008 in Athens.", None, [],
         {"Saturday, December 13, 2008": "2008-12-13"}, []),
    ],
)
def test_expressions_side_by_side_naming_one_point_join(blank, text, published, ents, dated, undated):
    assert joined(blank, text, published, *ents) == (dated, undated)


def test_expressions_naming_the_same_kind_of_thing_stay_apart(blank):
    text = "Raids on 5 August, on 9 August and at 3pm, 5pm; on Monday the town fell in 1945."
    dated, undated = joined(blank, text, PUB, ("3pm", "TIME"), ("5pm", "TIME"))
    assert set(dated) == {"5 August", "9 August", "Monday", "1945"} and undated == ["3pm", "5pm"]
