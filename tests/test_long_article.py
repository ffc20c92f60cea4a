"""A long article costs time in proportion to its length: our components do a fixed number of
whole-Doc passes, whatever the number of lines and names (counted, not timed); and memory is
bounded: a very long article is parsed in pieces.

``Doc.ents`` and ``Doc.has_annotation`` walk every token; a ``Doc`` subclass counts them.
"""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from kg.ingest import make_article
from kg.nlp.components import Retype, covering, overlapping
from kg.nlp.segment import kg_line_breaks
from kg.pipeline import extract_articles, pieces
from tests.conftest import blank_nlp

SENTENCE = [("Gen.", "NNP", "O"), ("Ivan", "NNP", "B-PERSON"), ("Petrov", "NNP", "I-PERSON"), ("met", "VBD", "O"),
            ("Mr.", "NNP", "O"), ("John", "NNP", "O"), ("Smith", "NNP", "O"), ("of", "IN", "O"),
            ("the", "DT", "O"), ("Harbin", "NNP", "O"), ("Police", "NNP", "O"), ("Authority", "NNP", "O"),
            ("in", "IN", "O"), ("Paris", "NNP", "B-GPE"), (".", ".", "O"), ("\n\n", "_SP", "O")]


class CountingDoc(Doc):
    """A Doc that counts the whole-Doc walks of ``ents`` reads and ``has_annotation`` calls."""

    walks = 0

    @property
    def ents(self):
        CountingDoc.walks += 1
        return Doc.ents.__get__(self)

    @ents.setter
    def ents(self, value):
        Doc.ents.__set__(self, value)

    def has_annotation(self, *args, **kwargs):
        CountingDoc.walks += 1
        return Doc.has_annotation(self, *args, **kwargs)


def counting_doc(nlp, sentences: int) -> CountingDoc:
    words, tags, ents = zip(*SENTENCE * sentences, strict=True)
    following = [*words[1:], ""]
    spaces = [not w.startswith("\n") and nxt not in {".", "\n\n"} for w, nxt in zip(words, following, strict=True)]
    starts = [w == "Gen." for w in words]
    return CountingDoc(nlp.vocab, words=list(words), spaces=spaces, tags=list(tags), ents=list(ents),
                       sent_starts=starts)


def walks(step, doc: CountingDoc) -> int:
    CountingDoc.walks = 0
    step(doc)
    return CountingDoc.walks


def test_line_breaks_walk_the_doc_a_fixed_number_of_times():
    nlp = blank_nlp()
    short, long = (walks(kg_line_breaks, counting_doc(nlp, n)) for n in (5, 50))
    assert short == long


def test_retype_walks_the_doc_a_fixed_number_of_times():
    nlp = blank_nlp()
    retype = Retype(nlp)
    short, long = (walks(retype, counting_doc(nlp, n)) for n in (5, 50))
    assert short == long


def test_retype_still_types_titled_names_and_institutions():
    nlp = blank_nlp()
    doc = Retype(nlp)(counting_doc(nlp, 2))
    found = {(e.text, e.label_) for e in doc.ents}
    assert {("Ivan Petrov", "PERSON"), ("John Smith", "PERSON"), ("Paris", "GPE")} <= found


class CountingList(list):
    reads = 0

    def __getitem__(self, index):
        CountingList.reads += 1
        return super().__getitem__(index)


def test_overlap_lookups_are_logarithmic_and_covering_walks_once():
    nlp = blank_nlp()
    doc = counting_doc(nlp, 200)
    ents = CountingList(Doc.ents.__get__(doc))
    start, end = ents[300].start, ents[300].end + 30
    expected = [e.start for e in ents if e.start < end and start < e.end]
    CountingList.reads = 0
    found = overlapping(ents, start, end)
    assert [e.start for e in found] == expected and len(expected) > 1
    assert CountingList.reads < 40  # 2 x log2(400) probes and the slice, not 400 reads
    spans = [doc[e.start:e.end + 1] for e in list(ents)[::2]]
    CountingDoc.walks = 0
    kept = covering(doc, spans)
    assert len(kept) == len(spans) and CountingDoc.walks == 1


@settings(max_examples=60, deadline=None)
@given(text=st.text(st.sampled_from("ab .\n"), max_size=400), size=st.integers(1, 50))
def test_pieces_join_back_into_the_text(text: str, size: int) -> None:
    parts = pieces(text, size)
    assert "".join(parts) == text
    assert all(0 < len(p) <= size for p in parts[:-1]) and len(parts[-1]) <= size


def test_a_long_article_parsed_in_pieces_has_the_same_mentions() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PERSON", "pattern": "Ivan Petrov"},
                                               {"label": "GPE", "pattern": "Harbin"}])
    article = make_article(text="".join(f"Ivan Petrov went to Harbin on day {i}.\n\n" for i in range(100)),
                           source="mem")
    whole, cut = (next(extract_articles([article], nlp, piece_chars=n)) for n in (10**6, 300))
    assert len(pieces(article.text, 300)) > 10

    def mentions(x):
        return {(e.label, m.span) for e in x.entities for m in e.mentions}

    assert mentions(cut) == mentions(whole) and len(mentions(whole)) == 200
    assert all(article.text[s.start:s.end] == s.text for _, s in mentions(cut))


@pytest.mark.slow
def test_the_model_finds_the_same_names_in_pieces(nlp, corpus_dir) -> None:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(corpus_dir.glob("*.txt"))[:3])
    article = make_article(text=text, source="mem")
    whole, cut = (next(extract_articles([article], nlp, piece_chars=n)) for n in (10**6, len(text) // 3))
    names = [{(e.kind, e.label) for e in x.entities} for x in (whole, cut)]
    assert len(names[0] & names[1]) >= 0.9 * len(names[0]) > 10
    assert all(text[m.span.start:m.span.end] == m.span.text for e in cut.entities for m in e.mentions)
