"""The Industry chains page's diagram (AppTest), the language kept in ``?lang=``, Chinese SHACL
messages and class names, and zh briefings without English labels where Chinese ones exist."""

from __future__ import annotations

import csv
import json
from typing import Any

import pytest
import rdflib
from streamlit.testing.v1 import AppTest

from kg.app.i18n import SHACL_ZH, shacl_message
from kg.briefing.assemble import build
from kg.briefing.document import H, Img, P, R, Table, document
from kg.settings import PROJECT_ROOT, SHAPES_DIR

APP = str(PROJECT_ROOT / "app.py")
PAGE = "kg/app/pages/industrychain.py"
BIOMASS = "https://w3id.org/ikg/id/chain/samples/biomass"
REACTOR = "https://w3id.org/ikg/id/item/samples/bm-steam-reactor"
CELLULASE = "https://w3id.org/ikg/id/item/samples/bm-cellulase"
PRETREAT = "https://w3id.org/ikg/id/segment/samples/bm-seg-pretreat"


def _app_on(monkeypatch: pytest.MonkeyPatch, store: Any, lang: str | None = None) -> AppTest:
    monkeypatch.setenv("IKG_STORE", str(store.path))
    at = AppTest.from_file(APP, default_timeout=180)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _app(monkeypatch: pytest.MonkeyPatch, store: Any, lang: str | None = None) -> AppTest:
    at = _app_on(monkeypatch, store, lang)
    assert at.selectbox(key="chain_pick").value == BIOMASS  # the first chain
    return at


def _figure(at: AppTest) -> dict[str, Any]:
    charts = [e for e in at.get("plotly_chart") if "items" in e.proto.spec]
    assert charts, "no chain diagram on the page"
    return json.loads(charts[0].proto.spec)


def _trace(fig: dict[str, Any], name: str) -> dict[str, Any]:
    return next(t for t in fig["data"] if t.get("name") == name)


def _texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_app_chain_diagram_items_edges_and_weak_marker(monkeypatch, samples_store):
    at = _app(monkeypatch, samples_store)
    fig = _figure(at)
    items = _trace(fig, "items")
    assert len(items["customdata"]) == 30 and REACTOR in items["customdata"]
    links = [t for t in fig["data"] if t.get("name") == "links"][0]
    assert sum(1 for v in links["x"] if v is None) == 27  # one curve per input -> item link
    weak = _trace(fig, "weak_links")
    at_reactor = weak["customdata"].index(REACTOR)
    assert weak["text"][at_reactor] == "⚠ 0.50"
    assert "single source" in weak["hovertext"][at_reactor]
    assert "30 items · 27 input links · 3 weak links (score ≥ 0.30)" in _texts(at)
    assert "**Upstream** Feedstock collection and logistics" in _texts(at)


def test_app_chain_diagram_item_shows_providers_technologies_experts(monkeypatch, samples_store):
    at = _app(monkeypatch, samples_store)
    at.selectbox(key=f"chain_item_{BIOMASS}").set_value(CELLULASE).run()
    assert not at.exception
    providers = at.dataframe[0].value  # the item's providers come before the tabs
    row = providers[providers["Provider"] == "Novozymes A/S"].iloc[0]
    assert row["Country"] == "DNK" and row["Share %"] == 48
    text = _texts(at)
    assert "Enzymatic hydrolysis (mature, TRL 7)" in text
    experts = next(
        m.value for m in at.markdown if m.value.startswith("- ") and "; Works " in m.value
    )
    assert experts.count("\n") >= 1  # several experts hold enzymatic hydrolysis
    fig = _figure(at)  # the selected item's links are drawn apart
    assert any(t.get("name") == "links" and t["line"]["color"] == "#1c7ed6" for t in fig["data"])


def test_app_chain_diagram_segment_filter_and_search(monkeypatch, samples_store):
    at = _app(monkeypatch, samples_store)
    at.multiselect(key=f"chain_segs_{BIOMASS}").set_value([PRETREAT]).run()
    items = _trace(_figure(at), "items")
    assert len(items["customdata"]) == 6 and REACTOR in items["customdata"]
    at.text_input(key="chain_search").input("酶").run()
    assert "6 items" in _texts(at) and "2 found" in _texts(at)
    opacity = _trace(_figure(at), "items")["marker"]["opacity"]
    assert sorted(opacity) == [0.25] * 4 + [1.0] * 2


def test_app_language_kept_in_query_params(monkeypatch, samples_store):
    at = _app(monkeypatch, samples_store, lang="zh")
    assert at.title[0].value == "产业链"
    assert at.query_params["lang"] == "zh"
    fig = _figure(at)
    assert "连续汽爆反应器" in _trace(fig, "items")["text"]
    hover = _trace(fig, "weak_links")["hovertext"][0]
    assert "单一来源：公主岭瑞丰汽爆装备有限公司 是唯一的企业供应方" in hover
    assert "**上游** 原料收储运" in _texts(at)
    at.selectbox(key=f"chain_item_{BIOMASS}").set_value(CELLULASE).run()
    providers = at.dataframe[0].value  # the item's providers come before the tabs
    assert "诺维信" in set(providers["供应方"])
    reasons = at.table[0].value["原因"]
    assert not any("highly concentrated" in r for r in reasons)
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.query_params["lang"] == "en" and at.title[0].value == "Industry chains"


