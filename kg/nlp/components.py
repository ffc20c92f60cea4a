"""Our spaCy components. Registered by decorator; created by ``load_pipeline``.

``kg_retype`` works on ``doc.ents`` after the model's NER and our entity ruler:

1. known armed forces and armed groups (``kg.link.unit_names``) become ``MILUNIT`` wherever they
   are written, over whatever the model made of them;
2. a title or rank before capitalised words ("Gen.", "Mr", "Special Agent") makes the words after
   it a ``PERSON``; titles come off the front of person spans;
3. trims determiners, possessive endings and punctuation off the span edges;
4. drops junk: URLs, e-mail addresses, numbers, non-Latin script, lower-case-only names, and names
   in a title-cased headline that the body never repeats;
5. re-types by category: head nouns of units, events and facilities; people by context (an age in
   apposition, a speech verb, a part of a person's name); places after a locative preposition;
   labels we do not extract are dropped; finally every occurrence of a name takes the majority label.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection

from rapidfuzz import fuzz
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg.nlp.participants import participant_kinds
from kg.nlp.text import text_of
from kg.nlp.timex import MONTHS, WEEKDAYS

KEEP = {"PERSON", "MILUNIT", "GPE", "LOC", "FAC", "EVENT", "ORG", "DATE", "TIME"}
UNIT_HEADS = {
    "army", "armies", "navy", "forces", "force", "military", "militia", "militias", "brigade",
    "brigades", "battalion", "regiment", "division", "corps", "fleet", "flotilla", "squadron",
    "marines", "guard", "guards", "legion", "troops", "infantry", "partisans", "guerrillas",
    "rebels", "insurgents", "paratroopers", "commandos", "front",
}
NON_MILITARY_BEFORE_HEAD = {"police", "task", "salvation", "peace", "labor", "labour", "work", "office"}
EVENT_HEADS = {
    "war", "wars", "campaign", "offensive", "operation", "uprising", "revolution", "rebellion",
    "insurrection", "blitz", "blitzkrieg", "counteroffensive", "intifada", "massacre", "siege",
}
FACILITY_HEADS = {
    "street", "st", "road", "rd", "avenue", "ave", "boulevard", "square", "lane", "bridge", "highway",
    "mall", "motel", "hotel", "building", "tower", "shrine", "mosque", "church", "cathedral", "temple",
    "synagogue", "school", "airport", "airbase", "station", "camp", "prison", "hospital", "stadium",
    "market", "bazaar", "palace", "embassy", "consulate", "tavern", "pub", "cafe", "café", "restaurant",
    "exchange", "base", "port", "harbour", "harbor", "checkpoint", "compound", "barracks", "zone", "park",
}
NATURAL_HEADS = {
    "lake", "river", "mountains", "mountain", "hills", "valley", "desert", "gulf", "sea", "ocean", "strait",
    "straits", "island", "islands", "peninsula", "coast", "canal", "jungle",
}
"""Not "hill", "forest", "woods", "bay": surnames too ("Benny Hill", "Eva Forest")."""
PLACE_HEADS = FACILITY_HEADS | NATURAL_HEADS
ORG_HEADS = {
    "police", "ministry", "office", "department", "agency", "service", "services", "directorate",
    "court", "council", "committee", "commission", "party", "government", "administration", "staff",
    "bureau", "university", "institute", "company", "corporation", "bank", "association", "union",
    "assembly", "security", "parliament", "senate", "congress", "group", "network", "news", "times",
}
INSTITUTION_HEADS = ORG_HEADS - {"government", "administration", "group", "security"} | {
    "branch", "authority", "foundation", "college", "mail", "post", "herald", "tribune", "gazette",
    "telegraph", "broadcasting",
}
"""The last word of an institution's name: "Greater Manchester Police", "Birmingham Mail"."""
TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "president", "gen", "general", "col",
    "colonel", "lt", "lieutenant", "maj", "major", "capt", "captain", "sgt", "sergeant", "cpl",
    "corporal", "pvt", "private", "brig", "brigadier", "admiral", "adm", "cmdr", "commander",
    "marshal", "judge", "justice", "magistrate", "senator", "sen", "rep", "governor", "gov",
    "mayor", "minister", "premier", "chancellor", "secretary", "constable", "inspector",
    "detective", "superintendent", "officer", "agent", "chief", "ambassador", "envoy", "pope",
    "komkor", "komcor", "komdiv", "kombrig", "komandarm", "sheikh", "imam", "ayatollah", "cardinal",
    "bishop", "archbishop", "rev", "reverend",
    "spokesman", "spokeswoman", "spokesperson", "preacher", "prosecutor", "attorney", "deputy",
}
TITLE_MODIFIERS = {
    "prime", "vice", "foreign", "defence", "defense", "interior", "finance", "home", "special",
    "staff", "technical", "master", "first", "division", "police", "former", "late", "field",
    "rear", "lance", "attorney", "national", "army", "navy", "air", "force", "district", "state",
}
SPEECH = {
    "said", "says", "told", "tells", "added", "adds", "asked", "described", "denied", "denies",
    "announced", "urged", "claimed", "insisted", "recalled", "explained", "wrote", "testified",
    "admitted", "stated", "noted", "warned",
}
LOCATIVE = {"in", "near", "outside", "across", "into", "at", "around", "towards", "toward"}
FACILITY_MODIFIERS = {"refugee", "displacement", "detention", "military", "army", "air", "naval", "police",
                      "border", "international"}
