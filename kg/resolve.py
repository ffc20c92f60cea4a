"""Entity resolution: the mentions of one article grouped into entities with stable keys.

Within an article: titles and ranks come off person names (kept as ``titles``); short forms join
the full name ("Kim" -> "Kim Il-sung"); acronyms join their expansion (by initials or an
"X (ABC)" in the text); demonyms used as actors become the country, or as a unit its armed
forces; names known to the gazetteers (``kg.link``) take their canonical label and links; every mention
takes the kind of its entity (so "Taliban" typed ORG by the model is a unit like its entity).
Across articles: the key is a function of the canonical form only (``{kind}/{slug}``, or the
Wikidata id once confidently linked), so the same thing gets the same IRI in every article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from dataclasses import dataclass, replace

from kg.kinds import ABBREVIATED
from kg.link import (ACRONYM, LINK_THRESHOLD, Known, actor_named, city_in, fold, large_city, lookup, lookup_tag,
                     place_of,
                     country_or_region, region_of, state_of_code, town_by_variant, us_state)
from kg.nlp.categories import FACILITY_HEADS
from kg.nlp.descriptions import DESCRIBED_HEADS
from kg.nlp.first_names import sex_of
from kg.nlp.words import words
from kg.rdf.iris import slug
from kg.types import ORGANIZATIONS, Entity, Kind, Mention, Span
from kg.unionfind import UnionFind

_TITLE_PHRASES = tuple(sorted((tuple(p.split()) for p in words("titles", "comes_off")), key=len, reverse=True))
_TITLE_SET = frozenset(_TITLE_PHRASES)
_MINOR = frozenset({"of", "the", "and", "for", "de", "la", "del", "du", "des", "in", "on", "at", "to"})


@dataclass(slots=True)
class _Item:
    """One mention while it is being resolved."""

    mention: Mention
    name: str
    titles: tuple[str, ...]
    kind: Kind
    known: Known | None
    group: int


def clean_name(name: str, kind: Kind) -> tuple[str, tuple[str, ...]]:
    """The name without determiners, possessives, "forces"/"troops", and (for people) titles."""
    s = re.sub(r"^[\"'“”‘’(\[]+|[\"'“”‘’)\].,;:]+$", "", name.strip())
    s = re.sub(r"^(?:the|The|THE)\s+", "", s)
    s = re.sub(r"['’]s?$", "", s).strip()
    if kind is not Kind.PERSON:
        s = re.sub(r"\s+(?:armed\s+)?(?:forces|troops)$", "", s) or s
        return s, ()
    words, titles = s.split(), []
    while len(words) > 1:
        folded = tuple(fold(w) for w in words)
        phrase = next((p for p in _TITLE_PHRASES if len(p) < len(words) and folded[:len(p)] == p), None)
        if phrase is None:
            break
        titles.append(" ".join(words[:len(phrase)]))
        words = words[len(phrase):]
    return " ".join(words), tuple(titles)


def _title_before(m: Mention) -> tuple[str, ...]:
    """A person's title written just before the name the model marked ("President" in
    "President Clinton" when the name is only "Clinton"); capitalized, as titles before names are."""
    if m.kind is not Kind.PERSON:
        return ()
    words = m.sentence.text[:m.span.start - m.sentence.start].split()[-4:]
    for n in range(len(words), 0, -1):
        if tuple(fold(w) for w in words[-n:]) in _TITLE_SET and words[-n][:1].isupper():
            return (" ".join(words[-n:]),)
    return ()


def initials(name: str) -> str:
    """The initials of a spelled-out name ("Sudan Armed Forces" -> "SAF"); "" for anything else:
    a lower-case word or an abbreviation inside ("UN school") spells nothing out."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _MINOR]
    if any(not w[0].isupper() or (len(w) > 1 and w.isupper()) for w in words):
        return ""
    return "".join(w[0] for w in words)


_DESCRIPTOR = re.compile(r"\b(?:refugee|displacement|displaced persons|IDP)\s+(?=camps?\b)", re.I)
"""Words that describe a camp without naming it: "Yida camp" is "Yida Refugee Camp"."""