def test_app_overview_and_quality_in_chinese(monkeypatch, samples_store):
    monkeypatch.setenv("IKG_STORE", str(samples_store.path))
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["lang"] = "zh"
    at.run()
    labels = {m.label for m in at.metric}
    assert {"专家", "产业链环节", "供应方"} <= labels and "Expert" not in labels
    at.switch_page("kg/app/pages/quality.py").run()
    at.toggle(key="q_validate").set_value(True).run()
    results = at.dataframe[0].value
    assert "专家没有所属机构（org:memberOf）" in results["message"].iloc[0]
    assert set(results["severity"]) <= {"违规", "警告", "提示"}


def test_i18n_every_shacl_message_has_chinese():
    g = rdflib.Graph()
    for f in sorted(SHAPES_DIR.glob("*.ttl")):
        g.parse(f)
    messages = {str(m) for m in g.objects(None, rdflib.SH.message)}
    with SHACL_ZH.open(encoding="utf-8", newline="") as fh:
        table = {r["message"]: r["message_zh"] for r in csv.DictReader(fh)}
    assert messages and not messages - set(table), sorted(messages - set(table))[:3]
    assert all(shacl_message(m, "zh") != m for m in messages)
    assert shacl_message("Expert has no affiliation (org:memberOf); add", "zh").startswith("Exp")


def _zh_labels(store: Any) -> dict[str, tuple[str, str]]:
    q = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?s ?en ?zh WHERE { ?s skos:prefLabel ?en, ?zh .
      FILTER(LANG(?en) != "zh" && LANG(?zh) = "zh") }"""
    return {str(r["s"].value): (r["en"].value, r["zh"].value) for r in store.select(q)}


def _runs(blocks: list) -> list[R]:
    out: list[R] = []
    for b in blocks:
        if isinstance(b, P):
            out += b.runs
        elif isinstance(b, Table):
            out += [r for row in b.rows for cell in row for r in cell]
    return out


def _section(blocks: list, anchor: str) -> list:
    start = next(i for i, b in enumerate(blocks) if isinstance(b, H) and b.anchor == anchor)
    end = next(
        (i for i, b in enumerate(blocks) if i > start and isinstance(b, H) and b.level == 2),
        len(blocks),
    )
    return blocks[start:end]


@pytest.mark.parametrize("subject", ["biomass", "bm-pre-enzyme"])
def test_briefing_zh_has_no_english_label_where_chinese_exists(samples_store, subject):
    labels = _zh_labels(samples_store)
    blocks = document(build(samples_store, subject, lang="zh"), charts=False)
    for run in _runs(blocks):  # every linked entity is named by its Chinese label
        if run.href in labels and run.text.strip() == labels[run.href][0]:
            pytest.fail(f"{run.text!r} <{run.href}> has the Chinese label {labels[run.href][1]!r}")
    english = {en for en, zh in labels.values() if en != zh and len(en) > 3}
    for anchor in ("technology", "industry"):  # nor inside reasons, providers, dependencies
        for run in _runs(_section(blocks, anchor)):
            hits = [en for en in english if en in run.text]
            assert not hits, (anchor, run.text, hits)


def test_briefing_chain_has_the_diagram_image(samples_store):
    blocks = document(build(samples_store, "biomass", lang="zh"))
    images = [b for b in _section(blocks, "industry") if isinstance(b, Img)]
    assert [i.caption for i in images] == ["产业链图: 生物质产业链"]
    assert images[0].png[:4] == b"\x89PNG" and images[0].sid.startswith("S")


def test_app_chain_weak_links_top_rows_then_every_row(monkeypatch, tmp_path):
    """A 126-item chain: the static table shows the 20 weakest links, the grid below all 126
    (the same rows in the same order), so a long chain stays quick to draw and nothing is lost."""
    from ingest.pipeline import run_ingest
    from kg.store.oxigraph import OxigraphStore

    st = OxigraphStore(tmp_path / "store")
    assert run_ingest(st, [PROJECT_ROOT / "tests/data/chains/semi126"], source="semi").error is None
    at = _app_on(monkeypatch, st)
    top, every = at.table[0].value, at.dataframe[0].value  # no item picked: the grid comes first
    assert len(top) == 20 and len(every) == 126
    assert list(top["Items"]) == list(every["Items"][:20])
    scores = [float(s) for s in every["score"]]
    assert scores == sorted(scores, reverse=True)
