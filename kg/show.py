"""``kg show DIR NAME``: everything the store knows about one entity, as a text card.

All of it is SPARQL over the store: the entity is found by label, alias, key or IRI (case does
not matter); the card lists its types, aliases, titles, links, coordinates, the articles that
mention it with the sentences, the events it takes part in and the entities it appears with.
Nodes that the corpus-level identity joined (``kgo:canonical``, see ``kg.identity``) are one
card: the canonical node's, with the others' names, articles and events.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from kg.errors import KGError
from kg.rdf.prefixes import PREFIX_IRIS
from kg.store import Store

SHORT = {PREFIX_IRIS[p]: f"{p}:" for p in ("schema", "sem", "dbo", "kgo")}
"""The namespaces a card's types are shortened in (the query prefixes need no declaration)."""


class EntityNotFound(KGError):
    """No entity in the store has the name asked for."""


@dataclass(frozen=True)
class Mentioned:
    article: str
    headline: str | None
    url: str | None
    published: str | None
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Card:
    iri: str
    label: str
    types: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    links: tuple[tuple[str, str | None], ...] = ()
    lat: str | None = None
    long: str | None = None
    articles: tuple[Mentioned, ...] = ()
    events: tuple[tuple[str, str, str | None], ...] = ()
    related: tuple[tuple[str, str, int], ...] = field(default=())


def _lit(text: str) -> str:
    return json.dumps(text)


def _rows(store: Store, sparql: str) -> list[tuple[str | None, ...]]:
    result = store.query(sparql)
    return [tuple(None if t is None else t.value for t in row) for row in result.rows]


def find(store: Store, name: str) -> list[str]:
    """IRIs of the entities called ``name`` (label, alias, key or IRI), best-supported first;
    a node that joins another gives the canonical node's IRI."""
    q = _lit(name.strip().casefold())
    rows = _rows(store, f"""
        SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE {{
          GRAPH ?g {{ ?e rdfs:label|schema:alternateName ?name . ?a schema:mentions|schema:about ?e }}
          FILTER(LCASE(STR(?name)) = {q} || LCASE(STR(?e)) = {q} || STRENDS(LCASE(STR(?e)), CONCAT("/id/", {q})))
        }} GROUP BY ?e ORDER BY DESC(?n) STR(?e)""")
    canonical = dict(_rows(store, "SELECT ?e ?c WHERE { GRAPH ?i { ?e kgo:canonical ?c } }"))
    return list(dict.fromkeys(canonical.get(r[0], r[0]) for r in rows if r[0]))


def members(store: Store, iri: str) -> list[str]:
    """The node and every node that joins it."""
    rows = _rows(store, f"SELECT ?e WHERE {{ GRAPH ?i {{ ?e kgo:canonical <{iri}> }} }} ORDER BY ?e")
    return [iri, *(r[0] for r in rows)]


def card(store: Store, iri: str) -> Card:
    nodes = members(store, iri)
    e = "?this"
    these = "VALUES ?this { " + " ".join(f"<{n}>" for n in nodes) + " }"

    def values(p: str, of: str = these) -> list[str]:
        return sorted({r[0] for r in _rows(store, f"SELECT DISTINCT ?v WHERE {{ {of} GRAPH ?g {{ {e} {p} ?v }} }}")})

    labels = values("rdfs:label", f"VALUES ?this {{ <{iri}> }}")
    names = [n for n in values("rdfs:label") if n not in labels]
    links = _rows(store, f"""SELECT DISTINCT ?l (MAX(?c) AS ?conf) WHERE {{ {these} GRAPH ?g {{ {e} owl:sameAs ?l
        OPTIONAL {{ {e} kgo:linkConfidence ?c }} }} }} GROUP BY ?l ORDER BY ?l""")
    lat, long = (values("geo:lat") or [None])[0], (values("geo:long") or [None])[0]
    return Card(iri, labels[0] if labels else iri, tuple(_short(t) for t in values("rdf:type")),
                tuple(dict.fromkeys(a for a in (*names, *values("schema:alternateName")) if a not in labels)),
                tuple(values("schema:honorificPrefix")), tuple((r[0], r[1]) for r in links), lat, long,
                _articles(store, e, these), _events(store, e, these),
                _related(store, e, these, ", ".join(f"<{n}>" for n in nodes)))


