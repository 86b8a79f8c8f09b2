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
    assert (i1, cas) in same and (i2, cas) in same
    assert any(s in (e1, e2) for s, _ in same)  # Wei Li ~ 李伟 at the same institution
    assert not any(e3 in (s, o) for s, o in same)  # an initial without context: review only
    pend = ReviewQueue(st).items()
    assert any(e3.value in (p["a"], p["b"]) for p in pend)
