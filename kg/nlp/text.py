"""The text of a Doc, built once: spaCy joins every token on each ``Doc.text`` access."""

from __future__ import annotations

from spacy.tokens import Doc

TEXT_KEY = "kg_text"


def text_of(doc: Doc) -> str:
    """``doc.text``, kept in ``doc.user_data`` after the first call (a Doc's text never changes)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text
