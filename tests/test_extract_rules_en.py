"""English span and type rules, on hand-made entities (no model needed)."""

from __future__ import annotations

from ingest.extract import names_en, rules_en
from ingest.extract.ents import Ent


def _ent(line: str, text: str, kind: str, method: str = "ner") -> Ent:
    a = line.index(text)
    return Ent(a, a + len(text), text, kind, method=method)


def _apply(line: str, *ents: Ent) -> list[tuple[str, str]]:
    out = rules_en.apply(line, list(ents))
    for e in out:
        assert line[e.start : e.end] == e.text
    return [(e.text, e.type) for e in out]


def test_extract_rules_en_compact_maps_back() -> None:
    line = "' '' Achille  Varzi '' ' won [[Monza]]"
    comp, pos = rules_en.compact(line)
    assert comp == "Achille Varzi won Monza"
    a = comp.index("Varzi")
    assert line[pos[a] : pos[a + len("Varzi") - 1] + 1] == "Varzi"
    assert rules_en.compact("  ''  ") == ("", [])


def test_extract_rules_en_trim_the_and_punctuation() -> None:
    line = "He studied at the University of Calcutta."
    assert _apply(line, _ent(line, "the University of Calcutta.", "Organization")) == [
        ("University of Calcutta", "Organization")
    ]
    line = "John Mellencamp - live"
    assert _apply(line, _ent(line, "John Mellencamp - ", "Person")) == [
        ("John Mellencamp", "Person")
    ]


def test_extract_rules_en_person_suffixes_and_peerage() -> None:
    line = "George Randolph Hearst , Jr ."
    assert _apply(line, _ent(line, "George Randolph Hearst", "Person")) == [
        ("George Randolph Hearst , Jr .", "Person")
    ]
    line = "Archibald Douglas , 5th Earl of Angus"
    assert _apply(line, _ent(line, "Archibald Douglas", "Person")) == [
        ("Archibald Douglas , 5th Earl of Angus", "Person")
    ]
    line = "the daughters of Princess Beatrice of York"
    assert _apply(line, _ent(line, "Beatrice", "Person")) == [
        ("Princess Beatrice of York", "Person")
    ]


def test_extract_rules_en_lists_of_names_are_cut() -> None:
    line = "Chris Guccione / Marinko Matosevic"
    assert _apply(line, _ent(line, line, "Person")) == [
        ("Chris Guccione", "Person"),
        ("Marinko Matosevic", "Person"),
    ]


def test_extract_rules_en_org_heads_retype_and_extend() -> None:
    line = "He joined Montreal Alouettes Football Club in 1990."
    assert _apply(line, _ent(line, "Montreal Alouettes Football Club", "Person")) == [
        ("Montreal Alouettes Football Club", "Organization")
    ]
    line = "published by Duke University Press"
    assert _apply(line, _ent(line, "Duke University", "Organization")) == [
        ("Duke University Press", "Organization")
    ]
    line = "He read The Washington Post daily."
    assert _apply(line, _ent(line, "Washington Post", "Organization")) == [
        ("The Washington Post", "Organization")
    ]
    line = "The International Energy Agency expects demand to double."
    assert _apply(line, _ent(line, "The International Energy Agency", "Organization")) == [
        ("International Energy Agency", "Organization")
    ]
    line = "He lives in Orange County now."
    assert _apply(line, _ent(line, "Orange County", "Person")) == [("Orange County", "Place")]


def test_extract_rules_en_finds_orgs_by_opening_word() -> None:
    line = "He had played with FK Mornar and the Universidad Autónoma del Estado de México ."
    assert _apply(line) == [
        ("FK Mornar", "Organization"),
        ("Universidad Autónoma del Estado de México", "Organization"),
    ]


def test_extract_rules_en_qualifier_of_a_title_line() -> None:
    line = "Chris Rea ( rugby union )"
    assert _apply(line, _ent(line, "Chris Rea", "Person")) == [
        ("Chris Rea ( rugby union )", "Person")
    ]
    line = "Chris Rea ( rugby union ) and more"
    assert _apply(line, _ent(line, "Chris Rea", "Person")) == [("Chris Rea", "Person")]