LED_BY = {"leader", "leaders", "member", "members", "head", "chairman", "chairwoman", "chair", "founder",
          "founders", "president", "director", "secretary-general"}
PLACE_NOUNS = {"city", "town", "village", "province", "district", "region", "state", "county", "suburb",
               "capital", "port", "governorate", "municipality", "neighbourhood", "neighborhood", "cities",
               "towns", "villages", "provinces", "districts", "regions", "suburbs", "ports", "outskirts"}
AREA_HEADS = {"province", "district", "governorate", "county", "city"}
"""Lower-case words after a place name that belong to the name ("Arghandab district"):
``patterns/entities.jsonl``, pattern ``named-area``."""
PLACE_NAME_HEADS = {"city", "county", "governorate", "oblast", "prefecture", "township", "municipality", "state",
                    "province", "region"}
PLACE_APPOSITION = re.compile(  # "Maidan Shahr, the capital of ...", "Heet, a town in ..."
    r"^,\s+(?:the|a|an)\s+(?:\w+\s+)?(?:capital|city|town|village|province|district|county|port)"
    r"(?=\s*(?:of\b|in\b|near\b|on\b|,|\.|$))")
NAME_PARTICLES = {"de", "van", "von", "der", "den", "al", "el", "bin", "ibn", "da", "di", "du", "le", "la"}
DASHES = {"-", "–", "—"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
POSSESSIVE = {"'s", "’s", "'", "’"}
SHIP_PREFIXES = {"INS", "USS", "USNS", "HMS", "HMAS", "HMCS", "HMNZS", "PNS", "RFS", "MV", "RMS"}
SHIP_NOUNS = {"ship", "warship", "vessel", "battleship", "battlecruiser", "frigate", "destroyer", "cruiser",
              "corvette", "submarine", "minesweeper", "tanker", "freighter", "ferry", "trawler", "yacht", "gunboat"}
"""Words that make the next name a vessel's, which the graph does not model. Not "SS" (also the
Nazi organisation) nor "carrier" (also an airline)."""
WEAPONS = {"IED", "IEDs", "VBIED", "VBIEDs", "C4", "C-4", "TNT", "RDX", "Semtex", "RPG", "RPGs", "AK-47", "AK-47s",
           "M16", "M4", "M-16", "Kalashnikov", "Humvee", "Humvees", "MRAP", "MRAPs", "BB", "BBs", "HIMARS"}
"""Weapon, explosive and vehicle types the model takes for organizations: not named things."""
TIME_ZONES = {"UTC", "GMT", "BST", "CET", "CEST", "EET", "EEST", "WET", "MSK", "IST", "PKT", "JST", "KST",
              "AEST", "AEDT", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "AST", "ADT", "HST"}
JUNK = re.compile(r"(https?://|www\.|@|\.com\b|\.org\b|^[\W\d_]+$)", re.I)
LATIN = re.compile(r"[A-Za-z]")
NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F]")
SAME_SPELLING = 85
"""rapidfuzz ratio at which a gazetteer name is the text's name spelled another way (Jabaliya, Jabālyā)."""
STATED_VOTES = 10
"""What one occurrence the text types counts in ``vote``, against 1 for a guess of the model."""
AGE = re.compile(r"^,\s*(?:now\s+|aged\s+)?\d{1,3}(?=\s*(?:[,.;:)]|years?\b|$))")


