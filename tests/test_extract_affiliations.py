"""The affiliation parser: segments, kinds, institution spans, linking, line-wise entities."""

from __future__ import annotations

from ingest.extract.affiliations import (
    InstitutionIndex,
    affiliation_ents,
    classify,
    institutions,
    looks_like_affiliations,
    parse_affiliation,
    primary_institution,
)
from ingest.extract.ents import Label


def _kinds(s: str) -> list[tuple[str, str]]:
    return [(x.text, x.kind) for x in parse_affiliation(s)]


def test_extract_affiliations_segments_and_kinds() -> None:
    s = "Department of Physics, Tsinghua University, Beijing 100084, China."
    assert _kinds(s) == [
        ("Department of Physics", "department"),
        ("Tsinghua University", "institution"),
        ("Beijing 100084", "city"),
        ("China", "country"),
    ]


def test_extract_affiliations_offsets_index_the_string() -> None:
    s = "  2Department of Pharmacology,Medical College of Nanchang University,Nanchang 330006,China"
    segs = parse_affiliation(s)
    for seg in segs:
        assert s[seg.start : seg.end] == seg.text
    assert segs[0].text == "Department of Pharmacology"  # the footnote mark "2" is not in it
    assert [x.text for x in institutions(s)] == ["Nanchang University"]


def test_extract_affiliations_several_institutions() -> None:
    s = (
        "Department of Surgery, Massachusetts General Hospital; Harvard Medical School, "
        "Boston, MA 02114, USA"
    )
    names = [x.text for x in institutions(s)]
    assert names == ["Massachusetts General Hospital", "Harvard Medical School"]


def test_extract_affiliations_unit_inside_institution_segment() -> None:
    s = "University of Pittsburgh School of Medicine, Pittsburgh, PA"
    assert [x.text for x in institutions(s)] == ["University of Pittsburgh"]
    s = "Dept of Surgery University of Toronto, Canada"
    assert [x.text for x in institutions(s)] == ["University of Toronto"]


def test_extract_affiliations_weak_head_is_a_unit_beside_a_university() -> None:
    s = "Institute of Chemistry, University of Graz, Heinrichstrasse 28, 8010 Graz, Austria"
    assert _kinds(s)[0] == ("Institute of Chemistry", "department")
    assert [x.text for x in institutions(s)] == ["University of Graz"]
    # alone, a named institute is the institution
    assert [x.text for x in institutions("Max Planck Institute for Chemistry, Mainz")] == [
        "Max Planck Institute for Chemistry"
    ]


def test_extract_affiliations_names_run_together() -> None:
    s = "Department of Radiation Oncology, Huashan Hospital Fudan University, Shanghai, China"
    assert [x.text for x in institutions(s)] == ["Huashan Hospital", "Fudan University"]


def test_extract_affiliations_chinese() -> None:
    s = "清华大学计算机科学与技术系，北京 100084，中国"
    segs = parse_affiliation(s)
    assert [(x.text, x.kind) for x in segs if x.kind == "institution"] == [
        ("清华大学", "institution")
    ]
    assert ("中国", "country") in [(x.text, x.kind) for x in segs]
    assert "计算机科学与技术系" in [x.text for x in segs if x.kind == "department"]


def test_extract_affiliations_classify_places_and_addresses() -> None:
    assert classify("United States of America") == "country"
    assert classify("PR China") == "country"
    assert classify("1441 Eastlake Ave.") == "address"
    assert classify("CH-4058") == "postcode"
    assert classify("Texas") == "city"
    assert classify("Siemens AG") == "other" or classify("Siemens GmbH") == "institution"
    assert classify("Huawei Technologies Co., Ltd") == "institution"


def test_extract_affiliations_none_when_no_institution() -> None:
    assert institutions("Beijing 100084, China") == []
    assert primary_institution("Beijing 100084, China") is None
    assert primary_institution("Dept Phys, Tsinghua Univ, Beijing 100084, Peoples R China") == (
        "Tsinghua Univ"
    )


def test_extract_affiliations_link_by_alt_label() -> None:
    index = InstitutionIndex.from_labels(
        [
            Label("Rigshospitalet", "Organization", "https://x/inst/rh"),
            Label("Copenhagen University Hospital", "Organization", "https://x/inst/rh"),
            Label("Tsinghua", "Technology", "https://x/tech/t"),
        ]
    )
    s = "Department of Cardiology, Rigshospitalet, Copenhagen, Denmark"
    found = institutions(s, index)
    assert [(x.text, x.iri) for x in found] == [("Rigshospitalet", "https://x/inst/rh")]
    # without the graph, the name-like segment of a string with no institution word is taken
    assert [(x.text, x.iri) for x in institutions(s)] == [("Rigshospitalet", None)]
    assert [x.text for x in institutions("Rigshospitalet, Copenhagen", index)] == ["Rigshospitalet"]


