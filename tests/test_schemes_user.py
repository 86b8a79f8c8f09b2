"""Technology schemes beyond the samples (issue 19): the built-in IPC, a user's own SKOS scheme
ingested with `ikg ingest`, and technology <-> industry links, seen through `ikg experts`,
`ikg chain technology` and `ikg brief` on a store holding no biomass or coal records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.extract.nlp import labels_from_store
from ingest.pipeline import run_ingest
from kg.cli.main import app
from kg.ipc import ipc_iri
from kg.store.oxigraph import OxigraphStore

DATA = Path(__file__).parent / "data" / "schemes"
SEMI = "http://example.org/semi/"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("schemes") / "store"
    store = OxigraphStore(path)
    run_ingest(store, [DATA / "semiconductor.ttl"], source="semi")
    run_ingest(store, [DATA / "records"], source="semi-records")
    run_ingest(store, [DATA / "batteries"], source="batt")
    return str(path)


def run(*args: str) -> dict:
    res = CliRunner().invoke(app, [*args, "--json"])
    assert res.exit_code == 0, (res.output, res.exception)
    return json.loads(res.stdout)


def test_schemes_user_skos_concepts_become_technologies(store_dir: str) -> None:
    rows = OxigraphStore(store_dir).select(
        "PREFIX ikg: <https://w3id.org/ikg/ontology#> SELECT ?t WHERE { ?t a ikg:Technology }"
    )
    techs = {r["t"].value for r in rows if r["t"].value.startswith(SEMI)}
    assert techs == {
        SEMI + x for x in ("fab", "litho", "euv", "etch", "dep", "ald", "cvd", "pvd", "cmp")
    }
    # skos:narrower (stated on the broader concept) also gives the skos:broader views follow
    rows = OxigraphStore(store_dir).select(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        f"SELECT ?b WHERE {{ <{SEMI}pvd> skos:broader ?b }}"
    )
    assert [r["b"].value for r in rows] == [SEMI + "dep"]
    # the scheme itself is not a technology
    assert SEMI + "scheme" not in techs


def test_schemes_user_gazetteer_tags_works_and_ipc_links_patents(store_dir: str) -> None:
    store = OxigraphStore(store_dir)
    rows = store.select(
        "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?w ?s WHERE { ?w dcterms:subject ?s }"
    )
    subjects = {(r["w"].value.rsplit("/", 1)[-1], r["s"].value) for r in rows}
    # alt labels and Chinese labels of the user's scheme tag the works' texts
    assert ("S1", SEMI + "euv") in subjects
    assert ("S4", SEMI + "etch") in subjects  # "plasma etching" is an altLabel
    assert ("S6", SEMI + "euv") in subjects  # 极紫外光刻 (zh prefLabel)
    # patents' IPC/CPC symbols in any spelling link their IPC subclass
    assert ("SP1", ipc_iri("G03F").value) in subjects
    assert ("SP2", ipc_iri("C23C").value) in subjects
    assert ("SP3", ipc_iri("H01L").value) in subjects
    assert ("SP4", ipc_iri("B24B").value) in subjects
    # IPC headings are no gazetteer names
    assert not [lab for lab in labels_from_store(store) if "/technology/ipc/" in lab.iri]


def test_schemes_user_experts_find_subject_evidence(store_dir: str) -> None:
    out = run("experts", "EUV lithography", "--store", store_dir)
    top = out["results"][0]
    assert top["name"] == "Anna Berg"
    matched = {m for e in top["evidence"] for m in e["matched"]}
    assert "subject: Extreme ultraviolet lithography" in matched
    # an IPC subclass named by a part of its heading or its symbol: patents' codes are evidence
    for query in ("semiconductor devices", "H01L"):
        top = run("experts", query, "--store", store_dir)["results"][0]
        assert top["name"] == "Jun Park"
        assert {e["iri"].rsplit("/", 1)[-1] for e in top["evidence"]} == {"SP2", "SP3"}
        assert all(
            any(m.startswith("subject: Semiconductor devices") for m in e["matched"])
            for e in top["evidence"]
        )


def test_schemes_user_chain_technology_maturity_and_industries(store_dir: str) -> None:
    out = run("chain", "technology", "lithography", "--store", store_dir)
    assert out["technology"]["iri"] == SEMI + "litho"
    assert out["technology"]["label_zh"] == "光刻"
    # the narrower EUV works count for lithography: S1, S2, S6, SP1
    assert out["maturity"]["works"] == 4
    assert out["holders"]["experts"][0]["name"] == "Anna Berg"
    inds = {i["notation"]: i for i in out["industries"]}
    assert inds["3973"]["basis"] == "co-occurrence"
    assert inds["3973"]["works"] == 2 and inds["3973"]["confidence"] == 0.5
    ipc = run("chain", "technology", ipc_iri("H01L").value, "--store", store_dir)
    assert ipc["technology"]["label"].startswith("Semiconductor devices")
    assert ipc["maturity"]["works"] == 2  # SP2, SP3
    # the maturity curve comes from the patents' years alone
    assert {y: n for y, n in ipc["maturity"]["yearly"].items() if n} == {"2020": 1, "2022": 1}
    assert ipc["holders"]["experts"][0]["name"] == "Jun Park"
    assert ipc["industries"] == []  # no industry named in those patents, no CNIPA table row
    # CNIPA's IPC <-> 战略性新兴产业 table declares C23C (coating) an advanced-materials industry
    c23c = run("chain", "technology", "C23C", "--store", store_dir)
    assert [(i["notation"], i["label_zh"], i["basis"]) for i in c23c["industries"]] == [
        ("3.4", "先进无机非金属材料", "declared")
    ]
    # an OpenAlex work names CVD by its altLabel (US spelling): a technology with a holder
    cvd = run("chain", "technology", "CVD", "--store", store_dir)
    assert cvd["technology"]["iri"] == SEMI + "cvd" and cvd["maturity"]["works"] == 1
    assert {y: n for y, n in cvd["maturity"]["yearly"].items() if n} == {"2023": 1}  # OpenAlex
    assert [x["name"] for x in cvd["holders"]["experts"]] == ["Sara Holm"]
    assert run("chain", "technology", SEMI + "dep", "--store", store_dir)["maturity"]["works"] == 3


def test_schemes_user_brief_names_scheme_concepts(store_dir: str, tmp_path: Path) -> None:
    target = tmp_path / "litho.md"
    out = run("brief", "lithography", "-o", str(target), "--store", store_dir)
    assert out["subject"]["iri"] == SEMI + "litho"
    text = target.read_text(encoding="utf-8")
    assert "Lithography (光刻)" in text
    assert "Anna Berg" in text
    assert "3973 集成电路制造" in text and "works naming both 2, 0.50" in text


def test_schemes_user_csv_scheme_links_and_chain(store_dir: str) -> None:
    # the documented CSV: technology_id, name(_zh), broader, alt_names(_zh), enables, depends_on
    out = run("chain", "technology", "全固态电池", "--store", store_dir)
    tech = out["technology"]
    assert tech["iri"].endswith("/technology/bat-ssb") and tech["label"] == "Solid-state battery"
    assert [x["label"] for x in out["depends_on"]] == ["Sulfide solid electrolyte"]
    assert [x["label"] for x in out["enabled_by"]] == ["Sulfide solid electrolyte"]
    assert out["maturity"]["works"] == 1  # B1 names it in its technologies column
    parent = run("chain", "technology", "bat", "--store", store_dir)
    assert [(i["notation"], i["basis"], i["confidence"]) for i in parent["industries"]] == [
        ("384", "declared", 1.0)
    ]
    rows = OxigraphStore(store_dir).select(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?s WHERE { <https://w3id.org/ikg/id/technology/bat-ssb> skos:inScheme ?s }"
    )
    assert [r["s"].value for r in rows] == ["https://w3id.org/ikg/id/scheme/batt"]