ACTOR_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "agent", "conj"}


def _bare(token_text: str) -> str:
    return token_text.lower().rstrip(".")


def trim(span: Span) -> Span | None:
    """Drop determiners, possessives and punctuation from the edges; None when nothing is left."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in DETERMINERS or _no_word(doc[start])):
        start += 1
    if end - start > 2 and doc[start].is_upper and doc[start].is_alpha and doc[start + 1].text in DASHES:
        start += 2  # a caption label: "FILE - Salman Abedi"
    while end > start and (doc[end - 1].text in POSSESSIVE or _no_word(doc[end - 1])):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label, span_id=span.id)


def _no_word(token: Token) -> bool:
    """Punctuation or symbols only ("(", "==")."""
    return token.is_punct or not any(c.isalnum() for c in token.text)


def drop_titles(span: Span) -> Span:
    """A person span without the titles and ranks in front: "Gen. John Smith" -> "John Smith"."""
    start, end = span.start, span.end
    doc = span.doc
    while end - start > 1:
        word = _bare(doc[start].text)
        if word in TITLES or (word in TITLE_MODIFIERS and _bare(doc[start + 1].text) in TITLES | TITLE_MODIFIERS):
            start += 1
        else:
            break
    return span if start == span.start else Span(doc, start, end, label=span.label)


def is_junk(span: Span, lower_words: Collection[str] = ()) -> bool:
    """Not a name: links, symbols, headings, time zones, weapon types, or a capitalised word that
    the text also writes in lower case, at a sentence start ("Checkpoint shootings") or as an
    organization ("Police said", "the State")."""
    text = span.text
    if JUNK.search(text) or not LATIN.search(text) or NON_LATIN_LETTER.search(text):
        return True
    if _wiki_heading(span):
        return True
    if span.label_ in {"DATE", "TIME"}:
        return False
    if text in TIME_ZONES or text in WEAPONS:
        return True
    if len(span) == 1 and (span[0].is_sent_start or span.label_ == "ORG") and span[0].lower_ in lower_words:
        return True
    return len(text) < 2 or not any(t.text[:1].isupper() for t in span)  # "McElroy" is no title case


def vessel_name(span: Span) -> str | None:
    """The name of a vessel, "Sukanya" of "INS Sukanya" or "the warship Sukanya", else None."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    marked = [t for t in span if t.text in SHIP_PREFIXES or t.lower_ in SHIP_NOUNS]
    if not marked and (before is None or before.text not in SHIP_PREFIXES and before.lower_ not in SHIP_NOUNS):
        return None
    return " ".join(t.text for t in span if t not in marked) or None


def _wiki_heading(span: Span) -> bool:
    """A wiki heading, "==Aftermath==" (its marks are tokens of their own: ``kg.nlp.segment``)."""
    doc = span.doc
    return 0 < span.start and span.end < len(doc) and doc[span.start - 1].text == "=" and doc[span.end].text[:1] == "="


def headline_end(text: str) -> int:
    """The character end of a title-cased first line ("Sudan Bombs Refugee Camp"), else 0."""
    end = text.find("\n")
    if end <= 0:
        return 0
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text[:end]) if len(w) > 3]
    if len(words) < 3 or sum(w[0].isupper() for w in words) < 0.8 * len(words):
        return 0
    return end


