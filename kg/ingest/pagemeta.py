"""A page dump's metadata, read from the page itself: URL, headline, date, authors, tags.

* URL: the page's canonical article address among the URLs it holds (also one inside a share
  link), never an image, a share endpoint, a home page or a fragment of the page.
* Headline: the headline-shaped block before the article's first paragraph (title-cased sentences
  may end in a full stop, a series label in brackets may open it; the dated titles of a list of
  other stories, the page's controls and paths of menu items are none), preferring one the page repeats
  (a title, an ``og:title``) and one whose words the article repeats, less a site's name or
  section joined to it when the page shows the rest as a line of its own; else the ``title``
  value or the first line, less the site's name.
* Date: a ``published``-type value, else of the first two ISO timestamps before the article the
  one on the URL's day or the earlier of a publication and modification pair, else a dateline
  near the headline, else the URL's date.
* Authors: ``author`` values, else the names of a byline ("By A and B, Staff Writer").
* Tags: ``keywords`` values, runs of short lower-case keyword lines in a metadata block, or the
  list under a "Topics"/"Tags" header after the article; never the site's navigation menus.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import islice
from urllib.parse import unquote, urlsplit

from kg.ingest import lines as L
from kg.ingest.blocks import Block
from kg.ingest.dates import ISO, looks_like_dateline, parse_date, parse_iso
from kg.ingest.prose import stop_words
from kg.nlp.words import words as word_table

_KEYS = {
    "url": "url", "canonical": "url", "link": "url", "permalink": "url", "source url": "url",
    "title": "title", "headline": "title",
    "published_time": "date", "published": "date", "datepublished": "date", "date": "date",
    "pubdate": "date", "publication_date": "date", "publish date": "date", "issued": "date",
    "tag": "tags", "tags": "tags", "keywords": "tags", "news_keywords": "tags",
    "author": "authors", "authors": "authors", "creator": "authors", "byline": "authors",
}
_PREFIX = re.compile(r"^(?:og|article|twitter|dc|dcterms|meta|schema|itemprop)[:.]", re.I)
_URLS = re.compile(r"https?://[^\s\"'<>()\[\]{}|]+", re.I)
_SHARE = re.compile(r"share|intent|sharer|pin/create|mailto|/login|/signin|/search|\?s=|/tag/|/author/|"
                    r"/category/|/feed|\.js\b|\.css\b|/wp-content/|/wp-json/|/amp/?$", re.I)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])?(?:[/-]|\b)")
_SITE_SEP = re.compile(r"\s+[|–—:·»]\s+|\s+-\s+|\s+::\s+")
_PART_SEP = re.compile(r"\s+[|–—·»]\s+|\s+-\s+|\s*::?\s+")
_ROLE = re.compile(r"\b(?:staff|reporter|correspondent|editor|writer|desk|wire|services?|agency|"
                   r"contributor|columnist|team|news)\b", re.I)
_NAME_PARTICLE = {"de", "da", "van", "von", "der", "bin", "al", "la", "le", "del", "di", "du"}
_MONTH = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$", re.I)
_ISO_IN_TEXT = re.compile(  # glued to a word before it ("admin2019-11-20") but not inside a slug
    r"(?<![\d-])\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b")
_DATE_IN_TEXT = re.compile(
    r"(?:\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*\w{0,4}\s+)?(?:\b[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|"
    r"\b\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|\b\d{1,2}[./-]\d{1,2}[./-]\d{4})"
    r"(?:,?\s+\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?", re.I)
_LOOKBACK = 12
_MODIFIED_WITHIN = 31  # days between publication and a modification stamped beside it
_TOLD = 1 / 2  # share of a headline's content words the article repeats
_NEAR = 30  # blocks between a headline and the article's first paragraph
_REPEATS = 3  # times a headline shows on the page that still count
_LIST_COMMAS = 3  # a keyword list, not a headline
_EARLIEST = 1900
_TITLE_WORDS = 4  # capitalised words of a title-cased headline
_LIST_STEP = 4  # blocks between two items of a list of stories
_ITEM = 3  # blocks from a listed story's title to its date
_TITLE_MIN = 3  # words of a listed story's title
_PART_WORDS = 3  # words of the part of a title that is the headline
_DATE_LINE_REST = 12  # characters beside the date on a date line
_META_VALUES = {"article", "website", "yes", "no", "summary", "en"}  # og:type, twitter:card...
_PATH_STEP = re.compile(r"\s[>»/]\s")  # a breadcrumb: "Blog > Health > Tips"
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_BUTTON = re.compile(r"\s+\[[A-Z][a-z]+\]$")  # a text browser's button beside a headline: "... [Subscribe]"
_ATTRIBUTE = re.compile(r"\b[\w:-]+=\"[^\"]*\"")  # markup a scraper left in a line: data-name="..."
_SERIES = re.compile(r"^\[[^\W\d_][^\[\]_]*\s[^\[\]_]*\]\s+(?=\w)")  # "[Series Name] Headline": a label of words
_SIGN_AHEAD = 4  # blocks from a headline to its byline or dateline (a standfirst, a label between)
_STAMPED = re.compile(r"^(?i:published|updated|posted|last updated)(?:\s+on)?\s*:?\s+(?:[A-Za-z]{3,9},?\s+)?")
_SIGN_WORDS = 12  # words of a dateline that names the writer too
_SIGNATURE = re.compile(  # "By A. Writer", "posted by Name", a bare "By" or "Author:" label
    r"^(?i:(?:posted|written)\s+)?(?i:by)(?:\s*:?$|:?\s+[A-Z])|^(?i:author)\b|"
    r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3},\s+(?:[\w-]+\s+){0,3}"
    r"(?i:reporter|correspondent|editor|writer|columnist|contributor)s?$")


@dataclass(frozen=True)
class PageMeta:
    url: str | None = None
    title: str | None = None
    published: dt.datetime | dt.date | None = None
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()


def page_meta(blocks: list[Block], start: int, kept: frozenset[int]) -> PageMeta:
    """The metadata of a page whose article begins at block ``start``."""
    head = [b.text for b in blocks[:start]]
    keyed = _keyed(head)
    texts = [b.text for b in blocks]
    url = next((v for v in keyed.get("url", []) if L.URL.match(v)), None) or page_url(texts)
    heading = _headline(blocks, _first_paragraph(blocks, kept, start),
                        _content_words(" ".join(texts[i] for i in kept)))
    title = heading[1] if heading else _site_less(next(iter(keyed.get("title", [])), None) or
                                                   (texts[0] if texts and start == 0 else None))
    after = [t for i, t in enumerate(texts) if i > max(kept, default=len(texts))]
    return PageMeta(
        url=url, title=title,
        published=_published(keyed, head, texts, heading[0] if heading else start, start, url),
        tags=tuple(_split(keyed.get("tags", []), r"\s*[,;|]\s*") or _tag_run(head) or _tag_list(after)),
        authors=tuple(_split(keyed.get("authors", []), r"\s*(?:,|;|\band\b)\s*")
                      or _bylines(texts[max(0, start - _LOOKBACK):start + 2])),
    )


def _keyed(lines: list[str]) -> dict[str, list[str]]:
    """``key: value`` lines (``og:title: ...``, ``"datePublished": "..."``) by the field they give."""
    out: dict[str, list[str]] = {}
    for line in lines:
        m = L.KEY_VALUE.match(line)
        key = _KEYS.get(_PREFIX.sub("", m.group(1)).strip().lower()) if m else None
        if key:
            out.setdefault(key, []).append(m.group(2).strip())
    return out


def _split(values: list[str], sep: str) -> list[str]:
    return [part for v in values for part in re.split(sep, v) if part]


def page_url(texts: list[str]) -> str | None:
    """The article URL among those the page holds: a URL standing on its own line first (not one
    carried inside it, as an image resizer's ``?url=``), then one on the page's own host (one
    seen more than once), the most article-shaped (a slug, an id), the most frequent, the first."""
    found: list[tuple[bool, str]] = []
    for text in texts:
        alone = bool(L.URL.match(text))
        for raw in _URLS.findall(text):
            found += [(alone and j == 0, u.rstrip(".,;")) for j, u in enumerate(_nested(raw))]
    candidates = [(alone, u) for alone, u in found if _shape(u) > 0]
    if not candidates:
        return None
    counts = Counter(u for _, u in candidates)
    hosts = Counter(urlsplit(u).hostname for _, u in found)
    order = {u: -i for i, (_, u) in reversed(list(enumerate(candidates)))}
    return max(candidates, key=lambda c: (c[0], hosts[urlsplit(c[1]).hostname] > 1, _shape(c[1]),
                                          counts[c[1]], order[c[1]]))[1]


def _nested(url: str) -> list[str]:
    """The URL, and one carried inside it as a parameter (a share link's ``?url=``)."""
    inner = re.search(r"[?&](?:u|url|link|href)=(https?(?::|%3A)[^&\s]+)", url, re.I)
    return [url] + ([unquote(inner.group(1))] if inner else [])


def _shape(url: str) -> int:
    """How much ``url`` looks like an article's address: 0 for none (home page, image, share
    link, fragment), 1 for a path, 2 for an id in it, 3 for a slug (words joined by hyphens)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if not (parts.hostname and path) or parts.fragment or "{" in url or L.IMAGE.search(url) or _SHARE.search(url):
        return 0
    if re.search(r"[a-z0-9]+(?:[-_][a-z0-9]+){2,}", path, re.I):
        return 3
    return 2 if re.search(r"\d{4,}", path) else 1


def _first_paragraph(blocks: list[Block], kept: frozenset[int], start: int) -> int:
    """The first kept block that is a paragraph of sentences: the article's headline stands over
    it, also when the kept text opens with lines that are no sentences (a list, a site's name)."""
    return min((i for i in kept if L.is_prose(blocks[i].text) and _SENTENCE_END.search(blocks[i].text)),
               default=start)


def _headline(blocks: list[Block], start: int, body: frozenset[str]) -> tuple[int, str] | None:
    """(index, text) of the headline: a headline-shaped block before the article or opening it,
    ranked by whether the article's words tell its subject (most), whether a byline or dateline
    follows it, whether it lies within ``_NEAR`` blocks of the article, whether the page repeats
    it before the article (in its title or metadata, as whole words: a title glued to a label,
    "...tonightVideo", is no repeat; a footer repeating a line does not make it a headline; the
    metadata repeating the article's opening line is its description), whether it is as long as
    a headline; then the form the page shows most often, then the earliest: a page's headline
    comes before the captions, video titles and teasers that sit between it and the article."""
    keys = [_norm(b.text) for b in blocks]
    lines = set(keys)
    meta = max((j + 1 for j in range(start) if _metadata_value(blocks[j].text)), default=0)
    told_before = "\n".join(keys[:meta]), "\n".join(keys[meta:start])
    alike = Counter(keys[meta:start])
    shown = Counter(b.text for b in blocks)
    best = None
    for i in range(min(start, len(blocks) - 1), -1, -1):
        text = _BUTTON.sub("", blocks[i].text)
        signed = _signed(blocks, i)
        if (not (_headline_shaped(replace(blocks[i], text=text)) or (signed and _short_title(text)))
                or _listed_story(blocks, i) or _menu_path(text, lines) or _label_over(blocks, i)):
            continue
        key = _norm(text)
        words = _content_words(text)
        told = len(words & body) / len(words) >= _TOLD if words else False
        repeats = _repeats(key, told_before, alike[key] + (i < meta)) if i < start else 0
        rank = (2 * told + signed + (start - i <= _NEAR) + repeats + (len(key.split()) >= 6) / 2,
                shown[blocks[i].text], -i)
        if best is None or rank > best[0]:
            best = (rank, i, L.clean(text))
    return (best[1], _shown_part(best[2], lines)) if best else None


def _repeats(key: str, told_before: tuple[str, str], own: int) -> int:
    """How often the page tells a headline again before the article, up to ``_REPEATS`` - 1: in
    its metadata (the lines up to the last URL or timestamp line) or inside a longer line (a title
    joined to the site's name, a breadcrumb, a share widget's label), as whole words; the same line
    shown again on the page (a menu item in the header and the footer, a video in its player and
    its playlist) is no repeat, nor is ``own`` (the line itself)."""
    found = sum(len(re.findall(rf"\b{re.escape(key)}\b", part)) for part in told_before)
    return max(0, min(found - own, _REPEATS - 1))


def title_as_shown(title: str, headings: Iterable[str]) -> str:
    """An HTML page's title less a site's name or section joined to it ("Headline | Site",
    "Opinion | Headline"): the longest run of its parts between separators that the page shows as a
    heading of its own (a part may hold separators itself: "Uranus: how the front broke | Site"),
    else whole."""
    shown = {_norm(h) for h in headings}
    seps = list(_PART_SEP.finditer(title))
    starts, ends = [0, *(m.end() for m in seps)], [*(m.start() for m in seps), len(title)]
    runs = [title[starts[i]:ends[j]].strip() for i in range(len(starts)) for j in range(i, len(ends))]
    return max((r for r in runs if len(_norm(r).split()) >= _PART_WORDS and _norm(r) in shown), key=len, default=title)


def _shown_part(title: str, lines: set[str]) -> str:
    """A title joined to the site's name or a section ("Headline - Site", "Site: Headline") is
    the part of it the page also shows as a line of its own (the longest of those), else whole."""
    parts = [p.strip() for p in _PART_SEP.split(title) if p.strip()]
    shown = [p for p in parts if len(parts) > 1 and len(_norm(p).split()) >= _PART_WORDS and _norm(p) in lines]
    return max(shown, key=len) if shown else title


def later_headline(blocks: list[Block]) -> str | None:
    """A headline below a text's first line: the first headline-shaped block after it that a
    byline or a dateline follows, when none comes right after the first line and the first line
    is no headline one follows (a label or a caption stands over the headline)."""
    if len(blocks) < 2 or _signature(blocks[1].text) or (_headline_shaped(blocks[0]) and _signed(blocks, 0)):
        return None
    return next((L.clean(b.text) for i, b in enumerate(blocks) if i and _headline_shaped(b) and _signed(blocks, i)),
                None)


def _signed(blocks: list[Block], i: int) -> bool:
    """A byline or a shown dateline (not a metadata timestamp) follows block ``i`` within
    ``_SIGN_AHEAD`` blocks of words (empty bullets not counted), with at most one headline-shaped
    block between them (a standfirst, a caption; labels and credits may be): how a page sets out
    its headline. A standfirst is signed too; the headline before it ranks first by the page's
    repeats, else by coming first."""
    titles = 0
    worded = (b for b in blocks[i + 1:] if re.search(r"\w", b.text))
    for block in islice(worded, _SIGN_AHEAD):
        if _signature(block.text):
            return True
        titles += _headline_shaped(block)
        if titles > 1:
            return False
    return False


def _label_over(blocks: list[Block], i: int) -> bool:
    """Block ``i`` is a label the next block opens with and carries on ("Dare to Play" over "Dare
    to Play 3 / October pack"): a category or a series' name over its headline."""
    key = _norm(blocks[i].text)
    after = next((b for b in blocks[i + 1:] if re.search(r"\w", b.text)), None)
    return after is not None and _norm(after.text).startswith(f"{key} ") and _headline_shaped(after)


def _short_title(text: str) -> bool:
    """A title of two words or more shaped like a menu item ("About bugs", "Opening Bell 11.18.19"),
    though not a name, a date or a section's header ("More stories"): some word of it is in lower
    case or holds a digit. Only a byline or a dateline after it tells it from the site's navigation."""
    words = L.clean(text).split()
    return (2 <= len(words) <= 5 and text[:1].isupper() and not L.is_apparatus(text) and not L.SECTION_END.match(text)
            and not re.search(r"[^\w\s.'’-]", text) and not any(_MONTH.match(w) for w in words)
            and any(w[0].islower() or re.search(r"\d", w) for w in words[1:]))


def _signature(text: str) -> bool:
    """A byline or a shown dateline, not a metadata timestamp; a short line opening with a date
    ("May 4, 2019 | By A. Writer"), also after the word that stamps it ("Published Tue, Nov 19
    2019 7:05 AM", its time maybe run into the year by a scraper)."""
    text = L.clean(text)
    rest = _STAMPED.sub("", text)
    opens_dated = _DATE_IN_TEXT.match(rest) is not None and len(rest.split()) <= _SIGN_WORDS
    return (bool(_SIGNATURE.match(text)) or opens_dated
            or ((_date_line(text) or looks_like_dateline(text)) and not ISO.match(text)))


def _listed_story(blocks: list[Block], i: int) -> bool:
    """Block ``i`` is an item of a list of stories: a title with its own date just after it, and
    a few blocks before or after it another title set out alike (its date as many blocks after
    it) with another date: a "more stories" sidebar between a page's headline and its article.
    A title has ``_TITLE_MIN`` words or more (a list's "More stories" header is none)."""
    def date_of(j: int) -> int | None:
        if not 0 <= j < len(blocks) or len(blocks[j].text.split()) < _TITLE_MIN or _date_line(blocks[j].text):
            return None
        return next((k for k in range(j + 1, min(j + 1 + _ITEM, len(blocks))) if _date_line(blocks[k].text)), None)

    own = date_of(i)
    if own is None:
        return False
    for j in (j for k in range(2, _LIST_STEP + 1) for j in (i - k, i + k)):
        other = date_of(j)
        if other is not None and other != own and other - j == own - i:
            return True
    return False


def _date_line(text: str) -> bool:
    """A line that is a date and little else ("May 4, 2019", "2019-05-04 10:12")."""
    m = _ISO_IN_TEXT.search(text) or _DATE_IN_TEXT.search(text)
    return m is not None and len(text) - len(m.group(0)) <= _DATE_LINE_REST


def _content_words(text: str) -> frozenset[str]:
    """The words of ``text`` that are not function words."""
    return frozenset(w for w in re.findall(r"[^\W\d_]{3,}", text.casefold()) if w not in stop_words())


def _headline_shaped(block: Block) -> bool:
    text = block.text
    return ((L.is_headline(text) or _title_sentences(text)) and len(_norm(text).split()) >= 3
            and not block.bullet and not L.is_menu(text) and text.count(",") < _LIST_COMMAS
            and not re.search(r"[\[\]]", _SERIES.sub("", text)) and len(_PATH_STEP.findall(text)) < 2
            and not _control(text) and not _ATTRIBUTE.search(text)
            and not L.is_apparatus(text) and not L.URL.search(text) and "(" not in text[:1]
            and not re.match(r"(?i)by\s", text) and not _DATE_IN_TEXT.search(text) and not _ISO_IN_TEXT.search(text))


def _control(text: str) -> bool:
    """A control of the page, not its text: a link or button that opens with a verb of moving about
    the page and names only parts of it ("Skip to main content", "Toggle main menu")."""
    found = _norm(text).split()
    parts = word_table("page", "part")
    return (len(found) > 1 and found[0] in word_table("page", "control") and any(w in parts for w in found[1:])
            and all(w in parts or w in stop_words() for w in found[1:]))


def _menu_path(text: str, lines: set[str]) -> bool:
    """Menu items or section names joined by separators ("Blog - Latest News", "World | Europe"):
    where a page is, not a headline; unless the page shows a part of it as a line of its own (a
    title joined to the site's name, "Site: Short Headline")."""
    parts = [p.strip() for p in _PART_SEP.split(text) if p.strip()]
    return (len(parts) > 1 and all(L.is_menu(p) or L.SECTION_END.match(p) for p in parts)
            and _shown_part(text, lines) == text)


def _title_sentences(text: str) -> bool:
    """A headline of title-cased sentences ("Shares Fall After Results. Why Nobody Minds."): the
    full stop a plain headline lacks, every word but the little ones capitalised."""
    major, capped = L.title_words(L.clean(text).rstrip(".").split())
    return (L.is_headline(text.rstrip(".")) and text.endswith(".") and not text.endswith("..")
            and major >= _TITLE_WORDS and capped == major)


def _site_less(title: str | None) -> str | None:
    """A page title less the site's name or section: the longest part between separators."""
    if not title:
        return None
    parts = [p.strip() for p in _SITE_SEP.split(title) if p.strip()]
    return max(parts, key=lambda p: len(p.split())) if parts else None


def _published(keyed, head: list[str], texts: list[str], heading: int, start: int,
               url: str | None) -> dt.datetime | dt.date | None:
    """The first plausible date of: metadata, a dateline near the headline, any ISO timestamp,
    the URL's date path. Placeholder dates ("0001-01-01") are not publication dates."""
    shown = _shown_date(texts[max(0, heading - 1):start + 3])  # a dateline may stand over the headline
    for found in (_keyed_date(keyed), _head_stamp(head, _url_date(url)), shown, _any_stamp(texts), _url_date(url)):
        if found is not None and found.year >= _EARLIEST:
            return found
    return None


def _keyed_date(keyed) -> dt.datetime | dt.date | None:
    dates = [d for d in map(parse_date, keyed.get("date", [])) if d is not None and d.year >= _EARLIEST]
    return dates[0] if dates else None


def _head_stamp(head: list[str], url_day: dt.date | None) -> dt.datetime | dt.date | None:
    """Published and modified times come in pairs: of the first two, the one on the URL's day,
    else the earlier when they lie within a month (a modification), else the first (the second
    being some other date: a founding, a picture's)."""
    stamps = [d for d in (parse_iso(t) for t in head if ISO.match(t)) if d is not None and d.year >= _EARLIEST][:2]
    days = [d.date() if isinstance(d, dt.datetime) else d for d in stamps]
    if not stamps:
        return None
    if url_day in days:
        return stamps[days.index(url_day)]
    if len(days) == 2 and abs((days[1] - days[0]).days) <= _MODIFIED_WITHIN:
        return stamps[days.index(min(days))]
    return stamps[0]


def _shown_date(texts: list[str]) -> dt.datetime | dt.date | None:
    for text in texts:
        if looks_like_dateline(text) or (len(text) <= 100 and re.search(r"\b(?:19|20)\d{2}\b", text)):
            parsed = parse_date(_dateline(text))
            if parsed is not None:
                return parsed
    return None


def _any_stamp(texts: list[str]) -> dt.datetime | dt.date | None:
    stamps = (parse_iso(m.group(0)) for t in texts for m in _ISO_IN_TEXT.finditer(t))
    return next((d for d in stamps if d is not None and d.year >= _EARLIEST), None)


def _url_date(url: str | None) -> dt.date | None:
    m = _URL_DATE.search(urlsplit(url).path) if url else None
    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m and m.group(3) else None


def _dateline(text: str) -> str:
    """The date part of a byline or dateline ("by A. Writer December 6, 2017")."""
    m = _ISO_IN_TEXT.search(text) or _DATE_IN_TEXT.search(text)
    return m.group(0) if m else text


def _tag_run(head: list[str]) -> list[str]:
    """The first run of two or more keyword-shaped lines (short, lower-case) in a metadata block:
    next to a URL or timestamp line, not in the page's own text."""
    run: list[int] = []
    for i, line in enumerate([*head, ""]):
        if L.is_tag(line) and not L.KEY_VALUE.match(line) and "_" not in line and line not in _META_VALUES:
            run.append(i)
            continue
        if len(run) >= 2 and any(_metadata_value(x) for x in head[max(0, run[0] - 3):run[0]] + head[i:i + 3]):
            return [L.clean(head[j]) for j in run]
        run = []
    return []


def _metadata_value(line: str) -> bool:
    return bool(ISO.match(line) or L.URL.match(line))


def _tag_list(after: list[str]) -> list[str]:
    """The items under a "Topics"/"Tags" header shortly after the article."""
    for i, line in enumerate(after[:_LOOKBACK]):
        header = L.TAG_HEADER.match(line)
        if not header:
            continue
        if header.group(1):
            return [t for t in re.split(r"\s*[,;|·•]\s*", header.group(1)) if t]
        found = []
        for item in after[i + 1:]:
            if len(item.split()) > 5 or L.is_prose(item) or L.SECTION_END.match(item) or L.is_junk(item):
                break
            found.append(L.clean(item).strip(",;|"))
        return [t for t in found if len(t) > 1]
    return []


def _bylines(texts: list[str]) -> list[str]:
    for text in texts:
        m = L.BYLINE.match(L.clean(text))
        if m:
            return byline_names(m.group(1))
    return []


def byline_names(byline: str) -> list[str]:
    """The person names of a byline: "A. Writer and B. Other, Staff Writer" -> both names; a
    byline of roles ("Staff", "Wire services") or a sentence about the writer gives none."""
    names = []
    for part in re.split(r"\s*(?:,|;|&|\band\b|\|)\s*", byline):
        words = []
        for w in part.split():
            if not re.search(r"\w", w) or _MONTH.match(w) or re.search(r"\d", w):
                break
            if w.islower() and w not in _NAME_PARTICLE:
                break
            words.append(w)
        if words and _ROLE.search(" ".join(words)):
            if names:
                break
            continue
        if 2 <= len(words) <= 4:
            names.append(" ".join(w.title() if w.isupper() and len(w) > 2 else w for w in words))
        if len(words) < len(part.split()):
            break
    return names


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))
