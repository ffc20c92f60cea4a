"""Cheap checks on raw input: empty, binary, undecodable, not English."""

from __future__ import annotations

import re
import unicodedata

from kg.errors import UnreadableInput

_STOP = frozenset(
    "the of and to is was were that for with as by at from his her their its it he she they "
    "this which had has have been be are not but or who after when into than also would will "
    "said over about more there them then what where while during against".split()
)
_WORD = re.compile(r"[^\W\d_]+")
_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def decode(data: bytes) -> str:
    """UTF-8 (with or without a BOM) or BOM-marked UTF-16; anything else is reported."""
    if not data.strip():
        raise UnreadableInput("empty file")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise UnreadableInput(f"not valid UTF-16 despite its byte-order mark ({e.reason})") from e
    head = data[:8192]
    if b"\x00" in head:
        raise UnreadableInput("binary file (contains NUL bytes), not a text article")
    controls = sum(b < 32 and b not in (9, 10, 12, 13) for b in head)
    if controls > len(head) * 0.05:
        raise UnreadableInput("binary file (many control bytes), not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise UnreadableInput(
            f"not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); "
            "re-save the file as UTF-8"
        ) from e
    if not text.strip():
        raise UnreadableInput("empty file (only whitespace)")
    return text


def latin_share(text: str) -> float:
    """The share of letters that are Latin script (1.0 when there are no letters)."""
    ascii_letters = len(text.encode("ascii", "ignore").translate(None, _NOT_LETTERS))
    others = [c for run in _NON_ASCII.findall(text) for c in run if c.isalpha()]  # few in English
    if not ascii_letters and not others:
        return 1.0
    latin = ascii_letters + sum("LATIN" in unicodedata.name(c, "") for c in others)
    return latin / (ascii_letters + len(others))


def word_count(text: str) -> int:
    """Words with letters: numbers and punctuation alone are no article text."""
    return len(_WORD.findall(text))


def english_problem(text: str) -> str | None:
    """``None`` for English text, else the reason: mostly non-Latin script, or few English words."""
    if latin_share(text[:20000]) < 0.8:
        return "does not look like English (mostly non-Latin script)"
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    if len(words) >= 20 and sum(w in _STOP for w in words) < 0.08 * len(words):
        return "does not look like English (too few common English words)"
    return None