def _unkeyed(kind: Kind, name: str) -> str:
    """The key of a name no gazetteer knows: a function of its canonical form only. A place
    named after a known one takes that one's spelling ("Jabalya camp" is "Jabaliya camp")."""
    words = _DESCRIPTOR.sub("", name).split()
    if kind is Kind.PLACE:
        for n in range(len(words) - 1, 0, -1):
            known = lookup(" ".join(words[:n]), Kind.PLACE)
            if known is not None and known.confidence >= LINK_THRESHOLD:
                words = [known.label, *words[n:]]
                break
    return f"{kind}/{slug(' '.join(words))}"


def _key(item: _Item) -> str:
    return item.known.key if item.known else _unkeyed(item.kind, item.name)


def _join_short_person_names(items: list[_Item], groups: UnionFind[int]) -> None:
    """"Kim" -> "Kim Il-sung", "Vasilevsky" -> "Aleksandr Vasilevsky": the nearest earlier full
    name it fits (``fits_person``, as across the corpus), else the only later one; decided at the name's first
    mention, so that "Clinton" never chains "Bill Clinton" and "Hillary Clinton" into one."""
    people = [i for i, it in enumerate(items) if it.kind is Kind.PERSON]
    words = {i: [fold(w) for w in items[i].name.split()] for i in people}
    done: set[str] = set()
    for i in people:
        short = words[i]
        if _key(items[i]) in done:
            continue  # its first mention chose; all mentions of one name are one node
        matches = [j for j in people if len(words[j]) > len(short) and fits_person(short, words[j])
                   and same_sex(items[i].name, items[i].titles, items[j].name, items[j].titles)]
        earlier = [j for j in matches if j < i]
        if earlier or len(matches) == 1:
            groups.union(i, (earlier or matches)[-1])
            done.add(_key(items[i]))


def _same_word(short: str, full: str) -> bool:
    """A word, or its initial ("J." for "James")."""
    return short == full or (len(short) == 1 and full.startswith(short))


ADDRESS = {"mr": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m", "emperor": "m",
           "mrs": "f", "ms": "f", "miss": "f", "madam": "f", "lady": "f", "dame": "f",
           "queen": "f", "princess": "f", "empress": "f"}
"""Forms of address that say whether the person is a man or a woman (folded)."""


def _sexes(name: str, titles: Sequence[str]) -> set[str]:
    """What a person's forms of address and first name (``kg.nlp.first_names``) say of their sex."""
    said = {ADDRESS[t] for t in map(fold, titles) if t in ADDRESS}
    return said | ({sex} if (sex := sex_of(name)) else set())


def same_sex(name: str, titles: Sequence[str], other: str, other_titles: Sequence[str]) -> bool:
    """Forms of address and first names do not say a man and a woman: "Mrs. Clinton" is no "Bill
    Clinton", "Mr. Lind" no "Marta Lind"; a name that says nothing fits either."""
    a, b = _sexes(name, titles), _sexes(other, other_titles)
    return not a or not b or a == b


_SUFFIXES = words("person_names", "suffix")


def without_suffix(name: list[str]) -> list[str]:
    """A person's name (folded words) without a generational suffix ("Jr.", "III"), which its short
    forms leave off."""
    return name[:-1] if len(name) > 1 and name[-1] in _SUFFIXES else name


def fits_person(short: list[str], full: list[str]) -> bool:
    """Does the short name name the person of the full name?

    One word: the surname (the last word), or the first word of a name of two words: a given
    name ("LeBron" of "LeBron James") or a surname written first ("Kim" of "Kim Jong-un"); never
    the first word of a longer name, which may be a word glued before it ("Browns" of "Browns
    Greedy Williams", a team and its player). Several words: the same first and last
    word with fewer given names or initials between ("J. Smith" fits "John Smith"), or the last
    words of a longer name: a surname with its particle ("von Moltke" in "Jakob von Moltke"),
    a name with words glued before it ("Greedy Williams" in "Browns Greedy Williams"). A
    generational suffix of the full name is left off ("White" of "Curtis Lee White II"), but a
    name without it is not the name with it ("Ken Griffey" may be the father of "Ken Griffey Jr.")."""
    if short[-1:] != full[-1:]:
        full = without_suffix(full)
    if len(short) > len(full) or short == full:
        return False
    if len(short) == 1:
        return short[0] == full[-1] or (short[0] == full[0] and len(full) == 2)
    if full[-len(short):] == short:
        return True
    if short[-1] != full[-1] or not _same_word(short[0], full[0]):
        return False
    middle = iter(full[1:-1])
    return all(any(_same_word(w, m) for m in middle) for w in short[1:-1])


