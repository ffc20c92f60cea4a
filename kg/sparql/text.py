"""Reading SPARQL text before it runs: what kind of request it is, and whether it reaches out.

Oxigraph evaluates ``SERVICE <iri> { ... }`` by sending the inner query over HTTP to that IRI,
and pyoxigraph offers no switch to turn that off. A read-only endpoint that did so would let any
client (or any web page, through the browser) make requests from the user's machine to other
hosts, local services included. So the keyword is found here, in the query's tokens, and such a
query is refused before it reaches the engine.

The tokens that can hide a keyword are removed first: comments, string literals, IRIs,
variables and prefixed names (and ``\\u`` escapes are read both as written and decoded, as
SPARQL allows them anywhere). What is left is the query's keywords and punctuation, in which
``SERVICE`` stands only as the federated-query keyword.
"""

from __future__ import annotations

import re

_CONCEALING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'        # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'                  # short strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"                  # IRIs
    r"|#[^\n]*"                              # comments
    r"|[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+"  # variables
    r"|[\w.\-]*:[\w.\-:%\\]*",               # prefixed names (prefix:local, or :local)
    re.UNICODE,
)
_SERVICE = re.compile(r"(?<![\w-])SERVICE(?![\w-])", re.IGNORECASE)
_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_PROLOGUE = re.compile(r"^\s*(?:(?:PREFIX|BASE)\b\s*)*", re.IGNORECASE)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def keywords(sparql: str) -> str:
    """The query with every comment, literal, IRI, variable and prefixed name blanked out."""
    return _CONCEALING.sub(" ", sparql)


def uses_service(sparql: str) -> bool:
    """True when the query holds a ``SERVICE`` clause (a request to another endpoint)."""
    unescaped = _CODEPOINT.sub(_decode, sparql)
    return any(_SERVICE.search(keywords(text)) for text in {sparql, unescaped})


def _decode(m: re.Match[str]) -> str:
    code = int(m[1] or m[2], 16)
    return chr(code) if code <= 0x10FFFF else "\ufffd"


def looks_like_update(sparql: str) -> bool:
    """True when the request is a SPARQL Update (INSERT, LOAD, CLEAR, ...), not a query."""
    bare = keywords(sparql)
    return bool(_UPDATE.match(bare[_PROLOGUE.match(bare).end():]))
