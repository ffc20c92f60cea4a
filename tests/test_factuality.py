"""Factuality of occurrences: the rules on parses built by hand, then the real model end to end."""

from __future__ import annotations

import pytest

from kg.nlp.factuality import factuality
from tests.conftest import make_doc

CASES = [
    # words, heads, deps, index of the trigger, expected value
    ("The army attacked the town".split(), [1, 2, 2, 4, 2], ["det", "nsubj", "ROOT", "det", "dobj"], 2, "Asserted"),
    ("The army did not attack the town".split(), [1, 4, 4, 4, 4, 6, 4],
     ["det", "nsubj", "aux", "neg", "ROOT", "det", "dobj"], 4, "Negated"),
    ("Rebels refused to negotiate".split(), [1, 1, 3, 1], ["nsubj", "ROOT", "aux", "xcomp"], 3, "Negated"),
    ("They did not refuse to talk".split(), [3, 3, 3, 3, 5, 3],
     ["nsubj", "aux", "neg", "ROOT", "aux", "xcomp"], 5, "Asserted"),
    ("They cancelled the meeting".split(), [1, 1, 3, 1], ["nsubj", "ROOT", "det", "dobj"], 3, "Negated"),
    ("There was no attack".split(), [1, 1, 3, 1], ["expl", "ROOT", "det", "attr"], 3, "Negated"),
    ("They could strike the base".split(), [2, 2, 2, 4, 2], ["nsubj", "aux", "ROOT", "det", "dobj"], 2, "Possible"),
    ("The ministers will meet".split(), [1, 3, 3, 3], ["det", "nsubj", "aux", "ROOT"], 3, "Future"),
    ("The group plans to attack".split(), [1, 2, 2, 4, 2], ["det", "nsubj", "ROOT", "aux", "xcomp"], 4, "Future"),
    ("They threatened an offensive".split(), [1, 1, 3, 1], ["nsubj", "ROOT", "det", "dobj"], 3, "Future"),
    ("If they attack , we retaliate".split(), [2, 2, 5, 5, 5, 5],
     ["mark", "nsubj", "advcl", "punct", "nsubj", "ROOT"], 2, "Conditional"),
    ("If they attack , we retaliate".split(), [2, 2, 5, 5, 5, 5],
     ["mark", "nsubj", "advcl", "punct", "nsubj", "ROOT"], 5, "Conditional"),
    ("They could strike if they are paid".split(), [2, 2, 2, 6, 6, 6, 2],
     ["nsubj", "aux", "ROOT", "mark", "nsubjpass", "auxpass", "advcl"], 2, "Conditional"),
    ("Nobody was killed".split(), [2, 2, 2], ["nsubjpass", "auxpass", "ROOT"], 2, "Negated"),
    ("No one was hurt".split(), [1, 3, 3, 3], ["det", "nsubjpass", "auxpass", "ROOT"], 3, "Negated"),
    ("He denied that troops withdrew".split(), [1, 1, 4, 4, 1], ["nsubj", "ROOT", "mark", "nsubj", "ccomp"],
     4, "Negated"),
    ("They will not attack".split(), [3, 3, 3, 3], ["nsubj", "aux", "neg", "ROOT"], 3, "Negated"),
    ("They would send aid".split(), [2, 2, 2, 2], ["nsubj", "aux", "ROOT", "dobj"], 2, "Conditional"),
    ("Officials said they would send aid".split(), [1, 1, 4, 4, 1, 4],
     ["nsubj", "ROOT", "nsubj", "aux", "ccomp", "dobj"], 4, "Future"),
    ("Officials said they would not send aid".split(), [1, 1, 5, 5, 5, 1, 5],
     ["nsubj", "ROOT", "nsubj", "aux", "neg", "ccomp", "dobj"], 5, "Negated"),
    ("He is due to meet".split(), [1, 1, 1, 4, 2], ["nsubj", "ROOT", "acomp", "aux", "xcomp"], 4, "Future"),
    ("They stay if and when talks resume".split(), [1, 1, 1, 2, 6, 6, 1],
     ["nsubj", "ROOT", "prep", "cc", "advmod", "nsubj", "advcl"], 6, "Conditional"),
    ("They stay if and when talks resume".split(), [1, 1, 1, 2, 6, 6, 2],
     ["nsubj", "ROOT", "prep", "cc", "advmod", "nsubj", "conj"], 6, "Conditional"),
    ("They stay and when talks resume".split(), [1, 1, 1, 5, 5, 1],
     ["nsubj", "ROOT", "cc", "advmod", "nsubj", "advcl"], 5, "Asserted"),
    ("They will be able to strike".split(), [2, 2, 2, 2, 5, 3], ["nsubj", "aux", "ROOT", "acomp", "aux", "xcomp"], 5,
     "Future"),
    ("He was able to escape".split(), [1, 1, 1, 4, 2], ["nsubj", "ROOT", "acomp", "aux", "xcomp"], 4, "Asserted"),
    ("She was unable to attend".split(), [1, 1, 1, 4, 2], ["nsubj", "ROOT", "acomp", "aux", "xcomp"], 4, "Negated"),
    ("Staff were told to sign".split(), [2, 2, 2, 4, 2], ["nsubjpass", "auxpass", "ROOT", "aux", "xcomp"], 4,
     "Future"),
    ("He told them that troops withdrew".split(), [1, 1, 1, 5, 5, 1],
     ["nsubj", "ROOT", "dobj", "mark", "nsubj", "ccomp"], 5, "Reported"),
    ("More protests are planned".split(), [1, 3, 3, 3], ["amod", "nsubjpass", "auxpass", "ROOT"], 1, "Future"),
    ("The group is believed to have attacked".split(), [1, 3, 3, 3, 6, 6, 3],
     ["det", "nsubjpass", "auxpass", "ROOT", "aux", "aux", "xcomp"], 6, "Reported"),
    ("Troops shelled the town , officials said".split(), [1, 1, 3, 1, 1, 6, 1],
     ["nsubj", "ROOT", "det", "dobj", "punct", "nsubj", "parataxis"], 1, "Reported"),
    ("People fled , according to the police".split(), [1, 1, 1, 1, 3, 6, 4],
     ["nsubj", "ROOT", "punct", "prep", "prep", "det", "pobj"], 1, "Reported"),
    ("Troops shelled the town , killing civilians , officials said".split(), [1, 9, 3, 1, 1, 1, 5, 9, 9, 9],
     ["nsubj", "ccomp", "det", "dobj", "punct", "advcl", "dobj", "punct", "nsubj", "ROOT"], 5, "Reported"),
    ("Officials said troops attacked the town where rebels hid".split(), [1, 1, 3, 1, 5, 3, 8, 8, 5],
     ["nsubj", "ROOT", "nsubj", "ccomp", "det", "dobj", "advmod", "nsubj", "relcl"], 8, "Reported"),
    ("Troops who attacked the town were withdrawn".split(), [6, 2, 0, 4, 2, 6, 6],
     ["nsubjpass", "nsubj", "relcl", "det", "dobj", "auxpass", "ROOT"], 2, "Asserted"),
    ("Officials said the army attacked".split(), [1, 1, 3, 4, 1], ["nsubj", "ROOT", "det", "nsubj", "ccomp"],
     4, "Reported"),
    ("Officials said the army did not attack".split(), [1, 1, 3, 6, 6, 6, 1],
     ["nsubj", "ROOT", "det", "nsubj", "aux", "neg", "ccomp"], 6, "Negated"),
    ("They could not launch an attack".split(), [3, 3, 3, 3, 5, 3], ["nsubj", "aux", "neg", "ROOT", "det", "dobj"],
     5, "Possible"),
    ("No deaths were reported".split(), [1, 3, 3, 3], ["det", "nsubjpass", "auxpass", "ROOT"], 1, "Negated"),
    ("No group claimed it , but rebels carried out raids".split(), [1, 2, 2, 2, 2, 2, 7, 2, 7, 7],
     ["det", "nsubj", "ROOT", "dobj", "punct", "cc", "nsubj", "conj", "prt", "dobj"], 9, "Asserted"),
    ("The court ordered a new trial".split(), [1, 2, 2, 5, 5, 2], ["det", "nsubj", "ROOT", "det", "amod", "dobj"],
     5, "Future"),
    ("He called on them to meet".split(), [1, 1, 1, 2, 5, 1], ["nsubj", "ROOT", "prep", "pobj", "aux", "xcomp"],
     5, "Future"),
    ("They called for early elections".split(), [1, 1, 1, 4, 2], ["nsubj", "ROOT", "prep", "amod", "pobj"],
     4, "Future"),
    ("Fears of a potential outbreak grew".split(), [5, 0, 4, 4, 1, 5], ["nsubj", "prep", "det", "amod", "pobj", "ROOT"],
     4, "Possible"),
    ("Officials reported a sixth death".split(), [1, 1, 4, 4, 1], ["nsubj", "ROOT", "det", "amod", "dobj"],
     4, "Reported"),
    ("We will not let them cross".split(), [3, 3, 3, 3, 5, 3], ["nsubj", "aux", "neg", "ROOT", "nsubj", "ccomp"],
     5, "Negated"),
    ("Sign it , otherwise we would count the strikes illegal".split(), [0, 0, 6, 6, 6, 6, 6, 8, 9, 6],
     ["ROOT", "dobj", "punct", "advmod", "nsubj", "aux", "ccomp", "det", "nsubj", "ccomp"], 8, "Conditional"),
    ("They could see that the strike ended".split(), [2, 2, 2, 6, 5, 6, 2],
     ["nsubj", "aux", "ROOT", "mark", "det", "nsubj", "ccomp"], 6, "Asserted"),
    ("At no point did they attack".split(), [5, 2, 0, 5, 5, 5], ["prep", "det", "pobj", "aux", "nsubj", "ROOT"],
     5, "Negated"),
    ("They arrived in no time".split(), [1, 1, 1, 4, 2], ["nsubj", "ROOT", "prep", "det", "pobj"], 1, "Asserted"),
    ("He was otherwise known as a striker".split(), [3, 3, 3, 3, 3, 6, 4],
     ["nsubjpass", "auxpass", "advmod", "ROOT", "prep", "det", "pobj"], 3, "Asserted"),
    ("He did not know that troops withdrew".split(), [3, 3, 3, 3, 6, 6, 3],
     ["nsubj", "aux", "neg", "ROOT", "mark", "nsubj", "ccomp"], 6, "Asserted"),
    ("A deal needs to be made".split(), [1, 2, 2, 5, 5, 2], ["det", "nsubj", "ROOT", "aux", "auxpass", "xcomp"],
     5, "Possible"),
    ("A deal needs to be made".split(), [1, 2, 2, 5, 5, 2], ["det", "nsubj", "ROOT", "aux", "auxpass", "xcomp"],
     1, "Possible"),
    ("The strike needs to end".split(), [1, 2, 2, 4, 2], ["det", "nsubj", "ROOT", "aux", "xcomp"], 1, "Asserted"),
    ("If asked , they need to testify".split(), [1, 4, 4, 4, 4, 6, 4],
     ["mark", "advcl", "punct", "nsubj", "ROOT", "aux", "xcomp"], 6, "Conditional"),
    ("Officials said they have to sign".split(), [1, 1, 3, 1, 5, 3],
     ["nsubj", "ROOT", "nsubj", "ccomp", "aux", "xcomp"], 5, "Possible"),
    ("Banks are required to report losses".split(), [2, 2, 2, 4, 2, 4],
     ["nsubjpass", "auxpass", "ROOT", "aux", "xcomp", "dobj"], 4, "Possible"),
    ("They have a plan to attack".split(), [1, 1, 3, 1, 5, 3], ["nsubj", "ROOT", "det", "dobj", "aux", "acl"],
     1, "Asserted"),
    ("Talks are unlikely to agree , officials said".split(), [1, 7, 1, 4, 2, 7, 7, 7],
     ["nsubj", "ccomp", "acomp", "aux", "xcomp", "punct", "nsubj", "ROOT"], 4, "Possible"),
    ("Talks are unlikely to agree , officials said".split(), [1, 7, 1, 4, 2, 7, 7, 7],
     ["nsubj", "ccomp", "acomp", "aux", "xcomp", "punct", "nsubj", "ROOT"], 0, "Reported"),
    ("The firm is set to merge".split(), [1, 3, 3, 3, 5, 3], ["det", "nsubjpass", "auxpass", "ROOT", "aux", "xcomp"],
     5, "Future"),
    ("The hearing was not the first time".split(), [1, 2, 2, 2, 5, 5, 2],
     ["det", "nsubj", "ROOT", "neg", "det", "amod", "attr"], 1, "Asserted"),
    ("The hearing was not held".split(), [1, 4, 4, 4, 4], ["det", "nsubjpass", "auxpass", "neg", "ROOT"],
     1, "Negated"),
    ("The hearing did not end".split(), [1, 4, 4, 4, 4], ["det", "nsubj", "aux", "neg", "ROOT"], 1, "Negated"),
]


