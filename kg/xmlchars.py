"""Characters XML 1.0 cannot hold, and text made safe for it (and for UTF-8).

XML 1.0 allows tab, line feed, carriage return and every other code point from U+0020 on,
except the UTF-16 surrogates (U+D800-U+DFFF) and the non-characters U+FFFE and U+FFFF; not
even a character reference may name the others. A lone surrogate cannot be written as UTF-8
either. Readers clean every input string with ``clean_text``; every XML writer passes its text
through ``xml_safe``, so the graph from any store still parses.
"""

from __future__ import annotations

import re

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""One character that XML 1.0 forbids."""
REPLACEMENT = "\ufffd"
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def xml_safe(text: str) -> str:
    """``text`` with each character XML 1.0 forbids replaced by U+FFFD (same length)."""
    return NOT_XML.sub(REPLACEMENT, text)


def clean_text(text: str) -> str:
    """Input text fit for the graph: vertical tab and form feed become line breaks, every other
    character XML 1.0 forbids (controls, lone surrogates, U+FFFE/U+FFFF) becomes U+FFFD."""
    return xml_safe(text.translate(_BREAKS))
