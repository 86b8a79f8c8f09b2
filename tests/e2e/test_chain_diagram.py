"""The industry-chain diagram in Debian's chromium (issue 18): the samples' two chains and the
generated 126-item chain, a weak link's hover and its providers on click, and the Chinese
interface kept across a reload. Every step waits on state (a finished script run, then what the
page shows); screenshots of each step land in test-artifacts/screenshots/d*.png."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from ingest.pipeline import run_ingest
from kg.settings import PROJECT_ROOT
from kg.store.oxigraph import OxigraphStore

from .conftest import AppRuns, _free_port, _stop, _wait_healthy, choose_option

pytestmark = pytest.mark.integration

SEMI = PROJECT_ROOT / "tests" / "data" / "chains" / "semi126"
REACTOR = "https://w3id.org/ikg/id/item/samples/bm-steam-reactor"
DIAGRAM = ".js-plotly-plot:has(.scatterlayer)"
POINT_JS = """(iri) => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')]
    .find(g => (g.data || []).some(t => t.name === 'items'));
  if (!gd || !gd._fullLayout || !gd._fullLayout.xaxis) return null;
  for (const t of gd.data) {
    const i = (t.customdata || []).indexOf(iri);
    if (t.name !== 'items' || i < 0) continue;
    const r = gd.querySelector('.nsewdrag').getBoundingClientRect();
    return [r.left + gd._fullLayout.xaxis.l2p(t.x[i]), r.top + gd._fullLayout.yaxis.l2p(t.y[i])];
  }
  return null;
}"""


@pytest.fixture(scope="module")
def chain_app_url(samples_store, tmp_path_factory) -> Iterator[str]:
    """The app on the samples plus the generated 126-item, 396-provider chain."""
    path = tmp_path_factory.mktemp("e2e-chain") / "store"
    shutil.copytree(samples_store.path, path, ignore=shutil.ignore_patterns("ikg.lock"))
    assert run_ingest(OxigraphStore(path), [SEMI], source="semi").error is None
    port = _free_port()
    log_path = path.parent / "streamlit.log"
    cmd = [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "app.py")]
    cmd += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    cmd += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    cmd += ["--server.fileWatcherType", "none"]
    env = dict(os.environ, IKG_STORE=str(path), PYTHONUNBUFFERED="1")
    with log_path.open("w") as log:
        proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(proc, url, log_path)
            yield url
        finally:
            _stop(proc, port)


def _point(page: Page, iri: str) -> tuple[float, float]:
    """Screen position of an item's marker, once the diagram has drawn it."""
    handle = page.wait_for_function(POINT_JS, arg=iri)
    x, y = handle.json_value()
    return x, y


def _pick_chain(page: Page, runs: AppRuns, label: str) -> None:
    # typed, not clicked: typing opens the list whatever state a click left it in
    box = page.get_by_role("combobox", name="Industry chain")
    box.scroll_into_view_if_needed()
    chosen = page.get_by_role("combobox", name="Industry chain")
    choose_option(
        page,
        runs,
        box,
        label,
        label,
        lambda: expect(chosen).to_have_value(label, timeout=15_000),
        f"choosing {label}",
    )


def test_chain_diagram_journey(page: Page, runs: AppRuns, chain_app_url, shot):
    runs.open(f"{chain_app_url}/industrychain")
    expect(page.locator("h1").first).to_have_text("Industry chains")
    counts = page.get_by_text("30 items · 27 input links · 3 weak links (score ≥ 0.30)")
    expect(counts).to_be_visible()
    x, y = _point(page, REACTOR)
    shot(page, "d1_biomass_diagram")

    page.mouse.move(x, y)  # hover: score and reasons of the weak link
    hover = page.locator(".hoverlayer .hovertext").first
    expect(hover).to_contain_text("Continuous steam explosion reactor")
    expect(hover).to_contain_text("score: 0.50 — weak link")
    expect(hover).to_contain_text("single source")
    shot(page, "d2_weak_link_hover")

    runs.act(lambda: page.mouse.click(x, y), "clicking the weak link")  # its providers
    details = page.locator('[class*="st-key-chain_item_box"]')
    expect(details).to_contain_text("Continuous steam explosion reactor")
    expect(details.locator('[data-testid="stDataFrame"]')).to_be_visible()
    expect(details).to_contain_text("Steam explosion pretreatment")  # the technology it uses
    providers = details.locator('[data-testid="stDataFrame"]')
    expect(providers).to_contain_text("Gongzhuling Ruifeng")
    details.scroll_into_view_if_needed()
    shot(page, "d3_weak_link_providers")

    _pick_chain(page, runs, "Coal chemical industry chain")
    expect(page.get_by_text("weak links (score ≥ 0.30)")).to_be_visible()
    expect(page.locator(DIAGRAM).first).to_be_visible()
    shot(page, "d4_coal_chemical_diagram")

    _pick_chain(page, runs, "Semiconductor industry chain")
    expect(page.get_by_text("126 items · ", exact=False)).to_be_visible()
    _point(page, "https://w3id.org/ikg/id/item/semi/sc-design-15")
    shot(page, "d5_semiconductor_126_items")

    side = page.locator('[data-testid="stSidebar"]')
    runs.act(lambda: side.get_by_text("中文").click(), "switching to Chinese")
    expect(page.locator("h1").first).to_have_text("产业链")
    expect(page).to_have_url(re.compile(r"[?&]lang=zh"))
    runs.open(page.url)  # a reload keeps the language: it is in the URL
    expect(page.locator("h1").first).to_have_text("产业链")
    expect(side.get_by_role("radio", name="中文")).to_be_checked()
    expect(
        page.get_by_text("30 个产品 · 27 条投入关系")
    ).to_be_visible()  # a new session: 1st chain
    expect(
        page.locator('[data-testid="stMarkdownContainer"]', has_text="上游").first
    ).to_be_visible()
    x, y = _point(page, REACTOR)
    page.mouse.move(x, y)
    expect(page.locator(".hoverlayer .hovertext").first).to_contain_text("单一来源")
    shot(page, "d6_reloaded_in_chinese")
