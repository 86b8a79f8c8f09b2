"""The ikg_gazetteer factory on blank pipelines with hand-built labels."""

from __future__ import annotations

import spacy

from ingest.extract.ents import Label
from ingest.extract.nlp import english_org_patterns, required_words

LABELS = [
    Label("Steam explosion pretreatment", "Technology", "https://w3id.org/ikg/id/technology/t1"),
    Label("steam explosion", "Technology", "https://w3id.org/ikg/id/technology/t1"),
    Label("蒸汽爆破预处理", "Technology", "https://w3id.org/ikg/id/technology/t1"),
    Label("PLA", "Technology", "https://w3id.org/ikg/id/technology/pla"),
    Label("Jilin University", "Organization", "https://w3id.org/ikg/id/institution/jlu"),
    Label("吉林大学", "Organization", "https://w3id.org/ikg/id/institution/jlu"),
    Label("李伟", "Person", "https://w3id.org/ikg/id/expert/a"),
    Label("李伟", "Person", "https://w3id.org/ikg/id/expert/b"),
    Label("Biomass energy industry", "Industry", "https://w3id.org/ikg/id/industry/x/1"),
]


def test_nlp_gazetteer_english_spans_carry_iri_and_type():
    nlp = spacy.blank("en")
    gaz = nlp.add_pipe("ikg_gazetteer", config={"builtin_places": False})
    gaz.add_labels(LABELS)
    doc = nlp(
        "Jilin University applies Steam Explosion to the biomass energy industry; pla is not PLA."
    )
    got = [(e.text, e.label_, e._.iri) for e in doc.ents]
    assert ("Jilin University", "Organization", "https://w3id.org/ikg/id/institution/jlu") in got
    assert ("Steam Explosion", "Technology", "https://w3id.org/ikg/id/technology/t1") in got
    assert ("biomass energy industry", "Industry", "https://w3id.org/ikg/id/industry/x/1") in got
    # acronyms match case-sensitively
    assert [e.text for e in doc.ents if e.text.lower() == "pla"] == ["PLA"]


def test_nlp_gazetteer_chinese_ambiguous_names_keep_candidates():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    gaz = nlp.add_pipe("ikg_gazetteer", config={"lang": "zh"})
    gaz.add_labels(LABELS)
    doc = nlp("吉林大学李伟教授长期从事蒸汽爆破预处理研究。")
    got = {e.text: e for e in doc.ents}
    assert got["吉林大学"].kb_id_ == "https://w3id.org/ikg/id/institution/jlu"
    assert got["蒸汽爆破预处理"].label_ == "Technology"
    assert got["李伟"]._.iri is None
    assert sorted(got["李伟"]._.candidates) == [
        "https://w3id.org/ikg/id/expert/a",
        "https://w3id.org/ikg/id/expert/b",
    ]


def test_nlp_gazetteer_to_disk_from_disk(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("ikg_gazetteer", config={"builtin_places": False}).add_labels(LABELS)
    nlp.to_disk(tmp_path / "p")
    again = spacy.load(tmp_path / "p")
    doc = again("Work at Jilin University on steam explosion.")
    assert [(e.text, e._.iri) for e in doc.ents] == [
        ("Jilin University", "https://w3id.org/ikg/id/institution/jlu"),
        ("steam explosion", "https://w3id.org/ikg/id/technology/t1"),
    ]


def test_nlp_gazetteer_builtin_places():
    nlp = spacy.blank("en")
    nlp.add_pipe("ikg_gazetteer")
    doc = nlp("Dept. of Chemistry, Tsinghua University, Beijing 100084, China")
    assert [(e.text, e.label_) for e in doc.ents] == [("Beijing", "Place"), ("China", "Place")]


def test_nlp_required_words_of_the_org_patterns() -> None:
    """The English org matcher skips a line without any of these words: each pattern needs one."""
    words = required_words(english_org_patterns())
    assert words is not None and {"university", "institute", "company"} <= words
    assert required_words([[{"LOWER": "x", "OP": "?"}, {"LOWER": {"IN": ["y", "z"]}}]]) == {
        "y",
        "z",
    }
    assert required_words([[{"IS_TITLE": True, "OP": "+"}]]) is None  # a pattern without one
