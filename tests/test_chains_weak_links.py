"""Weak-link figures on hand-computed chains (tests/data/chains/mini), views, technology chain."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, Triple
from test_chains_loader import DATA, load_into

from kg import vocab
from kg.chains import industry, technology
from kg.errors import NotFoundError
from kg.store.oxigraph import OxigraphStore

SRC = "mini"


def item(local: str) -> str:
    return vocab.mint("item", SRC, local).value


def domestic_links() -> list[Triple]:
    """A CHN institution works on enzymatic hydrolysis; a CHN expert wrote on cellulosic ethanol."""
    inst = vocab.mint("institution", "t", "i1")
    inst2 = vocab.mint("institution", "t", "i2")
    exp = vocab.mint("expert", "t", "e1")
    work = vocab.mint("work", "t", "w1")
    return [
        Triple(inst, vocab.TYPE, vocab.INSTITUTION),
        Triple(inst, vocab.PREF_LABEL, Literal("Enzyme Institute", language="en")),
        Triple(inst, vocab.COUNTRY_CODE, Literal("CHN")),
        Triple(inst, vocab.WORKS_ON, vocab.mint("technology", "bm-pre-enzyme")),
        Triple(inst2, vocab.TYPE, vocab.UNIVERSITY),
        Triple(inst2, vocab.COUNTRY_CODE, Literal("CHN")),
        Triple(exp, vocab.TYPE, vocab.EXPERT),
        Triple(exp, vocab.NAME, Literal("Li Hua")),
        Triple(exp, vocab.MEMBER_OF, inst2),
        Triple(work, vocab.TYPE, vocab.PAPER),
        Triple(work, vocab.SUBJECT, vocab.mint("technology", "bm-fuel-cellet")),
        Triple(work, vocab.CREATOR, exp),
        Triple(work, vocab.YEAR, Literal("2020", datatype=vocab.XSD.integer)),
    ]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    st = OxigraphStore(tmp_path_factory.mktemp("chains") / "store")
    load_into(st, DATA / "mini", SRC, extra=domestic_links())
    return st


def rows_by_id(data: dict) -> dict[str, dict]:
    return {r["id"]: r for r in data["rows"]}


def test_chains_weak_links_hhi_exact(store: OxigraphStore) -> None:
    rows = rows_by_id(industry.weak_links(store, "mini", limit=0))
    enz = rows["enzyme"]
    assert enz["hhi"] == 3800  # 50² + 30² + 20²
    assert enz["providers"] == 3 and enz["countries"] == 0
    assert enz["hhi_countries"] is None
    assert enz["top_provider"] == "Alpha Corp" and enz["top_share"] == 50
    assert enz["foreign_share"] == 70  # no country shares: orgs outside CHN (50 + 20)
    assert enz["single_source"] is False


def test_chains_weak_links_aggregates_excluded_but_foreign(store: OxigraphStore) -> None:
    eth = rows_by_id(industry.weak_links(store, "mini", limit=0))["ethanol"]
    # "Others" (aggregate, 60) is not a provider: 1 organization, HHI 40² only
    assert eth["providers"] == 1 and eth["hhi"] == 1600
    assert eth["single_source"] is True and eth["top_provider"] == "Beta Ltd"
    # countries: China 70, USA 20, Europe (aggregate) 10 -> 2 countries, HHI 4900 + 400
    assert eth["countries"] == 2 and eth["hhi_countries"] == 5300
    # foreign from the country level: USA 20 + Europe 10 (aggregate counted)
    assert eth["foreign_share"] == 30


def test_chains_weak_links_zero_share_is_known(store: OxigraphStore) -> None:
    rea = rows_by_id(industry.weak_links(store, "mini", limit=0))["reactor"]
    assert rea["hhi"] == 0 and rea["top_share"] == 0 and rea["top_provider"] == "Delta Inc"
    assert rea["foreign_share"] == 0 and rea["single_source"] is True


def test_chains_weak_links_unknown_shares_give_null(store: OxigraphStore) -> None:
    feed = rows_by_id(industry.weak_links(store, "mini", limit=0))["feed"]
    assert feed["providers"] == 2
    assert feed["hhi"] is None and feed["hhi_countries"] is None
    assert feed["top_provider"] is None and feed["top_share"] is None
    assert feed["foreign_share"] is None and feed["single_source"] is False


def test_chains_weak_links_segment_and_single_country(store: OxigraphStore) -> None:
    rows = rows_by_id(industry.weak_links(store, "mini", limit=0))
    seg = rows["s2"]
    assert seg["providers"] == 0 and seg["countries"] == 2
    assert seg["hhi"] is None and seg["hhi_countries"] == 5200
    assert seg["top_provider"] == "United States" and seg["top_share"] == 60
    assert seg["foreign_share"] == 60 and seg["single_source"] is False
    pla = rows["pla"]
    assert pla["single_source"] is True and pla["hhi_countries"] == 10000
    assert set(rows) == {"enzyme", "ethanol", "feed", "reactor", "s2", "pla"}


def test_chains_weak_links_home_option(store: OxigraphStore) -> None:
    data = industry.weak_links(store, "mini", home="usa", limit=0)
    assert data["home"] == "USA"
    rows = rows_by_id(data)
    assert rows["enzyme"]["foreign_share"] == 50  # Beta (CHN) 30 + Gamma (DEU) 20
    assert rows["ethanol"]["foreign_share"] == 80  # China 70 + Europe 10
    assert rows["pla"]["foreign_share"] == 0


def test_chains_weak_links_domestic_expertise_reason(store: OxigraphStore) -> None:
    rows = rows_by_id(industry.weak_links(store, "mini", limit=0))
    phrase = "no domestic institution or expert linked to the technologies it needs"
    assert not any(phrase in r for r in rows["enzyme"]["reasons"])  # worksOn, CHN
    assert not any(phrase in r for r in rows["ethanol"]["reasons"])  # CHN expert's paper
    assert any(phrase in r and "Steam explosion" in r for r in rows["feed"]["reasons"])
    assert any(phrase in r for r in rows["pla"]["reasons"])


def test_chains_weak_links_score_order_and_limit(store: OxigraphStore) -> None:
    data = industry.weak_links(store, "Mini chain", limit=0)
    scores = [r["score"] for r in data["rows"]]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)
    assert data["rows"][0]["id"] == "pla" and data["rows"][0]["score"] == 1.0
    assert len(industry.weak_links(store, "mini", limit=2)["rows"]) == 2
    # the formula: 0.30 * HHI/10000 + 0.20 * single + 0.25 * foreign/100 + 0.25 * no-domestic
    enz = rows_by_id(data)["enzyme"]
    assert enz["score"] == pytest.approx(0.30 * 0.38 + 0.25 * 0.70)


def test_chains_resolve_by_id_name_zh_iri(store: OxigraphStore) -> None:
    iri = vocab.mint("chain", SRC, "mini").value
    for name in ("mini", "Mini chain", "迷你产业链", iri, f"<{iri}>"):
        assert industry.resolve_chain(store, name).iri == iri
    with pytest.raises(NotFoundError, match="known chains: mini"):
        industry.resolve_chain(store, "no such chain")


def test_chains_industry_view_order_and_contents(store: OxigraphStore) -> None:
    data = industry.industry_chain(store, "mini")
    assert [s["id"] for s in data["segments"]] == ["s1", "s2", "s3"]
    assert [s["position"] for s in data["segments"]] == ["upstream", "midstream", "downstream"]
    s2 = data["segments"][1]
    assert s2["industry_codes"][0]["iri"].endswith("/isic4/2011")
    assert {i["id"] for i in s2["items"]} == {"enzyme", "reactor"}
    enzyme = next(i for i in s2["items"] if i["id"] == "enzyme")
    assert [x["id"] for x in enzyme["inputs"]] == ["reactor"]
    assert enzyme["technologies"][0]["label"] == "Enzymatic hydrolysis"
    assert [p["share"] for p in enzyme["providers"]] == [50, 30, 20]
    assert enzyme["providers"][0]["year"] == 2023
    assert enzyme["providers"][0]["source"] == "Test report A"
    beta = next(p for p in enzyme["providers"] if p["id"] == "p_b")
    assert beta["country"] == "CHN" and beta["region"] == "Shandong"
    assert data["segments"][0]["upstream_of"][0]["id"] == "s2"


def test_chains_technology_chain_edges_cycle_safe(tmp_path: Path) -> None:
    st = OxigraphStore(tmp_path / "store")
    t = {k: vocab.mint("technology", k) for k in ("bm-pre", "bm-pre-enzyme", "bm-fuel-cellet")}
    triples = [Triple(x, vocab.TYPE, vocab.TECHNOLOGY) for x in t.values()]
    triples += [
        Triple(t["bm-pre"], vocab.ENABLES, t["bm-pre-enzyme"]),
        Triple(t["bm-pre-enzyme"], vocab.ENABLES, t["bm-fuel-cellet"]),
        Triple(t["bm-fuel-cellet"], vocab.DEPENDS_ON, t["bm-pre"]),  # a cycle
        Triple(t["bm-fuel-cellet"], vocab.ENABLES, t["bm-pre"]),  # and another
        Triple(
            t["bm-pre-enzyme"], vocab.PREF_LABEL, Literal("Enzymatic hydrolysis", language="en")
        ),
    ] + domestic_links()
    with st.writer() as w:
        w.replace_source("t", triples, records=1)
    data = technology.technology_chain(st, "enzymatic hydrolysis", depth=5)
    assert data["technology"]["iri"] == t["bm-pre-enzyme"].value
    assert [x["iri"] for x in data["enables"]] == [t["bm-fuel-cellet"].value]
    assert [x["iri"] for x in data["enabled_by"]] == [t["bm-pre"].value]
    assert len(data["edges"]) == 4 and len(data["nodes"]) == 3
    inst = data["holders"]["institutions"]
    assert inst and inst[0]["name"] == "Enzyme Institute" and inst[0]["country"] == "CHN"
    cel = technology.technology_chain(st, "bm-fuel-cellet")
    assert [e["name"] for e in cel["holders"]["experts"]] == ["Li Hua"]
    assert cel["maturity"]["stage"] is None and "insufficient" in cel["maturity"]["note"]
    with pytest.raises(NotFoundError):
        technology.technology_chain(st, "no such technology")
