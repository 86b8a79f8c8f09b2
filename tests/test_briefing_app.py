"""The Briefing and Watches pages render on the samples (Streamlit AppTest)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def test_briefing_app_pages(monkeypatch: pytest.MonkeyPatch, samples_store, tmp_path) -> None:
    dest = tmp_path / "store"
    shutil.copytree(samples_store.path, dest, ignore=shutil.ignore_patterns("ikg.lock"))
    monkeypatch.setenv("IKG_STORE", str(dest))
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.switch_page("kg/app/pages/briefing.py").run()
    assert not at.exception
    at.button(key="brief_go").click().run()
    assert not at.exception
    at.switch_page("kg/app/pages/watches.py").run()
    assert not at.exception
