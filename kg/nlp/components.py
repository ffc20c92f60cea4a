"""Our spaCy components. Registered by decorator; created by ``load_pipeline``.

``kg_retype`` works on ``doc.ents`` after the model's NER and our entity ruler:

1. known armed forces and armed groups (``kg.link.unit_names``) become ``MILUNIT`` wherever they
   are written, over whatever the model made of them;
2. a title or rank before capitalised words ("Gen.", "Mr", "Special Agent") makes the words after
   it a ``PERSON``; titles come off the front of person spans;
3. trims determiners, possessive endings and punctuation off the span edges;
4. drops junk: URLs, e-mail addresses, numbers, non-Latin script, lower-case-only names, and names
   in a title-cased headline that the body never repeats;
5. re-types by category (``kg.nlp.categories``): head nouns of units, events and facilities; people
   by context; places by what the text says of them; labels we do not extract are dropped; a
   title-cased headline gets the names the body gives; finally every occurrence of a name takes
   the majority label.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.attrs import IS_LOWER, LOWER, ORTH
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from kg.frequency import EVERYDAY, common
from kg.kinds import ENTITY_LABELS
from kg.link import LINK_THRESHOLD, lookup, unit_names
from kg.nlp.categories import (
    AREA_HEADS, COMPANY_SUFFIXES, DETERMINERS, EVENT_HEADS, FACILITY_HEADS, FEATURE_HEADS, NOT_PERSON_HEADS, ORG_HEADS,
    POSSESSIVE, SPEECH, TITLES, category, demonym_word, in_quoted_title, is_major_place, is_org_by_context,
    MEASURES, is_person_by_context, known_label, line_base, maker_line, names_product, names_term, title_cased,
)
from kg.nlp.document import ABBREVIATION, split_at_lines
from kg.nlp.first_names import sex_of
from kg.nlp.participants import participant_kinds
from kg.nlp.text import text_of
from kg.nlp.timex import WEEKDAYS
from kg.types import Kind
from kg.nlp.words import words

NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC"}
"""Labels of proper names, which end in a capitalised word (dates and facilities may not)."""
NAMED_THINGS = NAME_LABELS | {"FAC"}
"""Labels of names a product's or work's name may be taken for."""
PHRASE_ENDS = {",", ".", ";", ":", "!", "?", ")"}
"""Marks after a noun phrase's last word (not "-" nor "'s": "an IMF-hosted seminar", "a Checker's")."""
KEEP = ENTITY_LABELS | {"DATE", "TIME"}
"""Labels kept in ``doc.ents``: those of the kinds (``kg.kinds``), and times for ``kg.nlp.timex``."""
INSTITUTION_HEADS = ORG_HEADS - {"government", "administration", "group", "security"} | {
    "branch", "authority", "foundation", "college", "mail", "post", "herald", "tribune", "gazette",
    "telegraph", "broadcasting",
}
"""The last word of an institution's name: "Greater Manchester Police", "Birmingham Mail"."""
COMPANY_ENDS = {w + dot for w in COMPANY_SUFFIXES for dot in ("", ".")}
TITLE_MODIFIERS = words("titles", "modifier")
NAME_PARTICLES = {"de", "van", "von", "der", "den", "al", "el", "bin", "ibn", "da", "di", "du", "le", "la"}
DASHES = {"-", "–", "—"}
CUES = Path(__file__).with_name("patterns") / "cues.json"
NOT_NAMES = words("not_names", "weapon") | words("not_names", "time_zone")
"""Weapon, explosive and vehicle types and time zones, which the model takes for organizations: not named things."""
JUNK = re.compile(r"(https?://|www\.|@|\.com\b|\.org\b|^[\W\d_]+$)", re.I)
LATIN = re.compile(r"[A-Za-z]")
NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F]")
STATED_VOTES = 10
"""What one occurrence the text types counts in ``vote``, against 1 for a guess of the model."""
KNOWN_VOTES = 1.5
"""What the gazetteers' word on a name counts in ``vote``: more than one guess of the model."""