def _articles(store: Store, e: str, these: str) -> tuple[Mentioned, ...]:
    rows = _rows(store, f"""SELECT ?a ?h ?u ?d ?s WHERE {{ {these} GRAPH ?g {{
          ?a schema:mentions|schema:about {e} .
          OPTIONAL {{ ?a schema:headline ?h }} OPTIONAL {{ ?a schema:url ?u }} OPTIONAL {{ ?a schema:datePublished ?d }}
          OPTIONAL {{ {e} gaf:denotedBy ?m . ?m nif:sentence ?sent . ?sent nif:anchorOf ?s ; nif:beginIndex ?b }} }}
        }} ORDER BY ?d ?a ?b""")
    by_article: dict[str, list] = {}
    for a, h, u, d, s in rows:
        entry = by_article.setdefault(a, [h, u, d, []])
        if s and s not in entry[3]:
            entry[3].append(s)
    return tuple(Mentioned(a, h, u, d, tuple(ss)) for a, (h, u, d, ss) in by_article.items())


def _events(store: Store, e: str, these: str) -> tuple[tuple[str, str, str | None], ...]:
    rows = _rows(store, f"""SELECT DISTINCT ?o ?label ?t WHERE {{ {these} GRAPH ?g {{
          ?o sem:hasActor|sem:hasPlace|schema:agent|schema:object|sem:subEventOf {e} .
          OPTIONAL {{ ?o rdfs:label ?label }} OPTIONAL {{ ?o sem:eventType ?type }}
          OPTIONAL {{ ?o sem:hasEarliestBeginTimeStamp ?t }} }} }} ORDER BY ?t ?o LIMIT 50""")
    return tuple((o, label or o.rsplit("/", 1)[-1], t) for o, label, t in rows)


def _related(store: Store, e: str, values: str, these: str) -> tuple[tuple[str, str, int], ...]:
    rows = _rows(store, f"""SELECT ?x (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?g) AS ?n) WHERE {{ {values} GRAPH ?g {{
          {{ ?o sem:hasActor|sem:hasPlace {e} . ?o sem:hasActor|sem:hasPlace ?x }}
          UNION {{ {e} ?p ?x . ?x rdfs:label ?any FILTER(?p != rdf:type) }}
          UNION {{ ?x ?p {e} . ?x rdfs:label ?any FILTER(?p NOT IN (schema:mentions, schema:about)) }}
          ?x rdfs:label ?l FILTER(?x NOT IN ({these}))
          FILTER NOT EXISTS {{ ?x a schema:Action }} FILTER NOT EXISTS {{ ?x a kgo:UnnamedParticipant }} }}
        }} GROUP BY ?x ORDER BY DESC(?n) ?label LIMIT 25""")
    return tuple((x, label, int(n)) for x, label, n in rows)


def _short(iri: str) -> str:
    for long, short in SHORT.items():
        if iri.startswith(long):
            return short + iri[len(long):]
    return iri


def render(c: Card) -> str:
    lines = [f"{c.label}  <{c.iri}>", f"  types: {', '.join(c.types) or '-'}"]
    if c.aliases:
        lines.append(f"  aliases: {'; '.join(c.aliases)}")
    if c.titles:
        lines.append(f"  titles: {'; '.join(c.titles)}")
    for iri, conf in c.links:
        lines.append(f"  same as: {iri}" + (f" (confidence {conf})" if conf else ""))
    if c.lat is not None:
        lines.append(f"  coordinates: {c.lat}, {c.long}")
    lines.append(f"  articles ({len(c.articles)}):")
    for m in c.articles:
        lines.append(f"    - {m.headline or m.url or m.article}" + (f" [{m.published[:10]}]" if m.published else ""))
        lines.extend(f"        \"{' '.join(s.split())}\"" for s in m.sentences)
    if c.events:
        lines.append(f"  events ({len(c.events)}):")
        lines.extend(f"    - {label}" + (f" [{t}]" if t else "") for _, label, t in c.events)
    if c.related:
        lines.append("  related:")
        lines.extend(f"    - {label} ({n} article{'s' if n != 1 else ''})" for _, label, n in c.related)
    return "\n".join(lines)


def show(out_dir: str | os.PathLike[str], name: str) -> str:
    """The card of every entity called ``name`` in the store under ``out_dir``."""
    store = Store.open(out_dir, read_only=True)
    try:
        iris = find(store, name)
        if not iris:
            raise EntityNotFound(f"no entity called {name!r} in {out_dir}; list names with: "
                                 f"kg query {out_dir} 'SELECT DISTINCT ?l WHERE {{ GRAPH ?g {{ ?e rdfs:label ?l }} }}'")
        return "\n\n".join(render(card(store, iri)) for iri in iris[:5])
    finally:
        store.close()
