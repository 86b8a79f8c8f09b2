"""The English model pipeline's ikg_fast_gazetteer finds what spaCy's EntityRuler
(``ikg_gazetteer``) finds, around the same model, on names that overlap, tie and change case."""

from __future__ import annotations

from typing import Any

from spacy.language import Language

from ingest.extract.ents import Label
from ingest.extract.gazpipe import FastGazetteerPipe
from ingest.extract.nlp import add_english_graph_pipes
from ingest.extract.nlp_en import load_model
from kg.settings import Settings

LABELS = [
    Label("Jilin", "Place", "https://example.org/region/jilin"),  # ties a built-in place
    Label("Jilin University", "Organization", "https://example.org/inst/jlu"),
    Label("CIAC", "Organization", "https://example.org/inst/ciac"),  # acronym: case kept
    Label("Ciac", "Technology", "https://example.org/tech/ciac"),  # case-blind
    Label("steam explosion", "Technology", "https://example.org/tech/se"),
    Label("steam explosion pretreatment", "Technology", "https://example.org/tech/sep"),
    Label("Steam Explosion", "Industry", "https://example.org/ind/se"),  # same name, 2 kinds
    Label("Acme Robotics", "Organization", "https://example.org/inst/acme-1"),
    Label("Acme Robotics", "Organization", "https://example.org/inst/acme-2"),  # ambiguous
    Label("Robotics Lab", "Organization", "https://example.org/inst/rlab"),  # overlaps Acme's
    Label("Angela Merkel", "Person", "https://example.org/person/merkel"),
    Label("Berlin", "Place", "https://example.org/city/berlin"),
]
TEXT = (
    "Jilin University and JILIN UNIVERSITY in Jilin; CIAC, Ciac and ciac ran "
    "steam explosion pretreatment and a  Steam Explosion near Berlin.\n"
    "Angela Merkel met the Acme Robotics Lab team of acme robotics in berlin, Germany.\n"
    "Barack Obama visited Stanford University and the Changchun Institute of Applied Chemistry."
)


def old_pipeline(model: str) -> Language:
    """The pipes as they were before ikg_fast_gazetteer: spaCy's EntityRuler twice."""
    nlp = load_model(model)
    gaz = nlp.add_pipe(
        "ikg_gazetteer", before="ner", config={"lang": "en", "builtin_places": False}
    )
    gaz.add_labels(lab for lab in LABELS if lab.kind != "Place")
    nlp.add_pipe("ikg_en_orgs", before="ner")
    plc = nlp.add_pipe(
        "ikg_gazetteer", name="ikg_places", after="ner", config={"overwrite_ents": False}
    )
    plc.add_labels(lab for lab in LABELS if lab.kind == "Place")
    nlp.add_pipe("ikg_entities", config={"lang": "en"})
    return nlp


def found(nlp: Language, text: str) -> list[tuple[Any, ...]]:
    ents = nlp(text)._.ikg_ents or []
    return [(e.start, e.end, e.text, e.type, e.iri, e.method, e.candidates) for e in ents]


def test_extract_fast_gazetteer_same_entities_as_the_entity_ruler() -> None:
    model = Settings.from_env().en_model
    new = load_model(model)
    add_english_graph_pipes(new, LABELS)
    kinds = {name: type(p) for name, p in new.pipeline}
    assert kinds["ikg_gazetteer"] is kinds["ikg_places"] is FastGazetteerPipe
    old = old_pipeline(model)
    lines = TEXT.split("\n") + [TEXT.lower(), TEXT.upper(), ""]
    gazetteer = 0
    for line in lines:
        want = found(old, line)
        assert found(new, line) == want, line
        gazetteer += sum(1 for w in want if w[5] == "gazetteer")
    assert gazetteer >= 15  # the lines do name many gazetteer entries
    got = {(w[2], w[4]) for w in found(new, lines[0])}
    assert ("steam explosion pretreatment", "https://example.org/tech/sep") in got
    assert ("Jilin University", "https://example.org/inst/jlu") in got