def _bare(token_text: str) -> str:
    return token_text.lower().rstrip(".")


def trim(span: Span) -> Span | None:
    """Drop determiners, possessives and punctuation from the edges, and common words from the
    edges of a name the model found ("broker Khurshid Alam", "Interfax news agency"); None when
    nothing is left."""
    start, end = span.start, span.end
    doc = span.doc
    model_name = span.label_ in NAME_LABELS and not span.ent_id_
    while start < end and (doc[start].lower_ in DETERMINERS or _no_word(doc[start])
                           or model_name and end - start > 1 and _lower_word(doc[start])):
        start += 1
    if end - start > 2 and doc[start].is_upper and doc[start].is_alpha and doc[start + 1].text in DASHES:
        start += 2  # a caption label: "FILE - Salman Abedi"
    while end > start and (doc[end - 1].text in POSSESSIVE or _no_word(doc[end - 1])
                           or model_name and _common_word(doc, start, end) or _country_and_noun(doc, start, end)):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label, span_id=span.id)


def _lower_word(token: Token) -> bool:
    """A word in lower case before a name, not a particle of one ("de Klerk", "al-Kabariti")."""
    return token.is_lower and token.is_alpha and token.lower_ not in NAME_PARTICLES and bool(token.whitespace_)


def _common_word(doc: Doc, start: int, end: int) -> bool:
    """The last word is a word in lower case or a number, which no name the model finds ends in
    ("Interfax news agency", "New York Energy Desk +1 212"), though our own patterns may ("Arghandab
    district"); not a part of a hyphenated word ("Li Song-ho") nor the noun after a nationality
    ("Dutch transport ministry"), nor a place's head noun ("Coventry telephone exchange")."""
    last = doc[end - 1]
    if end - start < 2 or not doc[end - 2].whitespace_:
        return False
    if last.lower_ in WEEKDAYS or any(c.isdigit() for c in last.text):
        return True  # "Jose Miguel Insulza Monday", "Sam Nelson 312-408-8721"
    if not (last.is_lower and last.is_alpha):
        return False
    place_noun = last.lower_ in FEATURE_HEADS or participant_kinds().get(last.lower_) == "place"
    return not place_noun and not (end - start == 2 and demonym_word(doc[start]))


def _country_and_noun(doc: Doc, start: int, end: int) -> bool:
    """The name of a country, region or capital and a place noun in lower case ("the U.S. embassy",
    "Belgrade airport"): the name is the place's; the noun says what of it, which is no name."""
    last = doc[end - 1]
    return (end - start > 1 and last.is_lower and last.lower_ in FACILITY_HEADS
            and is_major_place(doc[start:end - 1]))


def _no_word(token: Token) -> bool:
    """Punctuation or symbols only ("(", "==")."""
    return token.is_punct or not any(c.isalnum() for c in token.text)


def drop_titles(span: Span) -> Span:
    """A person span without the titles, ranks and nationality in front: "Gen. John Smith",
    "American Hasim Rahman" -> "John Smith", "Hasim Rahman"."""
    start, end = span.start, span.end
    doc = span.doc
    while end - start > 1:
        word = _bare(doc[start].text)
        if word in TITLES or (word in TITLE_MODIFIERS and _bare(doc[start + 1].text) in TITLES | TITLE_MODIFIERS):
            start += 1
        elif demonym_word(doc[start]) and doc[start + 1].is_title:
            start += 1
        else:
            break
    return span if start == span.start else Span(doc, start, end, label=span.label)


