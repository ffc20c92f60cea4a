"""Corpus-level identity: the nodes of the whole corpus that name one thing, joined to one node.

``kg.resolve`` decides identity inside one article, so an article that says only "Trump" or
"Ms. Okonkwo-Lindqvist" never meets the full name another article gives. This step looks at
every node of the corpus at once and joins a node to another one when its name fits exactly
one of them:

- ``alias``: its name is a name another node of the same kind already carries (an article
  that gave both, "Islamic State (IS)", made "IS" that node's alias); a person's must also
  fit the fuller name as below, or be its given name, and every other person it fits is a
  rival;
- ``surname``: a person's short name is the surname of a fuller name ("Okonkwo-Lindqvist",
  "von Moltke"), or the same name with fewer given names or initials ("Donald Trump" for
  "Donald J. Trump"); forms of address and first names must agree ("Mr." never joins a "Ms.",
  "Mrs. Clinton" never a "Bill Clinton");
- ``nickname``: a person's given name written as its nickname ("Pat Simmons" for "Patrick
  Simmons"; the ``nicknames`` package's table, same initial), the rest of the name fitting;
- ``acronym``: an organization or unit written in three or more capitals spells out
  another's initials (two letters spell too many things);
- ``type-word``: an organization's name is another's without the word for what it is
  ("Harvard" for "Harvard University", "Labour" for "Labour Party"; words.json
  ``organizations.type_word``), and the only such name ("National" fits "National Bank" and
  "National Party", and joins neither);
- ``spelling``: the same words (an organization's without a legal form: "Sierra Nevada Corp."),
  hyphens, accents, an Arabic article and (in a person's name) the letters that
  transliterations trade aside ("al-Fakhora school" and "Fakhora school", "Aleksander Lebed"
  and "Alexander Lebed"); all the nodes of one spelling join (a store keys a node by its
  name's spelling, so they differ only by a Wikidata link or a variant), unless two are
  Wikidata items.
- ``kind``: the same name typed one way in some articles and another way in more ("NASA" a
  person once, an organization six times) is the node of the kind most articles give it; a tie
  goes to the organization when the others are places no gazetteer knows or persons of one bare
  word ("Lowe", "Tyvak": the model's commonest slip on company names);
- ``descriptor``: a label that is another node's name with words before it that name nothing
  ("recent Samsung", "Jeff Bezos's Blue Origin"), which an article also wrote alone, is that node.

A place the gazetteers know joins nothing: its node is already the place they name (the
"Washington" of one article is the capital, of another the state, and stays so).

A person's name that fits no other node of the corpus may still fit one person of the tables
(``table``: "Trump" or "President Trump" alone, and a "Donald Trump" table row): it joins that
person's Wikidata node, unless a form of address says more than the table knows ("Mrs.").

A name that fits nodes of two different things (two people called Garrett) joins neither:
it is kept apart and reported. Where rivals differ by office ("President Trump" and only one
Trump who is called President), the office decides, at a lower confidence. Nothing here reads
text: only the names, kinds, titles and article counts of the nodes, so it is cheap enough to
redo after every build (``kg.identity_store`` keeps its decisions in the store).
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg.link import ACRONYM, LINK_THRESHOLD, fold, known_not_a_person, lookup, tables
from kg.nlp.words import words
from kg.resolve import ADDRESS, fits_person, initials, same_sex, without_suffix
from kg.types import ORGANIZATIONS, Entity, Kind
from kg.unionfind import UnionFind

RULE_CONFIDENCE = {"alias": 0.9, "spelling": 0.9, "surname": 0.85, "acronym": 0.8, "type-word": 0.8,
                   "surname+title": 0.7, "table": 0.7, "nickname": 0.7, "kind": 0.6, "descriptor": 0.6}
"""How sure each rule is: a name already used for the node in some article is surest."""

_COURTESY = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "madam", "lord", "lady", "dame"})
"""Titles that say nothing about a person's office (so never tell two namesakes apart)."""


