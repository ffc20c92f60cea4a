"""``kg_line_breaks``: a line break ends a sentence.

News text puts the headline, datelines and paragraphs on lines of their own, with no final
period; left alone, the parser glues a headline to the first sentence of the body. Marking the
first token after a newline as a sentence start (before the parser runs, which respects it)
keeps sentences, and so the evidence sentences in the graph, inside one line.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("kg_line_breaks")
def kg_line_breaks(doc: Doc) -> Doc:
    after_break = False
    for token in doc:
        if token.is_space and token.i > 0:
            token.is_sent_start = False
        elif after_break:
            token.is_sent_start = True
            after_break = False
        if "\n" in token.text or "\n" in token.whitespace_:
            after_break = True
    return doc
