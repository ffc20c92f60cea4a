"""``kg_line_breaks``: sentences never cross a line break (no model needed)."""

from __future__ import annotations

import spacy

from kg.nlp import segment  # noqa: F401  (registers the component)


def sentences(text: str) -> list[str]:
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_line_breaks")
    nlp.add_pipe("sentencizer")
    return [s.text.strip() for s in nlp(text).sents]


def test_headline_and_paragraphs_are_separate_sentences():
    text = "Operation Uranus: how the Red Army encircled Stalingrad\n\nOn 19 November 1942 the guns opened fire. It was cold.\nA new line"
    assert sentences(text) == [
        "Operation Uranus: how the Red Army encircled Stalingrad",
        "On 19 November 1942 the guns opened fire.",
        "It was cold.",
        "A new line",
    ]


def test_text_without_line_breaks_is_left_to_the_parser():
    assert sentences("The army advanced. The city fell.") == ["The army advanced.", "The city fell."]