@pytest.mark.parametrize(("words", "heads", "deps", "i", "expected"), CASES,
                         ids=[f"{' '.join(c[0])}@{c[3]}" for c in CASES])
def test_factuality_from_the_parse(words, heads, deps, i, expected) -> None:
    assert factuality(make_doc(words, heads, deps)[i]) == expected


def test_otherwise_with_a_modal_makes_a_consequence_even_in_reported_speech() -> None:
    words = "Officials said that otherwise they would strike".split()
    heads, deps = [1, 1, 6, 6, 6, 6, 1], ["nsubj", "ROOT", "mark", "advmod", "nsubj", "aux", "ccomp"]
    tags = ["NNS", "VBD", "IN", "RB", "PRP", "MD", "VB"]
    assert factuality(make_doc(words, heads, deps, tags)[6]) == "Conditional"
    plain = [w for w in words if w != "otherwise"]
    assert factuality(make_doc(plain, [1, 1, 5, 5, 5, 1], deps[:3] + deps[4:], tags[:3] + tags[4:])[5]) == "Future"


@pytest.mark.slow
def test_negated_and_hypothetical_occurrences_are_marked_not_dropped(nlp) -> None:
    from kg.extract import extract_doc
    from kg.types import Article

    text = ("The rebels did not attack the town on Monday. The army could bomb the bridge. "
            "The commanders will meet in Geneva. Troops captured the airport.")
    article = Article(id="0" * 16, text=text, source="test", content_hash="h")
    occs = {o.trigger.text: o.factuality for o in extract_doc(nlp(text), article).occurrences}
    assert occs.get("attack") == "Negated"
    assert occs.get("bomb") == "Possible"
    assert occs.get("meet") == "Future"
    assert occs.get("captured") == "Asserted"


