"""Which blocks of a page are the article: prose features, a small logistic model, the densest run.

Every block gets features of its form only, never of one site's words: length, sentence
punctuation, the share of common English words (jusText's stop list), capitalised and numeric
words, link-list and menu shapes, legal and contact lines, repetition on the page, and the same
measures of its neighbours. A logistic model (weights in ``kg/data/page_model.json``, fitted by
``benchmarks/page_model.py`` and checked by leaving pages out) turns them into the chance that
a block is article text. The article is the run of blocks with the largest sum of ``words x
(chance - threshold)`` (the densest run of prose), ended where a comment section begins ("12
Comments", "Responses to ...") or the writer's short biography or sign-off ("Follow her on
...") stands: readers' comments and the stories after a biography read like prose but are not
the article. A long block the page tells
again later (a metadata description holding the article's opening) counts for nothing: the later
copy is the article. A teaser (another story's headline glued to its summary) counts against the
run, as a block of no article text would. Inside the run, blocks below the keep threshold
(bylines, captions, widgets), repeats, and the headlines of other stories linked from within the
article (title case or capitals, longer than a section heading) are dropped; a list punctuated
alike that follows an article paragraph (tour dates, results) or announced by a colon is kept
with it.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from kg.ingest import lines as L
from kg.ingest.blocks import Block

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "page_model.json"
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d[\d.,:]*")
_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*(?:\s|$)")
_END = re.compile(r"[.!?…:][\"'”’)\]]*$")
_CONTEXT = 2
_REPEATED = 0.5
_SUMMARY_GRAMS = 12
_LIST_ITEMS = 3
_LIST_WORDS = 30
_ITEM_WORDS = 3
_STORY_WORDS = 8
_TITLE_CASE = 0.9
_SIGN_OFF = re.compile(  # "A. Writer is a freelance writer living in ...": the article has ended
    r"^(?:[A-Z][\w.'’-]*\s+){1,3}(?:\([^()]{1,60}\)\s+)?is (?:an?|the) (?i:[\w\s-]{0,40}(?:reporter|correspondent|"
    r"editor|writer|columnist|"
    r"journalist))\b")
_SIGN_OFF_WORDS = 60
_FOLLOW = re.compile(r"\b[Ff]ollow (?:him|her|me|them|us) (?:on|at)\b")  # "... Follow her on X @handle"
_COMMENTS = re.compile(r"^(?:\d+\s+)?(?:comments|responses|replies)\b.{0,80}$|^comments?\s*\(\d+\)$", re.I)


@cache
def stop_words() -> frozenset[str]:
    """English function words, from jusText's stop list (a maintained data package)."""
    import justext

    return frozenset(justext.get_stoplist("English"))


def _shape(text: str) -> tuple[float, float]:
    """(log length, stop-word share): how much a block reads like running prose."""
    words = _WORD.findall(text)
    if not words:
        return 0.0, 0.0
    stops = stop_words()
    return math.log1p(len(words)), sum(w.lower() in stops for w in words) / len(words)


def features(blocks: list[Block]) -> list[list[float]]:
    """One feature vector per block (see ``FEATURES``)."""
    counts = Counter(_key(b.text) for b in blocks)
    shapes = [_shape(b.text) for b in blocks]
    out = []
    for i, b in enumerate(blocks):
        out.append(_own(b, shapes[i], counts[_key(b.text)] > 1, i / max(1, len(blocks) - 1))
                   + _around(shapes, i))
    return out


FEATURES = (
    "log_words", "stop_share", "prose_mass", "ends_sentence", "sentences_per_10_words", "capitalised",
    "numeric", "starts_lower", "junk", "menu", "headline", "bullet", "indented", "separators",
    "repeated", "position", "context_log_words", "context_stop_share", "context_prose_mass",
    "before_prose_mass", "after_prose_mass",
)


def _own(b: Block, shape: tuple[float, float], repeated: bool, position: float) -> list[float]:
    text = b.text
    words = _WORD.findall(text)
    n = max(1, len(words))
    log_words, stop = shape
    return [
        log_words, stop, log_words * stop, float(bool(_END.search(text))),
        min(3.0, 10 * len(_SENTENCE.findall(text)) / n),
        sum(w[0].isupper() for w in words) / n, sum(w[0].isdigit() for w in words) / n,
        float(text[:1].islower()), float(L.is_junk(text)), float(L.is_menu(text)),
        float(L.is_headline(text)), float(b.bullet), float(b.indent > 0),
        min(3.0, len(re.findall(r"\s[|·•/]\s|\s[|·•]$", text))), float(repeated), position,
    ]


