"""How sure news-kg is of what it states: every confidence it writes, named, in one table.

Values are in [0, 1] and are written as ``kgo:confidence`` (occurrences, relations) or
``kgo:linkConfidence`` (identity links). They rank findings; they are not calibrated
probabilities.
"""

from __future__ import annotations

# Relations between named things (kg.nlp.relations)
RELATION_STATED = 0.8
"""A verb or apposition pattern: "X commanded Y", "Y, commanded by X", "X, a town in Y"."""
RELATION_DESCRIBED = 0.7
"""Through a descriptor phrase (the predicate of "is", the entity's own phrase), or "Y, Z"."""
RELATION_ADJACENT = 0.6
"""A bare adjacency ("X in Y"), or a country as the parent of a unit."""

# Occurrences (kg.nlp.events): a base by trigger, raised by what fills its roles
OCCURRENCE_VERBAL = 0.55
OCCURRENCE_NOMINAL = 0.45
OCCURRENCE_AGENT = 0.2
"""An agent found in the trigger's own clause."""
OCCURRENCE_RESOLVED_AGENT = 0.1
"""An agent found only by resolving a pronoun to the previous sentence."""
OCCURRENCE_OTHER_ROLE = 0.15
OCCURRENCE_MAX = 0.95

# Identity links (kg.link)
LINK_TABLE = 0.95
"""A name in our hand-written tables or the country gazetteer."""
LINK_GAZETTEER = 0.9
"""A capital, a US state, a city the gazetteer names, a country from its demonym."""
LINK_DEMONYM_RULE = 0.7
"""The armed forces of a country, named after it when no table knows them."""
LINK_CITY_BASE = 0.6
LINK_CITY_SHARE = 0.35
"""A city by name: the base plus this times its share of the population of every place of that name."""
LINK_CITY_VARIANT = 0.95
"""Factor for a spelling variant of the city's name."""
