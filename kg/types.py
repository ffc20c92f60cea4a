"""The records that flow between stages. All frozen, small and picklable.

Data moves forward only: readers make ``Article``; the extractor turns an article and its
spaCy ``Doc`` into an ``Extraction``; the RDF stage turns an ``Extraction`` into one named graph.
Nothing downstream of the extractor holds spaCy objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from kg.kinds import KINDS


Kind = StrEnum("Kind", [(row.name.upper(), row.name) for row in KINDS], module=__name__)
"""What an entity is: one member per row of ``kg.kinds.KINDS``. The value is also the IRI path
segment (``id/{kind}/{slug}``)."""
ORGANIZATIONS = frozenset(Kind(row.name) for row in KINDS if "schema:Organization" in row.classes)
"""Kinds whose nodes are organizations (a military unit is one): a name of one may name the other."""


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, as read from any source.

    ``text`` is the exact string every character offset refers to: the headline (when there
    is one), a blank line, then the body. ``id`` is 16 hex digits from the canonical URL, or
    from the text when there is no URL. ``content_hash`` changes when anything we would
    extract from changes (text, url, title, date, tags); incremental builds compare it.
    """

    id: str
    text: str
    source: str
    content_hash: str
    url: str | None = None
    title: str | None = None
    published: dt.datetime | dt.date | None = None
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that produced no article, and why (shown to the user, counted in the summary)."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Built:
    """One article's graph as N-Quads, with what the store records about it: what crosses the
    process boundary from a worker and what a store or sink writes."""

    article_id: str
    graph_iri: str
    nquads: bytes
    content_hash: str
    source: str


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the article text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity name in the text, with the sentence around it."""

    span: Span
    kind: Kind
    sentence: Span
    name: str
    """The canonical surface name after trimming ("Red Army" for "the Red Army forces")."""
    named: bool = True
    """False for a description that refers to the entity without naming it ("the refugee camp")."""


@dataclass(frozen=True, slots=True)
class Link:
    """An identity link to an outside resource (Wikidata, GeoNames), with how sure we are."""

    iri: str
    confidence: float
    source: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A thing mentioned in one article: all its mentions, its best name and what we know."""

    key: str
    """Stable identity key ``{kind}/{slug}`` (or ``Q123`` once linked); becomes the IRI path."""
    kind: Kind
    label: str
    mentions: tuple[Mention, ...]
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    lat: float | None = None
    long: float | None = None
    from_tags: bool = False
    """True when the entity is known only from the article's keyword tags, not its text."""
    begin: dt.date | None = None
    end: dt.date | None = None
    """For named events: when they happened (first and last day), where our table knows it."""


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """A time expression normalised to calendar bounds (inclusive)."""

    span: Span | None
    begin: dt.date
    end: dt.date
    value: str
    """ISO 8601 of the period at its own granularity: ``1945``, ``1945-08``, ``1945-08-09``."""
    duration: str | None = None
    """ISO 8601 duration when the text gives one ("P2W")."""
    modifier: str | None = None
    """TimeML ``mod``: of a duration (``LESS_THAN``, ``MORE_THAN``, ``APPROX``) or, from the
    preposition before the expression, of the bound it sets (``BEFORE``, ``AFTER``, ``END``)."""


@dataclass(frozen=True, slots=True)
class Role:
    """A participant of an occurrence: ``role`` is agent, patient, place, participant, commander."""

    role: str
    entity: str | None
    """The ``Entity.key`` of the participant; None for an unnamed one ("12 civilians", "a car bomb")."""
    span: Span | None = None
    """Where the text names the participant in this role: a name, a pronoun, or a noun phrase's head."""
    label: str = ""
    """The noun phrase of an unnamed participant."""


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Something that happened, found from a verb or a nominal trigger."""

    trigger: Span
    sentence: Span
    event_type: str
    """Local name of a concept in the event-type scheme (``Attack``, ``Liberation``...)."""
    roles: tuple[Role, ...] = ()
    time: TimeSpan | None = None
    when: Span | None = None
    """A time the sentence names that cannot be dated ("on Tuesday" with no publication date);
    set only when ``time`` is None."""
    part_of: str | None = None
    """The ``Entity.key`` of a named event this occurrence belongs to."""
    confidence: float = 0.5
    factuality: str = "Asserted"
    """Whether the text states it as a fact: a value of ``kg.nlp.factuality.VALUES``."""


@dataclass(frozen=True, slots=True)
class Quotation:
    """Who said what: the words a speaker is quoted with, or a paraphrase of them."""

    text: Span
    """The quoted or reported words (without quotation marks or a leading "that")."""
    cue: Span
    """The verb of saying ("said", "told", "warned")."""
    sentence: Span
    speaker: Role | None
    """The speaker (``role == "agent"``): a named entity, or an unnamed one ("officials", "he")."""
    direct: bool
    """True for words in quotation marks, False for reported speech."""
    about: tuple[str, ...] = ()
    """``Entity.key`` of every entity the words name."""
    time: TimeSpan | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """A stated relation between two entities, with its evidence."""

    subject: str
    predicate: str
    """``commander``, ``militaryUnit``, ``parentOrganization``, ``containedInPlace``, ``subEventOf``."""
    object: str
    sentence: Span
    confidence: float = 0.5


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything found in one article. The unit of work that crosses process boundaries."""

    article: Article
    entities: tuple[Entity, ...] = ()
    occurrences: tuple[Occurrence, ...] = ()
    relations: tuple[Relation, ...] = ()
    times: tuple[TimeSpan, ...] = field(default=())
    undated: tuple[Span, ...] = ()
    """Time expressions that cannot be put on the calendar (``kg.nlp.timex.undated_times``)."""
    quotations: tuple[Quotation, ...] = ()