def person_parts(span: Span) -> list[Span]:
    """A person span without the titles in front, split at a title inside it when the words
    before the title name a known place or an organization ("Qeshm Governor Mehdi Irannejad",
    "Vancouver Police spokesperson Const"): those words are kept as that place or organization,
    the words after the titles as the person (none when only titles follow)."""
    span = _from_first_name(drop_titles(span))
    doc = span.doc
    inner = next((i for i in range(span.start + 1, span.end) if _bare(doc[i].text) in TITLES), None)
    if inner is None:
        return [span]
    where = Span(doc, span.start, inner, label="GPE")
    if where[-1].lower_ in ORG_HEADS:
        where = Span(doc, span.start, inner, label="ORG")
    elif (known := lookup(where.text, Kind.PLACE)) is None or known.confidence < LINK_THRESHOLD:
        return [span]
    person = drop_titles(Span(doc, inner, span.end, label="PERSON"))
    return [where] if _bare(person[-1].text) in TITLES else [where, person]


def _from_first_name(span: Span) -> Span:
    """A name of three words or more from its first name on, when the word before it is an everyday
    word and no first name ("Email Tariq Malik" of a byline's link): a name does not start with
    an everyday word that no one is named."""
    if len(span) < 3 or sex_of(span.text) is not None or sex_of(span[1:].text) is None:
        return span
    if not (span[0].is_alpha and len(span[0]) > 1 and common(span[0].lower_, EVERYDAY)):
        return span
    return Span(span.doc, span.start + 1, span.end, label=span.label_)


_CREDIT_BEFORE = re.compile(r"\b(?:Photo|Photograph|Image|Picture|Video|Credit|Illustration)s?\s*(?:/|:|by)\s*$", re.I)
_CREDIT_AFTER = re.compile(r"^\s*(?:Photos?|Images?|Pictures?)\s*/")


def _credit(span: Span) -> bool:
    """A name in a picture credit, "(AP Photo/Jane Roe)", "Photo: Jane Roe": whoever took the
    picture, not anyone the story is about."""
    text = text_of(span.doc)
    return bool(_CREDIT_BEFORE.search(text[max(0, span.start_char - 20):span.start_char])
                or _CREDIT_AFTER.match(text[span.end_char:span.end_char + 12]))


