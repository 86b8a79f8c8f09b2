"""On the samples: the consultation example, the evaluation floors, the index cache."""

from __future__ import annotations

from pathlib import Path

from kg.experts.evaluate import evaluate, load_gold
from kg.experts.index import get_index
from kg.experts.rank import Filters, search

GOLD = Path(__file__).parent / "gold" / "experts_gold.json"
REQUESTER = "COFCO Biochemical Energy (Yushu) Co., Ltd."


def test_experts_consultation_example(samples_store):
    """ "Two experts on cellulosic ethanol pretreatment for a provincial consultation, not from
    the requesting institute" (here the requesting institute is COFCO Yushu)."""
    ix = get_index(samples_store)
    req = next(i for i, info in ix.inst.items() if REQUESTER in info["labels"])
    data = search(
        samples_store,
        "cellulosic ethanol pretreatment",
        limit=2,
        filters=Filters(exclude_institutions=[REQUESTER]),
    )
    assert len(data["results"]) == 2
    for r in data["results"]:
        assert req not in [i["iri"] for i in r["institutions"]]
        works = [e for e in r["evidence"] if e["type"] != "expertise"]
        assert len(works) >= 3
        # defensible: evidence on cellulosic ethanol and on pretreatment, with a lead role
        titles = " ".join(e["title"].lower() for e in works)
        assert "ethanol" in titles
        assert any("pretreatment" in m.lower() for e in works for m in e["matched"])
        assert any(e["contribution"].startswith(("first", "principal", "last")) for e in works)
    unfiltered = search(samples_store, "cellulosic ethanol pretreatment", limit=5)
    assert any(req in [i["iri"] for i in r["institutions"]] for r in unfiltered["results"])


def test_experts_eval_floors_and_baseline(samples_store):
    gold = load_gold(GOLD)
    assert len(gold) >= 12
    assert {q.get("lang") for q in gold} == {"en", "zh"}
    res = evaluate(samples_store, get_index(samples_store), gold)["summary"]
    ikg, base = res["ikg"], res["tfidf"]
    assert ikg["ndcg@10"] >= 0.92
    assert ikg["p@5"] >= 0.97
    assert ikg["misranking"] <= 0.07
    assert ikg["ndcg@10"] > base["ndcg@10"]
    assert ikg["misranking"] < base["misranking"]


def test_experts_index_cached_per_version(samples_store):
    ix = get_index(samples_store)
    assert get_index(samples_store) is ix
    version = samples_store.current_version()
    folder = Path(samples_store.state_dir) / "index" / version
    assert (folder / "experts.json").exists() and (folder / "dense.npz").exists()