QUESTIONS = [
    # words, heads, deps, tags, index of the trigger, expected value
    ("Did the rebels attack the town ?".split(), [3, 2, 3, 3, 5, 3, 3],
     ["aux", "det", "nsubj", "ROOT", "det", "dobj", "punct"], ["VBD", "DT", "NNS", "VB", "DT", "NN", "."], 3,
     "Questioned"),
    ("Why did the rebels attack the town ?".split(), [4, 4, 3, 4, 4, 6, 4, 4],
     ["advmod", "aux", "det", "nsubj", "ROOT", "det", "dobj", "punct"],
     ["WRB", "VBD", "DT", "NNS", "VB", "DT", "NN", "."], 4, "Asserted"),
    ('He asked : " Did they attack ? "'.split(), [1, 1, 1, 1, 6, 6, 1, 1, 1],
     ["nsubj", "ROOT", "punct", "punct", "aux", "nsubj", "ccomp", "punct", "punct"],
     ["PRP", "VBD", ":", "``", "VBD", "PRP", "VB", ".", "''"], 1, "Asserted"),
    ("The rebels attacked the town .".split(), [1, 2, 2, 4, 2, 2], ["det", "nsubj", "ROOT", "det", "dobj", "punct"],
     ["DT", "NNS", "VBD", "DT", "NN", "."], 2, "Asserted"),
]