@dataclass(frozen=True, slots=True)
class Node:
    """One entity node of the corpus as the store holds it."""

    iri: str
    kind: Kind
    label: str
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    articles: int = 1
    linked: bool = False
    """True when the node is a Wikidata item (its IRI ends in a QID)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """``node`` is the same thing as ``canonical``: found by ``rule`` from ``name``."""

    node: str
    canonical: str
    name: str
    rule: str
    confidence: float


@dataclass(frozen=True, slots=True)
class KeptApart:
    """``node``'s name fits several different things, so it joins none of them."""

    node: str
    name: str
    candidates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Resolution:
    decisions: tuple[Decision, ...] = ()
    kept_apart: tuple[KeptApart, ...] = ()
    named: tuple[tuple[str, str], ...] = ()
    """(IRI, label) of the table people that nodes join: no article may have named them in full."""

    def canonical(self) -> dict[str, str]:
        """Node IRI -> the IRI of the node it joins (only nodes that join another)."""
        return {d.node: d.canonical for d in self.decisions}


_ARTICLE = re.compile(r"^(?:al|el)\s+(?=\S)")
"""The Arabic article written onto a word ("al-Assad", "el-Fakhora"): "Assad" is the same name."""


def _words(name: str) -> list[str]:
    """A name's words, folded, without an Arabic article; a hyphenated word stays one word
    ("okonkwo lindqvist")."""
    return [w for w in (_ARTICLE.sub("", fold(part)) for part in name.split()) if w]


_TRANSLITERATION = ((re.compile(r"ph"), "f"), (re.compile(r"x"), "ks"), (re.compile(r"c(?![hei])"), "k"),
                    (re.compile(r"w"), "v"), (re.compile(r"y"), "i"), (re.compile(r"(.)\1"), r"\1"))
"""Letters that transliterations of one name trade ("Aleksander" and "Alexander", "Marc" and
"Mark", "Zelensky" and "Zelenskyy"); a doubled letter is one."""


def _spelling(name: str, kind: Kind) -> str:
    """The skeleton of a name's spelling: its words, an organization's without its legal form,
    and for a person's name transliteration variants made one (an organization's "BBC" is not "BC")."""
    if kind in ORGANIZATIONS:
        name = _without_legal_form(_without_legal_form(name))
    text = " ".join(_words(name))
    if kind is not Kind.PERSON:
        return text
    for pattern, replacement in _TRANSLITERATION:
        text = pattern.sub(replacement, text)
    return text


@functools.cache
def _legal_forms() -> frozenset[tuple[str, ...]]:
    """The legal forms of companies in many countries ("Inc", "Corp", "Ltd", "GmbH", "S.A."), as
    the maintained table of the ``cleanco`` package writes them (lower case, without dots)."""
    from cleanco.clean import prepare_default_terms

    return frozenset(tuple(parts) for _, parts in prepare_default_terms())


def _without_legal_form(name: str) -> str:
    """An organization's name without a legal form written after it, capitalized ("Sierra Nevada
    Corp." is "Sierra Nevada", "Draeger, Inc" is "Draeger"); a name that is only one stays whole,
    and so do letters our tables hold as a name ("Team EU", "Arsenal UK")."""
    words = name.replace(",", " ").split()
    for n in (3, 2, 1):
        tail = words[-n:]
        if (len(words) > n and tail[0][:1].isupper() and tuple(fold(w) for w in tail) in _legal_forms()
                and not known_not_a_person(" ".join(tail))):
            return " ".join(words[:-n])
    return name


_TYPE_WORDS = words("organizations", "type_word")


def _without_type_word(spelling: str) -> str:
    """An organization's spelling (``_spelling``) without the word for what it is, which its short
    name leaves off ("harvard university" is "harvard", "labour party" is "labour"); not when the
    rest names a place the gazetteers know: "Boston University" is not a team called "Boston"."""
    rest, _, last = spelling.rpartition(" ")
    if not rest or last not in _TYPE_WORDS or _gazetteer_place(rest):
        return spelling
    return rest