def _after_number(span: Span) -> bool:
    """Written on to a number, a unit or a model ("GB" of "512GB"), a unit of measure after a number
    ("3 GW"), or a scale of degrees ("107 degrees Fahrenheit")."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    return before is not None and (before.like_num and (not before.whitespace_ or span.text.lower() in MEASURES)
                                   or before.lower_ in {"degree", "degrees"})


def _after_the(span: Span) -> bool:
    """After "the", which makes a capitalised word the name of one thing ("the Moon", "the Fed")."""
    return span.start > 0 and span.doc[span.start - 1].lower_ == "the"


def is_junk(span: Span, lower_words: Collection[str] = ()) -> bool:
    """Not a name: links, symbols, headings, time zones, weapon types, a title alone, or a
    capitalised word that the text also writes in lower case, at a sentence start ("Checkpoint
    shootings"), as an organization ("Police said", "the State") or anywhere the gazetteers do not
    know it and no "the" makes it one thing's name ("the Velka Honey jar", but "the Moon")."""
    text = span.text
    if JUNK.search(text) or not LATIN.search(text) or NON_LATIN_LETTER.search(text):
        return True
    if _wiki_heading(span) or _credit(span) or _after_number(span):
        return True
    if span.label_ in {"DATE", "TIME"}:
        return False
    if text in NOT_NAMES:
        return True
    if len(span) == 1 and span[0].lower_ in lower_words and (
            span[0].is_sent_start or span.label_ == "ORG" or known_label(text) is None and not _after_the(span)):
        return True
    if span.label_ == "PERSON" and all(_bare(t.text) in TITLES for t in span):
        return True  # "the Minister said": a title without a name
    return len(text) < 2 or not any(t.text[:1].isupper() for t in span)  # "McElroy" is no title case


@dataclass(frozen=True, slots=True)
class Cue:
    """Words that make the capitalised words after them a name of ``label`` (``patterns/cues.json``):
    prefixes that belong to the name ("USS Carl Vinson"), nouns that do not ("the cruiser Moskva")."""

    label: str
    prefixes: frozenset[str]
    nouns: tuple[tuple[str, ...], ...]


@cache
def load_cues(path: str = str(CUES)) -> tuple[Cue, ...]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return tuple(Cue(label, frozenset(words["prefixes"]), tuple(tuple(n.split()) for n in words["nouns"]))
                 for label, words in data.items() if label != "about")


def cue_matcher(vocab: Vocab, cues: Sequence[Cue]) -> Matcher:
    """Names after a cue: the prefix and the name, or the name after a noun (id ``noun``)."""
    matcher = Matcher(vocab)
    name = {"IS_TITLE": True, "OP": "+"}
    for cue in cues:
        matcher.add(cue.label, [[{"TEXT": {"IN": sorted(cue.prefixes)}}, name]], greedy="LONGEST")
        matcher.add(f"{cue.label} noun", [[*({"LOWER": w, "IS_LOWER": True} for w in noun), name]
                                          for noun in cue.nouns], greedy="LONGEST")
    return matcher


def cued_spans(doc: Doc, matcher: Matcher | Gated, cues: Sequence[Cue]) -> list[Span]:
    """The names the cues mark, labelled: "USS Carl Vinson", "Moskva" of "the cruiser Moskva"."""
    lengths = {cue.label: {len(n) for n in cue.nouns} for cue in cues}
    out = []
    for match, start, end in matcher(doc):
        label, _, noun = doc.vocab.strings[match].partition(" ")
        if not noun:
            out.append(Span(doc, start, end, label=label))
        for n in lengths[label] if noun else ():
            if all(t.is_lower for t in doc[start:start + n]) and doc[start + n].is_title:
                out.append(Span(doc, start + n, end, label=label))
                break
    return out


def cued_names(ents: Sequence[Span], cues: Sequence[Cue]) -> dict[str, str]:
    """Name -> label of each name a cue marked, also without its prefix ("Sukanya" of "INS Sukanya")."""
    names: dict[str, str] = {}
    for cue in cues:
        for e in ents:
            if e.label_ == cue.label:
                names[e.text] = cue.label
                if len(e) > 1 and e[0].text in cue.prefixes:
                    names[e[1:].text] = cue.label
    return names


def _wiki_heading(span: Span) -> bool:
    """A wiki heading, "==Aftermath==" (its marks are tokens of their own: ``kg.nlp.segment``)."""
    doc = span.doc
    return 0 < span.start and span.end < len(doc) and doc[span.start - 1].text == "=" and doc[span.end].text[:1] == "="


def headline_end(text: str) -> int:
    """The character end of a title-cased first line ("Sudan Bombs Refugee Camp"), else 0."""
    end = text.find("\n")
    return end if end > 0 and title_cased(text[:end]) else 0


def heading_lines(text: str) -> list[tuple[int, int]]:
    """The character ranges of title-cased lines after the first: the sub-headings and link lists
    of a page ("Not Merely Taste and Smell Receptors", "- Keck Observatory: Twin Telescopes on
    Mauna Kea"), where capitals tell no name. Not a sentence (a full stop at its end), a list
    (commas: "Helmut Kohl, Kim Young Sam") nor a table of results ("Manchester United 2 Arsenal 1")."""
    found = []
    start = text.find("\n") + 1
    while 0 < start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end].rstrip()
        if not any(c.isdigit() or c == "," for c in line) and not line.endswith(".") and title_cased(line):
            found.append((start, end))
        start = end + 1
    return found


