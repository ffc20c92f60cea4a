"""A long article costs time in proportion to its length: our components do a fixed number of
whole-Doc passes, whatever the number of lines and names (counted, not timed).

``Doc.ents`` and ``Doc.has_annotation`` walk every token; a ``Doc`` subclass counts them.
"""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from kg.nlp.components import Retype, covering, overlapping
from kg.nlp.segment import kg_line_breaks

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
    nlp = spacy.blank("en")
    short, long = (walks(kg_line_breaks, counting_doc(nlp, n)) for n in (5, 50))
    assert short == long


def test_retype_walks_the_doc_a_fixed_number_of_times():
    nlp = spacy.blank("en")
    retype = Retype(nlp)
    short, long = (walks(retype, counting_doc(nlp, n)) for n in (5, 50))
    assert short == long


def test_retype_still_types_titled_names_and_institutions():
    nlp = spacy.blank("en")
    doc = Retype(nlp)(counting_doc(nlp, 2))
    found = {(e.text, e.label_) for e in doc.ents}
    assert {("Ivan Petrov", "PERSON"), ("John Smith", "PERSON"), ("Paris", "GPE")} <= found


class CountingList(list):
    reads = 0

    def __getitem__(self, index):
        CountingList.reads += 1
        return super().__getitem__(index)


def test_overlap_lookups_are_logarithmic_and_covering_walks_once():
    nlp = spacy.blank("en")
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
