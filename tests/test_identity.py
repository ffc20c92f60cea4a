"""Corpus-level identity: the rules on hand-made nodes, the identity graph in a real Oxigraph
store, and (slow) a build with the real model over short articles written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_resolve import article, by_label
from kg.identity import Node, resolve_corpus
from kg.identity_store import keep_apart, refresh_identity
from kg.sparql.named import named_query
from kg.rdf.iris import Minter
from kg.resolve import resolve
from kg.store import Store
from kg.types import Built, Kind

M = Minter("https://example.org/kg/")
KGO = "https://w3id.org/news-kg/ontology#"


def person(slug: str, label: str, titles: tuple[str, ...] = (), aliases: tuple[str, ...] = ()) -> Node:
    return Node(slug, Kind.PERSON, label, aliases, titles)


def joined(nodes: list[Node], **kw) -> dict[str, str]:
    return resolve_corpus(nodes, **kw).canonical()


def test_a_surname_joins_the_one_full_name_it_fits() -> None:
    nodes = [person("full", "Maria Okonkwo-Lindqvist"), person("short", "Okonkwo-Lindqvist", ("Ms.",)),
             person("other", "Lindqvist")]
    assert joined(nodes) == {"short": "full"}  # "Lindqvist" is not the hyphenated surname


def test_namesakes_stay_apart_and_the_short_name_joins_neither() -> None:
    nodes = [person("p", "Peter Haldane"), person("s", "Sofia Haldane"), person("h", "Haldane")]
    result = resolve_corpus(nodes)
    assert result.canonical() == {}
    assert [(k.node, set(k.candidates)) for k in result.kept_apart] == [("h", {"p", "s"})]


def test_an_office_singles_out_one_namesake_and_address_must_agree() -> None:
    nodes = [person("d", "Edmund Varga", ("President",)), person("i", "Ilona Varga"),
             person("t", "Varga", ("President",)), person("mr", "Varga", ("Mr.",))]
    nodes[3] = Node("mr", Kind.PERSON, "Okafor", (), ("Mr.",))
    nodes.append(person("ms", "Grace Okafor", ("Ms.",)))
    result = resolve_corpus(nodes).decisions
    assert {(d.node, d.canonical, d.rule) for d in result} == {("t", "d", "surname+title")}


def test_fewer_given_names_particles_and_initials_fit() -> None:
    nodes = [person("full", "Edmund J. Varga"), person("two", "Edmund Varga"), person("one", "Varga"),
             person("jvm", "Jakob von Moltke"), person("vm", "von Moltke"), person("init", "J. von Moltke")]
    assert joined(nodes) == {"two": "full", "one": "full", "vm": "jvm", "init": "jvm"}


def test_acronyms_aliases_and_spellings_join_within_a_kind_only() -> None:
    nodes = [Node("esa", Kind.ORG, "ESA"), Node("agency", Kind.ORG, "European Space Agency"),
             Node("ny", Kind.ORG, "NY"), Node("nyer", Kind.ORG, "New Yorker"),
             Node("is", Kind.UNIT, "IS"), Node("state", Kind.UNIT, "Islamic State", ("IS",)),
             Node("place-is", Kind.PLACE, "IS"),
             Node("al", Kind.PLACE, "al-Fakhora school"), Node("plain", Kind.PLACE, "Fakhora school"),
             Node("bbc", Kind.ORG, "BBC"), Node("bc", Kind.ORG, "BC"),
             Node("capital", Kind.PLACE, "Washington"),
             Node("wa", Kind.PLACE, "Washington (U.S. state)", ("Washington",))]
    # the capital stays itself; "IS" the place joins "IS" the unit by the kind rule (a tie against
    # a place no gazetteer knows), never by an alias or acronym of another kind
    assert joined(nodes) == {"esa": "agency", "is": "state", "plain": "al", "place-is": "state"}
    assert {d.node: d.rule for d in resolve_corpus(nodes).decisions}["place-is"] == "kind"


def test_a_surname_across_articles_meets_a_name_with_a_suffix() -> None:
    nodes = [person("pell", "Pell"), person("full", "Dorian Vasko Pell III"),
             person("w", "Wexley"), person("wf", "Corin Wexley Jr."), person("wo", "Ida Wexley")]
    result = resolve_corpus(nodes)
    assert result.canonical() == {"pell": "full"}
    assert [(k.node, sorted(k.candidates)) for k in result.kept_apart] == [("w", ["wf", "wo"])]


def test_transliterations_of_one_name_join_and_misread_countries_join_no_one() -> None:
    nodes = [person("a", "Alexander Lebed"), person("b", "Aleksander Lebed"), person("c", "Mark Dutroux"),
             person("d", "Marc Dutroux"), person("e", "Marco Dutroux"), person("p", "Poland"),
             person("j", "James Poland")]
    assert joined(nodes) == {"a": "b", "d": "c"}


def test_a_group_of_people_and_a_region_misread_as_people_join_no_one() -> None:
    nodes = [person("d", "Democrats"), person("s", "Liberal Democrats"), person("j", "Sumba"),
             person("e", "West Sumba"), person("k", "Kessler"), person("f", "Hanna Kessler")]
    assert joined(nodes) == {"k": "f"}  # a plural noun for people, a name after a compass point


def test_a_short_name_never_chains_two_people_of_an_article() -> None:
    text = "Bill Clinton spoke. Clinton left. Hillary Clinton stayed. Clinton waved."
    found = resolve(article(text, ("Bill Clinton", "person"), ("Clinton", "person"), ("Hillary Clinton", "person"),
                            ("Clinton", "person")))
    assert {e.label: e.aliases for e in found} == {"Bill Clinton": ("Clinton",), "Hillary Clinton": ()}


def test_a_title_before_the_name_the_model_marked_is_kept() -> None:
    text = "U.S. President Clinton met Mr. Dole and the president of Chile."
    found = by_label(resolve(article(text, ("Clinton", "person"), ("Dole", "person"))))
    assert (found["Clinton"].titles, found["Dole"].titles) == (("President",), ("Mr.",))


def test_words_glued_before_a_name_do_not_make_another_person() -> None:
    nodes = [person("glued", "Harriers Tobiah Mensah"), person("plain", "Tobiah Mensah"), person("m", "Mensah"),
             person("ana", "Ana Lucia Ferreira"), person("rosa", "Rosa Lucia Ferreira"), person("l", "Lucia Ferreira")]
    result = resolve_corpus(nodes)
    assert result.canonical() == {"plain": "glued", "m": "glued"}
    assert [(k.node, set(k.candidates)) for k in result.kept_apart] == [("l", {"ana", "rosa"})]


def test_a_person_alone_in_the_corpus_joins_the_one_table_person_the_name_fits() -> None:
    trump = "https://example.org/kg/id/person/trump"
    assert joined([person(trump, "Trump", ("President",))]) == {trump: "https://example.org/kg/id/Q22686"}
    assert joined([person("t", "Trump", ("Mrs.",))]) == {}  # the table does not say who is a woman
    assert joined([person("t", "Trump"), person("i", "Ivanka Trump")]) == {}  # two Trumps: neither
    assert "t" not in joined([person("t", "Trump"), person("d", "Donald Trump"), person("i", "Ivanka Trump")])
    assert joined([person("x", "Okonkwo-Lindqvist")]) == {}


def test_a_name_typed_two_ways_is_the_node_of_the_kind_most_articles_give_it() -> None:
    nodes = [Node("p", Kind.PERSON, "Orvane Labs"), Node("o", Kind.ORG, "Orvane Labs", articles=3),
             Node("tp", Kind.PERSON, "Telmar Quay", articles=2), Node("tq", Kind.PLACE, "Telmar Quay", articles=2),
             Node("dr", Kind.PERSON, "Sunder", titles=("Dr.",)), Node("sunder", Kind.ORG, "Sunder", articles=4),
             Node("jp", Kind.PERSON, "Jordan"), Node("j", Kind.PLACE, "Jordan", articles=5)]
    result = resolve_corpus(nodes).decisions
    assert [(d.node, d.canonical, d.rule) for d in result] == [("p", "o", "kind")]  # a tie, a title, a country


def test_a_tie_goes_to_the_organization_only_against_weak_readings() -> None:
    nodes = [Node("vp", Kind.PLACE, "Quorvex"), Node("vo", Kind.ORG, "Quorvex"),
             Node("lp", Kind.PERSON, "Hallick"), Node("lo", Kind.ORG, "Hallick"),
             Node("fp", Kind.PERSON, "Dara Quill"), Node("fo", Kind.ORG, "Dara Quill"),
             Node("tp", Kind.PLACE, "Mossgate"), Node("tu", Kind.UNIT, "Mossgate"), Node("to", Kind.ORG, "Mossgate")]
    result = {(d.node, d.canonical, d.rule) for d in resolve_corpus(nodes).decisions}
    # a full name, or two organizations, decide nothing
    assert result == {("vp", "vo", "kind"), ("lp", "lo", "kind")}


def test_words_before_a_name_that_name_nothing_make_no_node_of_their_own() -> None:
    nodes = [Node("p", Kind.PERSON, "Ilse Varga’s Brightmoor", ("Brightmoor",)), Node("o", Kind.ORG, "Brightmoor"),
             Node("x", Kind.PERSON, "newer Calloway", ("Calloway",)), Node("c", Kind.ORG, "Calloway"),
             Node("y", Kind.PERSON, "Tamsin Calloway", ("Calloway",)),
             Node("n", Kind.PLACE, "northern Ostrava", ("Ostrava",)), Node("o2", Kind.PLACE, "Ostrava")]
    result = {(d.node, d.canonical, d.rule) for d in resolve_corpus(nodes).decisions}
    # the well-named node is the canonical one; a surname of a full name is no descriptor
    assert result == {("p", "o", "descriptor"), ("x", "c", "descriptor")}


def test_an_organization_is_one_node_with_and_without_its_legal_form() -> None:
    nodes = [Node("c", Kind.ORG, "Varnholt Corp."), Node("cc", Kind.ORG, "Varnholt Corporation", articles=3),
             Node("v", Kind.ORG, "Varnholt"),
             Node("g", Kind.ORG, "Brask Systems GmbH"), Node("b", Kind.ORG, "Brask Systems"),
             Node("team", Kind.ORG, "Team EU"), Node("t", Kind.ORG, "Team"), Node("inc", Kind.ORG, "Inc"),
             Node("p", Kind.PERSON, "Varnholt Co")]
    # "EU" is a name of our tables, never a legal form; a person is no company
    assert joined(nodes) == {"c": "cc", "v": "cc", "b": "g"}
    two_items = [Node("Q1", Kind.ORG, "Varnholt Corp.", linked=True), Node("Q2", Kind.ORG, "Varnholt", linked=True),
                 Node("v", Kind.ORG, "Varnholt Corporation")]
    assert joined(two_items) == {}  # two Wikidata items of one spelling are two things


def test_an_organization_is_one_node_with_and_without_the_word_for_what_it_is() -> None:
    nodes = [Node("u", Kind.ORG, "Carrowmore University", articles=2), Node("c", Kind.ORG, "Carrowmore"),
             Node("p", Kind.ORG, "Velden Party"), Node("v", Kind.ORG, "Velden"),
             Node("bu", Kind.ORG, "Boston University"), Node("b", Kind.ORG, "Boston"),
             Node("g", Kind.ORG, "Group"), Node("x", Kind.PERSON, "Velden Group"),
             Node("nb", Kind.ORG, "Osterby Bank"), Node("np", Kind.ORG, "Osterby Party"),
             Node("o", Kind.ORG, "Osterby")]
    # "Boston" is a place the gazetteers know: a team called Boston is not its university; a bank
    # and a party of one name are two things, and the name alone joins neither
    result = resolve_corpus(nodes)
    assert result.canonical() == {"c": "u", "v": "p"}
    assert [(k.node, sorted(k.candidates)) for k in result.kept_apart] == [("o", ["nb", "np"])]


def test_a_nickname_joins_the_one_full_given_name_it_is_short_for() -> None:
    assert joined([person("pat", "Pat Quillane"), person("patrick", "Patrick Quillane")]) == {"pat": "patrick"}
    assert joined([person("mike", "Mike Orvell"), person("michael", "Michael J. Orvell")]) == {"mike": "michael"}
    # Patrick or Patricia: neither, and the two full names never meet through the nickname
    assert joined([person("pat", "Pat Quillane"), person("patrick", "Patrick Quillane"),
                   person("patricia", "Patricia Quillane")]) == {}
    assert joined([person("ian", "Ian Dorsey"), person("john", "John Dorsey")]) == {}  # a name of its own
    assert joined([person("m", "Mike Orvell", ("Mrs.",)), person("michael", "Michael Orvell", ("Mr.",))]) == {}


def test_a_form_of_address_never_joins_a_first_name_of_the_other_sex_across_articles() -> None:
    assert joined([person("mr", "Ferrow", ("Mr.",)), person("marta", "Marta Ferrow")]) == {}
    assert joined([person("mrs", "Ferrow", ("Mrs.",)), person("marta", "Marta Ferrow")]) == {"mrs": "marta"}
    # the woman is the only Ferrow "Mrs." can be, though a man of the name is in the corpus too
    assert joined([person("mrs", "Ferrow", ("Mrs.",)), person("marta", "Marta Ferrow"),
                   person("jonas", "Jonas Ferrow")]) == {"mrs": "marta"}


def test_a_user_can_keep_two_nodes_apart() -> None:
    nodes = [person("full", "Maria Okonkwo-Lindqvist"), person("short", "Okonkwo-Lindqvist")]
    assert joined(nodes, apart=[("full", "short")]) == {}


def _article(aid: str, people: dict[str, str | tuple[str, ...]]) -> Built:
    """A minimal article graph: the article, its provenance, and the people it mentions (or the
    things: (label, schema.org class, names the article also gave it))."""
    g, a = M.graph(aid), M.article(aid)
    lines = [f"<{g}> <http://www.w3.org/ns/prov#wasDerivedFrom> <{a}> <{g}> .",
             f"<{a}> <http://schema.org/url> <https://news.example.org/{aid}> <{g}> ."]
    for key, thing in people.items():
        label, kind, *aliases = (thing, "Person") if isinstance(thing, str) else thing
        e = M.entity(key)
        lines += [f"<{a}> <http://schema.org/mentions> <{e}> <{g}> .",
                  f"<{e}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/{kind}> <{g}> .",
                  f"<{e}> <http://www.w3.org/2000/01/rdf-schema#label> \"{label}\"@en <{g}> ."]
        lines += [f"<{e}> <http://schema.org/alternateName> \"{n}\"@en <{g}> ." for n in aliases]
    return Built(aid, str(g), ("\n".join(lines) + "\n").encode(), "h" + aid, aid)


def _canonical(store: Store) -> dict[str, str]:
    rows = store.query(f"SELECT ?s ?c WHERE {{ GRAPH ?g {{ ?s <{KGO}canonical> ?c }} }}").rows
    return {s.value.rsplit("/id/", 1)[1]: c.value.rsplit("/id/", 1)[1] for s, c in rows}


def test_the_identity_graph_follows_the_articles_and_leaves_their_graphs_alone(tmp_path: Path) -> None:
    with Store.open(tmp_path, create=True) as store:
        store.write_articles([_article("a1", {"person/maria-ol": "Maria Okonkwo-Lindqvist"}),
                              _article("a2", {"person/ol": "Okonkwo-Lindqvist"})])
        before = {g: len(list(store.db.quads_for_pattern(None, None, None, _node(g))))
                  for g in store.article_graphs()}
        refresh_identity(store)
        assert _canonical(store) == {"person/ol": "person/maria-ol"}
        top = store.query(named_query("top-entities", {"kind": "person"})).rows
        assert [(e.value.rsplit("/id/", 1)[1], int(n.value)) for e, _, _, n, _ in top] == [("person/maria-ol", 2)]
        assert {g: len(list(store.db.quads_for_pattern(None, None, None, _node(g))))
                for g in store.article_graphs()} == before
        rule = store.query(f"SELECT ?r ?c WHERE {{ GRAPH ?g {{ ?d <{KGO}rule> ?r ; <{KGO}confidence> ?c }} }}")
        assert [(r.value, float(c.value)) for r, c in rule.rows] == [("surname", 0.85)]
        again = refresh_identity(store)
        assert (again.added, again.removed) == (0, 0)
        store.write_articles([_article("a4", {"person/ngozi": "Ngozi Adeyemi"})])
        unrelated = refresh_identity(store)
        assert (unrelated.added, unrelated.removed) == (0, 0)  # only what an article touches changes
        store.write_articles([_article("a3", {"person/ivar-ol": "Ivar Okonkwo-Lindqvist"})])
        refresh_identity(store)
        assert _canonical(store) == {}  # a rival appeared: the short name is kept apart
        store.remove_article("a3")
        refresh_identity(store)
        assert _canonical(store) == {"person/ol": "person/maria-ol"}
        keep_apart(store, str(M.entity("person/ol")), str(M.entity("person/maria-ol")))
        assert _canonical(store) == {}


def test_companies_read_as_other_things_join_their_node_in_the_store(tmp_path: Path) -> None:
    with Store.open(tmp_path, create=True) as store:
        store.write_articles([
            _article("b1", {"org/varnholt-corporation": ("Varnholt Corporation", "Organization"),
                            "place/quorvex": ("Quorvex", "Place")}),
            _article("b2", {"org/varnholt-corp": ("Varnholt Corp.", "Organization"),
                            "org/quorvex": ("Quorvex", "Organization")}),
            _article("b3", {"person/ilse-vargas-brightmoor": ("Ilse Varga’s Brightmoor", "Person", "Brightmoor")}),
            _article("b4", {"org/brightmoor": ("Brightmoor", "Organization")})])
        refresh_identity(store)
        assert _canonical(store) == {"org/varnholt-corp": "org/varnholt-corporation", "place/quorvex": "org/quorvex",
                                     "person/ilse-vargas-brightmoor": "org/brightmoor"}
        rules = store.query(f"SELECT ?r WHERE {{ GRAPH ?g {{ ?d <{KGO}rule> ?r }} }}").rows
        assert sorted(r.value for (r,) in rules) == ["descriptor", "kind", "spelling"]


def test_a_table_person_the_corpus_never_names_in_full_gets_a_node_of_its_own(tmp_path: Path) -> None:
    with Store.open(tmp_path, create=True) as store:
        store.write_articles([_article("a1", {"person/trump": "Trump"})])
        refresh_identity(store)
        assert _canonical(store) == {"person/trump": "Q22686"}
        named = store.query("SELECT ?l WHERE { GRAPH ?g { <https://example.org/kg/id/Q22686> "
                            "<http://www.w3.org/2000/01/rdf-schema#label> ?l } }").rows
        assert [label.value for (label,) in named] == ["Donald Trump"]
        again = refresh_identity(store)  # the name it gives is not read back as a node of the corpus
        assert (again.added, again.removed) == (0, 0)


def _node(iri: str):
    import pyoxigraph as ox

    return ox.NamedNode(iri)


ARTICLES = {
    "bridge.txt": "Bridge engineer promises spring opening\n\nMaria Okonkwo-Lindqvist, the chief engineer of "
                  "the new harbour bridge in Tarnby, said on Monday that the last steel sections would be "
                  "lifted into place by March. The city council approved the extra budget last week.\n",
    "storms.txt": "Harbour bridge opening delayed by storms\n\nMs. Okonkwo-Lindqvist told reporters on Thursday "
                  "that two weeks of storms had slowed the work on the harbour bridge. Okonkwo-Lindqvist said "
                  "the crews would work through the weekend.\n",
    "prize.txt": "Novelist wins regional prize\n\nThe novelist Peter Haldane won the regional book prize in "
                 "Aberdeen on Friday for his third novel, a story about a lighthouse keeper.\n",
    "clinic.txt": "Surgeon opens new clinic\n\nSimon Haldane, a heart surgeon, opened a children's clinic in "
                  "Dundee on Tuesday. Dr. Simon Haldane said the clinic would treat infants from the whole "
                  "region.\n",
    "jury.txt": "Prize jury under fire\n\nCritics said on Sunday that the jury had ignored younger writers. "
                "Mr. Haldane, who sat on the jury last year, declined to comment.\n",
    "port.txt": "Harbour bill signed\n\nThe harbour bill will pay for dredging, President Trump said on "
                "Wednesday in Ohio.\n",
}
THINGS = f"""SELECT ?label (COUNT(DISTINCT ?thing) AS ?things) (COUNT(DISTINCT ?e) AS ?nodes) WHERE {{
  VALUES ?label {{ "Okonkwo" "Haldane" }}
  GRAPH ?g {{ ?e a <http://schema.org/Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }}
  FILTER(CONTAINS(STR(?l), ?label))
  OPTIONAL {{ GRAPH ?i {{ ?e <{KGO}canonical> ?c }} }} BIND(COALESCE(?c, ?e) AS ?thing)
}} GROUP BY ?label"""


@pytest.mark.slow
def test_a_build_makes_one_node_of_a_person_and_keeps_namesakes_apart(tmp_path: Path) -> None:
    from kg.pipeline import build
    from kg.show import show

    texts = tmp_path / "articles"
    texts.mkdir()
    for name, text in ARTICLES.items():
        (texts / name).write_text(text, encoding="utf-8")
    build([texts], tmp_path / "out")
    with Store.open(tmp_path / "out", read_only=True) as store:
        counts = {r[0].value: (int(r[1].value), int(r[2].value)) for r in store.query(THINGS).rows}
        apart = store.query(f"SELECT ?n WHERE {{ GRAPH ?g {{ ?d a <{KGO}KeptApart> ; <{KGO}name> ?n }} }}").rows
    assert counts["Okonkwo"] == (1, 2)  # two nodes, one thing
    assert counts["Haldane"] == (3, 3)  # Peter, Simon, and "Mr. Haldane", who could be either
    assert [n.value for (n,) in apart] == ["Haldane"]
    with Store.open(tmp_path / "out", read_only=True) as store:
        top = store.query(named_query("top-entities", {"kind": "person"})).rows
    assert "https://w3id.org/news-kg/id/Q22686" in {e.value for e, *_ in top}  # "President Trump" alone
    card = show(tmp_path / "out", "Okonkwo-Lindqvist")
    assert card.count("<https://") == 1 and "articles (2)" in card



PLACES = [  # text, (surface, kind the model gave) in order, the name looked at, the label it gets
    ("Rain is expected across Washington state, with floods near Olympia.",
     [("Washington", "place"), ("Olympia", "place")], "Washington", "Washington (U.S. state)"),
    ("Lawmakers met in Olympia; Washington has more fires than Oregon.",
     [("Olympia", "place"), ("Washington", "place"), ("Oregon", "place")], "Washington", "Washington (U.S. state)"),
    ("The senator flew back to Washington, D.C. to vote, far from Seattle.",
     [("Washington", "place"), ("Seattle", "place")], "Washington", "Washington"),
    ("The senator flew back to Washington to vote on the budget.", [("Washington", "place")], "Washington",
     "Washington"),
    ("Georgia's president met officials in Tbilisi.", [("Georgia", "place"), ("Tbilisi", "place")], "Georgia",
     "Georgia"),
    ("Voters in Atlanta lined up early as Georgia held its primary.",
     [("Atlanta", "place"), ("Georgia", "place")], "Georgia", "Georgia (U.S. state)"),
    ("The state of New York passed its budget.", [("New York", "place")], "New York", "New York (U.S. state)"),
    ("New York is the largest city of the country.", [("New York", "place")], "New York", "New York City"),
    ("Harbin prepares its ice festival.", [("Harbin", "person")], "Harbin", "Harbin"),
    ("They met in Paris, Texas, on Monday.", [("Paris", "place"), ("Texas", "place")], "Paris", "Paris, Texas"),
    ("They met in Paris, France, on Monday.", [("Paris", "place"), ("France", "place")], "Paris", "Paris"),
    ("The fair opened in Paris, Texas. Paris police closed two streets.",
     [("Paris", "place"), ("Texas", "place"), ("Paris", "place")], "Paris", "Paris, Texas"),
    ("The rodeo came to Santa Fe, New Mexico on Friday, and Santa Fe hotels filled up.",
     [("Santa Fe, New Mexico", "place"), ("Santa Fe", "place")], "Santa Fe", "Santa Fe, New Mexico"),
    ("The office moved to Lyon, France in May.", [("Lyon, France", "place")], "Lyon, France", "Lyon"),
    ("LINZ, Austria - Police in Linz said a train hit a bus.",
     [("LINZ", "place"), ("Austria", "place"), ("Linz", "place")], "Linz", "Linz"),
    ("The tour stops in Uncasville, CT in July.", [("Uncasville", "place"), ("CT", "place")], "CT", "Connecticut"),
    ("Offices in New York, N.Y. and Boston.", [("New York", "place"), ("N.Y.", "place")], "N.Y.",
     "New York (U.S. state)"),
    ("Offices in New York, N.Y. and Boston.", [("New York", "place"), ("N.Y.", "place")], "New York",
     "New York City"),
    ("A CT of his chest, then the MO of the gang.", [("CT", "place"), ("MO", "place")], "CT", "CT"),
]


@pytest.mark.parametrize(("text", "specs", "name", "label"), PLACES)
def test_places_are_read_in_their_context(text: str, specs, name: str, label: str) -> None:
    found = [e for e in resolve(article(text, *specs)) if any(m.span.text == name for m in e.mentions)]
    assert [(e.kind, e.label) for e in found] == [(Kind.PLACE, label)]


def test_an_article_naming_two_cities_of_one_name_keeps_the_bare_name_as_read() -> None:
    text = "She flew from Paris, Texas to Paris, France. Paris was cold."
    found = resolve(article(text, ("Paris", "place"), ("Texas", "place"), ("Paris", "place"),
                            ("France", "place"), ("Paris", "place")))
    labels = {e.label: len(e.mentions) for e in found if e.label.startswith("Paris")}
    assert labels == {"Paris, Texas": 1, "Paris": 2}  # the bare name is the best-known Paris, as read


def test_a_large_city_stays_a_person_with_a_title_or_a_fuller_name() -> None:
    text = "Whitney Houston sang. Houston smiled. Mr. Harbin left."
    found = resolve(article(text, ("Whitney Houston", "person"), ("Houston", "person"), ("Mr. Harbin", "person")))
    assert {(e.kind, e.label) for e in found} == {(Kind.PERSON, "Whitney Houston"), (Kind.PERSON, "Harbin")}


def test_a_surname_the_table_knows_never_carries_a_namesake_to_the_table_person() -> None:
    text = "Michelle Obama opened a library in Ohio. Obama said reading matters."
    found = by_label(resolve(article(text, ("Michelle Obama", "person"), ("Obama", "person"))))
    assert set(found) == {"Michelle Obama"} and found["Michelle Obama"].key == "person/michelle-obama"
    both = "Michelle Obama opened it; Barack Obama spoke later. Obama said reading matters."
    found = by_label(resolve(article(both, ("Michelle Obama", "person"), ("Barack Obama", "person"),
                                     ("Obama", "person"))))
    assert found["Barack Obama"].aliases == ("Obama",) and found["Michelle Obama"].key == "person/michelle-obama"
    (alone,) = resolve(article("President Obama spoke in Ohio.", ("President Obama", "person")))
    assert alone.key == "Q76"