def unlabelled_people(doc: Doc) -> list[Span]:
    """Proper names the model left unlabelled that the text shows are people: a person named in
    full elsewhere in the article ("Hugo Chávez"), or by surname ("Adams" after "Gerry Adams");
    a name beside a speech verb, an age or ", who" ("said McElroy", "McVeigh, now 29,"); a full
    name listed between people ("Ana Ruiz, Brayan Oropeza, Luis Guerra"); the rest of a person's
    name the model cut short ("Fatima" of "Fatima Tlisova": the whole name is returned)."""
    taken = {i for e in doc.ents for i in range(e.start, e.end)}
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    names = {e.text for e in people}
    surnames = {e[-1].text for e in people if len(e) > 1}
    ends = {e.end: e.start for e in people}
    starts = {e.start for e in people}
    out: list[Span] = []
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and j not in taken and doc[j].tag_ == "NNP" and doc[j].text[:1].isupper():
            j += 1
        if j == i:
            i += 1
            continue
        start = i - 1 if i > 0 and doc[i - 1].lower_ in NAME_PARTICLES and doc[i - 1].is_lower else i
        span = Span(doc, start, j, label="PERSON")
        nxt = doc[j].lower_ if j < len(doc) else ""
        before = doc[start - 1].lower_ if start > 0 else ""
        by_speech = nxt in SPEECH and before not in DETERMINERS and not doc[j - 1].is_upper
        named = span.text in names or all(t.text in surnames for t in span[start < i:])
        listed = len(span) > 1 and before == "," and start - 1 in ends and nxt in {",", "and"} and j + 1 in starts
        if doc[j - 1].lower_ not in TITLES:
            if i in ends and doc[i - 1].text not in POSSESSIVE:
                out.append(Span(doc, ends[i], j, label="PERSON"))
            elif named or by_speech or listed or is_person_by_context(span):
                out.append(span)
        i = j
    return out


@Language.factory("kg_retype", default_config={"cues": str(CUES)})
def make_retype(nlp: Language, name: str, cues: str) -> Retype:
    return Retype(nlp, cues)


class Gated:
    """A token ``Matcher`` read only for a doc that holds one of the words each of its matches
    holds (``needs``: attribute ids and words): spaCy's Matcher makes two ``Token`` objects for
    every token of every doc it reads, and most docs hold none of those words."""

    def __init__(self, matcher: Matcher, vocab: Vocab, needs: Sequence[tuple[int, Collection[str]]]) -> None:
        self.matcher = matcher
        self.needs = tuple((attr, frozenset(vocab.strings.add(w) for w in words)) for attr, words in needs)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        if all(words.isdisjoint(doc.count_by(attr)) for attr, words in self.needs):
            return []
        return self.matcher(doc)