def test_extract_affiliations_link_through_abbreviations() -> None:
    index = InstitutionIndex(
        [
            ("Tsinghua University", "https://x/inst/thu"),
            ("Chinese Academy of Sciences", "https://x/inst/cas"),
        ]
    )
    found = institutions("Dept Phys, Tsinghua Univ., Beijing 100084, Peoples R China", index)
    assert [(x.text, x.iri) for x in found] == [("Tsinghua Univ", "https://x/inst/thu")]
    assert index.lookup("Chinese Acad. of Sci.") == "https://x/inst/cas"
    assert index.lookup("Tsinghua") is None


def test_extract_affiliations_ents_carry_offsets_into_the_text() -> None:
    text = (
        "Dept. of Physics, Tsinghua University, Beijing 100084\r\nStanford University\n\n1 Main St"
    )
    ents = affiliation_ents(text)
    assert [(e.text, e.type, e.method) for e in ents] == [
        ("Tsinghua University", "Organization", "affiliation"),
        ("Beijing", "Place", "affiliation"),
        ("Stanford University", "Organization", "affiliation"),
    ]
    for e in ents:
        assert text[e.start : e.end] == e.text
        assert "\n" not in e.text


def test_extract_affiliations_two_institutions_joined_by_and() -> None:
    s = "Kaohsiung Chang Gung Memorial Hospital and Chang Gung University, Taiwan"
    assert [x.text for x in institutions(s)] == [
        "Kaohsiung Chang Gung Memorial Hospital",
        "Chang Gung University",
    ]
    s = "Sichuan University Chengdu China"
    assert [x.text for x in institutions(s)] == ["Sichuan University"]
    s = "School of Medicine, University of Western Australia, Perth, Australia"
    assert [x.text for x in institutions(s)] == ["University of Western Australia"]


def test_extract_affiliations_detects_affiliation_lists() -> None:
    lists = "Dept. of Physics, Tsinghua University, Beijing 100084, China\nStanford University\n"
    assert looks_like_affiliations(lists)
    prose = "Apple Inc. sued Samsung in Seoul.\nThe company said it would appeal the ruling."
    assert not looks_like_affiliations(prose)
    assert not looks_like_affiliations("")
    report = (
        "中国科学院长春应用化学研究所的李伟研究员在吉林大学开展了聚乳酸研究。\n"
        "吉林大学与中国科学院签署了合作协议\n"
        "长春应化所\n"
    )
    assert not looks_like_affiliations(report)
    assert looks_like_affiliations(
        "清华大学计算机科学与技术系，北京 100084，中国\n中国科学院物理研究所\n"
    )


def test_extract_affiliations_web_of_science_abbreviations() -> None:
    s = "Chinese Acad Sci, Changchun Inst Appl Chem, Changchun 130022, Peoples R China"
    assert _kinds(s) == [
        ("Chinese Acad Sci", "institution"),
        ("Changchun Inst Appl Chem", "institution"),
        ("Changchun 130022", "city"),
        ("Peoples R China", "country"),
    ]
    assert _kinds("Peking Univ, Sch Phys, Beijing 100871, Peoples R China")[1] == (
        "Sch Phys",
        "department",
    )


def test_extract_affiliations_run_on_string_names_two_institutions() -> None:
    s = "Department of Cardiology Toronto Western Hospital University of Toronto Toronto ON Canada"
    assert [x.text for x in institutions(s)] == [
        "Toronto Western Hospital",
        "University of Toronto",
    ]
    s = "Division of Nephrology University Medical Center Leiden University of Leiden Leiden, NL"
    names = [x.text for x in institutions(s)]
    assert names == ["University Medical Center Leiden", "University of Leiden"]
    s = "Heart Transplant Program Ottawa Heart Institute University of Ottawa, Canada"
    assert [x.text for x in institutions(s)] == ["Ottawa Heart Institute", "University of Ottawa"]
    s = "Department of Surgery, St Mary Hospital at University of Exeter, Devon, UK"
    assert [x.text for x in institutions(s)] == ["St Mary Hospital", "University of Exeter"]
    # an adjective of the university's own name is no cut
    s = "Department of Surgery, Medical University of Lublin, Lublin, Poland"
    assert [x.text for x in institutions(s)] == ["Medical University of Lublin"]


def test_extract_affiliations_field_of_study_before_the_name_is_cut() -> None:
    s = "Department of Pediatrics Cardiology The Leeds Children's Hospital, UK"
    assert [x.text for x in institutions(s)] == ["The Leeds Children's Hospital"]
    s = "Division of Critical Care Medicine Riverside Hospital, Springfield, USA"
    assert [x.text for x in institutions(s)] == ["Riverside Hospital"]


def test_extract_affiliations_brackets_and_legal_forms() -> None:
    s = "Laboratory of Catalysis (Zhejiang University), Hangzhou 310027, China"
    assert [x.text for x in institutions(s)] == ["Zhejiang University"]
    s = "Research Unit, Hitachi Europe Co., Ltd., Cambridge, UK"
    assert [x.text for x in institutions(s)] == ["Hitachi Europe Co., Ltd"]


def test_extract_affiliations_more_institution_words() -> None:
    s = "Cardiology Unit, Bispebjerghospitalet, Copenhagen, Denmark"
    assert [x.text for x in institutions(s)] == ["Bispebjerghospitalet"]
    s = "Department of Medicine, Alberta Health Services, Calgary, Canada"
    assert [x.text for x in institutions(s)] == ["Alberta Health Services"]
    s = "Nobel Institutet, Lund University, Lund, Sweden"
    assert [x.text for x in institutions(s)] == ["Nobel Institutet", "Lund University"]


