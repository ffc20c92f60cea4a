"""Segmentation: ``kg_line_breaks`` (a line break ends a sentence) and wiki marks off words.

News text puts the headline, datelines and paragraphs on lines of their own, with no final
period; left alone, the parser glues a headline to the first sentence of the body. Marking the
first token after a newline as a sentence start (before the parser runs, which respects it)
keeps sentences, and so the evidence sentences in the graph, inside one line.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

WIKI_INFIXES = (r"\[(?=\d{1,4}\]?$)",)
"""A reference mark glued to a word: "Taub[899]" -> "Taub", "[", "899", "]"."""
WIKI_SUFFIXES = (r"(?<=\w)={2,}$",)
"""A heading's closing marks: "==Victims==" -> "=", "=", "Victims", "=="."""


def split_wiki_marks(tokenizer: Tokenizer) -> None:
    """Split the marks of text pasted from wikis off the words, so names do not carry them."""
    infix, suffix = tokenizer.infix_finditer.__self__, tokenizer.suffix_search.__self__
    tokenizer.infix_finditer = re.compile("|".join((infix.pattern, *WIKI_INFIXES))).finditer
    tokenizer.suffix_search = re.compile("|".join((suffix.pattern, *WIKI_SUFFIXES))).search


@Language.component("kg_line_breaks")
def kg_line_breaks(doc: Doc) -> Doc:
    """Sentence starts after line breaks, set in one array (``Token.is_sent_start = ...`` checks
    the whole Doc for a parse on every assignment: quadratic in a long article)."""
    starts = doc.to_array(SENT_START).astype(numpy.int64)  # 1 start, -1 not a start, 0 unknown
    after_break = False
    for token in doc:
        if token.is_space and token.i > 0:
            starts[token.i] = -1
        elif after_break:
            starts[token.i] = 1
            after_break = False
        if "\n" in token.text or "\n" in token.whitespace_:
            after_break = True
    return doc.from_array([SENT_START], starts.astype(numpy.uint64))