class Retype:
    """The ``kg_retype`` component: known units, titled people, names after cues; names cut at line
    breaks, so that each line's part is typed on its own ("Ameris Bank Amphitheatre" of a tour date's
    line and the next line's words), then ``retype``."""

    def __init__(self, nlp: Language, cues: str = str(CUES)) -> None:
        self.cues = load_cues(cues)
        self.cued = cue_matcher(nlp.vocab, self.cues)
        names = set(unit_names())
        plain = [n for n in names
                 if not (n.rsplit(" ", 1)[-1] in {"forces", "troops"} and n.rsplit(" ", 1)[0] in names)]
        self.units = PhraseMatcher(nlp.vocab)
        self.units.add("MILUNIT", list(nlp.tokenizer.pipe(sorted(plain))))
        self.titled = Matcher(nlp.vocab)
        self.titled.add("PERSON", [[
            {"LOWER": {"IN": sorted(TITLES | {t + "." for t in TITLES})}},
            {"IS_TITLE": True, "TAG": {"IN": ["NNP", "NNPS"]}, "OP": "+"},
        ]], greedy="LONGEST")
        name = {"IS_TITLE": True, "TAG": {"IN": ["NNP", "NNPS"]}, "OP": "+"}
        head = {"LOWER": {"IN": sorted(INSTITUTION_HEADS)}, "IS_TITLE": True}
        body = {"LOWER": {"IN": sorted(INSTITUTION_HEADS - COMPANY_ENDS)}, "IS_TITLE": True}  # not "Oakley Inc of"
        self.institutions = Matcher(nlp.vocab)
        self.institutions.add("ORG", [[name, head], [name, body, {"LOWER": {"IN": ["of", "for"]}},
                                                     {"LOWER": "the", "OP": "?"}, name]], greedy="LONGEST")
        cue_words = {p for c in self.cues for p in c.prefixes}, {n[0] for c in self.cues for n in c.nouns}
        self.cued = Gated(self.cued, nlp.vocab, ((ORTH, cue_words[0]), (LOWER, cue_words[1])))
        self.titled = Gated(self.titled, nlp.vocab, ((LOWER, TITLES | {t + "." for t in TITLES}),))
        # a head in title case: lower form among the heads and ``istitle`` is that spelling (ASCII words)
        self.institutions = Gated(self.institutions, nlp.vocab, ((ORTH, {w.title() for w in INSTITUTION_HEADS}),))

    def __call__(self, doc: Doc) -> Doc:
        ents = doc.ents  # each read of doc.ents walks the whole Doc: read it once
        person_end = {i: e.end for e in ents if e.label_ == "PERSON" for i in range(e.start + 1, e.end + 1)}
        forced = [Span(doc, s, e, label="MILUNIT") for _, s, e in self.units(doc)]
        for _, s, e in self.titled(doc):
            name = Span(doc, s + 1, person_end.get(e, e), label="PERSON")
            if name[-1].lower_ not in NOT_PERSON_HEADS and name[-1].lower_ not in EVENT_HEADS:
                forced.append(name)
        forced += covering(doc, [Span(doc, s, e, label="ORG") for _, s, e in self.institutions(doc)])
        forced += cued_spans(doc, self.cued, self.cues)
        doc.ents = [part for ent in _impose(doc, ents, filter_spans(forced)) for part in split_at_lines(ent)]
        return retype(doc, self.cues)


def overlapping(spans: Sequence[Span], start: int, end: int) -> Sequence[Span]:
    """The spans of ``spans`` (sorted and not overlapping each other, as ``doc.ents`` or the
    result of ``filter_spans``) that overlap tokens ``start:end``, found by bisection."""
    lo = bisect_right(spans, start, key=lambda s: s.end)
    return spans[lo:bisect_left(spans, end, lo=lo, key=lambda s: s.start)]


def covering(doc: Doc, spans: list[Span]) -> list[Span]:
    """The spans that hold whole every entity they overlap: "Greater Manchester Police" takes
    over "Manchester", while "Works Agency" leaves "UN Relief and Works Agency" alone."""
    ents = doc.ents
    return [s for s in filter_spans(spans)
            if all(s.start <= e.start and e.end <= s.end for e in overlapping(ents, s.start, s.end))]


def _impose(doc: Doc, ents: Sequence[Span], forced: list[Span]) -> list[Span]:
    """Forced spans replace the entities they overlap, except a numbered unit around them ("1st SS
    Panzer Division" around "SS"), which stays, and a longer entity ending in the same token
    ("Provisional IRA" around "IRA"), which only takes the forced label."""
    out: list[Span] = []
    dropped: set[tuple[int, int]] = set()
    for ent in ents:
        over = overlapping(forced, ent.start, ent.end)
        if ent.ent_id_ == "ordinal-unit" and over and all(ent.start <= f.start and f.end <= ent.end for f in over):
            dropped.update((f.start, f.end) for f in over)
            over = []
        if not over:
            out.append(ent)
        elif len(over) == 1 and ent.start < over[0].start and ent.end == over[0].end:
            dropped.add((over[0].start, over[0].end))
            out.append(Span(doc, ent.start, ent.end, label=over[0].label_))
    return filter_spans(out + [f for f in forced if (f.start, f.end) not in dropped])