def test_extract_affiliations_generic_words_and_schools_are_not_institutions() -> None:
    # a head word alone names nothing
    assert institutions("Department of Oncology, University, Padua, Italy") == []
    # a medical school beside its university is a unit of it; beside a hospital it stays
    s = "Nuclear Medicine, Ghent University Hospital, Ghent University Medical School, Belgium"
    assert [x.text for x in institutions(s)] == ["Ghent University Hospital", "Ghent University"]
    s = "Queen Mary Hospital; Warwick Medical School, Coventry, UK"
    assert [x.text for x in institutions(s)] == ["Queen Mary Hospital", "Warwick Medical School"]


def test_extract_affiliations_long_country_names_and_country_like_names() -> None:
    s = "Second Naval Medical University Shanghai People's Republic of China"
    assert [x.text for x in institutions(s)] == ["Second Naval Medical University"]
    assert [x.text for x in institutions("University of New South Wales")] == [
        "University of New South Wales"
    ]
    s = "Institute of Physics University of Georgia Georgia USA"
    assert [x.text for x in institutions(s)] == ["University of Georgia"]
    s = "Department of Otolaryngology–Head and Neck Surgery Changhai Hospital, Shanghai"
    assert [x.text for x in institutions(s)] == ["Changhai Hospital"]


def test_extract_affiliations_unit_codes_and_lead_phrases() -> None:
    s = "INSERM UMR1234, Université de Lyon, Lyon, France"
    assert [x.text for x in institutions(s)] == ["INSERM", "Université de Lyon"]
    s = "Laboratoire Alpha, UMR CNRS 9999, Université de Lille, France"
    assert [x.text for x in institutions(s)] == ["CNRS", "Université de Lille"]
    s = "Part of Riverside NHS Foundation Trust, London, UK"
    assert [x.text for x in institutions(s)] == ["Riverside NHS Foundation Trust"]
    s = "affiliated to the Zeta Faculty of Medicine, Tel Aviv University, Israel"
    assert [x.text for x in institutions(s)] == ["Tel Aviv University"]
    # a capital letter that opens a name is no footnote mark
    assert [x.text for x in institutions("A Coruña University Hospital, Spain")] == [
        "A Coruña University Hospital"
    ]


def test_extract_affiliations_two_names_joined_by_a_dash_or_and() -> None:
    def names(s: str) -> list[str]:
        return [x.text for x in institutions(s)]

    assert names("McLaughlin Centre, University Health Network-Toronto General Hospital") == [
        "McLaughlin Centre",
        "University Health Network",
        "Toronto General Hospital",
    ]
    assert names("Jena University Hospital–Friedrich Schiller University of Jena, Germany") == [
        "Jena University Hospital",
        "Friedrich Schiller University of Jena",
    ]
    assert names("Ph. D., American University in Cairo and Suez Canal University") == [
        "American University in Cairo",
        "Suez Canal University",
    ]
    # one name: no head before the dash, no head after "and"
    assert names("Aix-Marseille University, Marseille, France") == ["Aix-Marseille University"]
    assert names("University of Science and Technology of China, Hefei") == [
        "University of Science and Technology of China"
    ]


def test_extract_affiliations_run_on_address_tail_goes() -> None:
    s = "Department of Anesthesiology University of Washington Seattle Washington"
    assert [x.text for x in institutions(s)] == ["University of Washington"]
    s = "Ames Laboratory Iowa State University Ames Iowa"
    assert [x.text for x in institutions(s)][-1] == "Iowa State University"
    # a city that is part of the name stays
    assert [x.text for x in institutions("University College London")] == [
        "University College London"
    ]


def test_extract_affiliations_university_hospital_is_one_name() -> None:
    s = "Department of Surgery, Seoul National University Bundang Hospital, Seongnam, Korea"
    assert [x.text for x in institutions(s)] == ["Seoul National University Bundang Hospital"]
    s = "Department of Surgery, Huashan Hospital Fudan University, Shanghai, China"
    assert [x.text for x in institutions(s)] == ["Huashan Hospital", "Fudan University"]


def test_extract_affiliations_field_laboratory_beside_an_institution_is_a_unit() -> None:
    s = "Molecular Pathology Laboratory, Montefiore Medical Center, Bronx, NY"
    assert [x.text for x in institutions(s)] == ["Montefiore Medical Center"]
    # alone, it is the institution the string names
    assert [x.text for x in institutions("Ames Laboratory, Ames, Iowa")] == ["Ames Laboratory"]


def test_extract_affiliations_run_on_country_alone_goes() -> None:
    s = "Department of History, American University of Beirut Lebanon"
    assert [x.text for x in institutions(s)] == ["American University of Beirut"]
    # a country that the name ends on stays ("University of Georgia": nothing left otherwise)
    assert [x.text for x in institutions("University of Georgia, Athens")] == [
        "University of Georgia"
    ]