def _around(shapes: list[tuple[float, float]], i: int) -> list[float]:
    near = [shapes[j] for j in range(i - _CONTEXT, i + _CONTEXT + 1) if j != i and 0 <= j < len(shapes)]
    before = [s[0] * s[1] for s in shapes[max(0, i - 6):i]]
    after = [s[0] * s[1] for s in shapes[i + 1:i + 7]]
    if not near:
        return [0.0] * 5
    return [
        sum(s[0] for s in near) / len(near), sum(s[1] for s in near) / len(near),
        sum(s[0] * s[1] for s in near) / len(near),
        sum(before) / len(before) if before else 0.0, sum(after) / len(after) if after else 0.0,
    ]


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


@dataclass(frozen=True)
class Model:
    """A logistic model over standardised ``FEATURES`` and the two thresholds that use it."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    run_threshold: float
    keep_threshold: float

    def chance(self, x: list[float]) -> float:
        z = self.bias + sum(w * (v - m) / s for w, v, m, s in zip(self.weights, x, self.mean, self.scale,
                                                                  strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def load_model(path: Path = MODEL_PATH) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path} was fitted on other features; refit it with benchmarks/page_model.py")
    return Model(tuple(data["weights"]), data["bias"], tuple(data["mean"]), tuple(data["scale"]),
                 data["run_threshold"], data["keep_threshold"])


@dataclass(frozen=True)
class Choice:
    """The reading of a page: each block's chance of being article text, the run, what was kept."""

    chances: tuple[float, ...]
    run: tuple[int, int] | None
    kept: frozenset[int]


def choose(blocks: list[Block], model: Model | None = None) -> Choice:
    """The article blocks of a page: the densest run of prose, less the blocks that are not prose."""
    model = model or load_model()
    chances = tuple(model.chance(x) for x in features(blocks))
    run, kept = select([b.text for b in blocks], chances, model.run_threshold, model.keep_threshold)
    return Choice(chances, run, kept)


def select(texts: list[str], chances, run_threshold: float, keep_threshold: float
           ) -> tuple[tuple[int, int] | None, frozenset[int]]:
    """(run, kept): the densest run of likely article blocks, and in it the blocks likely enough
    to be article text that do not repeat what was kept already."""
    told_again = _told_again(texts)
    words = [0 if i in told_again else len(_trigrams(t)) for i, t in enumerate(texts)]
    chances = [0.0 if L.is_teaser(t) else p for t, p in zip(texts, chances, strict=True)]
    run = densest_run([n * (p - run_threshold) for n, p in zip(words, chances, strict=True)])
    if run is not None and not any(_END.search(t) for t in texts[run[0]:run[1] + 1]):
        run = None  # no sentence in it: a blurb or a list of names, not an article
    best = max(range(len(texts)), key=lambda i: chances[i], default=None)
    if run is None and best is not None and L.is_prose(texts[best]):  # a page of little text
        run_threshold = keep_threshold = chances[best] / 2
        run = densest_run([n * (p - run_threshold) for n, p in zip(words, chances, strict=True)])
    if run is None:
        return None, frozenset()
    run = _before_section_end(texts, run)
    kept: list[int] = []
    seen: set[tuple[str, ...]] = set()
    told = False  # article prose kept already
    for i in range(run[0], run[1] + 1):
        grams = _trigrams(texts[i])
        fresh = len(grams & seen) <= _REPEATED * len(grams)
        other = told and _story_headline(texts[i])
        if chances[i] >= keep_threshold and words[i] and fresh and not other and not L.is_apparatus(texts[i]):
            kept.append(i)
            seen |= grams
            told = told or L.is_prose(texts[i])
    return run, frozenset(kept) | _lists_after(texts, kept) | _announced(texts, kept)