def _surnames_of_other_people(items: list[_Item]) -> None:
    """A table person reached by the surname alone ("Obama", "President Obama") is that person
    only when the article names no other person of that surname ("Michelle Obama"): otherwise
    the surname is left to the article's own names, and never carries its namesake to the table
    person's node."""
    people = [it for it in items if it.kind is Kind.PERSON]
    for it in people:
        if it.known is None or len(it.name.split()) != 1 or fold(it.name) == fold(it.known.label):
            continue
        surname = fold(it.name)
        if any(len(o.name.split()) > 1 and fold(o.name.split()[-1]) == surname and o.known != it.known
               for o in people):
            it.known = None


def _cities_not_people(items: list[_Item]) -> None:
    """"Harbin" alone, no title, and no fuller name of the article around it: a city of a
    million people is that city, whatever the model said ("Houston" stays a person where the
    article names "Whitney Houston", "Mr. Houston" stays one)."""
    people = [it for it in items if it.kind is Kind.PERSON]
    words = {fold(w) for it in people if len(it.name.split()) > 1 for w in it.name.split()}
    for it in people:
        if it.titles or len(it.name.split()) > 1 or fold(it.name) in words:
            continue
        city = large_city(it.name)
        if city is not None:
            it.kind, it.known = Kind.PLACE, city


_STATE_AFTER = re.compile(r"^\s+state\b", re.I)
_STATE_BEFORE = re.compile(r"\bstate\s+of\s+$", re.I)
_CAPITAL_AFTER = re.compile(r"^,?\s+D\.?C\.?\b")


def _around(m: Mention) -> tuple[str, str]:
    """The sentence before and after a mention."""
    offset = m.sentence.start
    return m.sentence.text[:m.span.start - offset], m.sentence.text[m.span.end - offset:]


def _states_in_context(items: list[_Item]) -> None:
    """A name of a US state that also names a capital, a country or a large city is the state
    when the article says so ("Washington state", "the state of Georgia"), or when another
    place of the article lies in the state and the other reading lies outside it (Olympia
    beside Washington); a large city of the state's name is the city otherwise ("New York")."""
    places = [it for it in items if it.kind is Kind.PLACE and it.known is not None]
    by_name: dict[str, list[_Item]] = {}
    for it in places:
        by_name.setdefault(fold(it.name), []).append(it)
    for name, same in by_name.items():
        state = us_state(name)
        if state is None:
            continue
        region = region_of(state)
        cue = any(_STATE_AFTER.match(_around(it.mention)[1]) or _STATE_BEFORE.search(_around(it.mention)[0])
                  for it in same)
        inside = any(region_of(p.known) == region and fold(p.name) != name for p in places)
        default = same[0].known
        city = large_city(name)
        if cue or (inside and region_of(default) != region and default.geonameid != state.geonameid):
            chosen = state
        elif default.geonameid == state.geonameid and city is not None:
            chosen = city
        else:
            continue
        for it in same:
            if not _CAPITAL_AFTER.match(_around(it.mention)[1]):
                it.known = chosen


_REGION_AFTER = re.compile(r"^,\s*([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)")
_PLACE_AND_REGION = re.compile(r"^(.+?),\s*([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)$")


def _region_named(words: str) -> Known | None:
    """The US state (by name or postal code) or the country named by the one or two capitalized
    words written after a place ("New Mexico"; "France" of "France. Paris")."""
    for name in dict.fromkeys((words, words.split()[0])):
        if region := us_state(name) or state_of_code(name) or place_of(fold(name)):
            return region
    return None


def _place_in_region(it: _Item) -> tuple[str, Known] | None:
    """(the place's name, the region written after it): "Paris" followed by ", Texas", or one
    name holding both ("Santa Fe, New Mexico"); None without a region."""
    both = _PLACE_AND_REGION.match(it.name)
    after = _REGION_AFTER.match(_around(it.mention)[1])
    name, region = (both[1], _region_named(both[2])) if both else (it.name, _region_named(after[1]) if after else None)
    if region is None or region_of(region) is None or (it.known is not None and region.geonameid == it.known.geonameid):
        return None
    return name, region


