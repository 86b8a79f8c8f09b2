"""`ikg chain ...`: --json shapes pinned, errors, and `ikg ingest` of chain CSV files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from test_chains_loader import DATA, load_into
from typer.testing import CliRunner

from kg.cli import chains as chains_cli
from kg.cli.main import app as ikg_app
from kg.errors import NotFoundError
from kg.store.oxigraph import OxigraphStore

ROW_KEYS = {
    "iri",
    "id",
    "label",
    "segment",
    "providers",
    "countries",
    "hhi",
    "hhi_countries",
    "top_provider",
    "top_share",
    "foreign_share",
    "single_source",
    "score",
    "reasons",
}


def app() -> typer.Typer:
    a = typer.Typer()

    @a.callback()
    def _cb() -> None:
        pass

    chains_cli.register(a)
    return a


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "store"
    load_into(OxigraphStore(path), DATA / "mini", "mini")
    return str(path)


def run(args: list[str]) -> dict:
    res = CliRunner().invoke(app(), args)
    assert res.exit_code == 0, (res.output, res.exception)
    return json.loads(res.stdout)


def test_chains_cli_weak_links_json_shape(store_dir: str) -> None:
    data = run(["chain", "weak-links", "mini", "--store", store_dir, "--json", "--limit", "0"])
    assert set(data) == {"chain", "home", "rows"}
    assert set(data["chain"]) == {"iri", "label"}
    assert data["home"] == "CHN" and len(data["rows"]) == 6
    for row in data["rows"]:
        assert set(row) == ROW_KEYS
        assert isinstance(row["reasons"], list)
    limited = run(["chain", "weak-links", "mini", "--store", store_dir, "--json", "--limit", "1"])
    assert len(limited["rows"]) == 1
    home = run(["chain", "weak-links", "mini", "--store", store_dir, "--json", "--home", "USA"])
    assert home["home"] == "USA"


def test_chains_cli_industry_and_technology_json(store_dir: str) -> None:
    data = run(["chain", "industry", "迷你产业链", "--store", store_dir, "--json"])
    assert set(data) == {"chain", "segments", "unassigned_items"}
    assert set(data["segments"][0]) == {
        "iri",
        "id",
        "label",
        "label_zh",
        "position",
        "order",
        "upstream_of",
        "industry_codes",
        "technologies",
        "providers",
        "items",
    }
    tech = run(["chain", "technology", "bm-pre-enzyme", "--store", store_dir, "--json"])
    assert set(tech) == {
        "technology",
        "maturity",
        "enables",
        "depends_on",
        "enabled_by",
        "required_by",
        "nodes",
        "edges",
        "holders",
        "industries",
    }
    assert set(tech["holders"]) == {"institutions", "experts"}
    for ind in tech["industries"]:
        assert set(ind) == {"iri", "notation", "label", "label_zh", "basis", "works", "confidence"}


def test_chains_cli_tables_and_unknown_chain(store_dir: str) -> None:
    res = CliRunner().invoke(
        app(), ["chain", "weak-links", "mini", "--store", store_dir], env={"COLUMNS": "200"}
    )
    assert res.exit_code == 0 and "PLA resin" in res.output
    res = CliRunner().invoke(
        app(), ["chain", "industry", "mini", "--store", store_dir], env={"COLUMNS": "200"}
    )
    assert res.exit_code == 0 and "Feedstock" in res.output

    res = CliRunner().invoke(app(), ["chain", "weak-links", "nope", "--store", store_dir])
    assert isinstance(res.exception, NotFoundError) and "known chains" in str(res.exception)


def test_chains_cli_ingest_end_to_end(tmp_path: Path) -> None:

    store = str(tmp_path / "store")
    res = CliRunner().invoke(
        ikg_app, ["ingest", str(DATA / "bad"), "--source", "bad", "--store", store, "--json"]
    )
    assert res.exit_code == 1, res.output
    summary = json.loads(res.stdout)
    reasons = [q["reason"] for q in summary["quarantined"]]
    assert any("shares.csv line 2" in r and "120" in r for r in reasons)
    assert any("ghost" in r for r in reasons)
    res = CliRunner().invoke(
        ikg_app, ["chain", "weak-links", "mini", "--store", store, "--json", "--limit", "0"]
    )
    assert res.exit_code == 0, res.output
    rows = {r["id"]: r for r in json.loads(res.stdout)["rows"]}
    assert rows["a"]["hhi"] == 1600  # p_b 40 landed; p_a 120 and p_c abc quarantined
    assert rows["b"]["hhi"] == 3600 + 2500
