"""The app's Technology topics page (AppTest, no browser) on the small semiconductor corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest.pipeline import run_ingest
from kg.app.pages import PAGES
from kg.settings import PROJECT_ROOT, Settings
from kg.store.oxigraph import OxigraphStore

APP = str(PROJECT_ROOT / "app.py")
DATA = Path(__file__).parent / "data" / "topics"


@pytest.fixture
def topics_app(monkeypatch, tmp_path) -> tuple[AppTest, Path]:
    path = tmp_path / "store"
    st = OxigraphStore(path, Settings())
    assert run_ingest(st, [DATA], source="topicsdata").error is None
    monkeypatch.setenv("IKG_STORE", str(path))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(next(p.path for p in PAGES if p.key == "topics")).run()
    assert not at.exception, at.exception
    return at, path


def test_topics_app_find_and_accept(topics_app):
    at, path = topics_app
    assert at.title[0].value == "Technology topics"
    assert not at.dataframe  # nothing is computed before the button
    at.button(key="tp_find").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    table = at.dataframe[0].value
    row = table[table["Labels"].str.contains("atomic layer deposition")].iloc[0]
    assert row["Works"] == 3 and row["Suggested broader"] == "Thin film deposition"
    at.multiselect(key="tp_pick").set_value([row["id"]]).run()
    at.text_input(key="tp_scheme").input("semi").run()
    at.button(key="tp_accept").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success and "topics-semi" in at.success[0].value
    st = OxigraphStore(path, Settings())
    assert "topics-semi" in st.sources()
    at.button(key="tp_find").click().run()
    ids = list(at.dataframe[0].value["id"]) if at.dataframe else []
    assert row["id"] not in ids
