"""Weak links on the sample chains (data/samples/chains): figures computed by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_chains_loader import load_into

from kg.chains import industry as chains
from kg.settings import SAMPLES_DIR
from kg.store.oxigraph import OxigraphStore

SAMPLES = SAMPLES_DIR / "chains"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    st = OxigraphStore(Path(tmp_path_factory.mktemp("samples")) / "store")
    recs = load_into(st, SAMPLES, "chains")
    assert not [r.errors for r in recs if r.errors]
    return st


def test_chains_samples_biomass_weak_links(store: OxigraphStore) -> None:
    data = chains.weak_links(store, "biomass", limit=0)
    rows = {r["id"]: r for r in data["rows"]}
    cel = rows["bm-cellulase"]  # Novozymes 48, Genencor 30, Ruixiang 9, Others 13 (aggregate)
    assert cel["providers"] == 3 and cel["hhi"] == 48**2 + 30**2 + 9**2
    assert cel["countries"] == 3 and cel["hhi_countries"] == 48**2 + 32**2 + 20**2
    assert cel["top_provider"] == "Novozymes A/S" and cel["top_share"] == 48
    assert cel["foreign_share"] == 80 and cel["single_source"] is False
    reactor = rows["bm-steam-reactor"]
    assert reactor["single_source"] is True and reactor["hhi"] == 10000
    assert reactor["foreign_share"] == 0
    bio = rows["bm-biomethane"]  # providers known, shares unknown
    assert bio["providers"] == 2 and bio["hhi"] is None and bio["foreign_share"] is None
    assert data["rows"][0]["score"] >= data["rows"][-1]["score"]


def test_chains_samples_coal_chain_resolves_by_zh_name(store: OxigraphStore) -> None:
    data = chains.industry_chain(store, "煤化工产业链", with_maturity=False)
    assert [s["position"] for s in data["segments"]][0] == "upstream"
    assert [s["order"] for s in data["segments"]] == sorted(s["order"] for s in data["segments"])
    rows = chains.weak_links(store, "coal-chemical", limit=0)["rows"]
    assert rows and all(set(r) >= {"iri", "id", "score", "reasons"} for r in rows)
