"""Publication dates from the strings sources give: ISO 8601 first, then free text via dateparser.

A string with a time of day becomes a timezone-aware ``datetime`` (UTC when the source names no
zone); a string with only a calendar date becomes a ``date``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?$"
)
_RFC822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}")
_TIME = re.compile(r"\b\d{1,2}[:.h]\d{2}\b|\b\d{1,2}\s*[ap]\.?m\b", re.I)
_NOISE = re.compile(
    r"\b(published|updated|posted|last modified|modified|first published|date|on|at)\b:?|[|·•—–]",
    re.I,
)
_MONTHS = {
    m for full in ("january", "february", "march", "april", "may", "june", "july", "august",
                   "september", "october", "november", "december") for m in (full, full[:3])
} | {"sept"}
_WORD = re.compile(r"[a-z]+")
_DATE_WORDS = {
    "published", "updated", "posted", "modified", "last", "first", "date", "on", "at", "am", "pm",
    "a", "m", "p", "gmt", "utc", "z", "bst", "cet", "cest", "msk", "est", "edt", "cst", "cdt",
    "pst", "pdt", "et", "pt", "jst", "kst", "ist", "aest", "of", "the", "th", "st", "nd", "rd",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
}
_ZONE_READINGS = {"IST": "+05:30"}
"""Zone abbreviations several zones share, read as English-language news most often means them:
"IST" is India's (UTC+05:30) far more often than Ireland's summer time or Israel's, which dateparser
would take."""
_ZONE_ABBREVIATION = re.compile(r"\b(" + "|".join(_ZONE_READINGS) + r")\b")


def parse_iso(value: str) -> dt.datetime | dt.date | None:
    """An ISO 8601 date or timestamp (``+0000`` and ``+00:00`` zones both accepted)."""
    m = ISO.match(value.strip())
    if not m:
        return None
    y, mo, d, hh, mm, ss, zone = m.groups()
    try:
        if hh is None:
            return dt.date(int(y), int(mo), int(d))
        tz = _zone(zone)
        return dt.datetime(int(y), int(mo), int(d), int(hh), int(mm), int(ss or 0), tzinfo=tz)
    except ValueError:
        return None


def _zone(zone: str | None) -> dt.tzinfo:
    if not zone or zone == "Z":
        return dt.UTC
    sign = 1 if zone[0] == "+" else -1
    digits = zone[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def looks_like_dateline(line: str) -> bool:
    """A short line made of a date (with a 4-digit year), maybe a time and a few filler words."""
    s = line.strip()
    if not s or len(s) > 60 or not re.search(r"\b(1[89]|20)\d{2}\b", s):
        return False
    if ISO.match(s):
        return True
    words = _WORD.findall(s.lower())
    has_month = any(w in _MONTHS for w in words)
    numeric = re.search(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{4}\b", s)
    if not (has_month or numeric):
        return False
    return all(w in _DATE_WORDS or w in _MONTHS for w in words)


def parse_date(value: str) -> dt.datetime | dt.date | None:
    """ISO 8601, else a free-text date such as ``10:42 GMT 15.08.2025`` or ``Sept. 15, 2023``."""
    value = value.strip()
    if not value:
        return None
    iso = parse_iso(value)
    if iso is not None:
        return iso
    if _RFC822.match(value):
        try:
            return _fixed_zone(email.utils.parsedate_to_datetime(value))
        except (TypeError, ValueError):
            pass
    import dateparser  # imported here: it is slow to import and most inputs never need it

    cleaned = re.sub(r"\s+", " ", _NOISE.sub(" ", value)).strip(" ,")
    cleaned = re.sub(r"\b([ap])\.m\.", r"\1m", cleaned, flags=re.I)
    cleaned = _ZONE_ABBREVIATION.sub(lambda m: _ZONE_READINGS[m.group(1)], cleaned)
    order = "DMY" if re.search(r"\b\d{1,2}[./]\d{1,2}[./]\d{4}\b", cleaned) else None
    settings = {"DATE_ORDER": order} if order else {}
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    if parsed is None:
        return None
    if not _TIME.search(cleaned):
        return parsed.date()
    return _fixed_zone(parsed)


def _fixed_zone(value: dt.datetime) -> dt.datetime:
    """A plain ``datetime.timezone`` offset (UTC when there is none), never a pytz zone."""
    offset = value.utcoffset()
    return value.replace(tzinfo=dt.UTC if not offset else dt.timezone(offset))
