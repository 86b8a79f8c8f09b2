"""Report extraction end to end on a real store: mentions, linking, facts and provenance."""

from __future__ import annotations

import pyoxigraph as ox

from ingest.extract.stage import RecordTagger
from ingest.loaders.reports import LOADER
from ingest.types import LoadContext, Record, TextField
from kg import vocab
from kg.queries import load
from kg.settings import SAMPLES_DIR, Settings

L = ox.Literal


def _seed(store):
    jlu = vocab.mint("institution", "t", "jlu")
    ciac = vocab.mint("institution", "t", "ciac")
    cumt = vocab.mint("institution", "t", "cumt")
    a, b = vocab.mint("expert", "t", "a"), vocab.mint("expert", "t", "b")
    triples = []
    for node, names in ((jlu, ["Jilin University", "吉林大学"]),
                        (ciac, ["Changchun Institute of Applied Chemistry", "中国科学院长春应用化学研究所"]),
                        (cumt, ["China University of Mining and Technology", "中国矿业大学"])):  # fmt: skip
        triples.append(ox.Triple(node, vocab.TYPE, vocab.UNIVERSITY))
        triples += [ox.Triple(node, vocab.PREF_LABEL, L(n)) for n in names]
    for node, org in ((a, ciac), (b, cumt)):
        triples += [ox.Triple(node, vocab.TYPE, vocab.EXPERT), ox.Triple(node, vocab.NAME, L("李伟")),
                    ox.Triple(node, vocab.NAME, L("Wei Li")), ox.Triple(node, vocab.MEMBER_OF, org)]  # fmt: skip
    with store.writer() as w:
        w.replace_source("t", triples, records=5)
    return a, b, ciac, cumt


def _report_record(path):
    return next(LOADER.run([path], LoadContext(source="r", settings=Settings())))


def test_extract_report_mentions_facts_and_provenance(store):
    a, b, ciac, cumt = _seed(store)
    recs = [_report_record(SAMPLES_DIR / "reports" / "changchun_pla_zh.docx"),
            _report_record(SAMPLES_DIR / "reports" / "clean_coal_briefing_2023.html")]  # fmt: skip
    RecordTagger(store).run(recs)
    triples = [t for r in recs for t in r.triples]
    facts = {(t.subject, t.predicate, t.object) for t in triples}
    # the two experts named 李伟 / Wei Li are told apart by the institution in the sentence
    assert (a, vocab.MEMBER_OF, ciac) in facts
    assert (b, vocab.MEMBER_OF, cumt) in facts
    pla = vocab.mint("technology", "bm-poly-pla")
    assert (a, vocab.HAS_EXPERTISE, pla) in facts
    assert any(p == vocab.INPUT_OF for _, p, _ in facts)
    mentions = [t.subject for t in triples if t.object == vocab.MENTION]
    assert len(mentions) > 20
    # offsets point into the stored plain text
    text = next(t.object.value for t in recs[0].triples if t.predicate == vocab.PLAIN_TEXT)
    by = {}
    for t in recs[0].triples:
        by.setdefault(t.subject, {})[t.predicate] = t.object
    for _m, props in by.items():
        if props.get(vocab.TYPE) == vocab.MENTION:
            s, e = int(props[vocab.START_OFFSET].value), int(props[vocab.END_OFFSET].value)
            assert text[s:e] == props[vocab.MENTION_TEXT].value
    # provenance query: the sentence behind a fact
    with store.writer() as w:
        w.replace_source("r", triples, records=2)
    rows = store.select(load("provenance/fact_sentence"),
                        {"s": a, "p": vocab.MEMBER_OF, "o": ciac})  # fmt: skip
    assert rows and "李伟研究员" in rows[0]["sentence"].value
    assert rows[0]["method"].value == "pattern:affiliation"
    assert rows[0]["file"].value == "changchun_pla_zh.docx"


def test_extract_record_tagger_adds_subjects_from_store_and_batch(store):
    _seed(store)
    work = vocab.mint("work", "t", "w1")
    tech = vocab.mint("technology", "t", "newtech")
    rec = Record(file="w.csv", locator="line 2")
    rec.add(work, vocab.TYPE, vocab.PAPER)
    rec.texts.append(TextField(work, "Steam explosion and Quantum widget milling of corn straw"))
    rec.texts.append(TextField(work, "聚乳酸的开环聚合", "zh"))
    trec = Record(file="t.csv", locator="line 3")
    trec.add(tech, vocab.TYPE, vocab.TECHNOLOGY)
    trec.add(tech, vocab.PREF_LABEL, L("Quantum widget milling", language="en"))
    RecordTagger(store).run([rec, trec])
    subjects = {t.object for t in rec.triples if t.predicate == vocab.SUBJECT}
    assert vocab.mint("technology", "bm-pre-steam") in subjects
    assert vocab.mint("technology", "bm-poly-pla") in subjects
    assert tech in subjects
