"""Line classes for page dumps: what a line of rendered page text is, judged by its form alone."""

from __future__ import annotations

import re
from collections import Counter

from kg.ingest.checks import latin_share
from kg.ingest.dates import ISO, looks_like_dateline

KEY_VALUE = re.compile(r'^"?([A-Za-z][\w:. -]{0,40}?)"?\s*[:=]\s+"?(.+?)"?,?$')
URL = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
IMAGE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|avif|bmp)(?:$|[?#])|/(?:img|images?|media)/", re.I)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"^[+(]?\d[\d\s().\-/]{5,}\d$")
NUMERIC = re.compile(r"^[\d\s.,:;%x×+\-/]+$")
MACHINE = re.compile(
    r"^(?:true|false|null|none|undefined|loader|[a-z]{2}[_-][A-Za-z]{2}|P(?:T?\d+[HMSDWY])+|"
    r"\d+[a-z]{0,2}|[A-Z]{2,}\d*)$"
)
COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|"
                       r"\b(?:registered trademarks?|are trademarks) of\b", re.I)
MARKUP = re.compile(r"<[a-z][a-z0-9]*\s+[\w:-]+=[\"']|\bdata:image/|^<?\?xml\s|^(?:[\w:-]+=\"[^\"]*\"\s*)+$")
"""Markup a scraper left in the text: a tag with attributes, an inline image, an XML declaration
(its angle brackets stripped or not), a line of bare attributes."""
LEGAL = re.compile(
    r"\b(?:cookies?|privacy|terms (?:of|and) (?:use|service|conditions)|about us|contact us|"
    r"advertis\w*|newsletters?|subscribe|sign (?:in|up)|log ?in|register|"
    r"follow us|share (?:this|on)|download (?:the|our) app|android|ios|apk|rss|sitemap|"
    r"accessibility|careers|imprint|corrections)\b|^\d{1,2}\+$",
    re.I,
)
CTA = re.compile(
    r"^(?:(?:find out|watch|read|see|learn|listen|click|tap|discover|check out|explore)\b.{0,60}"
    r"\b(?:video|podcast|more|here|below|story|gallery|app|episode|full|live)\b.{0,20}|"
    r"(?:read more|also read|related|see also|more on this|recommended)\s*:.*)$",
    re.I,
)
SECTION_END = re.compile(
    r"^(?:related(?: (?:articles|stories|coverage|content|news))?|read more|more (?:from|on|"
    r"stories)\b.*|most (?:read|popular|viewed)|recommended(?: for you)?|you may also like|"
    r"comments?|discussion|tags|topics|keywords|filed under|"
    r"newsfeed|trending|latest news|editor'?s picks?)\s*:?$",
    re.I,
)
TAG_HEADER = re.compile(r"^(?:tags|topics|keywords|filed under|subjects?)\s*:\s*(.*)$|"
                        r"^(?:tags|topics|keywords|filed under|subjects?)$", re.I)
BYLINE = re.compile(r"^(?:[Bb]y|[Ww]ritten by|[Aa]uthor:?)\s+([A-Z][\w.'’-]*(?:[\s,]+[\w.'’()-]+){0,9})$")
CREDIT = re.compile(
    r"^\(?(?:(?:additional\s+)?(?:reporting|writing|editing|research|compiled|produced|photos?|photographs?|"
    r"images?|video|graphics?)\s+(?:by|from)\b|(?:photo|image|picture|credit|source)s?\s*:|"
    r"story continues below|advertisement$|(?:\w+\s+){0,3}is an? [\w\s-]{0,40}(?:reporter|correspondent|"
    r"editor|writer)\b)",
    re.I,
)
_CREDIT_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
PICTURE_CREDIT = re.compile(  # a caption ends with its picture's credit: "... 2019. REUTERS/A. Name"
    rf"(?:^|\(|[.!?”\"]\s+)(?i:(?:photo\w*|pictures?|images?|credit)\s*(?:by|:)\s*)?"
    rf"{_CREDIT_NAME}\s*/\s*{_CREDIT_NAME}(?:\s*/\s*{_CREDIT_NAME})*(?:,\s*[A-Z]\w*)?\)?\.?$"
    r"|\((?i:photo|picture|image)s?\s+by\b[^()]*/[^()]*\)\.?$"
    r"|\((?i:photo|picture|image|credit)s?\s*:\s*[^()]{1,60}\)\.?$"  # "... (Image: AGENCY)"
    r"|\s\((?:[\w-]+\.)+[a-z]{2,}\)\.?$"  # "... campaign. (example.org)": a web address as the credit
)
PERSONAL_DATA = re.compile(r"\bcookies?\b|\b(?:personal|your) data\b|\bdata (?:privacy|protection)\b|\bprivacy\b", re.I)
CONSENT = re.compile(r"\b(?:consent|agree|accept|polic(?:y|ies)|revoke|opt[ -]?out)", re.I)
GLUED_LABELS = re.compile(r"[a-z]([A-Z][a-z]+)")
"""A link label a scraper ran into the one before ("FacebookShare on TwitterShare")."""
_GLUED_WIDGET = 3
LINK_LABEL = re.compile(r"\[[A-Z]{2,}\]$")
"""A link to another story, its section or source in capitals after it ("... after the storm [VIDEO]")."""
TEMPLATE_MARK = re.compile(r"\b(?:BEGIN|END)\b")
"""The text of a page template's comments ("END article meta", "Share Button BEGIN")."""
BULLET = re.compile(r"^[\s•·*▪►»|>-]+")
_GLUED = re.compile(r"^([A-Z0-9][\w'’.,&-]*?[a-z0-9?!])([A-Z][a-z]*)")
TITLE_MINOR = frozenset("a an the of in on at to for and or but by with as is vs from".split())
"""The little words a title-cased headline leaves in lower case."""
_TEASER_TITLE = 4
_TEASER_TEXT = 6
_SENTENCE_CASE = 0.3
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def clean(line: str) -> str:
    """Whitespace collapsed, leading bullets removed."""
    return " ".join(BULLET.sub("", line).split())


def is_junk(line: str) -> bool:
    """Boilerplate whatever its place: links, contacts, numbers, legal, copyright, other scripts."""
    s = clean(line)
    if not s:
        return True
    words = s.split()
    short = len(words) <= 8
    return bool(
        URL.match(s) or NUMERIC.match(s) or MACHINE.match(s) or ISO.match(s)
        or (short and (EMAIL.search(s) or PHONE.match(s) or LEGAL.search(s)))
        or COPYRIGHT.search(s) or CTA.match(s) or latin_share(s) < 0.5
    )


def is_apparatus(line: str) -> bool:
    """Not article text though it sits among it: bylines, datelines, credits, captions ending in
    a picture credit, teasers, widgets, links (also one labelled "[VIDEO]"), HTML markup and
    template comments, notices asking consent to cookies or the use of personal data."""
    s = clean(line)
    return (bool(BYLINE.match(s) or CREDIT.match(s) or PICTURE_CREDIT.search(s) or TAG_HEADER.match(s) or is_junk(s))
            or looks_like_dateline(s) or is_teaser(s) or bool(MARKUP.search(s))
            or bool(PERSONAL_DATA.search(s) and CONSENT.search(s)) or is_widget(s) or bool(LINK_LABEL.search(s)))


def is_widget(line: str) -> bool:
    """A row of a widget's labels, not a sentence: link labels run together, one label glued on
    ``_GLUED_WIDGET`` times or more ("Share on FacebookShare on XShare on Bluesky"; names in camel
    case, "McDonald's YouTube", glue on different words), or the words of a template's comments
    ("END article meta", in mixed case: an upper-case headline may say "END")."""
    if _SENTENCE_END.search(line):
        return False
    glued = Counter(GLUED_LABELS.findall(line))
    return (max(glued.values(), default=0) >= _GLUED_WIDGET
            or bool(TEMPLATE_MARK.search(line) and re.search(r"[a-z]", line)))


def is_teaser(line: str) -> bool:
    """A story's teaser as a scraper glued it: a title-cased headline of ``_TEASER_TITLE``
    capitalised words or more run into its summary with no space ("... Downtown StationA fire
    broke out ..."), the summary in sentence case. A name in camel case ("McLaren", "iPhone")
    neither follows a title nor starts a sentence."""
    words = line.split()
    for k, word in enumerate(words):
        m = _GLUED.match(word)
        if not m or len(m.group(1)) < 3:
            continue
        title = [*words[:k], m.group(1)]
        text = [word[m.end(1):], *words[k + 1:]][:12]
        major, capped = title_words(title)
        return (major >= _TEASER_TITLE and len(text) >= _TEASER_TEXT and capped == major
                and sum(w[0].islower() for w in text) >= _SENTENCE_CASE * len(text))
    return False


def title_words(words: list[str]) -> tuple[int, int]:
    """(how many of ``words`` are no little word, how many of those begin with a capital or a
    non-letter): how title-cased a headline is ("Shares Fall After Results")."""
    major = [w for w in words if w.lower() not in TITLE_MINOR]
    return len(major), sum(not w[0].isalpha() or w[0].isupper() for w in major)


def is_prose(line: str) -> bool:
    """A paragraph of article text: a sentence that ends like one, or a long run of words."""
    s = clean(line)
    words = s.split()
    if len(words) >= 12:
        return True
    return len(words) >= 4 and bool(_SENTENCE_END.search(s)) and not s[0].islower()


def is_headline(line: str) -> bool:
    """3 to 30 words, starts with a capital or digit, no final full stop, not a link or date."""
    s = clean(line)
    words = s.split()
    return (
        3 <= len(words) <= 30 and not s[0].islower() and not s.endswith((".", ",", ":", ";"))
        and not is_junk(s)
    )


def is_tag(line: str) -> bool:
    """A keyword tag line as metadata blocks list them: 1-4 lower-case words, letters and ``&-'``."""
    s = clean(line)
    return (
        0 < len(s) <= 40 and len(s.split()) <= 4 and s == s.lower() and any(c.isalpha() for c in s)
        and re.fullmatch(r"[^\W\d_][\w&'’ .-]*", s) is not None and not MACHINE.match(s)
        and not is_junk(s)
    )


def is_menu(line: str) -> bool:
    """A navigation item: 1-4 words, no sentence punctuation, each word capitalised or a connector."""
    s = clean(line)
    words = s.split()
    if not 1 <= len(words) <= 4 or _SENTENCE_END.search(s):
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in {"&", "and", "of", "the", "in", "us", "+"}
               for w in words)
