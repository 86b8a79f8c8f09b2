"""The three browser journeys of issue 7, in Debian's chromium (screenshots of every step).

Each step waits on state: the end of the script run it triggered (``runs.act``) and then what
the page shows (Playwright's auto-retrying ``expect``) — never on a fixed pause.
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from .conftest import TIMEOUT_MS, AppRuns, choose_option

pytestmark = pytest.mark.integration

ERROR_BOXES = '[data-testid="stException"], [data-testid="stAlertContentError"]'
HEADS = '[data-testid="stMarkdownContainer"] strong'


def _download(page: Page, button_text: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("button", name=button_text).click()
    return open(info.value.path(), encoding="utf-8-sig").read()


def _download_until(page: Page, button_text: str, ok: Callable[[str], bool]) -> str:
    """Download until the file satisfies ``ok`` (the button serves the last finished run)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        text = _download(page, button_text)
        if ok(text) or time.monotonic() > deadline:
            return text


def _result_head(page: Page, rank: int):
    """The bold "N. name" of the N-th result."""
    return page.locator(HEADS, has_text=re.compile(rf"^{rank}\. ")).first


def _result_line(page: Page, rank: int):
    """The N-th result's line: "N. name · institutions  score …"."""
    head = page.locator("strong", has_text=re.compile(rf"^{rank}\. "))
    return page.locator('[data-testid="stMarkdownContainer"]').filter(has=head).first


def _no_error_box(page: Page, where: str) -> None:
    boxes = page.locator(ERROR_BOXES)
    assert boxes.count() == 0, f"{where}: {boxes.all_inner_texts()}"


def test_app_journey_librarian_shortlists_experts(page: Page, runs: AppRuns, app_url, shot):
    runs.open(f"{app_url}/experts")
    expect(page.locator("h1").first).to_have_text("Expert finder")
    shot(page, "a1_expert_finder")
    box = page.get_by_label("Search experts (English or Chinese)")
    box.fill("cellulosic ethanol pretreatment")
    runs.act(lambda: box.press("Control+Enter"), "the search")  # a text area: Ctrl+Enter
    count = page.get_by_text(re.compile(r"^\d+ experts$"))
    expect(count).to_be_visible()
    assert int(count.inner_text().split()[0]) >= 3
    top_name = _result_head(page, 1).inner_text().split(". ", 1)[1]
    top_inst = "COFCO Biochemical Energy (Yushu) Co., Ltd."
    top_row = _result_line(page, 1)
    expect(top_row).to_contain_text(top_inst)  # the institution excluded below is the top one's
    shot(page, "a2_results")

    runs.idle()
    page.get_by_text("Filters").click()  # an expander: opens in the browser, no script run
    excl = page.locator('[data-testid="stMultiSelect"]', has_text="Exclude institution")
    expect(excl).to_be_visible()
    # Enter picks the one option left by the typed filter (a click could land while the list moves)
    chip = excl.get_by_text(top_inst)
    choose_option(
        page,
        runs,
        excl.locator("input"),
        "COFCO Biochemical Energy (Yushu)",
        top_inst,
        lambda: expect(chip).to_be_visible(timeout=15_000),
        "excluding an institution",
    )
    page.keyboard.press("Escape")
    expect(_result_head(page, 1)).not_to_have_text(re.compile(re.escape(top_name)))
    expect(top_row).not_to_contain_text(top_inst)
    shot(page, "a3_excluded")

    evidence = page.locator('[data-testid="stExpander"]', has_text=re.compile(r"Evidence \(\d+\)"))
    evidence.first.get_by_text(re.compile(r"^Evidence \(\d+\)$")).click()
    details = evidence.first.locator('[data-testid="stExpanderDetails"]')
    expect(details).to_be_visible()
    expect(details).to_contain_text(re.compile("ethanol|pretreatment", re.IGNORECASE))
    shot(page, "a4_evidence")

    names = [_result_head(page, i).inner_text().split(". ", 1)[1] for i in (1, 2)]
    add = page.get_by_role("button", name="Add to shortlist")
    for n in (1, 2):  # the first "Add" button left is the next result's
        runs.act(lambda: add.first.click(), f"adding expert {n} to the shortlist")
        expect(page.get_by_text(f"Shortlist ({n})")).to_be_visible()
        expect(page.get_by_role("button", name="In shortlist")).to_have_count(n)
    note = page.get_by_label("Note")
    note.fill("straw ethanol consultation")
    runs.act(lambda: note.press("Enter"), "entering the note")
    expect(note).to_have_value("straw ethanol consultation")
    page.get_by_text("Shortlist (2)").scroll_into_view_if_needed()
    shot(page, "a5_shortlist")
    text = _download_until(page, "Download CSV", lambda t: "straw ethanol consultation" in t)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["name"] for r in rows] == names
    assert all(r["note"] == "straw ethanol consultation" for r in rows)
    assert all(r["query"] == "cellulosic ethanol pretreatment" for r in rows)
    assert all(r["evidence"] for r in rows)
    assert top_name not in names
    _no_error_box(page, "expert finder")


