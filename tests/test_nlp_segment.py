"""Segmentation: sentences never cross a line break; wiki marks come off words (no model needed)."""

from __future__ import annotations

import re
from pathlib import Path

import spacy

from kg.nlp import segment


def sentences(text: str) -> list[str]:
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_line_breaks")
    nlp.add_pipe("sentencizer")
    return [s.text.strip() for s in nlp(text).sents]


def test_headline_and_paragraphs_are_separate_sentences():
    text = ("Operation Uranus: how the Red Army encircled Stalingrad\n\n"
            "On 19 November 1942 the guns opened fire. It was cold.\nA new line")
    assert sentences(text) == [
        "Operation Uranus: how the Red Army encircled Stalingrad",
        "On 19 November 1942 the guns opened fire.",
        "It was cold.",
        "A new line",
    ]


def test_text_without_line_breaks_is_left_to_the_parser():
    assert sentences("The army advanced. The city fell.") == ["The army advanced.", "The city fell."]


def test_a_dateline_is_a_sentence_of_its_own():
    text = ("Floods close the valley road\nTARNOW, Poland, May 2 - Heavy rain closed the road.\n"
            "LIMA (Reuters) — \"We are ready,\" the minister said.\nThe U.S. - Canada border reopened.")
    assert sentences(text) == [
        "Floods close the valley road", "TARNOW, Poland, May 2 -", "Heavy rain closed the road.",
        "LIMA (Reuters) —", "\"We are ready,\" the minister said.", "The U.S. - Canada border reopened.",
    ]


def test_wiki_reference_marks_and_headings_come_off_the_words():
    nlp = spacy.blank("en")
    text = "==Victims==\nPeter W. Taub[899] died.[3] Keep x[i] and a[12]b whole."
    before = [t.text for t in nlp.tokenizer(text)]
    segment.split_wiki_marks(nlp.tokenizer)
    tokens = [t.text for t in nlp.tokenizer(text)]
    assert "Taub[899" in before and "Victims==" in before
    assert tokens[:8] == ["=", "=", "Victims", "==", "\n", "Peter", "W.", "Taub"]
    assert tokens[8:11] == ["[", "899", "]"] and "x[i" in tokens and "a[12]b" in tokens
    assert "".join(t.text_with_ws for t in nlp(text)) == text


def test_an_extended_pattern_matches_as_the_joined_pattern():
    old = r"(?<=[a-z])-(?=[a-z])|\.\.+|[\[\]]$"
    joined = re.compile("|".join((old, *segment.WIKI_INFIXES, *segment.WIKI_SUFFIXES)))
    extended = segment.Extended(re.compile(old), (*segment.WIKI_INFIXES, *segment.WIKI_SUFFIXES))
    for text in ("well-known", "Taub[899]", "x[1]-y...", "==Victims==", "a==", "plain", "[12]", "b]", ""):
        assert [m.span() for m in extended.finditer(text)] == [m.span() for m in joined.finditer(text)], text
        found, expected = extended.search(text), joined.search(text)
        assert (found and found.span()) == (expected and expected.span()), text
    assert extended.pattern == joined.pattern


def test_a_tokenizer_read_from_a_model_folder_is_the_loaded_one_with_wiki_marks_split(tmp_path: Path):
    spacy.blank("en").to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    segment.split_wiki_marks(loaded.tokenizer)
    read = spacy.load(tmp_path / "model", exclude=["tokenizer"])
    segment.read_tokenizer(read)
    assert read.tokenizer.to_bytes(exclude=["vocab"]) == loaded.tokenizer.to_bytes(exclude=["vocab"])
    text = "Taub[899] didn't say ==Victims== at 5 p.m. (U.S.)"
    assert [t.text for t in read(text)] == [t.text for t in loaded(text)]
    assert [t.text for t in read("didn't Taub[1]")] == ["did", "n't", "Taub", "[", "1", "]"]