def _announced(texts: list[str], kept: list[int]) -> frozenset[int]:
    """The items of a list a kept paragraph announces with a colon ("The game offers:"): the
    blocks of a few words that follow it, up to the first that is longer or shorter (a link, a
    button), a menu item or apparatus."""
    out: set[int] = set()
    for i in kept:
        if not texts[i].rstrip().endswith(":"):
            continue
        j = i + 1
        while (j < len(texts) and j not in kept and _ITEM_WORDS <= len(texts[j].split()) <= _LIST_WORDS
               and not L.is_menu(texts[j]) and not L.is_apparatus(texts[j])):
            j += 1
        if j - i - 1 >= 2:
            out.update(range(i + 1, j))
    return frozenset(out)


def _story_headline(text: str) -> bool:
    """A headline of a story, title-cased or in capitals, ``_STORY_WORDS`` words or more: inside an
    article it links to another story (a section heading of the article itself is shorter)."""
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if len(words) < _STORY_WORDS or not L.is_headline(text):
        return False
    major, capped = L.title_words(words)
    return capped >= _TITLE_CASE * major


def _lists_after(texts: list[str], kept: list[int]) -> frozenset[int]:
    """The items of parallel lists that follow a kept block: ``_LIST_ITEMS`` or more short blocks
    in a row punctuated alike ("June 9 – City, ST @ Venue", "Team (Group A): 10th"), as tour
    dates, results or line-ups in an article. Menus (no punctuation) and widgets ("Click to share
    on X (Opens in new window)") are never such lists."""
    out: set[int] = set()
    done = set(kept)
    for i in sorted(kept):
        j = i + 1
        while j < len(texts) and j not in done:
            sig = _list_mark(texts[j])
            items = 0
            while sig and j + items < len(texts) and _list_item(texts[j + items], sig):
                items += 1
            if items < _LIST_ITEMS:
                break
            out.update(range(j, j + items))
            done.update(range(j, j + items))
            j += items
    return frozenset(out)


def _list_item(text: str, mark: str) -> bool:
    return _list_mark(text)[:1] == mark[:1] and len(text.split()) <= _LIST_WORDS and not L.is_apparatus(text)


def _list_mark(text: str) -> str:
    """The punctuation that structures a list item, in order (a spaced hyphen counts as a dash)."""
    return "".join(re.findall(r"[,:;()\[\]@–—|/]", re.sub(r"\s-{1,2}\s", " – ", text)))


def _told_again(texts: list[str]) -> frozenset[int]:
    """The blocks of ``_SUMMARY_GRAMS`` word triples or more that the page tells again later
    (most of their triples come again after them): a summary, as a metadata description, of an
    article whose own text follows. They neither make the run nor are kept."""
    last: dict[tuple[str, ...], int] = {}
    for i, t in enumerate(texts):
        last.update(dict.fromkeys(_trigrams(t), i))
    out = set()
    for i, t in enumerate(texts):
        grams = _trigrams(t)
        if len(grams) >= _SUMMARY_GRAMS and sum(last[g] > i for g in grams) > _REPEATED * len(grams):
            out.add(i)
    return frozenset(out)


def _before_section_end(texts: list[str], run: tuple[int, int]) -> tuple[int, int]:
    """The run cut at a heading that ends an article ("Comments", "Related stories", "Read
    more") or at the writer's short biography ("A. Writer is a freelance writer in ...", "...
    Follow him on X @writer"): what
    follows it is the page's, not the article's, once prose came before it."""
    for i in range(run[0] + 1, run[1] + 1):
        if _ends_article(L.clean(texts[i])) and any(L.is_prose(t) for t in texts[run[0]:i]):
            return run[0], i - 1
    return run


def _ends_article(text: str) -> bool:
    return bool(_COMMENTS.match(text)) or (bool(_SIGN_OFF.match(text) or _FOLLOW.search(text))
                                            and len(text.split()) <= _SIGN_OFF_WORDS)


@lru_cache(maxsize=4096)
def _trigrams(text: str) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    return frozenset(tuple(words[i:i + 3]) for i in range(max(1, len(words) - 2)))


def densest_run(gains: list[float]) -> tuple[int, int] | None:
    """(first, last) of the contiguous run with the largest positive sum, or ``None``."""
    best, best_run = 0.0, None
    total, start = 0.0, 0
    for i, g in enumerate(gains):
        if total <= 0:
            total, start = 0.0, i
        total += g
        if total > best:
            best, best_run = total, (start, i)
    return best_run
