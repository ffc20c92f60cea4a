"""kg_retype: trimming, junk, titles, headlines and re-typing by category.

Fast tests build Docs with ``spacy.blank("en")`` and hand-set entities (tags set by hand where a
rule reads them); slow tests run the real pipeline on invented sentences.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from kg.nlp import segment
from kg.nlp.categories import category
from kg.nlp.descriptions import facility_descriptions
from kg.nlp.components import (
    covering, drop_titles, headline_end, is_junk, person_parts, retype, trim, unlabelled_people, vote,
)

from tests.conftest import blank_nlp, doc_with, make_doc


def test_trim_drops_determiners_possessives_and_punctuation() -> None:
    doc = doc_with("He met the Red Army 's men.", ("the Red Army 's", "ORG"))
    assert trim(doc.ents[0]).text == "Red Army"
    assert trim(Span(doc, 2, 3, label="ORG")) is None
    caption = doc_with("FILE - Tomas Varga, seen here.", ("FILE - Tomas Varga", "PERSON"))
    assert trim(caption.ents[0]).text == "Tomas Varga"


def test_a_place_noun_after_a_country_is_no_part_of_the_name() -> None:
    doc = doc_with("A bomb hit the Germany embassy near the Zorvan camp.", ("Germany embassy", "FAC"),
                   ("Zorvan camp", "FAC"))
    assert [trim(e).text for e in doc.ents] == ["Germany", "Zorvan camp"]


def test_titles_come_off_person_spans_but_a_lone_title_stays() -> None:
    doc = doc_with("Then Prime Minister Jane Roe and Staff Sergeant Bo Li spoke.",
                   ("Prime Minister Jane Roe", "PERSON"), ("Staff Sergeant Bo Li", "PERSON"))
    assert [drop_titles(e).text for e in doc.ents] == ["Jane Roe", "Bo Li"]
    alone = doc_with("The Senator spoke.", ("Senator", "PERSON"))
    assert drop_titles(alone.ents[0]).text == "Senator"


def test_a_nationality_before_a_name_is_no_part_of_it() -> None:
    doc = doc_with("Ukrainian Oleh Baran beat Joao Silveira.", ("Ukrainian Oleh Baran", "PERSON"))
    assert drop_titles(doc.ents[0]).text == "Oleh Baran"


def test_a_person_span_splits_at_a_title_after_a_place_or_an_organization() -> None:
    doc = doc_with("Mosul Governor Ali Hadi met Toronto Police spokesperson Const and Tomas Major Varga.",
                   ("Mosul Governor Ali Hadi", "PERSON"), ("Toronto Police spokesperson Const", "PERSON"),
                   ("Tomas Major Varga", "PERSON"))
    parts = [[(p.text, p.label_) for p in person_parts(e)] for e in doc.ents]
    assert parts == [[("Mosul", "GPE"), ("Ali Hadi", "PERSON")], [("Toronto Police", "ORG")],
                     [("Tomas Major Varga", "PERSON")]]


def test_the_place_before_a_title_is_no_person_word_elsewhere() -> None:
    doc = doc_with("Floods hit Leeds. Leeds Mayor Ann Cole said more rain was due.",
                   ("Leeds", "PERSON"), ("Leeds Mayor Ann Cole", "PERSON"))
    found = [(e.text, e.label_) for e in retype(doc).ents]
    assert found == [("Leeds", "GPE"), ("Leeds", "GPE"), ("Ann Cole", "PERSON")]


def test_junk_is_urls_numbers_and_lower_case_only_names() -> None:
    doc = doc_with("See www.example.com or 1945 or rebels or Xavier.",
                   ("www.example.com", "ORG"), ("1945", "ORG"), ("rebels", "ORG"), ("Xavier", "PERSON"))
    assert [is_junk(e) for e in doc.ents] == [True, True, True, False]
    names = doc_with("Then McElroy and DeBlasio spoke.", ("McElroy", "PERSON"), ("DeBlasio", "PERSON"))
    assert not any(is_junk(e) for e in names.ents)  # capitalised, though not title case


def test_wiki_heading_marks_are_trimmed_and_a_heading_is_no_name() -> None:
    nlp = spacy.blank("en")
    segment.split_wiki_marks(nlp.tokenizer)
    doc = nlp("==Aftermath==\nThe Velka Relief Fund = helped.")  # = = Aftermath == \n The ...
    doc.ents = [Span(doc, 2, 4, label="PERSON"), Span(doc, 6, 10, label="ORG")]
    heading, fund = (trim(e) for e in doc.ents)
    assert (heading.text, fund.text) == ("Aftermath", "Velka Relief Fund")
    assert is_junk(heading) and not is_junk(fund)


def test_a_title_cased_headline_is_found_and_a_sentence_case_one_is_not() -> None:
    assert headline_end("Rebels Storm Northern Town Overnight\nBody text here.") == 36
    assert headline_end("Rebels storm a northern town overnight\nBody text.") == 0


def test_headline_names_the_body_never_repeats_are_dropped() -> None:
    text = "Zorland Bombs Mountain Village Camp\nZorland said the strike hit a camp."
    doc = retype(doc_with(text, ("Zorland Bombs Mountain Village Camp", "ORG"), ("Zorland", "GPE")))
    assert [(e.text, e.label_) for e in doc.ents] == [("Zorland", "GPE"), ("Zorland", "GPE")]


def test_a_title_cased_headline_phrase_with_a_capitalized_little_word_is_no_name() -> None:
    text = "Shelling At Varno Refugee Camp, Zorland\nShells hit the Varno Refugee Camp in Zorland on Monday."
    doc = retype(doc_with(text, ("Shelling At Varno Refugee Camp", "EVENT"), ("Zorland", "GPE"),
                          ("Varno Refugee Camp", "FAC"), ("Zorland", "GPE")))
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Varno Refugee Camp", "FAC"), ("Zorland", "GPE"), ("Varno Refugee Camp", "FAC"), ("Zorland", "GPE")]


def test_names_in_a_sub_heading_the_text_never_repeats_are_dropped() -> None:
    text = ("Varga opened the new wing on Monday.\nNot Merely Glass and Steel Towers\n"
            "- Velka Institute: Twin Domes on Mount Orlen\nVelka Institute staff said so.")
    doc = retype(doc_with(text, ("Varga", "PERSON"), ("Steel Towers", "ORG"), ("Velka Institute", "ORG"),
                          ("Twin Domes", "PERSON"), ("Velka Institute", "ORG")))
    assert [e.text for e in doc.ents] == ["Varga", "Velka Institute", "Velka Institute"]


def test_a_name_alone_on_its_line_or_in_a_list_line_is_no_heading_word() -> None:
    text = "Varga wrote the letter on Monday.\nOrlen Public Defender Office\nTomas Varga, Dana Roe and Bo Li Staff"
    doc = retype(doc_with(text, ("Varga", "PERSON"), ("Orlen Public Defender Office", "ORG"),
                          ("Tomas Varga", "PERSON"), ("Dana Roe", "PERSON")))
    assert [e.text for e in doc.ents] == ["Varga", "Orlen Public Defender Office", "Tomas Varga", "Dana Roe"]


def test_a_surname_alone_is_a_person_after_the_full_name_even_in_a_possessive() -> None:
    text = "Admiral Tomas Varga's fleet sailed. Destroyers held off Varga's cruisers."
    doc = retype(doc_with(text, ("Tomas Varga's", "PERSON"), ("Varga", "ORG")))
    assert [(e.text, e.label_) for e in doc.ents] == [("Tomas Varga", "PERSON"), ("Varga", "PERSON")]


def test_time_zones_and_capitalised_common_words_are_no_names() -> None:
    text = "Checkpoint guards fled. Varga said the checkpoint fell."
    doc = retype(doc_with(text, ("Checkpoint", "PERSON"), ("Varga", "PERSON")))
    assert [e.text for e in doc.ents] == ["Varga"]
    text = "Varga told Police at 14:00 GMT that the police had left the Velka Police post after an IED blast."
    doc = retype(doc_with(text, ("Varga", "PERSON"), ("Police", "ORG"), ("GMT", "ORG"), ("Velka Police", "ORG"),
                          ("IED", "ORG")))
    assert [e.text for e in doc.ents] == ["Varga", "Velka Police"]


def test_names_the_body_gives_are_found_in_a_title_cased_headline() -> None:
    text = "Zorland Jets Bomb Varno Refugee Camp Again\nZorland denied that its jets struck near Varno."
    doc = blank_nlp()(text)
    body = [(text.rindex(name), text.rindex(name) + len(name)) for name in ("Zorland", "Varno")]
    doc.ents = [doc.char_span(start, end, label="GPE") for start, end in body]
    doc = retype(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Zorland", "GPE"), ("Varno", "GPE"), ("Zorland", "GPE"), ("Varno", "GPE")]


def test_unit_and_facility_head_nouns_retype() -> None:
    doc = doc_with("The Northland Rifles Brigade left Harbour Street and the Police Force stayed.",
                   ("Northland Rifles Brigade", "ORG"), ("Harbour Street", "ORG"), ("Police Force", "MILUNIT"))
    labels = [category(e, set(), set()) for e in doc.ents]
    assert labels == ["MILUNIT", "FAC", "ORG"]


def test_a_venue_named_after_a_sponsor_is_a_place() -> None:
    doc = doc_with("The band plays the Corvell Bank Amphitheatre, then Tarvin Sun Arena, then meets Ana Pavlo.",
                   ("Corvell Bank Amphitheatre", "ORG"), ("Tarvin Sun Arena", "PERSON"), ("Ana Pavlo", "PERSON"))
    assert [category(e, set(), set()) for e in doc.ents] == ["FAC", "FAC", "PERSON"]


def test_a_state_code_after_a_town_is_a_place() -> None:
    doc = doc_with("Dates: Velbury, TX and Orlin, NJ; the TX unit of Tarvin, NP.",
                   ("TX", "ORG"), ("NJ", "PERSON"), ("TX", "ORG"), ("NP", "ORG"))
    assert [category(e, set(), set()) for e in doc.ents] == ["GPE", "GPE", "ORG", "ORG"]


def test_a_part_of_a_person_name_is_a_person() -> None:
    doc = doc_with("Ana Quintero arrived. Later Quintero left.", ("Ana Quintero", "PERSON"), ("Quintero", "ORG"))
    assert category(doc.ents[1], set(), {"Ana", "Quintero"}) == "PERSON"


def test_an_age_in_apposition_or_a_speech_verb_marks_a_person() -> None:
    doc = doc_with("Yes, said Toberlan, 41, who was there.", ("Toberlan", "ORG"))
    assert category(doc.ents[0], set(), set()) == "PERSON"
    org = doc_with("The Northwind Ministry said no.", ("Northwind Ministry", "ORG"))
    assert category(org.ents[0], set(), set()) == "ORG"
    count = doc_with("Raid near Port Velka, 26 pirates held", ("Port Velka", "ORG"))
    assert category(count.ents[0], set(), set()) == "ORG"  # a number counting a noun is no age


def test_vote_gives_every_occurrence_the_majority_label() -> None:
    doc = doc_with("Kestrel spoke. Kestrel left. Kestrel won.", ("Kestrel", "PERSON"))
    spans = [Span(doc, 0, 1, "PERSON"), Span(doc, 3, 4, "ORG"), Span(doc, 6, 7, "PERSON")]
    assert [s.label_ for s in vote(spans)] == ["PERSON"] * 3


def test_an_occurrence_the_text_types_outvotes_the_model() -> None:
    doc = doc_with("Kestrel spoke. Kestrel left. Kestrel won.", ("Kestrel", "PERSON"))
    spans = [Span(doc, 0, 1, "PERSON"), Span(doc, 3, 4, "GPE"), Span(doc, 6, 7, "PERSON")]
    assert [s.label_ for s in vote(spans, stated={3})] == ["GPE"] * 3


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("Fighters of the Irish Republican Army ambushed a patrol near the border.", "Irish Republican Army",
         "MILUNIT"),
        ("The FARC said its fighters had left the valley.", "FARC", "MILUNIT"),
        ("Gen. Tomas Varga ordered the 5th Armoured Brigade forward.", "Tomas Varga", "PERSON"),
        ("Forces under Komkor Tomas Varga attacked at dawn.", "Tomas Varga", "PERSON"),
        ("Two villages were retaken, the General Staff said on Tuesday.", "General Staff", "ORG"),
        ("Ethiopian federal forces clashed with rebels near the town.", "Ethiopian federal forces", "MILUNIT"),
        ("Kurdish fighters held the ridge overnight.", "Kurdish fighters", "MILUNIT"),
        ("The 5th Armoured Brigade moved at dawn, the officers said.", "5th Armoured Brigade", "MILUNIT"),
        ("Protesters gathered on Harbour Street before noon.", "Harbour Street", "FAC"),
        ("Army Group Centre collapsed in the summer of 1944.", "Army Group Centre", "MILUNIT"),
        ("The 1st SS Panzer Division and II SS Panzer Corps moved west.", "1st SS Panzer Division", "MILUNIT"),
        ("The 1st SS Panzer Division and II SS Panzer Corps moved west.", "II SS Panzer Corps", "MILUNIT"),
        ("Neither the intelligence service nor the West Yorkshire Police commented.", "West Yorkshire Police", "ORG"),
        ("Witnesses ran up West 23rd Street after the bang.", "West 23rd Street", "FAC"),
        ("He was filmed entering the Kwik Save at Station Street in Leyland.", "Station Street", "FAC"),
        ("They met at the Starbucks on Pearse Street in Dublin before the march.", "Pearse Street", "FAC"),
        ("Her daughter, Amalka, was the youngest victim.", "Amalka", "PERSON"),
        ("Two soldiers died in the Zhari district of Kandahar.", "Zhari district", "GPE"),
        ("The singer died in Marseille, aged 71, after a long illness.", "Marseille", "GPE"),
        ("Troops entered the villages of Marzan, Kolbek and Dorvik on Monday.", "Kolbek", "GPE"),
        ("Troops entered the villages of Marzan, Kolbek and Dorvik on Monday.", "Dorvik", "GPE"),
        ("Officials recalled the Kobe port disaster of 1995.", "Kobe", "GPE"),
        ("Police reopened the Kennedy assassination files.", "Kennedy", "PERSON"),
        ("The UN Relief and Works Agency ran the school.", "UN Relief and Works Agency", "ORG"),
        ("The Ninth Army of Army Group South retreated.", "Ninth Army", "MILUNIT"),
        ("The Ninth Army of Army Group South retreated.", "Army Group South", "MILUNIT"),
        ("Lee led the Army of Northern Virginia north.", "Army of Northern Virginia", "MILUNIT"),
        ("Witnesses said Sudan's armed forces shelled the border town.", "Sudan's armed forces", "MILUNIT"),
        ("By spring the Soviets had crossed the river.", "Soviets", "GPE"),
        ("The shelling killed 30 Palestinians near the crossing.", "Palestinians", "GROUP"),
        ("Many Venezuelans feared the new assembly.", "Venezuelans", "GROUP"),
        ("Police said Methodists and Catholics prayed together.", "Methodists", "GROUP"),
        ("Gen. Tomas Varga thanked the Estonians for their help.", "Tomas Varga", "PERSON"),
        ("Shells hit the Marzan refugee camp overnight, aid workers said.", "Marzan refugee camp", "FAC"),
        ("Families sheltered in a Dorvik school after the floods.", "Dorvik school", "FAC"),
    ],
)
def test_categories_on_invented_sentences(nlp, text: str, name: str, label: str) -> None:
    found = {e.text: e.label_ for e in nlp(text).ents}
    assert found.get(name) == label, found


def test_a_gazetteer_place_in_a_place_slot_is_a_place_in_any_spelling() -> None:
    doc = doc_with("Police in the city of Lyon said shells fell in Jabaliya and at Zorbanic.",
                   ("Lyon", "PERSON"), ("Jabaliya", "ORG"), ("Zorbanic", "PERSON"))
    assert [category(e, set(), set()) for e in doc.ents] == ["GPE", "GPE", "PERSON"]


def test_rivers_and_gulfs_are_no_people() -> None:
    doc = doc_with("The army held the line between the Velka and the Orlo, "
                   "then sailed into Tarvin Gulf; the Varga family stayed.",
                   ("Velka", "PERSON"), ("Orlo", "PERSON"), ("Tarvin Gulf", "PERSON"), ("Varga", "PERSON"))
    doc.ents[-1][0].dep_ = "compound"  # "the Varga family": a name as a modifier keeps its type
    assert [category(e, set(), set()) for e in doc.ents] == ["LOC", "LOC", "LOC", "PERSON"]


def test_a_country_adjective_or_a_state_is_no_person() -> None:
    doc = doc_with("Sri Lankan police said Tarvin State was calm.",
                   ("Sri Lankan", "PERSON"), ("Tarvin State", "PERSON"))
    assert [category(e, set(), set()) for e in doc.ents] == ["NORP", "GPE"]


def test_an_organization_named_like_a_person_of_the_text_is_that_person() -> None:
    doc = doc_with("Ann Corrigan, whose films sold, was born Ann Mae Corrigan.",
                   ("Ann Corrigan", "ORG"), ("Ann Mae Corrigan", "PERSON"))
    found = [(e.text, e.label_) for e in retype(doc).ents]
    assert found == [("Ann Corrigan", "PERSON"), ("Ann Mae Corrigan", "PERSON")]


def test_a_name_in_capitals_is_no_person_unless_it_is_a_major_place() -> None:
    doc = doc_with("The bid valued QXR highly, a PARIS analyst said.", ("QXR", "PERSON"), ("PARIS", "PERSON"))
    assert [category(e, set(), set()) for e in doc.ents] == ["ORG", "GPE"]


def test_a_country_the_model_calls_a_person_is_the_country_unless_the_text_says_person() -> None:
    doc = doc_with("Troops left Mali; Chad said no; Jordan scored; President Georgia spoke.",
                   ("Mali", "PERSON"), ("Chad", "PERSON"), ("Jordan", "PERSON"), ("Georgia", "PERSON"))
    assert [category(e, set(), {"Jordan"}) for e in doc.ents] == ["GPE", "PERSON", "PERSON", "PERSON"]


def test_a_name_after_a_speech_verb_is_a_speaker_only_as_its_subject() -> None:
    doc = doc_with('Varga warned Damascus. "No," said Tarvin.', ("Damascus", "GPE"), ("Tarvin", "GPE"))
    doc.ents[0].root.dep_, doc.ents[1].root.dep_ = "dobj", "nsubj"
    assert [category(e, set(), set()) for e in doc.ents] == ["GPE", "PERSON"]


def test_what_has_leaders_or_members_is_no_person() -> None:
    doc = doc_with("Ana Quintero, leader of Tarvin Vanguard, met the president of Venezuela.",
                   ("Ana Quintero", "PERSON"), ("Tarvin Vanguard", "PERSON"), ("Venezuela", "PERSON"))
    assert [category(e, set(), set()) for e in doc.ents] == ["PERSON", "ORG", "GPE"]


def test_a_known_place_on_a_route_is_a_place() -> None:
    doc = doc_with("Supplies ran from Dimapur to Kohima, and a letter from Varga came.", ("Dimapur", "PERSON"),
                   ("Varga", "PERSON"))
    assert [category(e, set(), set()) for e in doc.ents] == ["GPE", "PERSON"]


def test_what_the_text_says_of_a_name_makes_it_a_place_without_a_gazetteer() -> None:
    doc = doc_with("Shells hit the villages of Zorbanic and Qarvet, a small town in the north, near Velka City.",
                   ("Zorbanic", "PERSON"), ("Qarvet", "PERSON"), ("Velka City", "PERSON"))
    assert [category(e, set(), set()) for e in doc.ents] == ["GPE", "GPE", "GPE"]
    named = doc_with("Minsk was liberated, Tarvin Motors reopened and shells hit Kharkiv.",
                     ("Minsk", "ORG"), ("Tarvin Motors", "ORG"), ("Kharkiv", "FAC"))
    assert [category(e, set(), set()) for e in named.ents] == ["GPE", "ORG", "GPE"]
    unknown = doc_with("Riots spread to the state of Veldora; Veldora phones sold out.",
                       ("Veldora", "PRODUCT"), ("Veldora", "PRODUCT"))
    assert [category(e, set(), set()) for e in unknown.ents] == ["GPE", "PRODUCT"]
    people = doc_with("Ana Quintero, the state prosecutor, met Tomas Varga, the town's mayor.",
                      ("Ana Quintero", "PERSON"), ("Tomas Varga", "PERSON"))
    assert [category(e, set(), set()) for e in people.ents] == ["PERSON", "PERSON"]


def test_unlabelled_surnames_and_speakers_become_people() -> None:
    text = "Gerry Adams spoke. Adams left. Later Velko said no. The Times said so. Mr Orlo said it."
    doc = doc_with(text, ("Gerry Adams", "PERSON"))
    for tok in doc:
        tok.tag_ = "NNP" if tok.text[0].isupper() and tok.text not in {"Later", "The"} else "XX"
    assert [s.text for s in unlabelled_people(doc)] == ["Adams", "Velko", "Mr Orlo"]
    assert [(e.text, e.label_) for e in retype(doc).ents][-1] == ("Orlo", "PERSON")  # the title comes off


def test_names_listed_between_people_and_cut_short_names_become_people() -> None:
    text = "Held were Ana Ruiz, Brayan Ozor, Luis Vela and Nora Tlis Kovar. Later Ana Ruiz spoke."
    doc = doc_with(text, ("Ana Ruiz", "PERSON"), ("Luis Vela", "PERSON"), ("Nora", "PERSON"))
    for tok in doc:
        tok.tag_ = "NNP" if tok.text[0].isupper() and tok.text not in {"Held", "Later"} else "XX"
    assert [s.text for s in unlabelled_people(doc)] == ["Brayan Ozor", "Nora Tlis Kovar", "Ana Ruiz"]


def test_an_institution_name_takes_over_the_entities_it_holds_whole() -> None:
    doc = doc_with("The Greater Velka Police and the UN Relief and Works Agency met.",
                   ("Velka", "GPE"), ("UN Relief and Works Agency", "ORG"))
    police, agency = Span(doc, 1, 4, label="ORG"), Span(doc, 9, 11, label="ORG")
    assert (police.text, agency.text) == ("Greater Velka Police", "Works Agency")
    assert covering(doc, [police, agency]) == [police]


def test_a_name_the_text_gives_an_area_word_is_a_place_everywhere() -> None:
    doc = doc_with("Qarvet province was quiet. Later Qarvet fell.", ("Qarvet province", "GPE"), ("Qarvet", "PERSON"))
    assert [(e.text, e.label_) for e in retype(doc).ents] == [("Qarvet province", "GPE"), ("Qarvet", "GPE")]


def test_a_person_name_after_in_or_near_is_a_place_unless_a_possessive_follows() -> None:
    doc = doc_with("Shells fell near Zarvik Tepe. In Tomas's view it was over.",
                   ("Zarvik Tepe", "PERSON"), ("Tomas", "PERSON"))
    assert [category(e, set(), set()) for e in doc.ents] == ["GPE", "PERSON"]


# ------------------------------------------------------------------ kg_layout and confidence

def test_a_name_never_runs_across_a_line_break() -> None:
    from kg.nlp.document import split_at_lines

    doc = doc_with("Windows sales.\nAnna Berg\nOSLO 1996-08-22\nText.", ("Anna Berg\nOSLO", "PERSON"))
    assert [(p.text, p.label_) for p in split_at_lines(doc.ents[0])] == [("Anna Berg", "PERSON"), ("OSLO", "PERSON")]


def test_a_dateline_names_the_place_the_story_is_filed_from() -> None:
    from kg.nlp.document import dateline_places

    cases = {
        "Rates rise.\nLITTLE ROCK, Ark. 1996-08-22\nThe bank said.": ["LITTLE ROCK", "Ark."],
        "Rates rise.\nKYIV, Ukraine (AP) — The bank said.": ["KYIV", "Ukraine"],
        "Rates rise.\nLISBON - The bank said.": ["LISBON"],
        "FEATURE - Rates rise.\nThe bank said.": [],  # a label before a dash is no place
        "Rates rise.\nThe BBC said on Monday.": [],
    }
    for text, places in cases.items():
        found = dateline_places(blank_nlp()(text))
        assert [s.text for s in found] == places, text
        assert all(s.label_ == "GPE" for s in found)


def test_an_abbreviation_defined_after_a_name_takes_its_label_everywhere() -> None:
    from kg.nlp.document import abbreviations

    doc = doc_with("The Karen Farmers Union (KFU) met. Later KFU left the Near East (UNRWA) and UNRWA.",
                   ("Karen Farmers Union", "ORG"), ("KFU", "PERSON"), ("Near East", "LOC"))
    found = [(e.text, e.label_) for e in abbreviations(doc, list(doc.ents))]
    assert found == [("Karen Farmers Union", "ORG"), ("KFU", "ORG"), ("KFU", "ORG"), ("Near East", "LOC")]


def test_fragments_and_lone_everyday_words_fall_below_the_threshold() -> None:
    from kg.nlp.document import MIN_CONFIDENCE, confidence

    doc = doc_with("Paper says the Six-Day War and the Thai-Cambodia border and Anna Berg's Velka Brigade.",
                   ("Paper", "ORG"), ("Day War", "EVENT"), ("Cambodia", "GPE"), ("Anna Berg", "PERSON"),
                   ("Velka Brigade", "ORG"))
    low = {e.text for e in doc.ents if confidence(e) < MIN_CONFIDENCE}
    assert low == {"Paper", "Day War"}
    people = doc_with("Party Pieces said. People's Velka Army left.", ("Velka Army", "ORG"))
    assert confidence(people.ents[0]) < MIN_CONFIDENCE  # the possessive of a word naming nothing


def test_a_name_cut_off_a_longer_name_falls_below_the_threshold() -> None:
    from kg.nlp.document import MIN_CONFIDENCE, confidence

    doc = doc_with("Tickets for Zorvik Lube Live and the Velka Credit Union Arena went fast, Orlan Bank Director "
                   "Dana Roe and Velkor Mining Ltd Chairman Tomas Varga said.",
                   ("Lube Live", "ORG"), ("Credit Union", "ORG"), ("Orlan Bank", "ORG"), ("Dana Roe", "PERSON"),
                   ("Velkor Mining Ltd", "ORG"), ("Tomas Varga", "PERSON"))
    low = {e.text for e in doc.ents if confidence(e) < MIN_CONFIDENCE}
    assert low == {"Lube Live", "Credit Union"}


def test_a_name_beside_a_noun_for_an_organization_is_one() -> None:
    from kg.nlp.categories import is_org_by_context

    doc = doc_with("The news agency Tanjug said Zycie Warszawy daily and shares of Velkor fell, Mr Orlo said.",
                   ("Tanjug", "PERSON"), ("Zycie Warszawy", "PERSON"), ("Velkor", "PERSON"), ("Orlo", "PERSON"))
    for token in doc:
        token.tag_ = "NN" if token.is_lower else "NNP"
    assert [is_org_by_context(e) for e in doc.ents] == [True, True, True, False]


def test_the_language_of_sport_makes_a_place_a_team() -> None:
    from kg.nlp.categories import is_org_by_context

    doc = doc_with("The Brackwell manager, sacked by Dunmore United, had managed Velmor, Castel Harbour and Orbek; "
                   "away to Harton on Sunday. Spain manager Ana Pavlo lost to Korvath; Nils Orlo campaign manager; "
                   "John Tarrow players.",
                   ("Brackwell", "GPE"), ("Dunmore United", "PERSON"), ("Velmor", "GPE"), ("Castel Harbour", "GPE"),
                   ("Orbek", "LOC"), ("Harton", "GPE"), ("Spain", "GPE"), ("Ana Pavlo", "PERSON"),
                   ("Korvath", "PERSON"), ("Nils Orlo", "GPE"), ("John Tarrow", "PERSON"))
    for token in doc:
        token.tag_ = "NN" if token.is_lower else "NNP"
    assert [is_org_by_context(e) for e in doc.ents] == [True] * 6 + [False] * 5


def test_a_name_ends_in_a_capitalised_word() -> None:
    doc = doc_with("Interfax news agency and Coventry telephone exchange and Kang Young-hoon.",
                   ("Interfax news agency", "ORG"), ("Coventry telephone exchange", "ORG"),
                   ("Kang Young-hoon", "PERSON"))
    assert [trim(e).text for e in doc.ents] == ["Interfax", "Coventry telephone exchange", "Kang Young-hoon"]


def test_the_vote_is_over_a_name_in_any_case_and_hears_the_gazetteers() -> None:
    doc = doc_with("GROZNY quiet. Grozny held. He left Grozny.", ("GROZNY", "PERSON"), ("Grozny", "ORG"),
                   ("Grozny", "GPE"))
    assert {e.label_ for e in vote(list(doc.ents))} == {"GPE"}


def test_a_company_named_with_its_suffix_is_an_organization_without_it() -> None:
    from kg.nlp.document import short_company_names

    doc = doc_with("Velkor Oy said profit rose. Velkor said more.", ("Velkor Oy", "PERSON"), ("Velkor", "PERSON"))
    assert category(doc.ents[0], set(), set()) == "ORG"
    ents = [Span(doc, 0, 2, label="ORG"), doc.ents[1]]
    assert [e.label_ for e in short_company_names(ents)] == ["ORG", "ORG"]


def test_a_place_and_its_known_country_after_a_comma_are_two_places() -> None:
    from kg.nlp.document import split_place_list

    doc = doc_with("It landed at Velkora, Cyprus and at Orlo, Tarvin.",
                   ("Velkora, Cyprus", "ORG"), ("Orlo, Tarvin", "ORG"))
    assert [[(p.text, p.label_) for p in split_place_list(e)] for e in doc.ents] == [
        [("Velkora", "GPE"), ("Cyprus", "GPE")], [("Orlo, Tarvin", "ORG")]]


def test_a_name_after_a_noun_for_a_place_is_a_place() -> None:
    doc = doc_with("Rebels left the Chechen capital Varno on Monday, Orlo said.",
                   ("Varno", "PERSON"), ("Orlo", "PERSON"))
    assert [category(e, set(), set()) for e in doc.ents] == ["GPE", "PERSON"]


def test_a_name_before_a_noun_for_a_place_is_no_person() -> None:
    doc = doc_with("Traffic through the Varno tunnel and Orlo airport resumed.",
                   ("Varno", "PERSON"), ("Orlo", "PERSON"))
    assert [category(e, set(), set()) for e in doc.ents] == ["GPE", "GPE"]


def test_a_facility_is_described_by_its_singular_noun_outside_every_name() -> None:
    words = ["A", "temporary", "refugee", "camp", "near", "Tarvola", "was", "hit", ";",
             "camp", "residents", "fled", "the", "Tarvola", "Camp", "."]
    heads = [3, 3, 3, 7, 3, 4, 7, 7, 7, 10, 11, 11, 14, 14, 11, 11]
    deps = ["det", "amod", "compound", "nsubjpass", "prep", "pobj", "auxpass", "ROOT", "punct",
            "compound", "nsubj", "ROOT", "det", "compound", "dobj", "punct"]
    tags = ["DT", "JJ", "NN", "NN", "IN", "NNP", "VBD", "VBN", ":", "NN", "NNS", "VBD", "DT", "NNP", "NNP", "."]
    ents = ["O"] * 5 + ["B-GPE"] + ["O"] * 7 + ["B-FAC", "I-FAC", "O"]
    doc = make_doc(words, heads, deps, tags, ents=ents)
    whole = Span(doc, 0, len(doc))
    found = facility_descriptions(doc, lambda i: whole)
    assert [(m.span.text, m.name, m.named) for m in found] == [("A temporary refugee camp", "camp", False)]


def test_brand_shapes_and_digits_are_no_persons_names() -> None:
    doc = doc_with("RocketQ and the vPad met Dana McCrory, LeShawn Arlo and the T-800 Vexor.",
                   ("RocketQ", "PERSON"), ("vPad", "PERSON"), ("Dana McCrory", "PERSON"),
                   ("LeShawn Arlo", "PERSON"), ("T-800 Vexor", "PERSON"))
    assert [category(e, set(), set()) for e in doc.ents] == ["ORG", "ORG", "PERSON", "PERSON", "DROP"]


def test_names_in_picture_credits_are_no_entities() -> None:
    text = "Crowds filled Varno (Zeta Photo/Dana Roe). Photo: Lin Oakes. Mayor Ana Pavlo spoke to Zeta."
    doc = retype(doc_with(text, ("Varno", "GPE"), ("Zeta", "ORG"), ("Dana Roe", "PERSON"), ("Lin Oakes", "PERSON"),
                          ("Ana Pavlo", "PERSON"), ("Zeta", "ORG")))
    assert [e.text for e in doc.ents] == ["Varno", "Ana Pavlo", "Zeta"]


def test_a_name_ending_in_falls_is_a_place() -> None:
    doc = doc_with("Floods reached Orvel Falls before Ana Pavlo left.",
                   ("Orvel Falls", "PERSON"), ("Ana Pavlo", "PERSON"))
    assert [category(e, set(), set()) for e in doc.ents] == ["LOC", "PERSON"]


def test_a_town_before_a_state_code_is_a_place() -> None:
    doc = doc_with("June 9 -- Orlin Music Hall, Velbury, TX; the Dalco firm, Tarvin, of Ohio.",
                   ("Velbury", "ORG"), ("Tarvin", "ORG"))
    assert [category(e, set(), set()) for e in doc.ents] == ["GPE", "ORG"]


def test_names_listed_after_a_plural_noun_for_organizations_or_led_by_a_ceo_are_organizations() -> None:
    from kg.nlp.categories import is_org_by_context

    doc = doc_with("The companies Arvex, Tolmin Machines and Orbit Beyond won; the CEO of Velcrest and people in Dorn.",
                   ("Arvex", "LOC"), ("Tolmin Machines", "PERSON"), ("Orbit Beyond", "PERSON"), ("Velcrest", "GPE"),
                   ("Dorn", "GPE"))
    for token in doc:
        token.tag_ = "NN" if token.is_lower else "NNP"
    assert [is_org_by_context(e) for e in doc.ents] == [True, True, True, True, False]


def test_analysts_and_citations_make_a_name_taken_for_a_place_an_organization() -> None:
    from kg.nlp.categories import is_org_by_context

    doc = doc_with("Dalcor analyst Ana Pavlo, according to Velcrest, met a Zorin spokesman, Ana Pavlo analysts and "
                   "the producer Dana Roe.", ("Dalcor", "GPE"), ("Velcrest", "GPE"), ("Zorin", "PERSON"),
                   ("Ana Pavlo", "PERSON"), ("Dana Roe", "PERSON"))
    for token in doc:
        token.tag_ = "NN" if token.is_lower else "NNP"
    assert [is_org_by_context(e) for e in doc.ents] == [True, True, False, False, False]


def test_an_organization_the_text_types_outvotes_a_person_guess() -> None:
    text = "The firms Arvex and Orbit Beyond won. Orbit Beyond dropped out."
    doc = doc_with(text, ("Arvex", "ORG"), ("Orbit Beyond", "ORG"), ("Orbit Beyond", "PERSON"))
    for token in doc:
        token.tag_ = "NN" if token.is_lower else "NNP"
    assert [(e.text, e.label_) for e in retype(doc).ents] == [
        ("Arvex", "ORG"), ("Orbit Beyond", "ORG"), ("Orbit Beyond", "ORG")]


def test_a_cup_or_finals_is_a_contest() -> None:
    doc = doc_with("The Velka Cup and the Tarvin Finals drew Ana Pavlo.", ("Velka Cup", "PERSON"),
                   ("Tarvin Finals", "ORG"), ("Ana Pavlo", "PERSON"))
    assert [category(e, set(), set()) for e in doc.ents] == ["EVENT", "EVENT", "PERSON"]


def test_a_name_written_as_a_product_is_no_actor_nor_place() -> None:
    text = ("The 16-inch Vexa Book Pro beats the Zorin Core i7 and the app Tarvo. Vexa Book Pro owners, the "
            "Retina Vexa Book Pro, Orlo Sense® and a 2.4GHz Dalco chip suit Ana Pavlo.")
    doc = doc_with(text, ("Vexa Book Pro", "ORG"), ("Zorin Core", "ORG"), ("Tarvo", "GPE"), ("Vexa Book Pro", "PERSON"),
                   ("Retina Vexa Book Pro", "PERSON"), ("Orlo Sense", "ORG"), ("Dalco", "ORG"), ("Ana Pavlo", "PERSON"))
    for token in doc:
        token.tag_ = "NN" if token.is_lower else "NNP"
    assert [e.text for e in retype(doc).ents] == ["Dalco", "Ana Pavlo"]


def test_a_name_inside_a_title_in_quotation_marks_is_no_name() -> None:
    text = "They played “Velka Grove” and “Takin’ It to the Orlins,” Ana Pavlo said of the so-called “Zorland Front”."
    doc = doc_with(text, ("Velka", "GPE"), ("Orlins", "ORG"), ("Ana Pavlo", "PERSON"), ("Zorland Front", "ORG"))
    assert [e.text for e in retype(doc).ents] == ["Ana Pavlo", "Zorland Front"]


def test_a_company_name_after_a_names_one_of_its_products() -> None:
    doc = doc_with("She bought a Velkor, and an Arvex-made radio from a Dalco store.",
                   ("Velkor", "ORG"), ("Arvex", "ORG"), ("Dalco", "ORG"))
    assert [e.text for e in retype(doc).ents] == ["Arvex", "Dalco"]


def test_a_unit_written_on_a_number_is_no_name() -> None:
    doc = doc_with("It has 512GB of storage and 32 Velka drives.", ("GB", "ORG"), ("Velka", "ORG"))
    assert [is_junk(e) for e in doc.ents] == [True, False]


def test_a_headline_word_the_text_writes_in_lower_case_is_no_name() -> None:
    text = "Spiced Honey Pear Jam Recipe Tonight\nStir the honey in. Honey keeps well, Ana Pavlo said."
    doc = retype(doc_with(text, ("Honey", "PERSON"), ("Ana Pavlo", "PERSON")))
    assert [e.text for e in doc.ents] == ["Ana Pavlo"]


def test_a_venue_for_shows_is_a_place() -> None:
    doc = doc_with("At Orlin Bank Arts Center, Velka Music Factory, Tarvo Stage; Arvex Music Group signed Ana Pavlo.",
                   ("Orlin Bank Arts Center", "ORG"), ("Velka Music Factory", "ORG"), ("Tarvo Stage", "PERSON"),
                   ("Arvex Music Group", "ORG"), ("Ana Pavlo", "PERSON"))
    assert [category(e, set(), set()) for e in doc.ents] == ["FAC", "FAC", "FAC", "ORG", "PERSON"]


def test_a_scale_of_degrees_is_no_name() -> None:
    doc = doc_with("It hit 107 degrees Fahrenheit near Velka.", ("Fahrenheit", "GPE"), ("Velka", "GPE"))
    assert [is_junk(e) for e in doc.ents] == [True, False]


def test_a_unit_of_measure_after_a_number_is_no_name() -> None:
    doc = doc_with("Arvex built 3 GW and 30-600 MW, and 3 Velka stores.",
                   ("GW", "ORG"), ("MW", "ORG"), ("Velka", "ORG"))
    assert [is_junk(e) for e in doc.ents] == [True, True, False]


def test_a_name_after_an_organizations_possessive_is_its_product() -> None:
    from kg.nlp.categories import names_product

    doc = doc_with("Arvex's Echo Pods beat Velcor's standalone Magic Board; Arvex's Tolmin Airlines hired Arvex's "
                   "Steve Orlo and Arvex's Pavlo.",
                   ("Arvex", "ORG"), ("Echo Pods", "FAC"), ("Velcor", "ORG"), ("Magic Board", "PERSON"),
                   ("Arvex", "ORG"), ("Tolmin Airlines", "ORG"), ("Arvex", "ORG"), ("Steve Orlo", "PERSON"),
                   ("Arvex", "ORG"), ("Pavlo", "PERSON"))
    for token in doc:
        token.tag_ = "POS" if token.text == "'s" else "JJ" if token.is_lower else "NNP"
    assert [e.text for e in doc.ents if names_product(e)] == ["Echo Pods", "Magic Board"]


def test_a_short_form_used_as_a_term_is_no_name() -> None:
    from kg.nlp.categories import names_term

    doc = doc_with("The highest CTR and a max FPS, lung damage, or HP, and new GaN (gallium nitride) chips; senior "
                   "PLO negotiators and the ongoing ASUU (Academic Staff Union) strike; NATO said.",
                   ("CTR", "ORG"), ("FPS", "ORG"), ("HP", "ORG"), ("GaN", "ORG"), ("PLO", "ORG"), ("ASUU", "ORG"),
                   ("NATO", "ORG"))
    for token in doc:
        token.tag_ = {"highest": "JJS", "max": "JJ", "new": "JJ", "senior": "JJ", "ongoing": "JJ"}.get(
            token.text, "NNS" if token.text == "negotiators" else "NNP" if token.text[:1].isupper() else "IN")
    assert [e.text for e in doc.ents if names_term(e)] == ["CTR", "FPS", "HP", "GaN"]


def test_the_genus_of_a_scientific_name_is_no_name() -> None:
    doc = doc_with("Velmoria pestis spread, and Arvex sharia courts and Dorn officials met.",
                   ("Velmoria", "GPE"), ("Arvex", "ORG"), ("Dorn", "GPE"))
    assert [category(e, set(), set()) for e in doc.ents] == ["DROP", "ORG", "GPE"]


def test_a_product_noun_last_or_an_owned_offering_makes_a_name_a_product() -> None:
    from kg.nlp.categories import names_product

    doc = doc_with("Arvex cancelled its failed Velo Power charging mat project and the Orvex Credit Card; the Tolmin "
                   "program, Dorn Books and its Boston service stayed.",
                   ("Arvex", "ORG"), ("Velo Power", "ORG"), ("Orvex Credit Card", "ORG"), ("Tolmin", "ORG"),
                   ("Dorn Books", "ORG"), ("Boston", "GPE"))
    for token in doc:
        token.tag_ = "JJ" if token.text == "failed" else "NN" if token.is_lower else "NNP"
    assert [e.text for e in doc.ents if names_product(e)] == ["Velo Power", "Orvex Credit Card"]


def test_a_short_form_of_a_products_name_is_a_product() -> None:
    from kg.nlp.components import short_forms

    doc = doc_with("Its Velo Lunar Services program (VLS) and the Orbit Rover (OR) met the Arvex Group (AG) and "
                   "Dorn (XY).")
    assert short_forms(doc, {"Velo Lunar Services", "Orbit Rover", "Dorn"}) == {"VLS", "OR"}


def test_a_models_word_alone_after_a_model_is_no_name() -> None:
    from kg.nlp.categories import names_product

    doc = doc_with("The vMac Pro, the 11 Pro Max and Max said.",
                   ("Pro", "PERSON"), ("Max", "PERSON"), ("Max", "PERSON"))
    assert [names_product(e) for e in doc.ents] == [True, True, False]


def test_a_model_word_after_a_name_makes_it_a_product() -> None:
    from kg.nlp.categories import names_product

    doc = doc_with("The Vexa Pro, the iVexa Max and Pro Arvex Group met Ana Pavlo.",
                   ("Vexa Pro", "ORG"), ("iVexa Max", "PERSON"), ("Pro Arvex Group", "ORG"), ("Ana Pavlo", "PERSON"))
    assert [names_product(e) for e in doc.ents] == [True, True, False, False]


def test_a_name_with_a_ticker_in_brackets_is_no_person() -> None:
    doc = doc_with("Dalco's (DLC) results beat Ana Pavlo (R) forecasts.", ("Dalco", "PERSON"), ("Ana Pavlo", "PERSON"))
    assert [category(e, set(), set()) for e in doc.ents] == ["ORG", "PERSON"]


def test_each_line_of_a_name_run_over_a_line_break_is_typed_on_its_own() -> None:
    from kg.nlp.components import Retype

    text = "The band set its dates.\nJune 14: Velka Bank Amphitheatre\nTarvo Orlin spoke."
    doc = Retype(blank_nlp())(doc_with(text, ("Velka Bank Amphitheatre\nTarvo Orlin", "PERSON")))
    assert [(e.text, e.label_) for e in doc.ents] == [("Velka Bank Amphitheatre", "FAC"), ("Tarvo Orlin", "PERSON")]


def test_a_venue_sharing_its_last_word_with_a_person_guess_stays_a_place() -> None:
    doc = doc_with("At Orvo Bank Amphitheatre: Ana Pavlo.", ("Orvo Bank Amphitheatre", "ORG"), ("Ana Pavlo", "ORG"))
    assert [category(e, set(), {"Amphitheatre", "Pavlo"}) for e in doc.ents] == ["FAC", "PERSON"]


def test_a_word_the_text_also_writes_in_lower_case_is_no_name_unless_the_gazetteers_know_it() -> None:
    from kg.nlp.components import lower_case_words

    doc = doc_with("Stir in the Velka Honey slowly; the honey sets. We ate turkey in Turkey with Vorn. The moon "
                   "of Mars and the Moon.", ("Honey", "PERSON"), ("Turkey", "GPE"), ("Vorn", "PERSON"),
                   ("Moon", "LOC"))
    lower = lower_case_words(doc)
    assert [is_junk(e, lower) for e in doc.ents] == [True, False, False, False]


def test_a_name_in_apposition_to_a_product_noun_or_offered_for_a_price_is_a_product() -> None:
    from kg.nlp.categories import names_product

    # "Its streaming service , Velo , launched ; Arvex , a tech company , grew"
    words = ["Its", "streaming", "service", ",", "Velo", ",", "launched", ";", "Arvex", ",", "a", "tech", "company",
             ",", "grew"]
    heads = [2, 2, 6, 2, 2, 2, 6, 6, 14, 8, 12, 12, 8, 8, 6]
    deps = ["poss", "compound", "nsubj", "punct", "appos", "punct", "ROOT", "punct", "nsubj", "punct", "det",
            "compound", "appos", "punct", "conj"]
    doc = make_doc(words, heads, deps, ents=["O"] * 4 + ["B-ORG"] + ["O"] * 3 + ["B-ORG"] + ["O"] * 6)
    assert [names_product(e) for e in doc.ents] == [True, False]
    listing = doc_with("Best gifts\nVexa Move speaker for $400\nDorn bought Tolmin for $9 million.",
                       ("Vexa Move", "PERSON"), ("Dorn", "ORG"), ("Tolmin", "ORG"))
    assert [names_product(e) for e in listing.ents] == [True, False, False]


def test_the_line_a_products_model_word_follows_is_a_product_when_it_has_two_words() -> None:
    from kg.nlp.categories import line_base

    doc = doc_with("Final Vex Pro X and Arvex Pro Display.", ("Final Vex Pro X", "ORG"), ("Arvex Pro Display", "ORG"))
    assert [line_base(e) for e in doc.ents] == ["Final Vex", None]


def test_a_first_name_and_one_more_word_is_a_person_not_an_unknown_place() -> None:
    doc = doc_with("Songs for Sheryl Vorn, a show in Virginia Beach and the Velka Music Awards.",
                   ("Sheryl Vorn", "GPE"), ("Virginia Beach", "GPE"), ("Velka Music Awards", "ORG"))
    assert [category(e, set(), set()) for e in doc.ents] == ["PERSON", "GPE", "EVENT"]


def test_a_makers_name_and_more_words_before_a_product_noun_is_a_line_of_its_products() -> None:
    from kg.nlp.categories import maker_line

    doc = doc_with("The Vexa Pixel lineup grew, a Blue Orvex lander flew and Vexa Cloud said so.",
                   ("Vexa Pixel", "ORG"), ("Blue Orvex", "ORG"), ("Vexa Cloud", "ORG"))
    assert [maker_line(e, {"Vexa"}) for e in doc.ents] == [True, False, False]


def test_words_before_a_title_and_two_joined_surnames_are_no_persons_name() -> None:
    doc = doc_with("Ana Pavlo hired a Chief Data Officer. Velo Howitt met Mia Garrett at the Howitt-Garrett lab, "
                   "with Tomas Ruiz-Pope and Carole King.",
                   ("Data Officer", "PERSON"), ("Howitt-Garrett", "ORG"), ("Tomas Ruiz-Pope", "PERSON"),
                   ("Carole King", "PERSON"))
    assert [category(e, set(), set()) for e in doc.ents] == ["DROP", "DROP", "PERSON", "PERSON"]


def test_a_persons_name_starts_at_its_first_name_after_an_everyday_word() -> None:
    doc = doc_with("Email Tariq Malik or ask Nguyen Van Thieu.", ("Email Tariq Malik", "PERSON"),
                   ("Nguyen Van Thieu", "PERSON"))
    assert [p.text for e in doc.ents for p in person_parts(e)] == ["Tariq Malik", "Nguyen Van Thieu"]


def test_a_name_listed_after_a_product_noun_and_such_as_is_a_product() -> None:
    from kg.nlp.categories import names_product

    doc = doc_with("It sells franchises such as Vexa Quest and games like Orvex, and teams such as Dorn United.",
                   ("Vexa Quest", "ORG"), ("Orvex", "PERSON"), ("Dorn United", "ORG"))
    assert [names_product(e) for e in doc.ents] == [True, True, False]
