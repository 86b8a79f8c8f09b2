"""`ikg experts`, `ikg shortlist` and the error answers, through the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ingest.pipeline import run_ingest
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore

DATA = Path(__file__).parent / "data" / "experts"


@pytest.fixture(scope="module")
def fxdir(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("experts_cli") / "store"
    st = OxigraphStore(path, Settings())
    assert run_ingest(st, [DATA], source="experts").error is None
    return str(path)


@pytest.mark.parametrize(
    "query, needle",
    [
        ("", "empty"),
        ("the of and", "stop-words"),
        ("的 了 和", "stop-words"),
    ],
)
def test_experts_cli_bad_queries(cli, fxdir, query, needle):
    r = cli("experts", query, "--store", fxdir, "--json")
    assert r.code == 2 and r.stdout == ""
    assert r.stderr.startswith("ikg: error:") and needle in r.stderr
    assert "Traceback" not in r.stderr


def test_experts_cli_long_query_from_file_is_used_whole(cli, fxdir, tmp_path):
    text = "Steam explosion pretreatment of corn stover for cellulosic ethanol. " * 300
    f = tmp_path / "abstract.txt"
    f.write_text(text, "utf-8")
    r = cli("experts", "--file", str(f), "--store", fxdir, "--json", "--limit", "2")
    assert r.code == 0, r.stderr
    used = r.json()["query_used"]
    assert used["mode"] == "text" and used["chars"] == len(text.strip()) > 20_000
    assert r.json()["results"]
    shown = cli("experts", "--file", str(f), "--store", fxdir, "--limit", "1")
    assert shown.code == 0 and "used as a whole text" in shown.stdout
    assert "similarity" in shown.stdout and "matched:" in shown.stdout


def test_experts_cli_json_and_large_limit(cli, fxdir):
    r = cli("experts", "cellulosic ethanol", "--store", fxdir, "--json", "--limit", "100000")
    assert r.code == 0, r.stderr
    data = r.json()
    assert data["query"] == "cellulosic ethanol"
    assert len(data["results"]) == 7  # everyone with any evidence, the coal miner excluded
    assert "Liu Yang" not in [x["name"] for x in data["results"]]


def test_experts_cli_unknown_filter_values(cli, fxdir):
    r = cli("experts", "ethanol", "--store", fxdir, "--institution", "Nowhere University")
    assert r.code == 2 and "no institution named" in r.stderr
    r = cli("experts", "ethanol", "--store", fxdir, "--institution-type", "castle")
    assert r.code == 2 and "--institution-type" in r.stderr


def test_experts_cli_similar_and_network(cli, fxdir):
    r = cli("experts", "--similar", "Wang Lei", "--store", fxdir, "--json")
    assert r.code == 0, r.stderr
    sim = r.json()["results"]
    assert sim[0]["name"] in {"Zhao Min", "Zhang Wei"}
    assert "Liu Yang" not in [x["name"] for x in sim[:3]]
    r = cli("experts", "--network", "E1", "--store", fxdir, "--json")
    net = {c["name"]: c for c in r.json()["collaborators"]}
    assert net["Zhao Min"]["coauthored"] == 3 and net["Zhao Min"]["same_institution"]
    assert net["Zhang Wei"]["projects"] == 1 and net["Zhang Wei"]["cross_sector"]
    assert net["Chen Jie"]["coauthored"] == 1


def test_experts_cli_shortlist(cli, fxdir, tmp_path):
    r = cli(
        "shortlist",
        "save",
        "consult-2024",
        "E1",
        "Zhang Wei",
        "--note",
        "provincial",
        "--query",
        "cellulosic ethanol pretreatment",
        "--store",
        fxdir,
    )
    assert r.code == 0, r.stderr
    r = cli("shortlist", "list", "--store", fxdir, "--json")
    assert r.json()["shortlists"][0]["experts"] == 2
    r = cli("shortlist", "show", "consult-2024", "--store", fxdir, "--json")
    sl = r.json()
    assert sl["note"] == "provincial" and sl["entries"][0]["evidence"]
    out = tmp_path / "sl.csv"
    r = cli(
        "shortlist", "export", "consult-2024", "--format", "csv", "-o", str(out), "--store", fxdir
    )
    assert r.code == 0, r.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [x["name"] for x in rows] == ["Wang Lei", "Zhang Wei"]
    assert rows[0]["evidence"] and rows[0]["note"] == "provincial"
    outj = tmp_path / "sl.json"
    cli(
        "shortlist", "export", "consult-2024", "--format", "json", "-o", str(outj), "--store", fxdir
    )
    assert json.loads(outj.read_text())["name"] == "consult-2024"
    r = cli("shortlist", "show", "nope", "--store", fxdir)
    assert r.code == 2 and "no shortlist" in r.stderr