def test_extract_rules_en_lone_person_words() -> None:
    line = "Treitschke wrote to Smith , Bill and IBM ."
    ents = [
        _ent(line, "Treitschke", "Person"),
        _ent(line, "Smith", "Person", method="gazetteer"),
        _ent(line, "Bill", "Person"),
        _ent(line, "IBM", "Organization"),
    ]
    assert _apply(line, *ents) == [
        ("Smith", "Person"),
        ("Bill", "Person"),
        ("IBM", "Organization"),
    ]


def test_extract_rules_en_common_word_opening_a_sentence() -> None:
    common = names_en.lowercase_words(["Most power comes from coal and gas."])
    line = "Coal still supplies half of it. Apple opened a store."
    ents = [_ent(line, "Coal", "Organization"), _ent(line, "Apple", "Organization")]
    assert [(e.text, e.type) for e in rules_en.apply(line, ents, common)] == [
        ("Apple", "Organization")
    ]
    # without the document's lower-case "coal", the model's span stays
    assert len(rules_en.apply(line, ents)) == 2


def test_extract_rules_en_org_name_goes_on_after_its_head() -> None:
    line = "She curated shows at the Modern Art Museum of Fort Worth in 2004."
    ent = _ent(line, "Modern Art Museum", "Organization")
    assert _apply(line, ent) == [("Modern Art Museum of Fort Worth", "Organization")]
    # a person is not taken on ("Smith of the ...")
    line = "Paul Smith of the band"
    assert _apply(line, _ent(line, "Paul Smith", "Person")) == [("Paul Smith", "Person")]


def test_extract_rules_en_span_ending_on_a_connector() -> None:
    line = "a star on the Hollywood Walk of Fame today"
    ent = _ent(line, "Hollywood Walk of", "Organization")
    assert _apply(line, ent) == [("Hollywood Walk of Fame", "Organization")]
    line = "the Acme Bank of and more"  # nothing capitalised follows: cut before "of"
    assert _apply(line, _ent(line, "Acme Bank of", "Organization")) == [
        ("Acme Bank", "Organization")
    ]
    line = "Smith and Jones went home"
    assert _apply(line, _ent(line, "Smith and", "Person")) == [("Smith and Jones", "Person")]


def test_extract_rules_en_place_heads_beat_the_model_org_label() -> None:
    line = "They hiked in Sierra National Forest last year."
    ent = _ent(line, "Sierra National Forest", "Organization")
    assert _apply(line, ent) == [("Sierra National Forest", "Place")]
    line = "They climbed Mount Aspiring twice."
    assert _apply(line, _ent(line, "Mount Aspiring", "Organization")) == [
        ("Mount Aspiring", "Place")
    ]
    # an org head keeps it an organisation ("... Forest College")
    line = "She teaches at Lake Forest College now."
    assert _apply(line, _ent(line, "Lake Forest College", "Organization")) == [
        ("Lake Forest College", "Organization")
    ]


def test_extract_rules_en_given_name_org_is_a_person() -> None:
    line = "Commentary was by Mauro Ranallo and others."
    assert _apply(line, _ent(line, "Mauro Ranallo", "Organization")) == [
        ("Mauro Ranallo", "Person")
    ]
    # an org word, or no given name first, keeps the model's label
    line = "He joined Morgan Guaranty Bank in 1990."
    assert _apply(line, _ent(line, "Morgan Guaranty Bank", "Organization")) == [
        ("Morgan Guaranty Bank", "Organization")
    ]
    line = "He joined Zyxor Quill in 1990."
    assert _apply(line, _ent(line, "Zyxor Quill", "Organization")) == [
        ("Zyxor Quill", "Organization")
    ]


def test_extract_rules_en_comma_list_of_persons_is_cut() -> None:
    line = "Thanks to Dwayne Carter , Tyler Gregory for the beat"
    ent = _ent(line, "Dwayne Carter , Tyler Gregory", "Person")
    assert _apply(line, ent) == [("Dwayne Carter", "Person"), ("Tyler Gregory", "Person")]