def test_app_journey_analyst_reads_weak_links(page: Page, runs: AppRuns, app_url, shot):
    runs.open(f"{app_url}/industrychain")
    table = page.locator('[data-testid="stTable"]').first
    reactor = table.locator("tr", has_text="Continuous steam explosion reactor").first
    expect(reactor).to_contain_text("single source")
    expect(reactor).to_contain_text("Gongzhuling Ruifeng")
    expect(reactor).to_contain_text("HHI 10000")
    expect(table.locator("tr", has_text="Cellulase").first).to_contain_text("outside CHN")
    shot(page, "b1_biomass_chain")
    table.scroll_into_view_if_needed()
    shot(page, "b2_weak_links")
    page.get_by_role("tab", name="Regional map").click()  # tabs switch in the browser
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    shot(page, "b3_map")
    runs.act(lambda: page.get_by_text("中文").click(), "switching to Chinese")
    expect(page.get_by_text("上游").first).to_be_visible()
    _no_error_box(page, "industry chain")
    shot(page, "b4_chain_zh")


def test_app_journey_researcher_downloads_sparql(page: Page, runs: AppRuns, app_url, shot):
    runs.open(f"{app_url}/sparql")
    query = (
        "PREFIX ikg: <https://w3id.org/ikg/ontology#>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?seg ?label ?position WHERE {\n"
        "  ?seg a ikg:ChainSegment ; skos:prefLabel ?label ; ikg:position ?position .\n"
        '  FILTER(LANG(?label) = "en")\n} ORDER BY ?label'
    )
    area = page.get_by_label("SPARQL query (read-only)")
    area.fill(query)
    expect(area).to_have_value(query)
    shot(page, "c1_console")
    runs.act(lambda: page.get_by_role("button", name="Run").click(), "running the query")
    rows_n = page.get_by_text(re.compile(r"^\d+ rows$"))
    expect(rows_n).to_be_visible()
    n = int(rows_n.inner_text().split()[0])
    assert n > 5
    expect(page.get_by_role("button", name="Download CSV")).to_be_visible()
    shot(page, "c2_results")
    text = _download_until(page, "Download CSV", lambda t: t.startswith("seg,label,position"))
    lines = text.splitlines()
    assert lines[0] == "seg,label,position"
    assert any(",Pretreatment,midstream" in ln for ln in lines[1:])
    assert len(lines) == n + 1
    _no_error_box(page, "SPARQL console")


def test_app_tour_every_page_renders(page: Page, runs: AppRuns, app_url, shot):
    """Every page opens in the browser without an exception or error box (screenshots)."""
    from kg.app.pages import PAGES

    for n, spec in enumerate(PAGES, start=1):
        runs.open(f"{app_url}/{'' if spec.default else spec.key}")
        expect(page.locator("h1").first).to_be_visible()
        if spec.key == "techchain":  # the graph component draws on a canvas in its iframe
            graph = page.frame_locator("iframe").first.locator("canvas").first
            expect(graph).to_be_visible()
        _no_error_box(page, spec.key)
        shot(page, f"t{n}_{spec.key}")
    runs.open(f"{app_url}/")
    sidebar = page.locator('[data-testid="stSidebar"]')
    runs.act(lambda: sidebar.get_by_text("中文").click(), "switching to Chinese")
    expect(page.locator("h1").first).to_have_text("产业知识图谱")
    shot(page, "t0_overview_zh")