@functools.cache
def _nicknamer():
    from nicknames import NickNamer

    return NickNamer()


@functools.lru_cache(maxsize=4096)
def _full_given_names(nickname: str) -> frozenset[str]:
    """The given names a nickname is short for, of its initial and longer ("pat": patricia,
    patrick; "mike": michael; not "bill" for william, nor "ian" for john, a name of its own),
    from the maintained table of the ``nicknames`` package."""
    return frozenset(n for n in _nicknamer().canonicals_of(nickname)
                     if n[:1] == nickname[:1] and len(n) > len(nickname))


def _nickname_of(short: list[str], full: list[str]) -> bool:
    """"Pat Simmons" for "Patrick Simmons", "Mike R. Pompeo" for "Michael Pompeo": the given
    name a nickname of the full name's, and the rest of the name fits."""
    if len(short) < 2 or len(full) < 2 or full[0] not in _full_given_names(short[0]):
        return False
    rest = [full[0], *short[1:]]
    return rest == full or fits_person(rest, full)


def _first_or_fits(short: Node, full: Node) -> bool:
    """A person's name another node already carries fits it, or is its given name."""
    a, b = _words(short.label), _words(full.label)
    return fits_person(a, b) or (len(a) == 1 and a[0] == b[0])


def _titles(node: Node) -> set[str]:
    return {fold(t) for t in node.titles}


def _address(titles: set[str]) -> set[str]:
    return {ADDRESS[t] for t in titles if t in ADDRESS}


def _compatible(a: Node, b: Node) -> bool:
    """Forms of address and first names must not say a man and a woman (``same_sex``)."""
    return same_sex(a.label, a.titles, b.label, b.titles)


class _Clusters(UnionFind[str]):
    """Clusters of node IRIs; the representative of a cluster is its best-named node, and the
    cluster holds the titles of all its nodes."""

    def __init__(self, nodes: dict[str, Node]) -> None:
        super().__init__(nodes, rank=lambda iri: _rank(nodes[iri]))
        self.nodes = nodes
        self.titles: dict[str, set[str]] = {}

    def titles_of(self, root: str) -> set[str]:
        return self.titles.get(root) or _titles(self.nodes[root])

    def join(self, a: str, b: str) -> None:
        if joined := self.union(a, b):
            keep, drop = joined
            self.titles[keep] = self.titles_of(keep) | self.titles_of(drop)


def _rank(node: Node) -> tuple:
    """Canonical first: a Wikidata item, a name without words before it that name nothing
    (``_descriptor_of``), then the name of most words, the most articles, the longest name, the IRI."""
    return (not node.linked, _descriptor_of(node) is not None, -len(_words(node.label)), -node.articles,
            -len(node.label), node.iri)


def _family(kind: Kind) -> frozenset[Kind]:
    return ORGANIZATIONS if kind in ORGANIZATIONS else frozenset({kind})