@pytest.mark.parametrize(("words", "heads", "deps", "tags", "i", "expected"), QUESTIONS,
                         ids=[f"{' '.join(c[0])}@{c[4]}" for c in QUESTIONS])
def test_a_yes_no_question_states_nothing_either_way(words, heads, deps, tags, i, expected) -> None:
    assert factuality(make_doc(words, heads, deps, tags)[i]) == expected


def test_an_infinitive_on_a_noun_tells_a_purpose_unless_an_ordinal_makes_it_a_record() -> None:
    words = "They built a vehicle to carry rovers".split()
    heads, deps = [1, 1, 3, 1, 5, 3, 5], ["nsubj", "ROOT", "det", "dobj", "aux", "acl", "dobj"]
    tags = ["PRP", "VBD", "DT", "NN", "TO", "VB", "NNS"]
    assert factuality(make_doc(words, heads, deps, tags)[5]) == "Future"
    words = "It was the first port to sign the deal".split()
    heads = [1, 1, 4, 4, 1, 6, 4, 8, 6]
    deps = ["nsubj", "ROOT", "det", "amod", "attr", "aux", "acl", "det", "dobj"]
    tags = ["PRP", "VBD", "DT", "JJ", "NN", "TO", "VB", "DT", "NN"]
    assert factuality(make_doc(words, heads, deps, tags)[6]) == "Asserted"


