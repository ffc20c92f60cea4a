"""Read and write annotated documents in the evaluation corpus schema (gold and predictions).

One schema serves both sides: ``entities`` with type/text/start/end and ``events`` with a
trigger span, a type and arguments. Gold files also carry the scoring conventions
(``annotated_types``, ``annotated_regions``, ``annotated_events``, ``annotated_arguments``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError

GOLD_SUFFIX = ".gold.json"
PRED_SUFFIX = ".pred.json"


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A typed span. ``start``/``end`` are None when a prediction file gave unusable offsets."""

    type: str | None
    text: str
    start: int | None
    end: int | None
    form: str | None = None
    """Gold only: ``name``, ``nominal`` or ``pronoun``."""


@dataclass(frozen=True, slots=True)
class Argument:
    role: str
    text: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class EventMention:
    trigger: str
    start: int
    end: int
    type: str | None
    arguments: tuple[Argument, ...] = ()


@dataclass(frozen=True, slots=True)
class AnnotatedDoc:
    """One document's annotations. The ``annotated_*`` fields are None when the file lacks them."""

    doc_id: str
    entities: tuple[EntityMention, ...] = ()
    events: tuple[EventMention, ...] = ()
    annotated_types: tuple[str, ...] | None = None
    annotated_regions: tuple[tuple[int, int], ...] | None = None
    annotated_events: bool | None = None
    annotated_arguments: bool | None = None


@dataclass(frozen=True, slots=True)
class GoldText:
    """A gold document together with its article text and date, as found in a gold folder."""

    gold: AnnotatedDoc
    text: str
    path: Path
    date: str | None = None


def _offsets(raw: Mapping[str, Any]) -> tuple[int, int] | None:
    try:
        return int(raw["start"]), int(raw["end"])
    except (KeyError, TypeError, ValueError):
        return None


def _entity(raw: Mapping[str, Any]) -> EntityMention:
    start, end = _offsets(raw) or (None, None)
    return EntityMention(raw.get("type"), str(raw.get("text") or ""), start, end, raw.get("form"))


def _argument(raw: Mapping[str, Any]) -> Argument:
    start, end = _offsets(raw) or (None, None)
    return Argument(str(raw.get("role") or ""), str(raw.get("text") or ""), start, end)


def _events(items: Iterable[Mapping[str, Any]]) -> tuple[EventMention, ...]:
    """Events with usable trigger offsets; the others cannot be scored and are left out."""
    events = []
    for raw in items:
        offsets = _offsets(raw)
        if offsets is None:
            continue
        args = tuple(_argument(a) for a in raw.get("arguments") or ())
        events.append(EventMention(str(raw.get("trigger") or ""), *offsets, raw.get("type"), args))
    return tuple(events)


def doc_from_json(data: Mapping[str, Any], default_id: str) -> AnnotatedDoc:
    """Build an ``AnnotatedDoc`` from one parsed gold or prediction file."""
    types = data.get("annotated_types")
    regions = data.get("annotated_regions")
    return AnnotatedDoc(
        doc_id=str(data.get("doc_id") or default_id),
        entities=tuple(_entity(e) for e in data.get("entities") or ()),
        events=_events(data.get("events") or ()),
        annotated_types=tuple(types) if types else None,
        annotated_regions=tuple((int(s), int(e)) for s, e in regions) if regions is not None else None,
        annotated_events=data.get("annotated_events"),
        annotated_arguments=data.get("annotated_arguments"),
    )


def doc_to_json(doc: AnnotatedDoc) -> dict[str, Any]:
    """The prediction-file form of a document (entities and events only)."""
    return {
        "doc_id": doc.doc_id,
        "entities": [
            {"type": e.type, "text": e.text, "start": e.start, "end": e.end} for e in doc.entities
        ],
        "events": [
            {
                "trigger": ev.trigger,
                "start": ev.start,
                "end": ev.end,
                "type": ev.type,
                "arguments": [
                    {"role": a.role, "text": a.text, "start": a.start, "end": a.end}
                    for a in ev.arguments
                ],
            }
            for ev in doc.events
        ],
    }


def _load(path: Path) -> Mapping[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}; fix or remove the file") from None
    if not isinstance(data, dict):
        raise InputError(f"{path} is not a JSON object in the corpus schema; fix or remove it")
    return data


def read_gold_dir(folder: Path | str) -> tuple[GoldText, ...]:
    """Every ``<id>.txt`` with its ``<id>.gold.json`` in ``folder``, sorted by file name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"gold folder {folder} does not exist; pass a folder of <id>.txt + <id>.gold.json")
    found = []
    for gold_path in sorted(folder.glob(f"*{GOLD_SUFFIX}")):
        stem = gold_path.name[: -len(GOLD_SUFFIX)]
        text_path = folder / f"{stem}.txt"
        if not text_path.is_file():
            continue
        data = _load(gold_path)
        with text_path.open(encoding="utf-8", newline="") as fh:
            text = fh.read()
        found.append(GoldText(doc_from_json(data, stem), text, text_path, data.get("date")))
    if not found:
        raise InputError(f"{folder} holds no <id>.txt + <id>.gold.json pairs; nothing to evaluate")
    return tuple(found)


def read_pred_dir(folder: Path | str) -> dict[str, AnnotatedDoc]:
    """Every ``<id>.pred.json`` in ``folder``, keyed by its ``doc_id``."""
    docs = {}
    for path in sorted(Path(folder).glob(f"*{PRED_SUFFIX}")):
        doc = doc_from_json(_load(path), path.name[: -len(PRED_SUFFIX)])
        docs[doc.doc_id] = doc
    return docs


def write_predictions(docs: Iterable[AnnotatedDoc], folder: Path | str) -> int:
    """Write ``<doc_id>.pred.json`` files into ``folder`` (created if needed); return how many."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        count = 0
        for doc in docs:
            payload = json.dumps(doc_to_json(doc), ensure_ascii=False, indent=1)
            (folder / f"{doc.doc_id}{PRED_SUFFIX}").write_text(payload + "\n", encoding="utf-8")
            count += 1
    except OSError as exc:
        raise InputError(f"cannot write predictions to {folder}: {exc}") from None
    return count
