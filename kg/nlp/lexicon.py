"""The trigger lexicon: ``patterns/triggers.jsonl`` read into inflected word forms.

One line per event type of ``ontologies/event-types.ttl``: base forms of verbs, nouns,
adjectives; irregular forms after ``|``; a verb's particle or fixed object after a space:
``"blow|blew|blown up"``. Inflected forms are generated here, because the pipeline runs
without a lemmatizer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TRIGGERS = Path(__file__).with_name("patterns") / "triggers.jsonl"


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: Mapping[str, tuple[tuple[str, str], ...]]
    """inflected form -> ((event type, particle or fixed object or ""), ...)"""
    nouns: Mapping[tuple[str, ...], tuple[str, ...]]
    """lower-case word sequence (last word inflected) -> event types"""
    adjectives: Mapping[str, tuple[str, ...]]
    heads: frozenset[str]
    """every word a trigger can end in: other tokens are skipped at once"""


def _third(base: str) -> str:
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        return base + "es"
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base[:-1] + "ies"
    return base + "s"


def _cvc(base: str) -> bool:
    return len(base) > 2 and base[-1] not in "aeiouwxy" and base[-2] in "aeiou" and base[-3] not in "aeiou"


def verb_forms(base: str, irregular: Sequence[str] = ()) -> set[str]:
    """Base, -s, -ed and -ing forms of an English verb (both spellings where doubling is unsure)."""
    forms = {base, _third(base), *irregular}
    if base.endswith("e"):
        forms |= {base + "d", (base[:-2] + "ying") if base.endswith("ie") else
                  (base + "ing" if base.endswith(("ee", "ye", "oe")) else base[:-1] + "ing")}
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        forms |= {base[:-1] + "ied", base + "ing"}
    else:
        forms |= {base + "ed", base + "ing"}
        if _cvc(base):
            forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return forms


def plural(noun: str) -> str:
    return _third(noun) if not noun.endswith("o") else noun + "s"


@cache
def load_lexicon(path: Path = TRIGGERS) -> Lexicon:
    verbs: dict[str, list[tuple[str, str]]] = {}
    nouns: dict[tuple[str, ...], list[str]] = {}
    adjectives: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        typ = entry["type"]
        for item in entry["verbs"]:
            head, _, extra = item.partition(" ")
            base, *irregular = head.split("|")
            for form in verb_forms(base, irregular):
                verbs.setdefault(form, []).append((typ, extra))
                if form.endswith("ing") and not extra:
                    nouns.setdefault((form,), []).append(typ)
                    nouns.setdefault((form + "s",), []).append(typ)
        for item in entry["nouns"]:
            words = tuple(item.lower().split())
            for last in (words[-1], plural(words[-1])):
                nouns.setdefault((*words[:-1], last), []).append(typ)
        for item in entry["adjectives"]:
            adjectives.setdefault(item, []).append(typ)
    freeze = lambda d: {k: tuple(dict.fromkeys(v)) for k, v in d.items()}  # noqa: E731
    heads = frozenset({*verbs, *(words[-1] for words in nouns), *adjectives})
    return Lexicon(freeze(verbs), freeze(nouns), freeze(adjectives), heads)