def test_extract_rules_en_org_found_by_its_head_word() -> None:
    line = "He later taught at Big Spring High School for years."
    assert _apply(line) == [("Big Spring High School", "Organization")]
    line = "The Lamme Valley Railway closed in 1950."
    assert _apply(line) == [("Lamme Valley Railway", "Organization")]
    # a sentence-opening word is no part of the name; a person the model found is kept whole
    line = "In Dorset Church bells rang."
    assert _apply(line) == [("Dorset Church", "Organization")]


def test_extract_rules_en_org_head_never_swallows_names_before_it() -> None:
    line = "Professor Wei Li of Jilin University spoke."
    ents = [_ent(line, "Wei Li", "Person"), _ent(line, "Jilin University", "Organization")]
    assert _apply(line, *ents) == [("Wei Li", "Person"), ("Jilin University", "Organization")]
    line = "Sinopec and Jilin University signed."
    ents = [_ent(line, "Sinopec", "Organization"), _ent(line, "Jilin University", "Organization")]
    assert _apply(line, *ents) == [
        ("Sinopec", "Organization"),
        ("Jilin University", "Organization"),
    ]


def test_extract_rules_en_country_or_region_is_a_place() -> None:
    line = "The team toured Nauru and Ohio."
    ents = [_ent(line, "Nauru", "Organization"), _ent(line, "Ohio", "Organization")]
    assert _apply(line, *ents) == [("Nauru", "Place"), ("Ohio", "Place")]


def test_extract_rules_en_sports_team_is_an_organisation() -> None:
    line = "Defeated the Dallas Mavericks and the Toronto Maple Leafs ; Wayne Jones scored ."
    got = _apply(
        line,
        _ent(line, "Dallas Mavericks", "Person"),
        _ent(line, "Toronto Maple Leafs", "Place"),
        _ent(line, "Wayne Jones", "Person"),
    )
    assert got == [
        ("Dallas Mavericks", "Organization"),
        ("Toronto Maple Leafs", "Organization"),
        ("Wayne Jones", "Person"),  # a given name that is only a small town's name
    ]
    line = "He played for the Dallas Mavericks"  # a model ORG stays one
    assert _apply(line, _ent(line, "Dallas Mavericks", "Organization")) == [
        ("Dallas Mavericks", "Organization")
    ]
    line = "Whitney Houston sang at Niagara Falls"
    got = _apply(
        line, _ent(line, "Whitney Houston", "Person"), _ent(line, "Niagara Falls", "Place")
    )
    assert got == [("Whitney Houston", "Person"), ("Niagara Falls", "Place")]


def test_extract_rules_en_org_name_cut_short_is_completed() -> None:
    line = "South Carolina Republican Party"
    got = _apply(
        line, _ent(line, "South Carolina", "Place"), _ent(line, "Republican Party", "Organization")
    )
    assert got == [("South Carolina Republican Party", "Organization")]
    line = "He studied at Schulich School of Law ; St. Clare 's Church ( Manhattan )"
    got = _apply(
        line, _ent(line, "School of Law", "Organization"), _ent(line, "St. Clare", "Organization")
    )
    assert got == [
        ("Schulich School of Law", "Organization"),
        ("St. Clare 's Church", "Organization"),
    ]
    # a person or a joined list stays apart
    line = "Wei Li of Jilin University ; Sinopec and Jilin University"
    got = _apply(
        line,
        _ent(line, "Wei Li", "Person"),
        _ent(line, "Sinopec", "Organization"),
    )
    assert ("Wei Li", "Person") in got and ("Sinopec", "Organization") in got


def test_extract_rules_en_club_band_and_fraternity_names() -> None:
    line = (
        "He left A.S. Roma ; Jonas Brothers ; Charlton Athletic ; Alpha Psi Lambda ; Lambda Smith"
    )
    got = _apply(
        line,
        *(
            _ent(line, t, "Person")
            for t in ("A.S. Roma", "Jonas Brothers", "Charlton Athletic", "Alpha Psi Lambda")
        ),
        _ent(line, "Lambda Smith", "Person"),
    )
    assert got == [
        ("A.S. Roma", "Organization"),
        ("Jonas Brothers", "Organization"),
        ("Charlton Athletic", "Organization"),
        ("Alpha Psi Lambda", "Organization"),
        ("Lambda Smith", "Person"),
    ]