def resolve_corpus(nodes: Iterable[Node], *, apart: Iterable[tuple[str, str]] = ()) -> Resolution:
    """Decide which nodes of the corpus are one thing. ``apart``: pairs of node IRIs a user said
    are different things (never joined, directly or through their clusters)."""
    by_iri = {n.iri: n for n in nodes}
    vetoed = {frozenset(p) for p in apart}
    clusters = _Clusters(by_iri)
    rule_of: dict[str, str] = {}
    kept: list[KeptApart] = []
    for node, rule, candidates in _candidates(by_iri):
        rivals = sorted({clusters.find(c) for c in candidates} - {clusters.find(node.iri)})
        if not rivals:
            continue
        if elsewhere := _table_rivals(node, rivals, clusters):
            kept.append(KeptApart(node.iri, node.label, (*rivals, *elsewhere)))
            continue
        chosen, rule = _choose(node, rivals, rule, clusters)
        if chosen is None:
            kept.append(KeptApart(node.iri, node.label, tuple(rivals)))
            continue
        members = [m for m in by_iri if clusters.find(m) == chosen] if vetoed else []
        if any(frozenset((node.iri, m)) in vetoed for m in members):
            continue
        rule_of.setdefault(node.iri, rule)
        rule_of.setdefault(chosen, rule)  # in case the joining node names the thing better
        clusters.join(node.iri, chosen)
    in_table = _from_table(by_iri, clusters, {k.node for k in kept}, vetoed)
    decisions = []
    for iri, node in by_iri.items():
        root = clusters.find(iri)
        rule = rule_of[iri] if root != iri else "table"
        if root in in_table:
            decisions.append(Decision(iri, in_table[root][0], node.label, rule, RULE_CONFIDENCE[rule]))
        elif root != iri:
            decisions.append(Decision(iri, root, node.label, rule, RULE_CONFIDENCE[rule]))
    named = tuple(sorted(set(in_table.values())))
    return Resolution(tuple(sorted(decisions, key=lambda d: d.node)), tuple(kept), named)


def _from_table(nodes: dict[str, Node], clusters: _Clusters, kept: set[str],
                vetoed: set[frozenset[str]]) -> dict[str, tuple[str, str]]:
    """Cluster root -> (IRI, label) of the one table person every name of the cluster fits, for clusters
    of people that no Wikidata node holds, no name of which was kept apart, and whose forms of
    address say nothing the table cannot check."""
    members: dict[str, list[Node]] = defaultdict(list)
    for iri, node in nodes.items():
        members[clusters.find(iri)].append(node)
    out = {}
    for root, group in members.items():
        if (nodes[root].kind is not Kind.PERSON or any(n.linked or n.iri in kept for n in group)
                or _address(set().union(*(_titles(n) for n in group)))):
            continue
        people = [_table_people(n.label) for n in group]
        fits = set.intersection(*(set(p) for p in people))
        qid = fits.pop() if len(fits) == 1 else None
        if qid is not None and not any(frozenset((n.iri, _iri_of(root, qid))) in vetoed for n in group):
            out[root] = (_iri_of(root, qid), people[0][qid])
    return out


def _table_rivals(node: Node, rivals: list[str], clusters: _Clusters) -> list[str]:
    """The IRIs of the table people a bare surname also fits that none of its rivals is: "Trump"
    fits the corpus's "Ivanka Trump" and the table's Donald Trump, two people, so it joins
    neither (a given name the corpus never wrote is still a given name)."""
    if node.kind is not Kind.PERSON or len(_words(node.label)) != 1:
        return []
    held = {qid for r in rivals for qid in _table_people(clusters.nodes[r].label)}
    held |= {r.rpartition("/")[2] for r in rivals if clusters.nodes[r].linked}
    return [_iri_of(node.iri, qid) for qid in _table_people(node.label) if qid not in held]


@functools.lru_cache(maxsize=65536)
def _table_people(name: str) -> dict[str, str]:
    """Wikidata id -> label of the table's people this name fits (its own name, or the surname of one)."""
    words = _words(name)
    return {known.qid: known.label for folded, known in tables().exact[Kind.PERSON].items()
            if known.qid and (folded == " ".join(words) or fits_person(words, folded.split()))}


def _iri_of(like: str, qid: str) -> str:
    """The IRI a Wikidata item has where ``like`` has its IRI (a store's ``{base}id/``, or a bare key)."""
    head, sep, _ = like.rpartition("/id/")
    return f"{head}{sep}{qid}" if sep else qid


def _choose(node: Node, rivals: list[str], rule: str, clusters: _Clusters) -> tuple[str | None, str]:
    """The one cluster the node joins, or None; an office title may single out one of several.
    Nodes of one spelling are one name, never rivals ("Sierra Nevada Corp", "Sierra Nevada
    Corporation" and "Sierra Nevada" join one another), unless two are Wikidata items."""
    if len(rivals) == 1:
        return rivals[0], rule
    if rule == "spelling" and sum(clusters.nodes[r].linked for r in (node.iri, *rivals)) <= 1:
        return rivals[0], rule
    offices = _titles(node) - _COURTESY
    if node.kind is not Kind.PERSON or not offices:
        return None, rule
    held = [r for r in rivals if offices & clusters.titles_of(r)]
    return (held[0], "surname+title") if len(held) == 1 else (None, rule)