def lower_case_words(doc: Doc) -> set[str]:
    """The words the text writes in lower case, read from one array (not a Token for every word)."""
    words = doc.to_array([ORTH, IS_LOWER])
    return {doc.vocab.strings[int(orth)] for orth in set(words[words[:, 1] == 1, 0])}


def retype(doc: Doc, cues: Sequence[Cue] = ()) -> Doc:
    """Trim, drop junk, re-type and vote over ``doc.ents``; a name a cue marked keeps its label
    wherever it is written."""
    places = {e.text for e in doc.ents if e.label_ in {"GPE", "LOC"}}
    areas = {e[:-1].text for e in doc.ents if e.label_ == "GPE" and len(e) > 1 and e[-1].lower_ in AREA_HEADS}
    parts = {e: _parts(e) for e in doc.ents}
    people = [s for spans in parts.values() for s in spans if s.label_ == "PERSON"]
    # first and last words of full names, "Kurita's" too
    person_words = {t.text for s in people if len(s) > 1 for t in (s[0], s[-1]) if t.text[:1].isupper()}
    text = text_of(doc)
    head_end = headline_end(text)
    body = text[head_end:] if head_end else None
    headings = heading_lines(text)
    lower_words = lower_case_words(doc)
    cued = cued_names(doc.ents, cues)
    unlabelled = unlabelled_people(doc)
    spans = [*(s for spans in parts.values() for s in spans), *unlabelled]
    makers = {s.text for s in spans if s.label_ == "ORG" and len(s) == 1}
    named = [s for s in spans
             if s.label_ in NAMED_THINGS and (names_product(s) or names_term(s) or maker_line(s, makers))]
    products = {s.text for s in named} | {base for s in named if (base := line_base(s))}
    products |= short_forms(doc, products)
    kept: list[Span] = []
    stated: set[int] = set()
    for ent in sorted([*doc.ents, *unlabelled]):
        for span in parts[ent] if ent in parts else _parts(ent):
            if is_junk(span, lower_words) or span.label_ in NAMED_THINGS and _product(span, products):
                continue
            if body is not None and span.end_char <= head_end and not _headline_safe(span, body, lower_words):
                continue
            line = next(((a, b) for a, b in headings if a <= span.start_char < b), None)
            if (line is not None and span.text != text[line[0]:line[1]].strip(" -*•")
                    and not _headline_safe(span, text[:line[0]] + text[line[1]:], lower_words)):
                continue  # a name alone on its line is no heading ("Federal Public Defender Office")
            label = cued.get(span.text) or category(span, places, person_words, areas)
            if label in KEEP:
                kept.append(Span(doc, span.start, span.end, label=label))
                if label != ent.label_ or label == "ORG" and is_org_by_context(span):
                    stated.add(span.start)
    if body is not None:
        kept += names_in_headline(doc, kept, head_end)
    doc.ents = filter_spans(vote(kept, stated))
    return doc


def short_forms(doc: Doc, names: Collection[str]) -> set[str]:
    """The short forms the text defines in brackets after the names, maybe after one noun in lower
    case, that start with the name's first letter: "VIPER" of "Volatiles Investigating Polar
    Exploration Rover (VIPER)", "CLPS" of "Commercial Lunar Payload Services program (CLPS)"."""
    if not names:
        return set()
    found = set()
    orth = doc.to_array(ORTH)
    for i in (orth[2:-2] == doc.vocab.strings["("]).nonzero()[0] + 2:
        if doc[i + 2].text != ")" or not ABBREVIATION.match(doc[i + 1].text):
            continue
        end = i - 1 if doc[i - 1].is_lower else i
        if any(doc[end - len(name.split()):end].text == name and name[0] == doc[i + 1].text[0] for name in names):
            found.add(doc[i + 1].text)
    return found