def _plain(city: Known | None) -> Known | None:
    """A city found in a region, as its name alone reads it when that is the same city ("LINZ,
    Austria" is the Linz every other article names), else labelled with its region ("Paris, Texas")."""
    plain = lookup(city.label.rpartition(",")[0], Kind.PLACE) if city is not None else None
    return plain if plain is not None and plain.geonameid == city.geonameid else city


def _cities_of_regions(items: list[_Item]) -> None:
    """"Paris, Texas", "Portland, Maine", "Santa Fe, New Mexico": a place followed by a US state
    or a country that does not hold the place it was read as is the city of that name there, if
    there is one. The article means one place by one name: its other mentions of "Paris" alone,
    read as the best-known Paris, are that city too, unless it names two such cities."""
    meant: dict[str, set[Known]] = {}
    placed = []
    for it in items:
        found = _place_in_region(it) if it.kind is Kind.PLACE else None
        if found is None:
            continue
        name, region = found
        placed.append(it)
        read = it.known if fold(name) == fold(it.name) else lookup(name, Kind.PLACE)
        here, there = region_of(read) if read else None, region_of(region)
        if here is not None and here[0] == there[0] and there[1] in ("", here[1]):
            it.known = read  # already inside
        else:
            it.known = _plain(city_in(name, region)) or it.known
        if it.known is not None and fold(name) == fold(it.known.label.partition(",")[0]):
            meant.setdefault(fold(name), set()).add(it.known)
    for it in items:
        if (it.kind is Kind.PLACE and it not in placed and len(meant.get(fold(it.name), ())) == 1
                and it.known == lookup(it.name, Kind.PLACE)):
            (it.known,) = meant[fold(it.name)]


_AFTER_A_PLACE = re.compile(r",\s*")


def _states_by_code(items: list[_Item]) -> None:
    """"Uncasville, CT", "New York, N.Y.": a US postal code written after a place and a comma is
    that state (never the city a name of its letters may spell out)."""
    for before, it in pairwise(items):
        if before.kind is not Kind.PLACE or it.kind is not Kind.PLACE or before.mention.sentence != it.mention.sentence:
            continue
        offset = it.mention.sentence.start
        between = it.mention.sentence.text[before.mention.span.end - offset:it.mention.span.start - offset]
        if _AFTER_A_PLACE.fullmatch(between) and (state := state_of_code(it.name)) is not None:
            it.known = state


def _towns_without_support(items: list[_Item]) -> None:
    """A town reached only by a spelling variant of its name (``town_by_variant``) is that town
    only when another place of the article lies in its country; else the name stays as written,
    unlinked ("Siri", an assistant the model took for a place, is not Sīrē in Ethiopia)."""
    places = [it for it in items if it.kind is Kind.PLACE and it.known is not None]
    for it in places:
        if not town_by_variant(it.name, it.known):
            continue
        country = (region_of(it.known) or ("",))[0]
        if not any(fold(p.name) != fold(it.name) and (region_of(p.known) or ("",))[0] == country
                   for p in places):
            it.known = None


def _join_acronyms(items: list[_Item], groups: UnionFind[int]) -> None:
    """"IDF" <-> "Israel Defense Forces": by initials, or "X (ABC)" in the same sentence."""
    actors = {Kind(name) for name in ABBREVIATED}
    for i, it in enumerate(items):
        if it.kind not in actors or not ACRONYM.match(it.name):
            continue
        letters = it.name.replace(".", "")
        for j, other in enumerate(items):
            if j == i or other.kind not in actors or ACRONYM.match(other.name):
                continue
            if other.kind != it.kind and {other.kind, it.kind} != {Kind.UNIT, Kind.ORG}:
                continue
            if it.known is not None and other.known is not None and it.known.key != other.known.key:
                continue  # the gazetteers say they are two things
            forms = {other.name, re.sub(r"^the\s+", "", other.mention.span.text, flags=re.I)}
            if any(initials(f) == letters for f in forms) or _defines(other.mention, it.mention):
                groups.union(i, j)


