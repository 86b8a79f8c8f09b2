"""The chain diagram: layout, weak-link marks, segment filter, search, the Plotly figure and the
briefing PNG, on the samples' biomass chain and the generated 126-item chain."""

from __future__ import annotations

import importlib.util
import struct
from collections import Counter
from pathlib import Path

import pytest

from ingest.pipeline import run_ingest
from kg.briefing.charts import chain_diagram_chart
from kg.chains import diagram as D
from kg.chains.industry import industry_chain, weak_links
from kg.settings import PROJECT_ROOT
from kg.store.oxigraph import OxigraphStore

SEMI = PROJECT_ROOT / "tests" / "data" / "chains" / "semi126"
BIOMASS = "https://w3id.org/ikg/id/chain/samples/biomass"
REACTOR = "https://w3id.org/ikg/id/item/samples/bm-steam-reactor"
PRETREAT = "https://w3id.org/ikg/id/segment/samples/bm-seg-pretreat"


@pytest.fixture(scope="module")
def biomass(samples_store) -> tuple[dict, dict]:
    return industry_chain(samples_store, BIOMASS), weak_links(samples_store, BIOMASS, limit=0)


@pytest.fixture(scope="module")
def semi(tmp_path_factory) -> tuple[dict, dict]:
    st = OxigraphStore(tmp_path_factory.mktemp("semi") / "store")
    assert run_ingest(st, [SEMI], source="semi").error is None
    return industry_chain(st, "semiconductor"), weak_links(st, "semiconductor", limit=0)


def _input_links(view: dict) -> set[tuple[str, str]]:
    items = [it for s in view["segments"] for it in s["items"]]
    return {(src["iri"], it["iri"]) for it in items for src in it["inputs"]}


def test_diagram_build_columns_items_and_input_edges(biomass):
    view, weak = biomass
    d = D.build(view, weak)
    assert [c.label for c in d.columns][0] == "Feedstock collection and logistics"
    assert [c.x for c in d.columns] == list(range(5))
    assert len(d.items) == 30
    assert set(d.edges) == _input_links(view) and len(d.edges) == 27
    seg_x = {c.iri: c.x for c in d.columns}
    for s in view["segments"]:
        for it in s["items"]:
            assert d.nodes[it["iri"]].x == seg_x[s["iri"]]
    ys = Counter((n.x, n.y) for n in d.items)
    assert max(ys.values()) == 1  # no two items of a column on one spot


def test_diagram_weak_links_carry_score_and_reasons(biomass):
    view, weak = biomass
    d = D.build(view, weak)
    reactor = d.nodes[REACTOR]
    assert reactor.weak and reactor.score == pytest.approx(0.5)
    assert any(r.startswith("single source") for r in reactor.reasons)
    assert reactor.providers == 1
    assert d.weak_nodes[0].iri == REACTOR  # highest score first
    assert all(n.score >= D.WEAK_MIN for n in d.weak_nodes)
    assert not D.build(view, weak, weak_min=0.9).weak_nodes


def test_diagram_segment_filter_keeps_edges_inside(biomass):
    view, weak = biomass
    d = D.build(view, weak, segments=[PRETREAT])
    assert [c.iri for c in d.columns] == [PRETREAT]
    assert {n.iri for n in d.items} == {
        it["iri"] for s in view["segments"] if s["iri"] == PRETREAT for it in s["items"]
    }
    assert d.edges and all(a in d.nodes and b in d.nodes for a, b in d.edges)


def test_diagram_search_matches_english_chinese_and_ids(biomass):
    d = D.build(*biomass)
    assert REACTOR in D.search(d, "steam explosion REACTOR")
    assert REACTOR in D.search(d, "连续汽爆")
    assert D.search(d, "bm-steam-reactor") == [REACTOR]
    assert D.search(d, "  ") == []


def test_diagram_figure_traces_items_edges_and_weak_marks(biomass):
    d = D.build(*biomass)
    fig = D.figure(d, "zh", selected=REACTOR)
    by_name = {t.name: t for t in fig.data if t.name}
    items = by_name["items"]
    assert list(items.customdata) == [n.iri for n in d.items]
    assert "连续汽爆反应器" in items.text
    weak = fig.data[3]  # edges, selected edges, items, weak links, segments
    assert REACTOR in weak.customdata and "⚠ 0.50" in weak.text
    hover = weak.hovertext[list(weak.customdata).index(REACTOR)]
    assert "single source" in hover and "0.50" in hover
    near = fig.data[1]
    assert sum(1 for v in near.x if v is None) == sum(1 for e in d.edges if REACTOR in e)


def test_diagram_126_items_laid_out_readably(semi):
    view, weak = semi
    d = D.build(view, weak)
    assert len(d.items) == 126 and len(d.columns) == 7
    providers = {p["iri"] for s in view["segments"] for it in s["items"] for p in it["providers"]}
    assert len(providers) == 396
    assert set(d.edges) == _input_links(view)
    fig = D.figure(d, "en")
    assert fig.layout.height >= 120 + 18 * 30  # 18 items in the fullest column, 30 px each
    assert max(len(t) for t in fig.data[2].text) <= 18  # seven columns: shorter captions
    assert fig.data[3].mode == "markers"  # rings without score captions (scores on hover)


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def test_chain_diagram_chart_grows_with_the_chain(biomass, semi):
    small = _png_size(chain_diagram_chart(D.build(*biomass), "zh", str, "生物质产业链"))
    big = _png_size(chain_diagram_chart(D.build(*semi), "en", str, "Semiconductor"))
    assert big[0] > small[0] and big[1] > small[1]


def test_semi126_data_is_the_generator_output(tmp_path: Path):
    spec = importlib.util.spec_from_file_location(
        "gen_chain", PROJECT_ROOT / "bench" / "gen_chain.py"
    )
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    gen.generate(tmp_path)
    for f in sorted(SEMI.glob("*.csv")):
        assert (tmp_path / f.name).read_bytes() == f.read_bytes(), f.name
