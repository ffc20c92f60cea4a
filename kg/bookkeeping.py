"""What a store keeps about the articles it holds, and what a build needs of a store.

Every article graph ``{base}graph/{id}`` has a record in ``{base}graph/_builds``: its id,
content hash and source, written with the graph and never claiming one that is not fully there.
The embedded store (``kg.store.Store``) and the Graph Store Protocol client
(``kg.gsp.GraphStoreClient``) keep the same records with the same terms and queries, from here;
both are an ``ArticleStore``, the interface ``kg.pipeline`` builds into.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import pyoxigraph as ox

from kg.errors import InvalidGraph, StoreError
from kg.rdf.prefixes import PREFIX_IRIS
from kg.sparql.engine import one_line
from kg.types import Built

BUILDS_GRAPH = "_builds"
ARTICLE_ID = ox.NamedNode(PREFIX_IRIS["kgo"] + "articleId")
CONTENT_HASH = ox.NamedNode(PREFIX_IRIS["kgo"] + "contentHash")
SOURCE = ox.NamedNode(PREFIX_IRIS["kgo"] + "source")
RECORD_FIELDS = {ARTICLE_ID.value: "article_id", CONTENT_HASH.value: "content_hash", SOURCE.value: "source"}
"""Predicate IRI of each quad of an article's bookkeeping record -> the ``Built`` field it holds."""
KNOWN_HASHES = f"SELECT ?id ?h WHERE {{ GRAPH ?b {{ ?g {ARTICLE_ID} ?id ; {CONTENT_HASH} ?h }} }}"
"""article id (``?id``) and content hash (``?h``) of every recorded article."""
KNOWN_SOURCES = f"SELECT ?s ?id WHERE {{ GRAPH ?b {{ ?g {ARTICLE_ID} ?id ; {SOURCE} ?s }} }}"
"""source (``?s``) and article id (``?id``) of every recorded article."""


class ArticleStore(Protocol):
    """The operations a build needs of a store: ``kg.store.Store`` or ``kg.gsp.GraphStoreClient``."""

    def known_hashes(self) -> dict[str, str]:
        """article_id -> content hash of every article fully in the store."""
        ...

    def known_sources(self) -> dict[str, str]:
        """source -> article_id of every article in the store."""
        ...

    def write_articles(self, articles: Iterable[Built]) -> None:
        """Write articles, each replacing its old graph, crash-safely; ``InvalidGraph`` if one
        is not valid N-Quads (then the others may or may not be written)."""
        ...

    def replace_article(self, article_id: str, graph_iri: str, nquads: bytes, content_hash: str,
                        source: str) -> None:
        """Write one article, replacing its old graph, crash-safely."""
        ...

    def remove_article(self, article_id_or_url: str) -> bool:
        """Drop an article's graph and its record; True if anything was removed."""
        ...

    def flush(self) -> None:
        ...

    def close(self) -> None:
        ...


def builds_graph_for(graph_iri: str) -> str:
    """``{base}graph/{id}`` -> ``{base}graph/_builds``."""
    head, sep, _ = graph_iri.rpartition("/")
    if not sep:
        raise StoreError(f"graph IRI {graph_iri!r} has no '/': expected {{base}}graph/{{id}}")
    return f"{head}/{BUILDS_GRAPH}"


def is_builds_graph(iri: str) -> bool:
    return iri.endswith("/" + BUILDS_GRAPH)


def record_quads(article: Built) -> list[ox.Quad]:
    """The bookkeeping record of one article, in ``{base}graph/_builds``."""
    g, bk = ox.NamedNode(article.graph_iri), ox.NamedNode(builds_graph_for(article.graph_iri))
    values = ((ARTICLE_ID, article.article_id), (CONTENT_HASH, article.content_hash), (SOURCE, article.source))
    return [ox.Quad(g, p, ox.Literal(v), bk) for p, v in values]


def record_nquads(article: Built) -> bytes:
    """The bookkeeping record of one article, as N-Quads."""
    return "".join(f"{q} .\n" for q in record_quads(article)).encode()


def delete_record(graph_iri: str) -> str:
    """SPARQL Update dropping the record of the article graph ``graph_iri``."""
    node, bk = ox.NamedNode(graph_iri), ox.NamedNode(builds_graph_for(graph_iri))
    return f"DELETE WHERE {{ GRAPH {bk} {{ {node} ?p ?o }} }}"


def article_ids(key: str) -> set[str]:
    """The article ids ``key`` may name: itself, and the id of the URL when it is one."""
    if "://" not in key:
        return {key}
    from kg.rdf.iris import article_id  # not at the top: it imports rdflib, which queries never need

    return {key, article_id(key, "")}


def iri_node(key: str) -> ox.NamedNode | None:
    """``key`` as an IRI when it is one (an article IRI, graph IRI or URL), else None."""
    try:
        return ox.NamedNode(key) if "://" in key else None
    except ValueError:
        return None


def quads_in_graph(nquads: bytes, graph_iri: str) -> list[ox.Quad]:
    """The quads of N-Quads (or N-Triples) of one article graph, every one put in ``graph_iri``;
    ``InvalidGraph`` if they do not parse, ``StoreError`` if one is in another graph."""
    g = ox.NamedNode(graph_iri)
    try:
        quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    except SyntaxError as exc:
        raise InvalidGraph(f"article graph {graph_iri} is not valid N-Quads: {one_line(exc)}") from None
    stray = next((q.graph_name for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)
                  and q.graph_name != g), None)
    if stray is not None:
        raise StoreError(f"article graph {graph_iri} holds a quad in another graph ({stray}); "
                         "every quad of an article must be in its own graph")
    return [ox.Quad(q.subject, q.predicate, q.object, g) for q in quads]