def is_person_by_context(span: Span) -> bool:
    """An age in apposition ("Salomon, 52,"), a relative "who", or a speech verb next to the name."""
    doc = span.doc
    if span[-1].is_upper or span[-1].lower_ in ORG_HEADS | PLACE_HEADS | AREA_HEADS | UNIT_HEADS:
        return False
    after = (span[-1].whitespace_ + doc[span.end:span.end + 6].text)[:12]  # doc.text is O(doc)
    if AGE.match(after) or re.match(r"^,\s*who\b", after):
        return True
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    nxt = doc[span.end].lower_ if span.end < len(doc) else ""
    if before in SPEECH and nxt in {",", ".", ""} and span.root.dep_ != "dobj":  # not "warned Damascus."
        return True
    return nxt in SPEECH and 1 < len(span) <= 3 and before not in DETERMINERS


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


def category(span: Span, places: set[str], person_words: set[str], areas: Collection[str] = ()) -> str:
    """The label after re-typing by head noun and by what else the text says (``areas``: names
    the text gives an area word elsewhere, "Maidan Wardak" of "Maidan Wardak province")."""
    label = span.label_
    words = [t.lower_ for t in span]
    head = words[-1]
    if label in {"DATE", "TIME"}:
        return label
    if _calendar_day(words):
        return "DATE"  # "Easter Sunday 1945", taken by the model for a facility
    if label == "MILUNIT":
        return "ORG" if NON_MILITARY_BEFORE_HEAD.intersection(words[:-1]) else label
    if words[0] == "operation" and len(words) > 1 or head in EVENT_HEADS and span[-1].is_title:
        return "EVENT"
    if head in UNIT_HEADS and label in {"ORG", "NORP", "FAC", "GPE", "PERSON"}:
        if not NON_MILITARY_BEFORE_HEAD.intersection(words[:-1]):
            return "MILUNIT"
    if label in {"ORG", "GPE", "LOC", "FAC"} and span.text in person_words:
        return "PERSON"
    if label in {"ORG", "GPE", "LOC", "NORP"} and (is_person_by_context(span) or is_person_by_apposition(span)):
        return "PERSON"
    if label == "PERSON" and span.text in areas:
        return "GPE"
    if label in {"ORG", "PERSON", "GPE"} and len(span) > 1 and head.rstrip(".") in FACILITY_HEADS:
        return "FAC"
    if label in {"ORG", "PERSON", "GPE"} and len(span) > 1 and head in NATURAL_HEADS:
        return "LOC"  # "Leyte Gulf", "Nuba Mountains"
    if label in {"ORG", "PERSON"} and len(span) > 1 and head in AREA_HEADS and (head != "city" or span[-1].is_lower):
        return "GPE"  # "Helmand Province", "Zhari district"; "Manchester City" may be a club
    if label == "PERSON" and _demonym_adjective(span):
        return "NORP"  # "Sri Lankan police said"
    if label == "PERSON" and len(span) > 1 and (head in PLACE_NAME_HEADS or words[0] == "county"):
        return "GPE"  # "Junction City", "County Clare"
    if label in {"ORG", "PERSON"} and _located(span, places):
        return "GPE"
    if label in {"PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"} and _said_to_be_place(span):
        return "GPE"  # the model's guess for a name it does not know, in a place's slot
    if label == "PERSON" and _after_place_preposition(span):
        return "GPE"
    if label == "PERSON" and len(span) == 1 and _after_the(span):
        return "LOC"  # "between the Volga and the Don": a person's name takes no article
    if label == "PERSON" and _led(span):
        return "GPE" if _known_place(span) else "ORG"
    if label == "ORG" and span[-1].text in places and len(span) > 1:
        return "GPE"
    if label in {"GPE", "ORG", "NORP"} and _commands_unit(span) and not _known_place(span):
        return "PERSON"  # "Patton's Third Army"
    if label == "PERSON" and span.text not in person_words and _major_place(span) and not _person_cue(span):
        return "GPE"  # "French troops left Mali": no full name, title or speech verb says person
    if label == "FAC" and head not in PLACE_HEADS and _known_place(span):
        return "GPE"  # "Kharkiv" taken for a facility
    if label == "ORG" and _major_place(span):
        return "GPE"  # "Minsk was liberated": a country, region or capital by its own name
    if label == "EVENT" and not span.ent_id_ and not EVENT_HEADS.union({"battle"}).intersection(words):
        return "DROP"
    if label == "NORP" and span.root.dep_ in ACTOR_DEPS:
        return _group_category(span)
    return label


