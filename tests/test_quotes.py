"""Quotations: who said what. The finder on parses built by hand, then a real build queried with
the named query and checked against the shapes."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.nlp.quotes import find_quotations
from kg.types import Occurrence, Role, Span
from tests.conftest import ROOT, make_doc

DIRECT = ('" We will fight to the end , " the general said .'.split(),
          [11, 3, 3, 11, 3, 6, 4, 11, 11, 10, 11, 11, 11],
          ["punct", "nsubj", "aux", "ccomp", "prep", "det", "pobj", "punct", "punct", "det", "nsubj", "ROOT", "punct"])
REPORTED = ("The minister said that the army had withdrawn from Kherson .".split(),
            [1, 2, 2, 7, 5, 7, 7, 2, 7, 8, 2],
            ["det", "nsubj", "ROOT", "mark", "det", "nsubj", "aux", "ccomp", "prep", "pobj", "punct"])


def statement(doc, verb: int, speaker: tuple[int, int, str | None]) -> Occurrence:
    tok = doc[verb]
    sent = Span(0, len(doc.text), doc.text)
    start, end, key = speaker
    return Occurrence(trigger=Span(tok.idx, tok.idx + len(tok), tok.text), sentence=sent, event_type="Statement",
                      roles=(Role("agent", key, Span(start, end, doc.text[start:end]), "the general"),))


def test_a_direct_quotation_keeps_the_words_without_marks() -> None:
    doc = make_doc(*DIRECT)
    general = doc[10]
    (q,) = find_quotations(doc, [statement(doc, 11, (general.idx, general.idx + 7, None))], {})
    assert q.text.text == "We will fight to the end" and q.direct
    assert q.cue.text == "said" and q.speaker is not None and q.speaker.role == "agent"


def test_reported_speech_drops_that_and_names_what_it_is_about() -> None:
    doc = make_doc(*REPORTED)
    kherson = doc[9]
    entity_at = {(kherson.idx, kherson.idx + len(kherson)): "place/kherson"}
    (q,) = find_quotations(doc, [statement(doc, 2, (4, 12, "person/minister"))], entity_at)
    assert q.text.text == "the army had withdrawn from Kherson" and not q.direct
    assert q.about == ("place/kherson",) and q.speaker.entity == "person/minister"


def test_a_statement_without_a_clause_is_no_quotation() -> None:
    doc = make_doc("The minister said nothing .".split(), [1, 2, 2, 2, 2], ["det", "nsubj", "ROOT", "dobj", "punct"])
    assert find_quotations(doc, [statement(doc, 2, (4, 12, None))], {}) == ()


def test_only_a_statement_that_was_made_is_a_quotation() -> None:
    doc = make_doc(*REPORTED)
    made = statement(doc, 2, (4, 12, None))
    for value in ("Negated", "Future", "Possible", "Conditional"):
        assert find_quotations(doc, [replace(made, factuality=value)], {}) == (), value
    assert len(find_quotations(doc, [replace(made, factuality="Reported")], {})) == 1


def test_an_infinitive_that_no_one_says_is_no_quotation() -> None:
    words = "I have to say the two are a great pair".split()
    doc = make_doc(words, [1, 1, 3, 1, 5, 6, 3, 9, 9, 6], ["nsubj", "ROOT", "aux", "xcomp", "det", "nsubj", "ccomp",
                                                          "det", "amod", "attr"])
    aside = replace(statement(doc, 3, (0, 1, None)), roles=())
    assert find_quotations(doc, [aside], {}) == ()
    said = statement(doc, 3, (0, 1, "person/writer"))
    assert len(find_quotations(doc, [said], {})) == 1


@pytest.mark.slow
def test_who_said_what_in_a_built_graph(tmp_path: Path) -> None:
    article = tmp_path / "talks.txt"
    article.write_text("Talks stall in Geneva\n\n"
                       '"We will not withdraw from Kherson," Defence Minister Oleksii Reznikov said on '
                       "Tuesday, March 3, 2020. Maria Zakharova told reporters that the talks had failed.\n",
                       encoding="utf-8")
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "kg", "build", str(article), "--out", str(out), "--quiet"],
                   check=True, cwd=ROOT)
    rows = subprocess.run([sys.executable, "-m", "kg", "query", str(out), "--name", "quotes", "--format", "csv"],
                          check=True, capture_output=True, text=True, cwd=ROOT).stdout.splitlines()
    said = {line.split(",")[1]: line for line in rows[1:]}
    assert "Oleksii Reznikov" in said and "We will not withdraw from Kherson" in said["Oleksii Reznikov"]
    assert said["Oleksii Reznikov"].startswith("2020-03-03,") and ",true," in said["Oleksii Reznikov"]
    assert "Maria Zakharova" in said and "the talks had failed,false," in said["Maria Zakharova"]
    store = ox.Store.read_only(str(out / "store"))
    about = {s["l"].value for s in store.query(
        "SELECT ?l WHERE { GRAPH ?g { ?q a <http://schema.org/Quotation> ; <http://schema.org/about> ?e . "
        "?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } }")}
    assert "Kherson" in about
