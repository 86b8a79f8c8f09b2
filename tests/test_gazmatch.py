"""FastGazetteer (ingest/extract/gazmatch.py) finds what the spaCy gazetteer pipeline finds."""

from __future__ import annotations

import random

from ingest.extract.ents import Label, detect_lang
from ingest.extract.gazmatch import FastGazetteer
from ingest.extract.nlp import build_pipeline
from ingest.extract.stage import labels_from_triples, vocab_technology_labels
from ingest.pipeline import collect_files, load_records
from ingest.types import LoadContext
from kg.settings import SAMPLES_DIR, Settings

RECORD_FILES = (".csv", ".ris", ".bib", ".jsonl", ".json")


def sample_texts() -> tuple[list[Label], list[tuple[str, str]]]:
    """The samples' record texts (by language) and every name the records give an entity."""
    files = [
        p
        for p in collect_files([SAMPLES_DIR])
        if p.suffix in RECORD_FILES and "chains" not in p.parts
    ]
    ctx = LoadContext(source="samples", settings=Settings())
    records, _ = load_records(files, ctx, "auto", False, None)
    labels = labels_from_triples(t for r in records for t in r.triples)
    labels += list(vocab_technology_labels())
    texts = [
        (f.text, f.lang if f.lang in ("en", "zh") else detect_lang(f.text))
        for r in records
        for f in r.texts
        if f.text and f.text.strip()
    ]
    return labels, texts


def found(ents) -> list[tuple]:
    return [(e.start, e.end, e.text, e.type, e.iri, e.confidence, e.candidates) for e in ents]


def test_gazmatch_same_entities_as_the_spacy_pipeline_on_the_samples():
    labels, texts = sample_texts()
    assert len(labels) > 1000 and len(texts) > 500
    rng = random.Random(7)
    for lang in ("en", "zh"):
        own = [t for t, lg in texts if lg == lang]
        other = [t for t, lg in texts if lg != lang]
        chosen = own + rng.sample(other, min(100, len(other)))
        nlp = build_pipeline(lang, labels, ner=False)
        fast = FastGazetteer.for_labels(lang, labels)
        total = 0
        for text in chosen:
            want = found(nlp(text)._.ikg_ents)
            assert found(fast.ents(text)) == want, (lang, text[:80])
            total += len(want)
        assert total > 1000  # the texts do name many entities: the comparison means something


def test_gazmatch_ties_and_acronyms_as_the_entity_ruler_settles_them():
    labels = [
        Label("Jilin", "Place", "https://example.org/region/jilin"),  # ties a built-in place
        Label("CIAC", "Organization", "https://example.org/inst/ciac"),  # acronym: case kept
        Label("Ciac", "Technology", "https://example.org/tech/ciac"),  # case-blind
        Label("steam explosion", "Technology", "https://example.org/tech/se"),
        Label("steam explosion pretreatment", "Technology", "https://example.org/tech/sep"),
        Label("Steam Explosion", "Industry", "https://example.org/ind/se"),  # same name, 2 kinds
    ]
    text = "Jilin CIAC and ciac ran steam explosion pretreatment and a  steam explosion in Jilin."
    nlp = build_pipeline("en", labels, ner=False)
    fast = FastGazetteer.for_labels("en", labels)
    got = found(fast.ents(text))
    assert got == found(nlp(text)._.ikg_ents)
    assert ("steam explosion pretreatment", "https://example.org/tech/sep") in {
        (g[2], g[4]) for g in got
    }