def _product(span: Span, products: Collection[str]) -> bool:
    """A product or work, not an actor or place: a name the text writes as a product's anywhere,
    or one with such a name inside ("Retina MacBook Pro"); a title in quotation marks; a
    company's name after "a", which names one of its products ("pick up a Mac", "a Boeing")."""
    padded = f" {span.text} "
    if any(f" {name} " in padded for name in products) or in_quoted_title(span):
        return True
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    return (span.label_ == "ORG" and span.start > 0 and doc[span.start - 1].lower_ in {"a", "an"}
            and (nxt is None or nxt.text in PHRASE_ENDS or nxt.tag_ in {"CC", "IN", "TO"}))


def _parts(ent: Span) -> list[Span]:
    """The entity trimmed; a person also without titles, and split at a title inside."""
    span = trim(ent)
    if span is None:
        return []
    return person_parts(span) if span.label_ == "PERSON" else [span]


def names_in_headline(doc: Doc, kept: list[Span], head_end: int) -> list[Span]:
    """A title-cased headline hides where names start and end ("Sudan Bombs Yida Camp"), so the
    names the body gives are looked for there, longest first, where no kept entity is."""
    def words(start: int, end: int) -> tuple[str, ...]:
        return tuple(t.text for t in doc[start:end])

    names = {words(s.start, s.end): s.label_ for s in kept if s.start_char >= head_end}
    longest = max(map(len, names), default=0)
    taken = {i for s in kept if s.start_char < head_end for i in range(s.start, s.end)}
    found: list[Span] = []
    i = 0
    while i < len(doc) and doc[i].idx < head_end:
        n = next((n for n in range(longest, 0, -1) if words(i, i + n) in names
                  and doc[i + n - 1].idx < head_end and taken.isdisjoint(range(i, i + n))), 0)
        if n:
            found.append(Span(doc, i, i + n, label=names[words(i, i + n)]))
        i = found[-1].end if n else i + 1
    return found


_FUNCTION_WORDS = words("function", "lower_in_names")


def _headline_safe(span: Span, body: str, lower_words: Collection[str]) -> bool:
    """A headline name worth keeping: repeated in the body, a unit, event or date, or a known place;
    never a word of the title-cased headline that the text writes in lower case ("Spiced Honey Pear
    Jam") nor a phrase with a capitalized little word inside ("Bombing At Yida Camp"), which names
    write in lower case ("Battle of Kursk")."""
    if len(span) == 1 and span[0].lower_ in lower_words:
        return False
    if span.text in body:
        return True
    if any(t.is_title and t.lower_ in _FUNCTION_WORDS for t in span[1:]):
        return False
    if span.label_ in {"MILUNIT", "EVENT", "DATE", "TIME"}:
        return True
    known = lookup(span.text, Kind.PLACE) if span.label_ in {"GPE", "LOC"} else None
    return known is not None and known.confidence >= LINK_THRESHOLD


def vote(spans: list[Span], stated: Collection[int] = ()) -> list[Span]:
    """Give every occurrence of the same name (in any case: "BONN", "Bonn") the label most of its
    occurrences have.

    Occurrences the text types (``stated``: re-typed by a head noun, a place slot, an age...)
    outvote the model's guesses, which it makes sentence by sentence; what the gazetteers know of
    the name counts as one more guess (``known_label``); among equals, ruler labels (units,
    events) win ties.
    """
    counts: dict[str, Counter[str]] = {}
    for span in spans:
        counts.setdefault(span.text.casefold(), Counter())[span.label_] += STATED_VOTES if span.start in stated else 1
    for text, c in counts.items():
        if len(c) > 1 and (known := known_label(text)) is not None:
            c[known] += KNOWN_VOTES
    rank = {"MILUNIT": 2, "EVENT": 2, "PERSON": 1}
    best = {
        text: max(c.items(), key=lambda kv: (kv[1], rank.get(kv[0], 0)))[0]
        for text, c in counts.items()
    }
    return [Span(s.doc, s.start, s.end, label=best[s.text.casefold()]) for s in spans]
