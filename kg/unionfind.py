"""Union-find over hashable items, shared by the identity rules of one article (``kg.resolve``)
and of the whole corpus (``kg.identity``)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class UnionFind(Generic[T]):
    """Disjoint sets of ``items``; the representative of a set is its member of lowest ``rank``."""

    def __init__(self, items: Iterable[T], rank: Callable[[T], Any]) -> None:
        self.parent: dict[T, T] = {x: x for x in items}
        self.rank = rank

    def find(self, x: T) -> T:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: T, b: T) -> tuple[T, T] | None:
        """Join the sets of ``a`` and ``b``: (the representative kept, the one that joined it),
        or None when they were one set already."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        keep, drop = sorted((ra, rb), key=self.rank)
        self.parent[drop] = keep
        return keep, drop
