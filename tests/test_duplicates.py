"""Near-duplicate articles are one source: signatures of texts written for this test, and the
links and counts they give in a real Oxigraph store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kg.duplicates import MIN_WORDS, Signed, near_duplicates, signature
from kg.export.projection import to_networkx
from kg.identity_store import refresh_identity
from kg.ingest import make_article
from kg.query import stats
from kg.sparql.named import named_query
from kg.store import Store
from tests.handmade import extraction, store_articles

KGO = "https://w3id.org/news-kg/ontology#"

STORY = (
    "Flooding along the Varna river forced about four thousand people from their homes on Tuesday, "
    "regional officials said, after three days of heavy rain swelled the river beyond its banks in the "
    "lowland district of Kelmor. Emergency crews used boats to reach villages cut off by the water, and "
    "the regional governor said temporary shelters had been opened in two schools and a sports hall. "
    "\"The water is still rising in places and we ask everyone near the river to leave while the roads "
    "are open,\" the governor told reporters at a briefing in the district capital. Weather forecasters "
    "expect the rain to ease by Thursday, but warned that water levels downstream could keep climbing "
    "until the weekend. The last flood of this size in the district, in the spring of 1998, damaged more "
    "than two thousand houses and destroyed much of that year's harvest. Farmers said fields of wheat and "
    "barley planted in the autumn were already under water. The national rail operator suspended trains "
    "on the line between Kelmor and the coast because a stretch of track near the river had been washed out."
)
COPY = (  # the wire story again: new wording here and there, the last sentence cut, a credit line added
    STORY.replace("on Tuesday", "on Tuesday afternoon")
    .replace("Emergency crews used boats", "Rescue teams in boats worked")
    .rsplit(" The national rail operator", 1)[0]
    + " Reporting by a staff writer; editing by the news desk."
)
APART = (  # the same event, written by another reporter
    "Thousands of residents of the Kelmor district spent the night in schools and a sports hall after "
    "the Varna river overflowed, the second serious flood in the region in three decades. The governor "
    "urged people near the river to leave while the roads are open, saying the water was still rising "
    "in places. Forecasters said the rain should stop by Thursday. Farmers counted their losses as "
    "fields planted with wheat in the autumn disappeared under brown water, and trains to the coast "
    "were halted after part of the track was washed away."
)


def test_a_copy_with_small_edits_is_a_near_duplicate_and_a_report_written_apart_is_not() -> None:
    signed = [Signed("copy", signature(COPY), "2024-05-02"), Signed("story", signature(STORY), "2024-05-01"),
              Signed("apart", signature(APART), "2024-05-01")]
    found = near_duplicates(signed)
    assert [(d.article, d.original) for d in found] == [("copy", "story")]
    assert found[0].similarity >= 0.5


def test_a_copy_of_a_copy_has_the_first_original_and_short_texts_are_not_signed() -> None:
    again = COPY.replace("the news desk", "the night desk")
    signed = [Signed("c2", signature(again), "2024-05-03"), Signed("c1", signature(COPY), "2024-05-02"),
              Signed("s", signature(STORY), "2024-05-01"), Signed("odd", "mh2:not hex", "2024-05-01")]
    assert {(d.article, d.original) for d in near_duplicates(signed)} == {("c1", "s"), ("c2", "s")}
    assert signature(" ".join(["word"] * (MIN_WORDS - 1))) is None


def _top_people(store: Store) -> list[tuple[str, int, int]]:
    rows = store.query(named_query("top-entities", {"kind": "person"})).rows
    return [(label.value, int(n.value), int(sites.value)) for _, label, _, n, sites in rows]


def test_queries_count_an_article_and_its_copies_once(tmp_path: Path) -> None:
    def article(text: str, site: str, day: int):
        return extraction(make_article(text="Tomas Evander\n\n" + text, source=site,
                                       url=f"https://{site}/flood", published=dt.date(2024, 5, day)))

    out = store_articles(tmp_path / "out", [article(STORY, "wire.example.org", 1),
                                            article(COPY, "daily.example.net", 2),
                                            article(APART, "herald.example.com", 2)])
    with Store.open(out) as store:
        assert _top_people(store) == [("Tomas Evander", 3, 3)]
        assert refresh_identity(store).duplicates == 1
        assert _top_people(store) == [("Tomas Evander", 2, 2)]
        links = store.query(f"""SELECT ?copy ?original WHERE {{ GRAPH ?i {{ ?c <{KGO}nearDuplicateOf> ?o }}
            GRAPH ?g {{ ?c <http://schema.org/url> ?copy }} GRAPH ?h {{ ?o <http://schema.org/url> ?original }} }}""")
        assert [(c.value, o.value) for c, o in links.rows] == [("https://daily.example.net/flood",
                                                               "https://wire.example.org/flood")]
    assert (stats(out).articles, stats(out).copies) == (3, 1)
    with Store.open(out, read_only=True) as store:
        view = to_networkx(store.db)
    assert [d["n_articles"] for _, d in view.nodes(data=True) if d["kind"] == "person"] == [2]
    with Store.open(out) as store:
        store.remove_article("https://wire.example.org/flood")
        assert refresh_identity(store).duplicates == 0  # the copy is the first report now
        assert _top_people(store) == [("Tomas Evander", 2, 2)]


def test_among_many_texts_only_the_copy_is_found() -> None:
    import random

    rng = random.Random(7)
    vocab = STORY.lower().replace(",", "").replace(".", "").split()
    texts = {f"t{i:03d}": " ".join(rng.choice(vocab) for _ in range(150)) for i in range(150)}
    words = texts["t042"].split()
    for i in range(0, len(words), 40):  # a word changed every forty: about a seventh of the shingles
        words[i] = "changed"
    texts["z-copy"] = " ".join(words)
    signed = [Signed(k, signature(v), "2024-05-01") for k, v in texts.items()]
    assert [(d.article, d.original) for d in near_duplicates(signed)] == [("z-copy", "t042")]
