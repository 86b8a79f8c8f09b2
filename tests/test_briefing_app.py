"""The Briefing and Watches pages render on the samples (Streamlit AppTest): what the page
shows, and no error box (the pages turn every exception into ``st.error``)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")
SECTIONS = ["1. Environment", "2. Technology chain", "3. Competitors", "4. Industry chain"]


def _no_error(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_briefing_app_pages(monkeypatch: pytest.MonkeyPatch, samples_store, tmp_path) -> None:
    dest = tmp_path / "store"
    shutil.copytree(samples_store.path, dest, ignore=shutil.ignore_patterns("ikg.lock"))
    monkeypatch.setenv("IKG_STORE", str(dest))
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.switch_page("kg/app/pages/briefing.py").run()
    _no_error(at)
    assert [t.value for t in at.title] == ["Briefing"]
    assert at.selectbox(key="brief_pick").value  # a technology picked from the samples
    at.button(key="brief_go").click().run()
    _no_error(at)
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download HTML", "Download PDF", "Download DOCX", "Download MD"]
    preview = at.get("iframe")
    assert len(preview) == 1
    html = preview[0].proto.srcdoc
    heads = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    assert heads[:4] == SECTIONS and "5. Experts" in heads
    assert re.search(r'<img[^>]+src="data:image/', html), "the briefing has no figure"
    at.switch_page("kg/app/pages/watches.py").run()
    _no_error(at)
    assert [t.value for t in at.title] == ["Watches"]