def _candidates(nodes: dict[str, Node]):
    """(node, rule, IRIs of the nodes its name fits), fullest names first so that a short name
    meets clusters that are already whole."""
    alias_of: dict[tuple[Kind, str], set[str]] = defaultdict(set)
    by_last: dict[str, list[Node]] = defaultdict(list)
    by_initials: dict[str, list[Node]] = defaultdict(list)
    by_spelling: dict[tuple[Kind, str], set[str]] = defaultdict(set)
    by_short_name: dict[tuple[Kind, str], set[str]] = defaultdict(set)
    for n in nodes.values():
        by_spelling[(n.kind, spelling := _spelling(n.label, n.kind))].add(n.iri)
        if n.kind in ORGANIZATIONS and (short := _without_type_word(spelling)) != spelling:
            by_short_name[(n.kind, short)].add(n.iri)
        for name in n.aliases:
            alias_of[(n.kind, fold(name))].add(n.iri)
        words = _words(n.label)
        if n.kind is Kind.PERSON and words:
            for key in {words[-1], without_suffix(words)[-1], words[0]}:
                by_last[key].append(n)
        if n.kind in ORGANIZATIONS and (letters := _initials(n.label)):
            by_initials[letters].append(n)
    for n in sorted(nodes.values(), key=lambda n: (-len(_words(n.label)), n.iri)):
        if n.kind is Kind.PLACE and _gazetteer_place(n.label):
            continue  # the gazetteer decided which place it is, in every article alike
        folded = fold(n.label)
        same_name = {i for k in _family(n.kind) for i in alias_of.get((k, folded), ())}
        same_name = {i for i in same_name if i != n.iri and fold(nodes[i].label) != folded
                     and (n.kind is not Kind.PERSON or _first_or_fits(n, nodes[i]))}
        spelled = by_spelling[(n.kind, _spelling(n.label, n.kind))] - {n.iri}
        if spelled:
            yield n, "spelling", spelled
        elif n.kind is Kind.PERSON:
            if known_not_a_person(n.label):
                continue
            words = _words(n.label)
            fits = {m.iri for key in {words[0], words[-1]} for m in by_last.get(key, ())
                    if fits_person(words, _words(m.label))
                    and _compatible(n, m) and not known_not_a_person(m.label)}
            if same_name or fits:
                yield n, "alias" if same_name else "surname", same_name | fits
            elif nicknamed := {m.iri for m in by_last.get(words[-1], ()) if _nickname_of(words, _words(m.label))
                               and _compatible(n, m)}:
                yield n, "nickname", nicknamed
        elif same_name:
            yield n, "alias", same_name
        elif n.kind in ORGANIZATIONS and ACRONYM.match(n.label) and len(n.label.replace(".", "")) >= 3:
            letters = n.label.replace(".", "")
            spelled = {m.iri for m in by_initials.get(letters, ()) if not ACRONYM.match(m.label)}
            if spelled:
                yield n, "acronym", spelled
        elif n.kind in ORGANIZATIONS and (typed := by_short_name.get((n.kind, _spelling(n.label, n.kind)))):
            yield n, "type-word", typed
    yield from _other_kind(nodes)
    yield from _with_descriptor(nodes)


