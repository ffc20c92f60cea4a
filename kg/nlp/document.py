"""``kg_layout``: what the layout of a news story says about its names.

Runs after ``kg_retype`` and works on the lines of the text, which the model does not see:

1. a name never runs across a line break: an entity the model carried over one ("Martin Wolk" on
   a byline line, "SEATTLE" on the next) is cut at it, and each part keeps its label;
2. a dateline (a line, or the start of a line, that opens with a place in capitals, maybe its
   region after a comma, then a date, the agency in brackets or a dash: "BRUSSELS 1996-08-22",
   "LITTLE ROCK, Ark. 1996-08-22", "KYIV, Ukraine (AP) —") names the places the story is filed
   from, whatever the model made of its words there or elsewhere in the text;
3. an abbreviation the text defines in brackets after a name ("Kurdistan Democratic Party
   (KDP)") is that name's kind wherever the text uses it, and so is a company's name without
   its suffix ("Atria" after "Atria Oy");
4. every entity gets a confidence (``confidence``), and those below ``MIN_CONFIDENCE`` are left
   out: a graph is hurt more by a node that is no name than by a missed mention.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg import kinds
from kg.kinds import KIND_OF_LABEL
from kg.link import fold, place_of
from kg.nlp.categories import COMPANY_SUFFIXES, DETERMINERS, HYPHENS, POSSESSIVE, TITLES, demonym_word, known_label
from kg.nlp.text import text_of
from kg.frequency import EVERYDAY, common

MIN_CONFIDENCE = 0.5
"""Entities below this confidence are left out (measured on both development corpora)."""
NOT_NAMES = {"", "CARDINAL", "ORDINAL", "DATE", "TIME", "QUANTITY", "PERCENT", "MONEY"}
"""Entity types of a word that names nothing: the word before a fragment of a name has one."""
DATELINE_LINES = 6
"""Datelines are looked for in this many first lines: the headline, a byline, a note may come first."""
_CAPS_WORD = r"[A-Z][A-Z'’.\-]*[A-Z.]"
_REGION_WORD = r"[A-Z][\w'’.\-]*"
DATELINE = re.compile(
    rf"(?P<place>{_CAPS_WORD}(?:[ ]{_CAPS_WORD})*)"
    rf"(?:,[ ](?P<region>{_REGION_WORD}(?:[ ]{_REGION_WORD}){{0,2}}))?"
    r"(?=[ ]+(?:\d{4}-\d\d-\d\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?[ ]\d)"
    r"|[ ]*\([A-Z][\w&.']*(?:[ ][A-Z][\w&.']*)?\)|(?P<dash>[ ]+[-–—]))"
)
"""A place in capitals, its region, then a date, an agency in brackets ("(Reuters)", "(Associated
Press)") or a dash; matched at a line start.
Before a bare dash the place must be one the gazetteers know: "FILE -", "FEATURE -" are labels."""


ABBREVIATION = re.compile(r"^[A-Z][A-Z&-]{1,9}$")
ABBREVIATED = {label for label, kind in KIND_OF_LABEL.items() if kind in kinds.ABBREVIATED}
"""Labels of the names an abbreviation stands for (``kg.kinds``: people's are not abbreviated)."""


@Language.component("kg_layout")
def kg_layout(doc: Doc) -> Doc:
    ents = [piece for ent in doc.ents for part in split_at_lines(ent) for piece in split_place_list(part)]
    places = dateline_places(doc)
    named = {p.text.casefold() for p in places if p.label_ == "GPE"}
    ents = [Span(doc, e.start, e.end, label="GPE") if e.text.casefold() in named else e for e in ents]
    ents = filter_spans(places + [e for e in ents if not any(p.start < e.end and e.start < p.end for p in places)])
    ents = short_company_names(abbreviations(doc, ents))
    doc.ents = [e for e in ents if e.label_ in {"DATE", "TIME"} or confidence(e) >= MIN_CONFIDENCE]
    return doc


def short_company_names(ents: list[Span]) -> list[Span]:
    """A company named in full with its suffix ("Atria Oy", "Cofinec S.A.") is an organization
    wherever the text names it without the suffix, whatever the model took that for."""
    short = {e[:-1].text for e in ents if e.label_ == "ORG" and len(e) > 1 and e[-1].lower_.rstrip(".") in
             COMPANY_SUFFIXES}
    return [Span(e.doc, e.start, e.end, label="ORG") if e.text in short and e.label_ == "PERSON" else e for e in ents]


def _initial(span: Span) -> str:
    return next((t.text[0] for t in span if t.lower_ != "the"), "")


def abbreviations(doc: Doc, ents: list[Span]) -> list[Span]:
    """Every use of an abbreviation defined in brackets after a name that begins with its first
    letter takes that name's label ("Near East (UNRWA)" defines nothing: it ends a longer name)."""
    defined: dict[str, str] = {}
    for ent in ents:
        end = ent.end
        if (ent.label_ in ABBREVIATED and end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")"
                and ABBREVIATION.match(doc[end + 1].text) and _initial(ent) == doc[end + 1].text[0]):
            defined.setdefault(doc[end + 1].text, ent.label_)
    if not defined:
        return ents
    covered = {i: e for e in ents for i in range(e.start, e.end)}
    out = [e if len(e) > 1 or e.text not in defined else Span(doc, e.start, e.end, label=defined[e.text])
           for e in ents]
    out += [Span(doc, t.i, t.i + 1, label=defined[t.text]) for t in doc if t.text in defined and t.i not in covered]
    return sorted(out)


def _breaks_after(doc: Doc, i: int) -> bool:
    """A line break follows token ``i`` (in its trailing space, or as the next token)."""
    return "\n" in doc[i].whitespace_ or (i + 1 < len(doc) and doc[i + 1].is_space and "\n" in doc[i + 1].text)


def split_at_lines(ent: Span) -> list[Span]:
    """The parts of an entity on each line it touches, without space tokens at their edges."""
    doc, parts, start = ent.doc, [], ent.start
    for i in range(ent.start, ent.end):
        if i + 1 == ent.end or _breaks_after(doc, i):
            while start <= i and doc[start].is_space:
                start += 1
            if start <= i and any(c.isalnum() for c in doc[start:i + 1].text):
                parts.append(ent if (start, i + 1) == (ent.start, ent.end) else
                             Span(doc, start, i + 1, label=ent.label_, span_id=ent.id))
            start = i + 1
    return parts


def split_place_list(ent: Span) -> list[Span]:
    """"Larnaca, Cyprus" taken for one name: a place and, after a comma, the country or region the
    gazetteers know it by are two places."""
    commas = [t.i for t in ent if t.text == ","]
    if len(commas) != 1 or commas[0] in (ent.start, ent.end - 1):
        return [ent]
    after = Span(ent.doc, commas[0] + 1, ent.end, label="GPE")
    if place_of(fold(after.text)) is None:
        return [ent]
    return [Span(ent.doc, ent.start, commas[0], label="GPE"), after]


def dateline_places(doc: Doc) -> list[Span]:
    """The place (and its region) of a dateline among the first lines, as ``GPE`` spans (an
    organization of our tables keeps its label: "UNITED NATIONS")."""
    text = text_of(doc)
    found: list[Span] = []
    offset = 0
    for line in text.split("\n")[:DATELINE_LINES]:
        match = DATELINE.match(line)
        if match and (match.group("dash") is None or place_of(fold(match.group("place"))) is not None):
            for group in ("place", "region"):
                if match.group(group):
                    start, end = offset + match.start(group), offset + match.end(group)
                    span = doc.char_span(start, end - (text[end - 1] == "."), alignment_mode="expand")
                    if span is not None:  # "UNITED NATIONS 1996-08-29": an organization at home
                        found.append(Span(doc, span.start, span.end, label=known_label(span.text) or "GPE"))
        offset += len(line) + 1
    return found


def confidence(span: Span) -> float:
    """How sure we are that a span is a name of its kind: 0.95 for what our patterns or the
    gazetteers back, 0.8 for the model's and our re-typing's word; a fragment of a longer name
    ("Day War" of "Six-Day War", "Liberation Army" of "People's Liberation Army") or everyday
    words where capitals say nothing (at a sentence start, in a line of capitals: "Paper says")
    weigh far less."""
    backed = bool(span.ent_id_) or known_label(span.text) is not None
    score = 0.95 if backed else 0.8
    if _fragment(span) or not backed and _cut_short(span):
        score *= 0.3
    elif not backed and _everyday_words(span):
        score *= 0.4
    return score


def _fragment(span: Span) -> bool:
    """Glued by a hyphen to a capitalised word before it that names nothing ("Six-" of "Six-Day
    War"), or after the possessive of such a word ("People's" of "People's Liberation Army")."""
    doc, i = span.doc, span.start
    if i == 0:
        return False
    before = doc[i - 1]
    if before.text in HYPHENS and not before.whitespace_ and i >= 2 and not doc[i - 2].whitespace_:
        before = doc[i - 2]  # "Six-Day War"; not "Thai-Cambodia border", two names
    elif before.text in POSSESSIVE and i >= 2:
        before = doc[i - 2]  # "People's Liberation Army"; not "Patton's Third Army"
    else:
        return False
    return (before.text[:1].isupper() and before.ent_type_ in NOT_NAMES and not demonym_word(before)
            and known_label(before.text) is None)


def _cut_short(span: Span) -> bool:
    """Written against a capitalised word that no entity holds, on its line and inside its
    sentence: the rest of a name the model cut ("Chesapeake" of "Chesapeake City", "Lube Live" of
    "Jiffy Lube Live"). Before the name, only a word that is no everyday word: those are titles
    and roles there ("Administrator Jim Roe", "Rival Lowe's"); after it, no role before a person
    ("FBI Director Louis Freeh"). Never a nationality or a determiner ("American Hasim Rahman",
    "The Hague"), nor after a person's name or a company's legal form ("Best Products Co Chairman")."""
    doc = span.doc
    if span.label_ == "PERSON" or span[-1].lower_.rstrip(".") in COMPANY_SUFFIXES:
        return False
    before = doc[span.start - 1] if span.start > 0 and doc[span.start - 1].whitespace_ == " " else None
    after = doc[span.end] if span.end < len(doc) and doc[span.end - 1].whitespace_ == " " else None
    if after is not None and after.i + 1 < len(doc) and doc[after.i + 1].ent_type_ == "PERSON":
        after = None  # a role: "FBI Director Louis Freeh"
    if before is not None and common(before.lower_, EVERYDAY):
        before = None
    return any(word is not None and not word.is_sent_start and word.is_alpha and word.text[:1].isupper()
               and not word.ent_type_ and not (word.is_upper and span[0].is_upper)
               and word.lower_.rstrip(".") not in TITLES and word.lower_ not in DETERMINERS and not demonym_word(word)
               for word in (before, after))


def _everyday_words(span: Span) -> bool:
    """One everyday English word, where capitals tell nothing (a sentence start, a line in
    capitals: "Paper says ..."), that the text never writes in the middle of a sentence. Names of
    several everyday words are common ("Foreign Ministry", "David Jones")."""
    if len(span) > 1:
        return False
    uninformative = span[0].is_sent_start or all(t.is_upper for t in span if t.is_alpha)
    if not uninformative or not common(span[0].lower_, EVERYDAY):  # last: it may load wordfreq
        return False
    words = [t.text for t in span]
    doc, n = span.doc, len(span)
    return not any([t.text for t in doc[i:i + n]] == words and not doc[i].is_sent_start
                   for i in range(len(doc) - n + 1) if doc[i].text == words[0])
