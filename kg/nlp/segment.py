"""Segmentation: ``kg_line_breaks`` (a line break ends a sentence) and wiki marks off words.

News text puts the headline, datelines and paragraphs on lines of their own, with no final
period; left alone, the parser glues a headline to the first sentence of the body. Marking the
first token after a newline as a sentence start (before the parser runs, which respects it)
keeps sentences, and so the evidence sentences in the graph, inside one line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import numpy
import srsly
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

WIKI_INFIXES = (r"\[(?=\d{1,4}\]?$)",)
"""A reference mark glued to a word: "Taub[899]" -> "Taub", "[", "899", "]"."""
WIKI_SUFFIXES = (r"(?<=\w)={2,}$",)
"""A heading's closing marks: "==Victims==" -> "=", "=", "Victims", "=="."""


def split_wiki_marks(tokenizer: Tokenizer) -> None:
    """Split the marks of text pasted from wikis off the words, so names do not carry them.

    Setting a pattern reloads the tokenizer's special cases (~1,350 in English, ~0.13 s), so they
    are taken out while the patterns change and loaded once, after.
    """
    rules = tokenizer.rules
    tokenizer.rules = {}
    tokenizer.infix_finditer = Extended(tokenizer.infix_finditer.__self__, WIKI_INFIXES).finditer
    tokenizer.suffix_search = Extended(tokenizer.suffix_search.__self__, WIKI_SUFFIXES).search
    tokenizer.rules = rules


def read_tokenizer(nlp: Language) -> None:
    """Read the tokenizer of the model ``nlp`` was loaded from (with ``exclude=["tokenizer"]``)
    and split wiki marks, loading its special cases once, after its patterns, as spaCy does."""
    saved = nlp.path / "tokenizer" if nlp.path else None
    if saved is None or not saved.is_file():
        split_wiki_marks(nlp.tokenizer)
        return
    data = srsly.msgpack_loads(saved.read_bytes())
    rules = data.pop("exceptions", {})
    nlp.tokenizer.from_bytes(srsly.msgpack_dumps(data), exclude=["vocab"])
    split_wiki_marks(nlp.tokenizer)
    nlp.tokenizer.rules = rules


class Extended:
    """A tokenizer pattern with more alternatives after its own, matching as the one pattern
    ``old|extra`` would, without compiling that (spaCy's affix patterns take ~0.1 s to compile)
    until a text needs it: where ``extra`` matches nowhere in a text, ``old`` alone gives the
    same matches. ``pattern`` is the whole, which is what spaCy serializes."""

    def __init__(self, old: re.Pattern[str], extra: tuple[str, ...]) -> None:
        self.old = old
        self.extra = re.compile("|".join(extra), old.flags)
        self.pattern = "|".join((old.pattern, *extra))

    @functools.cached_property
    def whole(self) -> re.Pattern[str]:
        return re.compile(self.pattern, self.old.flags)

    def search(self, text: str) -> re.Match[str] | None:
        return (self.whole if self.extra.search(text) else self.old).search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return (self.whole if self.extra.search(text) else self.old).finditer(text)


DATELINE = re.compile(r"^[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+)*(?:, [A-Z][\w'’.\-]*)*"
                      r"(?:,? [A-Z][a-z]{2,}\.? \d{1,2})?(?: \([^()\n]{1,40}\))? ?[-–—]+ (?=[A-Z\"“‘'])", re.M)
"""A dateline before the first sentence on its line: the place in capitals, maybe a region, a date and
the agency in brackets, then a dash ("VERLO, March 3 - ", "KYIV (Reuters) — ")."""


@Language.component("kg_line_breaks")
def kg_line_breaks(doc: Doc) -> Doc:
    """Sentence starts after line breaks and after a dateline, set in one array
    (``Token.is_sent_start = ...`` checks the whole Doc for a parse on every assignment: quadratic
    in a long article). Left to the parser, a dateline's place becomes the subject of the
    sentence after it ("VERLO, March 3 - Two explosions killed ..." : "VERLO" killed)."""
    starts = doc.to_array(SENT_START).astype(numpy.int64)  # 1 start, -1 not a start, 0 unknown
    for match in DATELINE.finditer(doc.text):
        if (first := doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")) is not None:
            starts[first.start] = 1
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
