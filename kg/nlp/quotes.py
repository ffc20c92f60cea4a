"""Quotations: who said what, from the statements among the occurrences.

A statement occurrence ("said", "told", "warned") whose verb has a complement clause gives one
quotation: the clause's words are what was said (a direct quotation when quotation marks enclose
them: ``"We will fight," the general said``; reported speech otherwise: ``the minister said that
the army had withdrawn``). The speaker is the statement's agent, a name or an unnamed participant
as the event rules found it; the quotation is about every entity its words name. Only what was
said counts: not what someone did not say, may, will or would say ("we're not going to say that",
"is it fair to say that"), nor the writer's aside in an infinitive with no one saying it ("I have
to say the two are a great pair").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from spacy.tokens import Doc, Token

from kg.nlp.factuality import with_to
from kg.nlp.text import text_of
from kg.types import Occurrence, Quotation, Span

SAID = ("Asserted", "Reported")
"""Factuality values of a statement that was made."""
QUOTE_MARKS = "\"“”„‟«»'‘’‚‛"
_EDGE = QUOTE_MARKS + " ,.:;-–—\n"


def find_quotations(doc: Doc, occurrences: Sequence[Occurrence],
                    entity_at: Mapping[tuple[int, int], str]) -> tuple[Quotation, ...]:
    """A quotation for each statement whose verb governs a complement clause."""
    text = text_of(doc)
    out = []
    for occ in occurrences:
        if occ.event_type != "Statement" or occ.factuality not in SAID:
            continue
        verb = _token_at(doc, occ.trigger.start)
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None) if verb is not None else None
        if clause is None:
            continue
        words = _words(text, clause)
        if words is None:
            continue
        speaker = next((r for r in occ.roles if r.role == "agent"), None)
        if speaker is None and with_to(verb):
            continue  # the writer's aside, no one's words: "is it fair to say", "I have to say"
        about = tuple(dict.fromkeys(key for (start, end), key in sorted(entity_at.items())
                                    if words.start <= start and end <= words.end))
        out.append(Quotation(text=words, cue=occ.trigger, sentence=occ.sentence, speaker=speaker,
                             direct=_quoted(text, words), about=about, time=occ.time))
    return tuple(out)


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _words(text: str, clause: Token) -> Span | None:
    """The clause's words: its subtree, without a leading complementizer, quotation marks and
    the punctuation at its edges."""
    tokens = [t for t in clause.subtree
              if not (t.dep_ == "mark" and t.i < clause.i and t.lower_ in ("that", "whether"))]
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return Span(start, end, text[start:end]) if end > start else None


def _quoted(text: str, words: Span) -> bool:
    """True when a quotation mark stands just before the words (after spaces or a colon) or
    just after them (before the closing punctuation)."""
    before = text[max(0, words.start - 3):words.start].rstrip(" :")
    after = text[words.end:words.end + 3].lstrip(" ,.!?;")
    return bool(before) and before[-1] in QUOTE_MARKS or bool(after) and after[0] in QUOTE_MARKS