def _group_category(span: Span) -> str:
    """A nationality or group that acts or is acted on. "The Soviets said", "fought the Japanese":
    the definite plural of a country's demonym stands for the country, which resolution finds
    from the demonym. Any other plural is a group of people ("40 Palestinians", "Muslims",
    "many Venezuelans"), typed as people the way ACE and ERE type group mentions."""
    from kg.link import country_of_demonym, fold

    definite = span[0].lower_ == "the" or span.start > 0 and span.doc[span.start - 1].lower_ == "the"
    if definite and country_of_demonym(fold(span.text.removeprefix("the ").removeprefix("The "))):
        return "GPE"
    last = span[-1]
    return "PERSON" if last.tag_ == "NNPS" or last.text.endswith("s") and last.text[:1].isupper() else "NORP"


def _after_place_preposition(span: Span) -> bool:
    """"in Dibis", "near Tuz Khurmatu": people are not found in or near a name; a possessive
    ("in Smith's view") or a speech verb after it says otherwise."""
    doc = span.doc
    if span.start == 0 or doc[span.start - 1].lower_ not in {"in", "near", "outside", "across"}:
        return False
    nxt = doc[span.end] if span.end < len(doc) else None
    return nxt is None or (nxt.text not in POSSESSIVE and nxt.lower_ not in SPEECH)


def _calendar_day(words: list[str]) -> bool:
    """A weekday or month and a year: "Easter Sunday 1945", "Monday 3 May 1943"."""
    return any(w in WEEKDAYS or w in MONTHS and len(w) > 3 for w in words) and any(
        re.fullmatch(r"1[0-9]{3}|20[0-9]{2}", w) for w in words)


def _after_the(span: Span) -> bool:
    """"the Volga", not "the Assad regime" (a modifier), "the Tsarnaevs" (a family) or "the Kaiser's"."""
    doc, word = span.doc, span[0]
    nxt = doc[span.end].text if span.end < len(doc) else ""
    return (span.start > 0 and doc[span.start - 1].lower_ == "the" and nxt not in POSSESSIVE
            and word.dep_ != "compound" and word.tag_ != "NNPS" and not word.text.endswith("s"))


def _led(span: Span) -> bool:
    """"leader of Ulster Vanguard", "members of Tarvin Athletic": people have no leaders or members."""
    doc, i = span.doc, span.start
    if i > 0 and doc[i - 1].lower_ == "the":
        i -= 1
    return i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in LED_BY


def _said_to_be_place(span: Span) -> bool:
    """"the town of Taji", "the state of Miranda", "Maidan Shahr, the capital of ..."."""
    doc, i = span.doc, span.start
    if i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in PLACE_NOUNS:
        return True
    return bool(PLACE_APPOSITION.match(doc[span.end:span.end + 5].text if span.end < len(doc) else ""))


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
    return slot and _known_place(span)


def _commands_unit(span: Span) -> bool:
    """A one-word name owning a unit: its commander ("Patton's Third Army") or its country."""
    doc, end = span.doc, span.end
    return (len(span) == 1 and end + 1 < len(doc) and doc[end].text in POSSESSIVE
            and doc[end + 1].ent_type_ == "MILUNIT")


def _demonym_adjective(span: Span) -> bool:
    """A country's adjective, not a plural of people: "Sri Lankan", not "Sri Lankans"."""
    from kg.link import country_of_demonym, fold

    last = span[-1]
    return last.tag_ != "NNPS" and not last.text.endswith("s") and country_of_demonym(fold(span.text)) is not None


def _person_cue(span: Span) -> bool:
    """A title before the name, or the name speaking ("President Chad", "Jordan said", "said
    Jordan"; not "warned Damascus")."""
    doc = span.doc
    before = doc[span.start - 1].lower_.rstrip(".") if span.start > 0 else ""
    nxt = doc[span.end].lower_ if span.end < len(doc) else ""
    return before in TITLES or nxt in SPEECH or before in SPEECH and span.root.dep_ == "nsubj"