def test_what_a_commissioned_party_is_to_do_is_future() -> None:
    words = "The agency hired three firms to build landers".split()
    heads, deps = [1, 2, 2, 4, 2, 6, 2, 6], ["det", "nsubj", "ROOT", "nummod", "dobj", "aux", "xcomp", "dobj"]
    assert factuality(make_doc(words, heads, deps)[6]) == "Future"
    assert factuality(make_doc(words, heads, deps)[2]) == "Asserted"


def test_a_question_outweighs_a_modal() -> None:
    words = "Will they attack the base ?".split()
    heads, deps = [2, 2, 2, 4, 2, 2], ["aux", "nsubj", "ROOT", "det", "dobj", "punct"]
    tags = ["MD", "PRP", "VB", "DT", "NN", "."]
    assert factuality(make_doc(words, heads, deps, tags)[2]) == "Questioned"
    assert factuality(make_doc(words[:-1] + ["."], heads, deps, tags)[2]) == "Future"


def test_what_one_has_to_do_is_possible_but_what_one_had_to_do_was_done() -> None:
    words = "They have to flee".split()
    heads, deps = [1, 1, 3, 1], ["nsubj", "ROOT", "aux", "xcomp"]
    assert factuality(make_doc(words, heads, deps, ["PRP", "VBP", "TO", "VB"])[3]) == "Possible"
    past = make_doc("They had to flee".split(), heads, deps, ["PRP", "VBD", "TO", "VB"])
    assert factuality(past[3]) == "Asserted"


def test_what_one_wishes_had_happened_did_not() -> None:
    words = "I wish I had pressed charges".split()
    heads, deps = [1, 1, 4, 4, 1, 4], ["nsubj", "ROOT", "nsubj", "aux", "ccomp", "dobj"]
    assert factuality(make_doc(words, heads, deps)[5]) == "Negated"
    plain = make_doc("I had pressed charges".split(), [2, 2, 2, 2], ["nsubj", "aux", "ROOT", "dobj"])
    assert factuality(plain[3]) == "Asserted"


def test_an_asserted_event_dated_after_publication_is_yet_to_happen() -> None:
    import datetime as dt

    from kg.nlp.factuality import dated
    from kg.types import TimeSpan

    published = dt.date(2019, 11, 19)
    next_year = TimeSpan(None, dt.date(2020, 1, 1), dt.date(2020, 12, 31), "2020")
    this_year = TimeSpan(None, dt.date(2019, 1, 1), dt.date(2019, 12, 31), "2019")
    assert dated("Asserted", next_year, published) == "Future"
    assert dated("Asserted", this_year, published) == "Asserted"  # may be done already
    assert dated("Negated", next_year, published) == "Negated"
    assert dated("Reported", next_year, published) == "Reported"
    assert dated("Asserted", next_year, None) == "Asserted"
    before = TimeSpan(None, dt.date(2030, 1, 1), dt.date(2030, 12, 31), "2030", modifier="BEFORE")
    assert dated("Asserted", before, published) == "Asserted"  # "before 2030" may be now


@pytest.mark.slow
def test_the_date_an_event_is_moved_to_neither_dates_it_nor_makes_it_future(nlp) -> None:
    import datetime as dt

    from kg.extract import extract_doc
    from kg.types import Article

    text = ("The chief executive is stepping down in May 2020. "
            "Delays pushed back the first launch to late 2020. Prior to September, the board met weekly.")
    article = Article(id="0" * 16, text=text, source="test", content_hash="h", published=dt.date(2019, 11, 19))
    occs = {o.trigger.text: o for o in extract_doc(nlp(text), article).occurrences}
    assert occs["stepping down"].factuality == "Future" and occs["stepping down"].time.value == "2020-05"
    assert occs["pushed"].factuality == "Asserted" and occs["pushed"].time is None
    assert occs["met"].time is not None  # "prior to" bounds it: no date it is moved to
