"""Expert finding on the small fixture set in tests/data/experts (fast, exact expectations)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import run_ingest
from kg.experts.rank import Filters, RankSettings, search
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore

DATA = Path(__file__).parent / "data" / "experts"
REQUIRED_RESULT = {"iri", "name", "score", "institutions", "evidence"}
REQUIRED_EVIDENCE = {"iri", "title", "type", "year", "contribution"}


@pytest.fixture(scope="module")
def fx(tmp_path_factory) -> OxigraphStore:
    st = OxigraphStore(tmp_path_factory.mktemp("experts") / "store", Settings())
    res = run_ingest(st, [DATA], source="experts")
    assert res.error is None and not res.quarantined, res.as_json()
    return st


def names(data: dict) -> list[str]:
    return [r["name"] for r in data["results"]]


def test_experts_contract_shape(fx):
    data = search(fx, "cellulosic ethanol pretreatment")
    assert set(data) == {"query", "query_used", "results"}  # the contract's two, plus how
    assert data["query_used"]["mode"] == "keywords"  # the query was used
    assert data["results"]
    for r in data["results"]:
        assert set(r) >= REQUIRED_RESULT
        for e in r["evidence"]:
            assert set(e) >= REQUIRED_EVIDENCE
            assert e["type"] in {"paper", "patent", "project", "report", "expertise"}
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)


def test_experts_ranking_roles_and_exclusion(fx):
    top = names(search(fx, "cellulosic ethanol pretreatment", limit=3))
    assert set(top[:2]) == {"Zhang Wei", "Wang Lei"}
    assert "Liu Yang" not in names(search(fx, "cellulosic ethanol pretreatment", limit=0))
    got = search(
        fx,
        "cellulosic ethanol pretreatment",
        limit=0,
        filters=Filters(exclude_institutions=["Shandong Institute of Bioenergy"]),
    )
    assert "Li Na" not in names(got) and "Sun Hao" not in names(got)


def test_experts_chinese_query(fx):
    data = search(fx, "纤维素乙醇 预处理", limit=3)
    assert set(names(data)[:2]) == {"Zhang Wei", "Wang Lei"}
    first = data["results"][0]["evidence"][0]
    assert any(m in first["matched"] for m in ("纤维素", "乙醇", "预处理"))


def test_experts_taxonomy_expansion(fx):
    # no work says "biofuels": the narrower concepts' labels and subjects find them
    got = names(search(fx, "biofuels", limit=0))
    assert {"Zhang Wei", "Wang Lei", "Chen Jie", "Sun Hao"} <= set(got)
    assert "Liu Yang" not in got


def test_experts_report_mention_evidence(fx):
    data = search(fx, "cellulosic ethanol pretreatment", limit=0)
    hq = next(r for r in data["results"] if r["name"] == "Huang Qiang")
    rep = [e for e in hq["evidence"] if e["type"] == "report"]
    assert rep and "demonstration plant" in rep[0]["sentence"]
    assert rep[0]["contribution"] == "mentioned in report"


def test_experts_filters(fx):
    q = "cellulosic ethanol"
    assert set(
        names(search(fx, q, limit=0, filters=Filters(institution_types=["enterprise"])))
    ) == {"Zhang Wei", "Huang Qiang"}
    assert set(names(search(fx, q, limit=0, filters=Filters(institutions=["TJU"])))) == {
        "Wang Lei",
        "Zhao Min",
    }
    assert set(names(search(fx, q, limit=0, filters=Filters(regions=["Shandong"])))) == {
        "Li Na",
        "Sun Hao",
    }
    old = search(fx, "enzymatic hydrolysis cellulase", limit=0, filters=Filters(year_to=2010))
    assert names(old)[0] == "Zhao Min"
    assert all(
        e["year"] <= 2010 for r in old["results"] for e in r["evidence"] if e["type"] != "expertise"
    )


def test_experts_recency_half_life(fx):
    recent = search(
        fx, "cellulase", settings=RankSettings(half_life_years=2.0, reference_year=2024)
    )
    flat = search(fx, "cellulase", settings=RankSettings(half_life_years=1000, reference_year=2024))
    assert recent["results"][0]["score"] < flat["results"][0]["score"]