def _major_place(span: Span) -> bool:
    """A country, region or capital named exactly as the gazetteers name it."""
    from kg.link import fold, tables
    from kg.types import Kind

    t, folded = tables(), fold(span.text)
    return folded in t.exact[Kind.PLACE] or folded in t.capitals


def _known_place(span: Span) -> bool:
    """A name the place gazetteers know, in about the spelling they know it."""
    from kg.link import LINK_THRESHOLD, fold, lookup
    from kg.types import Kind

    known = lookup(span.text, Kind.PLACE)
    return (known is not None and known.confidence >= LINK_THRESHOLD - 0.1
            and fuzz.ratio(fold(known.label), fold(span.text)) >= SAME_SPELLING)


@Language.factory("kg_retype")
def make_retype(nlp: Language, name: str) -> Retype:
    return Retype(nlp)


class Retype:
    """The ``kg_retype`` component: known units, titled people, then ``retype``."""

    def __init__(self, nlp: Language) -> None:
        from kg.link import unit_names

        names = set(unit_names())
        plain = [n for n in names if not (n.rsplit(" ", 1)[-1] in {"forces", "troops"} and n.rsplit(" ", 1)[0] in names)]
        self.units = PhraseMatcher(nlp.vocab)
        self.units.add("MILUNIT", list(nlp.tokenizer.pipe(sorted(plain))))
        self.titled = Matcher(nlp.vocab)
        self.titled.add("PERSON", [[
            {"LOWER": {"IN": sorted(TITLES | {t + "." for t in TITLES})}},
            {"IS_TITLE": True, "TAG": {"IN": ["NNP", "NNPS"]}, "OP": "+"},
        ]], greedy="LONGEST")
        name = {"IS_TITLE": True, "TAG": {"IN": ["NNP", "NNPS"]}, "OP": "+"}
        head = {"LOWER": {"IN": sorted(INSTITUTION_HEADS)}, "IS_TITLE": True}
        self.institutions = Matcher(nlp.vocab)
        self.institutions.add("ORG", [[name, head], [name, head, {"LOWER": {"IN": ["of", "for"]}},
                                                     {"LOWER": "the", "OP": "?"}, name]], greedy="LONGEST")

    def __call__(self, doc: Doc) -> Doc:
        forced = [Span(doc, s, e, label="MILUNIT") for _, s, e in self.units(doc)]
        for _, s, e in self.titled(doc):
            e = max([e, *(ent.end for ent in doc.ents if ent.label_ == "PERSON" and ent.start < e <= ent.end)])
            name = Span(doc, s + 1, e, label="PERSON")
            if name[-1].lower_ not in ORG_HEADS | PLACE_HEADS | AREA_HEADS | UNIT_HEADS | EVENT_HEADS:
                forced.append(name)
        forced += covering(doc, [Span(doc, s, e, label="ORG") for _, s, e in self.institutions(doc)])
        doc.ents = _impose(doc, filter_spans(forced))
        return retype(doc)


def covering(doc: Doc, spans: list[Span]) -> list[Span]:
    """The spans that hold whole every entity they overlap: "Greater Manchester Police" takes
    over "Manchester", while "Works Agency" leaves "UN Relief and Works Agency" alone."""
    return [s for s in filter_spans(spans)
            if all(s.start <= e.start and e.end <= s.end for e in doc.ents if e.start < s.end and s.start < e.end)]


def _impose(doc: Doc, forced: list[Span]) -> list[Span]:
    """Forced spans replace the entities they overlap, except a numbered unit around them ("1st SS
    Panzer Division" around "SS"), which stays, and a longer entity ending in the same token
    ("Provisional IRA" around "IRA"), which only takes the forced label."""
    out: list[Span] = []
    taken = list(forced)
    for ent in doc.ents:
        over = [f for f in forced if f.start < ent.end and ent.start < f.end]
        if ent.ent_id_ == "ordinal-unit" and over and all(ent.start <= f.start and f.end <= ent.end for f in over):
            taken = [f for f in taken if f not in over]
            over = []
        if not over:
            out.append(ent)
        elif len(over) == 1 and ent.start < over[0].start and ent.end == over[0].end:
            taken.remove(over[0])
            out.append(Span(doc, ent.start, ent.end, label=over[0].label_))
    return filter_spans(out + taken)


