"""Streamlit AppTest over every page of app.py, on the samples store (no browser)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kg.app.i18n import reason
from kg.app.pages import PAGES
from kg.review import ReviewQueue
from kg.settings import PROJECT_ROOT
from kg.store.oxigraph import OxigraphStore

APP = str(PROJECT_ROOT / "app.py")
BIOMASS = "https://w3id.org/ikg/id/chain/samples/biomass"


def _app(monkeypatch: pytest.MonkeyPatch, store_path: Path) -> AppTest:
    monkeypatch.setenv("IKG_STORE", str(store_path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def _page(at: AppTest, key: str) -> AppTest:
    at.switch_page(next(p.path for p in PAGES if p.key == key)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def app(monkeypatch, samples_store) -> AppTest:
    return _app(monkeypatch, samples_store.path)


@pytest.fixture
def writable_app(monkeypatch, samples_store, tmp_path) -> tuple[AppTest, Path]:
    """The app on a copy of the samples store, for pages that write (shortlists, reviews)."""
    copy = tmp_path / "store"
    shutil.copytree(samples_store.path, copy, ignore=shutil.ignore_patterns("ikg.lock"))
    return _app(monkeypatch, copy), copy


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [str(t.value) for t in at.table]
    return "\n".join(parts)


def test_app_every_page_renders(app):
    titles = {}
    for spec in PAGES:
        _page(app, spec.key)
        titles[spec.key] = [t.value for t in app.title]
        assert not app.error, (spec.key, [e.value for e in app.error])
    assert len(titles) == len(PAGES) == 12  # nine pages of the app, briefing, watches, topics
    assert titles["overview"] == ["Industry knowledge graph"]
    assert titles["sparql"] == ["SPARQL console"]


def test_app_overview_counts_and_sources(app):
    labels = {m.label: m.value for m in app.metric}
    assert int(labels["Triples"].replace(",", "")) > 10_000
    assert int(labels["Expert"].replace(",", "")) > 100
    sources = app.dataframe[0].value
    assert "samples" in set(sources["source"])


def test_app_language_switch_changes_heading(app):
    assert app.title[0].value == "Industry knowledge graph"
    app.sidebar.radio(key="lang").set_value("zh").run()
    assert app.title[0].value == "产业知识图谱"
    _page(app, "industrychain")
    assert app.title[0].value == "产业链"
    assert "生物质产业链" in app.selectbox(key="chain_pick").options
    assert "上游" in _texts(app)


def test_app_experts_search_filters_and_shortlist(writable_app):
    at, store_path = writable_app
    _page(at, "experts")
    at.text_area(key="exp_q").input("cellulosic ethanol").run()
    assert not at.error, [e.value for e in at.error]
    heads = [m.value for m in at.markdown if m.value.startswith("**1. ")]
    assert heads, _texts(at)
    assert any("cellulosic" in m.value.lower() for m in at.markdown if m.value.startswith("- *"))
    at.button(key="add_1").click().run()
    at.button(key="add_2").click().run()
    shortlist = at.session_state["shortlist"]
    assert len(shortlist) == 2
    first = next(iter(shortlist.values()))
    # excluding the top expert's institution removes that expert from the results
    inst = first["institutions"][0]["iri"]
    at.multiselect(key="f_exclude").set_value([inst]).run()
    now_first = [m.value for m in at.markdown if m.value.startswith("**1. ")][0]
    assert first["name"] not in now_first
    at.text_input(key="sl_note").input("for the straw-ethanol consultation").run()
    at.button(key="sl_save").click().run()
    assert at.success and "2" in at.success[0].value
    saved = (store_path / "state" / "shortlists.json").read_text(encoding="utf-8")
    assert "straw-ethanol consultation" in saved and first["iri"] in saved


def test_app_experts_whole_abstract_query(app):
    _page(app, "experts")
    abstract = (
        "Corn stover was pretreated by steam explosion and dilute acid before enzymatic "
        "hydrolysis; the sugars were fermented to cellulosic ethanol at pilot scale. "
    ) * 40  # about 6,000 characters, pasted whole
    app.text_area(key="exp_q").input(abstract).run()
    assert not app.exception and not app.error
    assert [m for m in app.markdown if m.value.startswith("**1. ")]
    assert any("multilingual-e5-small" in c.value for c in app.caption)


def test_app_experts_similar_and_collaboration(app):
    _page(app, "experts")
    app.text_area(key="exp_q").input("纤维素乙醇").run()
    assert [m for m in app.markdown if m.value.startswith("**1. ")]
    app.toggle(key="exp_show_similar").set_value(True).run()
    app.toggle(key="exp_show_graph").set_value(True).run()
    assert not app.exception
    similar = app.dataframe[0].value
    assert len(similar) > 0


def test_app_industry_chain_weak_links(app):
    _page(app, "industrychain")
    app.selectbox(key="chain_pick").set_value(BIOMASS).run()
    text = _texts(app)
    for heading in ("Upstream", "Midstream", "Downstream"):
        assert heading in text
    weak = app.table[0].value
    row = weak[weak["Items"] == "Continuous steam explosion reactor"].iloc[0]
    assert "single source" in row["Reasons"]
    cellulase = weak[weak["Items"].str.contains("Cellulase")].iloc[0]
    assert "outside CHN" in cellulase["Reasons"]
    providers = app.dataframe[0].value
    assert "Novozymes A/S" in set(providers["provider"])


def test_app_technology_chain_maturity(app):
    _page(app, "techchain")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Life-cycle stage"]
    assert int(metrics["Works"]) > 0
    assert app.selectbox(key="tech_pick").options


def test_app_institution_profile(app):
    _page(app, "institution")
    assert any("Novozymes" in o for o in app.selectbox(key="inst_pick").options)
    novo = "https://w3id.org/ikg/id/institution/samples/inst-novozymes"
    app.selectbox(key="inst_pick").set_value(novo).run()
    assert "Novozymes" in app.header[0].value
    roles = app.dataframe[-1].value
    assert "Cellulase enzyme preparations" in set(roles["label"])


def test_app_demand_matching(app):
    _page(app, "demand")
    app.selectbox(key="dm_pick").set_value("https://w3id.org/ikg/id/demand/samples/dem-002").run()
    assert not app.error
    techs, experts, insts = (d.value for d in app.dataframe[:3])
    assert len(techs) and len(experts) and len(insts)
    assert {"Enzymatic hydrolysis", "酶水解"} & set(techs["label"])


def test_app_sparql_console_runs_and_refuses_updates(app):
    _page(app, "sparql")
    app.button(key="sq_run").click().run()
    rows = app.dataframe[0].value
    assert "Biomass industry chain" in set(rows["label"])
    app.text_area(key="sq_text").input("INSERT DATA { <urn:a> <urn:b> <urn:c> }").run()
    app.button(key="sq_run").click().run()
    assert "read-only" in app.error[0].value
    names = app.selectbox(key="sq_example").options
    assert any(n.startswith("stats/classes — ") for n in names)


def _ingest_script(folder: str, source: str) -> None:
    # AppTest.from_function runs this body as a script: its imports must be inside it
    import streamlit as st

    from ingest import app_page as ingest

    st.session_state["ing_result"] = ingest.run(__import__("pathlib").Path(folder), source)
    ingest.show(st.session_state["ing_result"])


def test_app_ingest_malformed_upload_is_quarantined(writable_app, tmp_path):
    at, store_path = writable_app
    folder = tmp_path / "upload"
    folder.mkdir()
    (folder / "good.ris").write_text(
        "TY  - JOUR\nTI  - Steam explosion of corn straw at pilot scale\nAU  - Li, Wei\n"
        "PY  - 2021\nER  - \n",
        encoding="utf-8",
    )
    (folder / "broken.json").write_bytes(b'{"results": [ {"id": ')
    before = (store_path / "CURRENT").read_text()
    run = AppTest.from_function(_ingest_script, args=(str(folder), "upload"), default_timeout=120)
    run.run()
    assert not run.exception, [e.value for e in run.exception]
    assert run.warning and "1 records landed" in run.warning[0].value
    quarantine = run.table[0].value
    assert list(quarantine["file"]) == ["broken.json"]
    assert (store_path / "CURRENT").read_text() != before
    _page(at, "ingest")  # the page itself renders with an uploader
    assert at.button(key="ing_run").disabled


def test_app_ingest_unreadable_upload_shows_error_and_changes_nothing(writable_app, tmp_path):
    _, store_path = writable_app
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "notes.bib").write_bytes(b"\x00\x01\x02 not bibtex at all \xff\xfe")
    before = (store_path / "CURRENT").read_text()
    run = AppTest.from_function(_ingest_script, args=(str(folder), "bad"), default_timeout=120)
    run.run()
    assert run.error and "Nothing was written" in run.error[0].value
    assert (store_path / "CURRENT").read_text() == before


def test_app_quality_report_and_review_queue(writable_app):
    at, store_path = writable_app

    queue = ReviewQueue(OxigraphStore(store_path))
    queue.add(
        [
            {
                "kind": "person",
                "a": "https://w3id.org/ikg/id/expert/x/a",
                "b": "https://w3id.org/ikg/id/expert/x/b",
                "a_name": "Li Wei",
                "b_name": "Wei Li",
                "score": 0.8,
                "reasons": ["same name, reversed"],
            }
        ]
    )
    _page(at, "quality")
    assert "Li Wei" in _texts(at)
    item = queue.items("pending")[0]
    at.button(key=f"rv_reject_{item['id']}").click().run()
    assert queue.items("rejected")[0]["id"] == item["id"]
    at.toggle(key="q_validate").set_value(True).run()
    assert at.success or at.error


def test_app_i18n_weak_link_reasons_in_chinese():

    assert reason("63% of the known supply is outside CHN", "zh") == "已知供应的 63% 来自 CHN 以外"
    assert reason("highly concentrated: HHI 3285 across organizations (>= 2500)", "zh") == (
        "高度集中：企业层面 HHI 3285（≥ 2500）"
    )
    assert reason("something new", "zh") == "something new"  # unknown reasons stay as they are
    assert reason("63% of the known supply is outside CHN", "en").startswith("63%")