def test_extract_rules_en_lone_name_as_the_subject_of_a_clause() -> None:
    line = "LeBron is the best ; Crosby went down ; Ferreira 's rat ; Treitschke , 1880"
    ents = [_ent(line, t, "Person") for t in ("LeBron", "Crosby", "Ferreira", "Treitschke")]
    assert _apply(line, *ents) == [("LeBron", "Person"), ("Crosby", "Person")]


def test_extract_rules_en_emoji_and_chat_acronyms_name_nothing() -> None:
    line = "Squad goals ✨ LMAO thanks Paramore 2017"
    ents = [_ent(line, t, "Organization") for t in ("✨", "LMAO", "Paramore", "2017")]
    assert _apply(line, *ents) == [("Paramore", "Organization")]


def test_extract_rules_en_lower_case_department_is_a_place() -> None:
    line = "Communes of the Tarn department ; the Fire Department"
    got = _apply(
        line, _ent(line, "Tarn department", "Organization"), _ent(line, "Fire Department", "Person")
    )
    assert got == [("Tarn department", "Place"), ("Fire Department", "Organization")]


def test_extract_rules_en_person_name_before_an_org_head_is_an_org() -> None:
    line = "He played with the John Butler Trio in 2004."
    assert _apply(line, _ent(line, "John Butler", "Person")) == [
        ("John Butler Trio", "Organization")
    ]
    line = "He attended Dame Alice Owen 's School in London."
    assert _apply(line, _ent(line, "Dame Alice Owen", "Person")) == [
        ("Dame Alice Owen 's School", "Organization")
    ]
    # a person's name followed by an affiliation is still a person
    line = "Liu Yang (Jilin University) wrote it."
    got = _apply(
        line, _ent(line, "Liu Yang", "Person"), _ent(line, "Jilin University", "Organization")
    )
    assert got == [("Liu Yang", "Person"), ("Jilin University", "Organization")]


def test_extract_rules_en_org_opening_word_and_kind_qualifier() -> None:
    line = "Carlos Salazar moved to Deportivo Pereira in 2010."
    got = _apply(
        line, _ent(line, "Carlos Salazar", "Person"), _ent(line, "Deportivo Pereira", "Person")
    )
    assert got == [("Carlos Salazar", "Person"), ("Deportivo Pereira", "Organization")]
    line = "Honor Society (band)"
    assert _apply(line) == [("Honor Society (band)", "Organization")]
    line = "He joined Scars (band) in 1979."
    assert _apply(line) == [("Scars", "Organization")]
    line = "Scars (film)"
    assert _apply(line) == []


def test_extract_rules_en_bracket_campus_and_topic() -> None:
    line = "Williamson High School ( Alabama ) won."
    got = _apply(line, _ent(line, "Williamson High School ( Alabama", "Organization"))
    assert got == [("Williamson High School ( Alabama )", "Organization")]
    line = "He taught at the University of California, Los Angeles for years."
    got = _apply(line, _ent(line, "University of California", "Organization"))
    assert got == [("University of California, Los Angeles", "Organization")]
    line = "He taught at the University of Toronto, Mississauga."
    got = _apply(line, _ent(line, "University of Toronto", "Organization"))
    assert got[0] == ("University of Toronto", "Organization")
    line = "She moved to the University of Texas at Austin."
    assert _apply(line, _ent(line, "University of Texas", "Organization")) == [
        ("University of Texas at Austin", "Organization")
    ]
    line = "The Parliamentary Commission on Cults in France met."
    assert _apply(line, _ent(line, "Parliamentary Commission", "Organization")) == [
        ("Parliamentary Commission on Cults in France", "Organization")
    ]


def test_extract_rules_en_first_name_must_be_a_given_name() -> None:
    line = "Booing Roger Goodell is the worst tradition in sports."
    assert _apply(line, _ent(line, "Roger Goodell", "Person")) == [("Roger Goodell", "Person")]
    line = "Henry Kissinger met him."
    assert _apply(line, _ent(line, "Kissinger", "Person")) == [("Henry Kissinger", "Person")]