def retype(doc: Doc) -> Doc:
    """Trim, drop junk, re-type and vote over ``doc.ents``."""
    places = {e.text for e in doc.ents if e.label_ in {"GPE", "LOC"}}
    areas = {e[:-1].text for e in doc.ents if e.label_ == "GPE" and len(e) > 1 and e[-1].lower_ in AREA_HEADS}
    people = [s for e in doc.ents if e.label_ == "PERSON" and (s := trim(e)) is not None and len(s) > 1]
    person_words = {t.text for s in people for t in (s[0], s[-1]) if t.text[:1].isupper()}  # "Kurita's" too
    text = text_of(doc)
    head_end = headline_end(text)
    body = text[head_end:] if head_end else None
    lower_words = {t.text for t in doc if t.is_lower}
    vessels = {name for e in doc.ents if (t := trim(e)) is not None and (name := vessel_name(t))}
    kept: list[Span] = []
    stated: set[int] = set()
    for ent in sorted([*doc.ents, *unlabelled_people(doc)]):
        span = trim(ent)
        if span is not None and span.label_ == "PERSON":
            span = drop_titles(span)
        if span is None or is_junk(span, lower_words) or span.text in vessels or vessel_name(span):
            continue
        if body is not None and span.end_char <= head_end and not _headline_safe(span, body):
            continue
        label = category(span, places, person_words, areas)
        if label in KEEP:
            kept.append(Span(doc, span.start, span.end, label=label))
            if label != ent.label_:
                stated.add(span.start)
    if body is not None:
        kept += names_in_headline(doc, kept, head_end)
    doc.ents = filter_spans(vote(kept, stated))
    return doc


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
            found.append(_with_facility_head(Span(doc, i, i + n, label=names[words(i, i + n)])))
        i = found[-1].end if n else i + 1
    return found


def _with_facility_head(span: Span) -> Span:
    """"Yida Refugee Camp" where the body named only "Yida": the place name, a facility head and
    at most a descriptor between them name a facility."""
    doc, end = span.doc, span.end
    if end < len(doc) and doc[end].lower_ in FACILITY_MODIFIERS:
        end += 1
    if end < len(doc) and doc[end].lower_ in FACILITY_HEADS and doc[end].is_title:
        return Span(doc, span.start, end + 1, label="FAC")
    return span


def _headline_safe(span: Span, body: str) -> bool:
    """A headline name worth keeping: repeated in the body, a unit, event or date, or a known place."""
    from kg.link import LINK_THRESHOLD, lookup
    from kg.types import Kind

    if span.text in body or span.label_ in {"MILUNIT", "EVENT", "DATE", "TIME"}:
        return True
    known = lookup(span.text, Kind.PLACE) if span.label_ in {"GPE", "LOC"} else None
    return known is not None and known.confidence >= LINK_THRESHOLD


def vote(spans: list[Span], stated: Collection[int] = ()) -> list[Span]:
    """Give every occurrence of the same name the label most of its occurrences have.

    Occurrences the text types (``stated``: re-typed by a head noun, a place slot, an age...)
    outvote the model's guesses, which it makes sentence by sentence; among equals, ruler
    labels (units, events) win ties.
    """
    counts: dict[str, Counter[str]] = {}
    for span in spans:
        counts.setdefault(span.text, Counter())[span.label_] += STATED_VOTES if span.start in stated else 1
    rank = {"MILUNIT": 2, "EVENT": 2, "PERSON": 1}
    best = {
        text: max(c.items(), key=lambda kv: (kv[1], rank.get(kv[0], 0)))[0]
        for text, c in counts.items()
    }
    return [Span(s.doc, s.start, s.end, label=best[s.text]) for s in spans]
