"""Briefings on the samples: every section, figures equal to `ikg chain` / `ikg experts`,
PDF/DOCX/HTML/MD outputs, Chinese headings in the PDF, and the short report for no data."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.briefing import assemble as briefing
from kg.briefing.render import to_html, to_markdown, write
from kg.store.oxigraph import OxigraphStore

TECH = "bm-pre"


@pytest.fixture(scope="module")
def data_en(samples_store: OxigraphStore) -> dict:
    return briefing.build(samples_store, TECH, lang="en")


@pytest.fixture(scope="module")
def data_zh(samples_store: OxigraphStore) -> dict:
    return briefing.build(samples_store, TECH, lang="zh")


def test_briefing_samples_every_section(data_en: dict) -> None:
    s = data_en["sections"]
    assert data_en["missing"] == []
    env = s["environment"]["items"]
    assert {"demand", "report"} <= {d["kind"] for d in env}
    years = [d["year"] for d in env if isinstance(d["year"], int)]
    assert years == sorted(years, reverse=True)  # newest first
    assert all(d["source"] == "samples" and d["sentence"] for d in env)
    assert s["technology"]["maturity"]["works"] > 0 and s["technology"]["yearly"]
    assert s["competitors"]["domestic"] and s["competitors"]["foreign"]
    assert all(r["country"] == "CHN" for r in s["competitors"]["domestic"])
    assert s["industry"]["chains"][0]["weak_links"]
    assert s["experts"]["groups"][0]["results"]
    ids = {t["id"] for t in data_en["trace"]}
    html = to_html(data_en)
    for sid in ids:  # every figure links to its trace, which names the query and IRIs
        assert f'href="#{sid}"' in html and f'id="{sid}"' in html
    assert "chains/tech_yearly" in html and "data:image/png;base64," in html


def test_briefing_samples_figures_equal_chain_and_experts(
    samples_store: OxigraphStore, data_en: dict, cli
) -> None:
    s = data_en["sections"]
    tech = cli("chain", "technology", TECH, "--json", "--store", str(samples_store.path)).json()
    t = s["technology"]
    assert t["maturity"] == tech["maturity"]
    for key in ("depends_on", "enables", "enabled_by", "required_by", "edges"):
        assert t[key] == tech[key]
    assert sum(v["works"] for v in t["yearly"].values()) == tech["maturity"]["works"]
    assert {str(y): v["works"] for y, v in t["yearly"].items()} == tech["maturity"]["yearly"]
    ch = s["industry"]["chains"][0]
    cid = ch["chain"]["id"]
    wl = cli(
        "chain", "weak-links", cid, "--limit", "0", "--json", "--store", str(samples_store.path)
    ).json()
    by_iri = {r["iri"]: r for r in wl["rows"]}
    assert ch["weak_links"]
    for row in ch["weak_links"]:
        assert {k: v for k, v in row.items() if k != "src"} == by_iri[row["iri"]]
    ind = cli(
        "chain", "industry", cid, "--no-maturity", "--json", "--store", str(samples_store.path)
    ).json()
    segs = {x["iri"]: x for x in ind["segments"]}
    for seg in ch["segments"]:
        assert seg["providers"] == segs[seg["iri"]]["providers"]
        items = {i["iri"]: i for i in segs[seg["iri"]]["items"]}
        for it in seg["items"]:
            assert it["providers"] == items[it["iri"]]["providers"]
    g = s["experts"]["groups"][0]
    ex = cli(
        "experts", g["query"], "--limit", "10", "--json", "--store", str(samples_store.path)
    ).json()
    got = [{k: v for k, v in r.items() if k != "src"} for r in g["results"]]
    assert got == ex["results"]


def test_briefing_samples_pdf_zh_headings(data_zh: dict, tmp_path: Path) -> None:
    from pypdf import PdfReader

    path = write(data_zh, "pdf", tmp_path / "b.pdf")
    reader = PdfReader(str(path))
    assert len(reader.pages) >= 2
    # fpdf2 writes an OpenType-CFF font's /Encoding as a dict; pypdf then reads a NUL byte
    # before each character (poppler's pdftotext does not): drop NULs and spaces
    text = "".join("".join(p.extract_text().replace("\x00", "").split()) for p in reader.pages)
    for heading in ("环境", "技术链", "竞争格局", "产业链", "专家", "来源"):
        assert heading in text
    if shutil.which("pdftotext"):  # the Sources appendix names the queries
        out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
        assert "chains/tech_yearly" in out.stdout and "环境" in out.stdout


def test_briefing_samples_docx_and_md(data_zh: dict, data_en: dict, tmp_path: Path) -> None:
    from docx import Document

    path = write(data_zh, "docx", tmp_path / "b.docx")
    doc = Document(str(path))
    heads = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert any("环境" in h for h in heads) and any("专家" in h for h in heads)
    assert doc.inline_shapes  # the charts
    md = to_markdown(data_en, tmp_path / "b.md")
    assert "## 1. Environment" in md and (tmp_path / "b_files" / "yearly.png").exists()


def test_briefing_samples_zh_labels_chinese(data_zh: dict, tmp_path: Path) -> None:
    """A zh briefing prints the Chinese form of every label ikg writes itself: contributions,
    the maturity method and note, the Sources lines, the requester where the graph has its zh
    name (titles and sentences of English sources stay as they are)."""
    md = to_markdown(data_zh, tmp_path / "b.md")
    for english in (
        "first author",
        "inventor (",
        "subject: ",
        "logistic fit",
        "saturation level",
        "competitor ",
        "weak link ",
        "providers of",
        "environment:",
        "papers and patents per year",
        "expert ",
    ):
        assert english not in md, english
    assert "第一作者" in md and "竞争者" in md and "逻辑斯蒂拟合" in md
    demands = [d for d in data_zh["sections"]["environment"]["items"] if d["kind"] == "demand"]
    assert demands and all(d["by"] and not re.search(r"[A-Za-z]{3,}", d["by"]) for d in demands)


def test_briefing_samples_no_data_short_report(tmp_path: Path, cli) -> None:
    st = OxigraphStore(tmp_path / "empty")
    data = briefing.build(st, "bm-poly-lignin", lang="zh")
    assert data["missing"] == list(briefing.SECTIONS)
    html = to_html(data)
    assert "图谱中没有提及该子领域" in html and len(html) < 20000
    r = cli(
        "brief",
        "bm-poly-lignin",
        "-o",
        str(tmp_path / "x.pdf"),
        "--lang",
        "zh",
        "--store",
        str(st.path),
    )
    assert r.code == 0, r.stderr
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")


def test_briefing_samples_all_with_index(samples_store: OxigraphStore, tmp_path: Path, cli) -> None:
    r = cli(
        "brief",
        "--all",
        "bm-pre",
        "-o",
        str(tmp_path / "out"),
        "--json",
        "--store",
        str(samples_store.path),
    )
    assert r.code == 0, r.stderr
    out = r.json()
    assert len(out["briefings"]) == 6 and not [b for b in out["briefings"] if b.get("error")]
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    for b in out["briefings"]:
        assert b["file"] in index and (tmp_path / "out" / b["file"]).exists()
