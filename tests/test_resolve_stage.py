"""The pipeline's Resolver stage on records and a real store."""

from __future__ import annotations

import pyoxigraph as ox

from ingest.resolve.stage import Resolver
from ingest.types import Record
from kg import vocab
from kg.review import ReviewQueue
from kg.store.oxigraph import OxigraphStore


def _record(rec_id: str, iri: ox.NamedNode, cls, names, **extra) -> Record:
    r = Record("f.csv", rec_id)
    r.add(r.own(iri), vocab.TYPE, cls)
    for n, lang in names:
        r.add(
            iri,
            vocab.NAME if cls == vocab.EXPERT else vocab.PREF_LABEL,
            ox.Literal(n, language=lang),
        )
    for p, o in extra.items():
        r.add(iri, getattr(vocab, p), o)
    return r


def test_resolve_stage_links_plain_names(tmp_path) -> None:
    st = OxigraphStore(tmp_path / "store")
    cas = vocab.mint("institution", "old", "cas")
    with st.writer() as w:
        w.replace_source(
            "old",
            [
                ox.Triple(cas, vocab.TYPE, vocab.RESEARCH_INSTITUTE),
                ox.Triple(
                    cas, vocab.PREF_LABEL, ox.Literal("Chinese Academy of Sciences", language="en")
                ),
                ox.Triple(cas, vocab.PREF_LABEL, ox.Literal("中国科学院", language="zh")),
            ],
            records=1,
        )
    stage = Resolver(st)
    assert not (tmp_path / "store" / "state").exists()  # the constructor touches nothing
    i1 = vocab.mint("institution", "new", "name:cas")
    i2 = vocab.mint("institution", "new", "name:中科院")
    e1 = vocab.mint("expert", "new", "name:wei li")
    e2 = vocab.mint("expert", "new", "name:李伟")
    e3 = vocab.mint("expert", "new", "name:w li")
    recs = [
        _record("1", i1, vocab.INSTITUTION, [("CAS", "en")]),
        _record("2", i2, vocab.INSTITUTION, [("中国科学院", "zh")]),
        _record("3", e1, vocab.EXPERT, [("Wei Li", "en")], MEMBER_OF=i1),
        _record("4", e2, vocab.EXPERT, [("李伟", "zh")], MEMBER_OF=i1),
        _record("5", e3, vocab.EXPERT, [("W. Li", "en")]),
    ]
    out = stage.run(recs)
    same = {
        (t.subject, t.object) for r in out for t in r.triples if t.predicate == vocab.OWL.sameAs
    }
    # one canonical node (the store's CAS); the merged IRIs stay as owl:sameAs
    assert (cas, i1) in same and (cas, i2) in same
    named = {t.subject for r in out for t in r.triples if t.predicate != vocab.OWL.sameAs}
    assert i1 not in named and i2 not in named
    members = {t.object for r in out for t in r.triples if t.predicate == vocab.MEMBER_OF}
    assert members == {cas}  # the affiliations now name the canonical node
    assert (e1, e2) in same or (e2, e1) in same  # Wei Li ~ 李伟 at the same institution
    assert not any(e3 in (s, o) for s, o in same)  # an initial without context: review only
    pend = ReviewQueue(st).items()
    assert any(e3.value in (p["a"], p["b"]) for p in pend)


def test_resolve_stage_one_display_name_not_the_acronym(tmp_path) -> None:
    st = OxigraphStore(tmp_path / "store")
    a = vocab.mint("institution", "new", "ror-x")
    b = vocab.mint("institution", "new", "oa-x")
    recs = [
        _record("1", a, vocab.UNIVERSITY, [("THU", "en"), ("Tsinghua University", "en")]),
        _record("2", b, vocab.UNIVERSITY, [("Tsinghua University", "en"), ("清华大学", "zh")]),
    ]
    out = Resolver(st).run(recs)
    labels = [
        (t.subject, t.object) for r in out for t in r.triples if t.predicate == vocab.PREF_LABEL
    ]
    en = {o.value for s, o in labels if o.language == "en"}
    assert en == {"Tsinghua University"}  # one English display name, not "THU"
    assert len({s for s, _ in labels}) == 1  # one node
    alts = {t.object.value for r in out for t in r.triples if t.predicate == vocab.ALT_LABEL}
    assert "THU" in alts
