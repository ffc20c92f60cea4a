"""How a node looks in every export: one colour per kind, size by number of articles."""

from __future__ import annotations

import math

from kg.kinds import COLORS

KIND_COLORS: dict[str, str] = COLORS | {  # Okabe-Ito, readable by colour-blind people
    "occurrence": "#56B4E9",
    "article": "#999999",
}
FALLBACK_COLOR = "#777777"
COMMUNITY_COLORS: list[str] = [  # Tableau 10: the ten largest communities; the others grey
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F",
    "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC",
]


def color(kind: str) -> str:
    return KIND_COLORS.get(kind, FALLBACK_COLOR)


def rgb(kind: str) -> tuple[int, int, int]:
    hexa = color(kind).lstrip("#")
    return int(hexa[0:2], 16), int(hexa[2:4], 16), int(hexa[4:6], 16)


def node_size(n_articles: int) -> float:
    """Grows with the square root of the support, so big hubs do not hide the rest."""
    return round(8.0 + 6.0 * math.sqrt(max(n_articles, 1) - 1), 2)