def _defines(expansion: Mention, acronym: Mention) -> bool:
    if expansion.sentence != acronym.sentence or expansion.span.end > acronym.span.start:
        return False
    offset = expansion.sentence.start
    between = expansion.sentence.text[expansion.span.end - offset:acronym.span.start - offset]
    return re.fullmatch(r"\s*\(\s*", between) is not None


def _entity(members: list[_Item]) -> Entity:
    known = max((m.known for m in members if m.known), default=None,
                key=lambda k: (k.confidence, k.qid is not None))
    longest = max(members, key=lambda m: (len(m.name), -m.mention.span.start))
    kind = known.kind if known else longest.kind
    label = known.label if known else longest.name
    names = list(dict.fromkeys(m.name for m in members))
    sure = known is not None and known.confidence >= LINK_THRESHOLD
    return Entity(
        key=known.key if known else _unkeyed(kind, label),
        kind=kind,
        label=label,
        mentions=tuple(m.mention if m.mention.kind is kind else replace(m.mention, kind=kind) for m in members),
        aliases=tuple(n for n in names if n != label),
        titles=tuple(dict.fromkeys(t for m in members for t in m.titles)),
        links=known.links() if known else (),
        lat=known.lat if sure and kind is Kind.PLACE else None,
        long=known.long if sure and kind is Kind.PLACE else None,
    )


def _merge(a: Entity, b: Entity) -> Entity:
    names = [n for n in dict.fromkeys((b.label, *a.aliases, *b.aliases)) if n != a.label]
    return Entity(a.key, a.kind, a.label, a.mentions + b.mentions, tuple(names),
                  tuple(dict.fromkeys(a.titles + b.titles)), a.links or b.links,
                  a.lat if a.lat is not None else b.lat, a.long if a.long is not None else b.long)


def _from_tags(tags: Sequence[str], found: dict[str, Entity]) -> list[Entity]:
    seen = {fold(n) for e in found.values() for n in (e.label, *e.aliases)}
    out: dict[str, Entity] = {}
    for tag in tags:
        folded = fold(tag)
        known = lookup_tag(tag) if folded else None
        if folded in seen or known is None or known.confidence < LINK_THRESHOLD:
            continue
        if known.key in found or known.key in out:
            continue
        place = known.kind is Kind.PLACE
        out[known.key] = Entity(known.key, known.kind, known.label, (), links=known.links(),
                                lat=known.lat if place else None, long=known.long if place else None,
                                from_tags=True)
    return list(out.values())


_NEXT_WORDS = re.compile(r"[^\s,;:.()\"“”]+")


def _longest_known_name(m: Mention, starts: set[int]) -> Mention:
    """An organization the model cut short ("UN" of "UN refugee agency") takes the longest name of
    the tables that the text goes on to write, up to three words more, if no other name starts there."""
    if m.kind not in ORGANIZATIONS:
        return m
    offset, best = m.sentence.start, m
    end = m.span.end - offset
    for _ in range(3):
        word = _NEXT_WORDS.match(m.sentence.text, end + 1) if m.sentence.text[end:end + 1] == " " else None
        if word is None or offset + word.start() in starts:
            break
        end = word.end()
        text = m.sentence.text[m.span.start - offset:end]
        if actor_named(text) is not None:
            best = replace(m, span=Span(m.span.start, offset + end, text), name=text)
    return best


def _owners_of_facilities(mentions: Sequence[Mention]) -> list[Mention]:
    """"UN school", "NATO base": a facility named after an organization of the tables mentions
    that organization too (a mention inside the facility's)."""
    out = []
    for m in mentions:
        owner, _, head = m.span.text.rpartition(" ")
        if m.kind is not Kind.PLACE or head.lower() not in FACILITY_HEADS or not owner:
            continue
        owner = re.sub(r"^(?:the|a|an)\s+", "", owner, flags=re.I)
        known = actor_named(owner)
        if known is not None and len(owner.split()) <= 2:
            start = m.span.start + m.span.text.index(owner)
            out.append(Mention(Span(start, start + len(owner), owner), known.kind, m.sentence, owner))
    return out


