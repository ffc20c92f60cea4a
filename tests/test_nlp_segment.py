"""Segmentation: sentences never cross a line break; wiki marks come off words (no model needed)."""

from __future__ import annotations

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