def test_extract_rules_en_lone_name_in_running_prose() -> None:
    line = "so no one is gonna talk about Kane dry humping in the garage"
    assert _apply(line, _ent(line, "Kane", "Person")) == [("Kane", "Person")]
    line = "Apamea lateritia ( Hufnagel , 1766 )"
    assert _apply(line, _ent(line, "Hufnagel", "Person")) == []
    line = "Biogas plants in Siping and Baicheng digest livestock manure and corn straw."
    got = _apply(line, _ent(line, "Baicheng", "Person"))
    assert ("Baicheng", "Person") not in got  # a city between lower-case words is no person


def test_extract_rules_en_team_cut_to_its_city_or_missed() -> None:
    line = "He was drafted by the Ottawa Redblacks in 2014."
    assert _apply(line, _ent(line, "Ottawa", "Place")) == [("Ottawa Redblacks", "Organization")]
    line = "The Miami Dolphins won and Blue Mountains stayed quiet."
    assert ("Miami Dolphins", "Organization") in _apply(line)
    assert _apply("Wayne Jones spoke.") == []


def test_extract_rules_en_town_before_its_state_is_a_place() -> None:
    line = "Thorp , Wisconsin"
    assert _apply(line, _ent(line, "Thorp", "Organization")) == [("Thorp", "Place")]
    line = "He joined Acme Records , Ohio ."
    assert _apply(line, _ent(line, "Acme Records", "Organization")) == [
        ("Acme Records", "Organization")
    ]


def test_extract_rules_en_national_teams_and_club_suffixes() -> None:
    line = "He was selected for the Netherlands national football team twice."
    got = _apply(line, _ent(line, "Netherlands", "Place"))
    assert got == [("Netherlands national football team", "Organization")]
    line = "Korsnäs IF won the cup."
    assert _apply(line, _ent(line, "Korsnäs IF", "Place")) == [("Korsnäs IF", "Organization")]


def test_extract_rules_en_possessive_and_title_case_connectors_in_org_names() -> None:
    line = "She studied at People 's University of China ."
    got = _apply(line, _ent(line, "University of China", "Organization"))
    assert got == [("People 's University of China", "Organization")]
    line = "He chaired the Independent Commission Against Corruption until 2001."
    got = _apply(line, _ent(line, "Independent Commission", "Organization"))
    assert got == [("Independent Commission Against Corruption", "Organization")]
    line = "He worked at the Museum in Boston for years."
    assert _apply(line, _ent(line, "Museum", "Organization"))[0] == ("Museum", "Organization")


def test_extract_rules_en_org_named_like_a_person_with_initial_or_particle() -> None:
    line = "Historian : Richard A. Baker"
    assert _apply(line, _ent(line, "Richard A. Baker", "Organization")) == [
        ("Richard A. Baker", "Person")
    ]
    line = "Stella de Heij scored twice."
    assert _apply(line, _ent(line, "Stella de Heij", "Organization")) == [
        ("Stella de Heij", "Person")
    ]


def test_extract_rules_en_drawn_out_words_name_nothing() -> None:
    line = "Aaawww , Louis XIII and the Green Bay Packers played in Brooks Hall"
    ents = [
        _ent(line, t, k)
        for t, k in (("Aaawww", "Organization"), ("Louis XIII", "Person"), ("Brooks Hall", "Place"))
    ]
    assert _apply(line, *ents) == [
        ("Louis XIII", "Person"),
        ("Green Bay Packers", "Organization"),
        ("Brooks Hall", "Place"),
    ]


def test_extract_rules_en_title_line_keeps_its_the() -> None:
    line = "'' The Joplin Globe ''"
    assert _apply(line, _ent(line, "Joplin Globe", "Organization")) == [
        ("The Joplin Globe", "Organization")
    ]
    line = "The Joplin Globe reported it."
    assert _apply(line, _ent(line, "Joplin Globe", "Organization")) == [
        ("Joplin Globe", "Organization")
    ]


def test_extract_rules_en_author_year_citation_names_no_entity() -> None:
    line = "'' Apamea lateritia '' ( Hufnagel , 1766 ) and ( Meyrick , 1931 )"
    ents = [_ent(line, "Hufnagel", "Organization"), _ent(line, "Meyrick , 1931", "Organization")]
    assert _apply(line, *ents) == []
    line = "He joined the label ( Sony ) in 1990."
    assert _apply(line, _ent(line, "Sony", "Organization")) == [("Sony", "Organization")]