def _described(found: dict[str, Entity], descriptions: Sequence[Mention]) -> None:
    """Each description ("the camp") joins the one place of the article whose name ends in its noun
    ("Yida refugee camp"); with none or several, it is dropped. Descriptions are no names: they
    add mentions, never aliases."""
    taken = {(m.span.start, m.span.end) for e in found.values() for m in e.mentions}
    for noun in {d.name for d in descriptions}:
        places = [e for e in found.values() if e.kind is Kind.PLACE
                  and any(fold(n).split()[-1:] == [noun] for n in (e.label, *e.aliases))]
        if len(places) != 1:
            continue
        place = places[0]
        extra = [d for d in descriptions if d.name == noun and (d.span.start, d.span.end) not in taken]
        mentions = tuple(sorted((*place.mentions, *extra), key=lambda m: (m.span.start, m.span.end)))
        found[place.key] = replace(place, mentions=mentions)


def _facility_words(m: Mention) -> tuple[str, str] | None:
    """(what comes before the noun, the noun) of a place named as a facility ("al-Fakhora school",
    "the Yida refugee camp"), or None."""
    name = _DESCRIPTOR.sub("", clean_name(m.name, m.kind)[0])
    owner, _, head = name.rpartition(" ")
    return (owner, head.lower()) if m.kind is Kind.PLACE and owner and head.lower() in DESCRIBED_HEADS else None


def _described_by_owner(mentions: Sequence[Mention]) -> tuple[list[Mention], list[Mention]]:
    """(names, descriptions): a facility called after the country or region it is in, or the
    organization it belongs to ("South Sudan refugee camp", "a UN school": a name of the tables),
    describes the one facility of that noun the article names otherwise ("al-Fakhora school"), so
    it becomes a mention of it (never an alias); with none or several it stays a name of its own. A town's name makes a
    name ("Jabalya camp"): a town holds one camp, a country many."""
    facilities = {m: words for m in mentions if (words := _facility_words(m))}
    owned = {m for m, (owner, _) in facilities.items() if actor_named(owner) or country_or_region(owner)}
    named: dict[str, set[str]] = {}
    for m, (owner, head) in facilities.items():
        if m not in owned:
            named.setdefault(head, set()).add(fold(owner))
    moved = [m for m in owned if len(named.get(facilities[m][1], ())) == 1]
    descriptions = [replace(m, name=facilities[m][1]) for m in moved]  # still a name, of that facility
    return [m for m in mentions if m not in moved], descriptions


def resolve(mentions: Sequence[Mention], *, tags: Sequence[str] = (),
            descriptions: Sequence[Mention] = ()) -> tuple[Entity, ...]:
    """Group the mentions of ONE article into entities; add entities named only by known tags;
    give each description of a facility ("the camp") to the one facility it can describe."""
    starts, owners = {m.span.start for m in mentions}, _owners_of_facilities(mentions)
    mentions, owned = _described_by_owner(mentions)
    descriptions = [*descriptions, *owned]
    mentions = [*(_longest_known_name(m, starts) for m in mentions), *owners]
    items: list[_Item] = []
    for m in sorted(mentions, key=lambda m: (m.span.start, m.span.end)):
        name, titles = clean_name(m.name, m.kind)
        titles = titles or _title_before(m)
        if not fold(name):
            continue
        known = lookup(name, m.kind)
        items.append(_Item(m, name, titles, known.kind if known else m.kind, known, len(items)))
    _surnames_of_other_people(items)
    _cities_not_people(items)
    _states_in_context(items)
    _cities_of_regions(items)
    _states_by_code(items)
    _towns_without_support(items)
    groups = UnionFind(range(len(items)), rank=int)
    first_of_key: dict[str, int] = {}
    for i, it in enumerate(items):
        groups.union(i, first_of_key.setdefault(_key(it), i))
    _join_short_person_names(items, groups)
    _join_acronyms(items, groups)
    members: dict[int, list[_Item]] = {}
    for i, it in enumerate(items):
        members.setdefault(groups.find(i), []).append(it)
    found: dict[str, Entity] = {}
    for group in members.values():
        entity = _entity(group)
        found[entity.key] = _merge(found[entity.key], entity) if entity.key in found else entity
    _described(found, descriptions)
    return (*found.values(), *_from_tags(tags, found))