def _other_kind(nodes: dict[str, Node]):
    """(node, "kind", {IRI}): a name the model typed one way in some articles and another way in
    more ("NASA" a person once, an organization six times) is the node of the kind most articles
    give it. Not a name the gazetteers or Wikidata decided ("Jordan" the country and a Jordan),
    nor a person with a title. A tie goes to the organization when the other readings are weak
    (``_tie_to_organization``), else decides nothing."""
    same: dict[str, list[Node]] = defaultdict(list)
    for n in nodes.values():
        if not n.linked and not (n.kind is Kind.PERSON and n.titles):
            same[fold(n.label)].append(n)
    for name, group in same.items():
        if len({min(_family(n.kind)) for n in group}) < 2 or _gazetteer_place(name):
            continue
        most = max(n.articles for n in group)
        tied = [n for n in group if n.articles == most]
        best = tied[0] if len(tied) == 1 else _tie_to_organization(tied)
        if best is None:
            continue
        for n in group:
            if _family(n.kind) != _family(best.kind):
                yield n, "kind", {best.iri}


_POSSESSIVE = re.compile(r"['’]s$")


def _with_descriptor(nodes: dict[str, Node]):
    """(node, "descriptor", {IRI}): a node whose label is another node's name with words before it
    that name nothing, lower-case words ("recent Samsung") or a name in the possessive ("Jeff
    Bezos's Blue Origin"), is that node: the model took the words into the span. The name must be
    one of the node's own names too (an article said it alone), and name one node only."""
    by_label: dict[str, set[str]] = defaultdict(set)
    for n in nodes.values():
        by_label[fold(n.label)].add(n.iri)
    for n in nodes.values():
        if (name := _descriptor_of(n)) and (found := by_label.get(fold(name), set()) - {n.iri}):
            yield n, "descriptor", found


def _descriptor_of(node: Node) -> str | None:
    """The alias of a node that its label writes after words that name nothing, or None. Not a
    place's: "northern Gaza" is a part of Gaza."""
    if node.kind is Kind.PLACE:
        return None
    words = node.label.split()
    for alias in node.aliases:
        head = words[:-len(alias.split())]
        if head and fold(" ".join(words[len(head):])) == fold(alias) and (
                all(w.islower() for w in head) or _POSSESSIVE.search(head[-1])):
            return alias
    return None


def _tie_to_organization(tied: list[Node]) -> Node | None:
    """Of readings given by as many articles each, the one organization, when every other one
    is a place the gazetteers do not know or a person named by one bare word ("Lowe", "Tyvak"):
    a company or product the model took for a place or a surname, its commonest slip on names it
    has not seen. Two full names, or two organizations, decide nothing."""
    organizations = [n for n in tied if n.kind in ORGANIZATIONS]
    others = [n for n in tied if n.kind not in ORGANIZATIONS]
    weak = all(n.kind is Kind.PLACE or (n.kind is Kind.PERSON and len(_words(n.label)) == 1) for n in others)
    return organizations[0] if len(organizations) == 1 and weak else None


def _gazetteer_place(name: str) -> bool:
    found = lookup(name, Kind.PLACE)
    return found is not None and found.confidence >= LINK_THRESHOLD


def _initials(name: str) -> str:
    """The initials of a name of two or more words ("Sudan Armed Forces" -> "SAF"), else ""."""
    letters = initials(name)
    return letters if len(letters) >= 2 else ""


def nodes_of(entities_by_article: Iterable[Iterable[Entity]]) -> list[Node]:
    """The nodes a build makes of these articles' entities (one per key, as the store holds
    them): for ``kg evaluate``, which resolves without a store. IRIs are the keys."""
    seen: dict[str, list[Entity]] = defaultdict(list)
    for entities in entities_by_article:
        for e in entities:
            if e.kind is not Kind.DATE:
                seen[e.key].append(e)
    out = []
    for key, es in seen.items():
        labels = Counter(e.label for e in es)
        label = min(labels, key=lambda x: (-labels[x], x))
        names = {n for e in es for n in (e.label, *e.aliases)} - {label}
        titles = {t for e in es for t in e.titles}
        out.append(Node(key, es[0].kind, label, tuple(sorted(names)), tuple(sorted(titles)), len(es),
                        re.fullmatch(r"Q\d+", key) is not None))
    return out
