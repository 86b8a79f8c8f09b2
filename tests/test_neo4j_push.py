"""Neo4j projection pushed to a REAL Neo4j Community 5.26 started by the test session
(tests/conftest_servers.py), plus the import bundle and Neo4j's own Cypher linter."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest
from conftest_servers import SERVERS, neo4j_uri  # noqa: F401  (session fixture)

from ingest.pipeline import run_ingest
from kg import queries
from kg.export.neo4j import cypher, export_bundle, push, statements
from kg.export.projection import project
from kg.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
TECH = "https://w3id.org/ikg/id/technology/"
EXPERTS_TTL = f"""
@prefix ikg: <https://w3id.org/ikg/ontology#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix id: <https://w3id.org/ikg/id/> .
id:institution\\/g\\/u1 a ikg:University ; skos:prefLabel "Tsinghua University"@en , "清华大学"@zh .
id:expert\\/g\\/e1 a ikg:Expert ; foaf:name "Li Wei"@en , "李伟"@zh ; org:memberOf id:institution\\/g\\/u1 .
id:expert\\/g\\/e2 a ikg:Expert ; foaf:name "Anna O'Brien" ; org:memberOf id:institution\\/g\\/u1 .
id:expert\\/g\\/e3 a ikg:Expert ; foaf:name "Zhou Min"@en ; org:memberOf id:institution\\/g\\/u1 .
id:work\\/g\\/w1 a ikg:Paper ; dcterms:title "Steam explosion at scale" ; ikg:year 2021 ;
  dcterms:subject <{TECH}bm-pre-steam> ;
  ikg:contribution id:work\\/g\\/w1\\/c1 , id:work\\/g\\/w1\\/c2 .
id:work\\/g\\/w1\\/c1 a ikg:Contribution ; ikg:agent id:expert\\/g\\/e1 ; ikg:role "author" ; ikg:authorPosition 1 .
id:work\\/g\\/w1\\/c2 a ikg:Contribution ; ikg:agent id:expert\\/g\\/e2 ; ikg:role "author" ; ikg:authorPosition 2 .
id:work\\/g\\/w2 a ikg:Patent ; dcterms:title "Acid pretreatment reactor" ; ikg:year 2022 ;
  dcterms:subject <{TECH}bm-pre-acid> , <{TECH}bm-pre-steam> ;
  ikg:contribution id:work\\/g\\/w2\\/c1 , id:work\\/g\\/w2\\/c2 .
id:work\\/g\\/w2\\/c1 a ikg:Contribution ; ikg:agent id:expert\\/g\\/e1 ; ikg:role "inventor" .
id:work\\/g\\/w2\\/c2 a ikg:Contribution ; ikg:agent id:expert\\/g\\/e3 ; ikg:role "inventor" .
"""


def build_sample_store(path: Path, tmp: Path) -> OxigraphStore:
    """The chain samples and a small expert graph, ingested through the real pipeline."""
    st = OxigraphStore(path)
    r = run_ingest(st, [ROOT / "tests" / "data" / "chains" / "mini"], source="chains")
    assert r.error is None and r.records > 0, r.as_json()
    ttl = tmp / "experts-graph.ttl"
    ttl.write_text(EXPERTS_TTL, encoding="utf-8")
    r = run_ingest(st, [ttl], source="graph")
    assert r.error is None and r.records > 0, r.as_json()
    return st


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> OxigraphStore:
    tmp = tmp_path_factory.mktemp("neo4j")
    return build_sample_store(tmp / "store", tmp)


def _driver(uri: str):
    import neo4j

    return neo4j.GraphDatabase.driver(uri, auth=("neo4j", "unused"), max_transaction_retry_time=0)


def _db_counts(driver) -> tuple[dict, dict]:
    labels = {r["label"]: r["n"] for r in driver.execute_query(cypher("count_nodes")).records}
    types = {r["type"]: r["n"] for r in driver.execute_query(cypher("count_rels")).records}
    return labels, types


@pytest.mark.integration
def test_neo4j_push_counts_constraints_and_repush(sample_store, neo4j_uri):  # noqa: F811
    proj = project(sample_store)
    want = proj.counts()
    assert want["labels"]["Expert"] == 3 and want["types"]["MEMBER_OF"] == 3
    assert want["labels"]["University"] == want["labels"]["Institution"] == 1
    with _driver(neo4j_uri) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
        push(proj, driver, batch=50)
        labels, types = _db_counts(driver)
        assert labels == want["labels"]
        assert types == want["types"]
        assert labels["Resource"] == want["nodes"]
        assert sum(types.values()) == want["relationships"]
        cons = driver.execute_query(cypher("constraints")).records
        got = {tuple(r["labelsOrTypes"]) for r in cons if r["properties"] == ["iri"]}
        assert got == {(lb,) for lb in proj.labels()}
        assert all(r["type"] == "UNIQUENESS" for r in cons)
        # property shapes: language-tagged names, typed values, lists for several values
        rec = driver.execute_query(
            "MATCH (e:Expert {iri: $iri}) RETURN e.name_en AS en, e.name_zh AS zh",
            {"iri": "https://w3id.org/ikg/id/expert/g/e1"},
        ).records[0]
        assert (rec["en"], rec["zh"]) == ("Li Wei", "李伟")
        year = driver.execute_query("MATCH (w:Paper) RETURN w.year AS y").records[0]["y"]
        assert year == 2021
        # re-push: nothing changes
        push(project(sample_store), driver, batch=7)
        assert _db_counts(driver) == (labels, types)


def _sparql(store: OxigraphStore, name: str, params: dict | None = None) -> list[dict]:
    rows = store.select(queries.load(name), params)
    return [{k: (v.value if v is not None else None) for k, v in r.items()} for r in rows]


def _cypher_rows(driver, name: str, params: dict | None = None) -> list[dict]:
    text = queries.load(name, kind="cypher")
    return [dict(r) for r in driver.execute_query(text, params or {}).records]


@pytest.mark.integration
def test_neo4j_cypher_twins_match_sparql(sample_store, neo4j_uri):  # noqa: F811
    with _driver(neo4j_uri) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
        push(project(sample_store), driver)
        # chain twin: the chain list, then its segments
        sp = _sparql(sample_store, "chains/list")
        cy = _cypher_rows(driver, "chains/list")
        assert sp and [r["chain"] for r in sp] == [r["chain"] for r in cy]
        assert [(r["id"], r["label"], r["label_zh"]) for r in sp] == [
            (r["id"], r["label"], r["label_zh"]) for r in cy
        ]
        chain = sp[0]["chain"]
        sp = _sparql(sample_store, "chains/segments", {"chain": f"<{chain}>"})
        cy = _cypher_rows(driver, "chains/segments", {"chain": chain})
        assert sp and [(r["seg"], r["id"], r["position"]) for r in sp] == [
            (r["seg"], r["id"], r["position"]) for r in cy
        ]
        # expert twin: candidate experts for a technology (through skos:broader*)
        tech = TECH + "bm-pre"
        sp = _sparql(sample_store, "experts/candidates", {"tech": f"<{tech}>"})
        cy = _cypher_rows(driver, "experts/candidates", {"tech": tech})
        assert sp, "the SPARQL twin found no experts"
        assert sorted((r["e"], int(r["works"])) for r in sp) == sorted(
            (r["e"], r["works"]) for r in cy
        )


def test_neo4j_bundle_header_grammar(sample_store, tmp_path):
    out = tmp_path / "bundle"
    n = export_bundle(sample_store, out)
    proj = project(sample_store)
    c = proj.counts()
    assert n == c["nodes"] + c["relationships"]
    ids: set[str] = set()
    labels_seen: dict[str, int] = {}
    for f in sorted(out.glob("nodes_*.csv")):
        with f.open(encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        head = rows[0]
        assert head[0] == "iri:ID(node)" and head[-1] == ":LABEL"
        for h in head[1:-1]:
            name, _, typ = h.partition(":")
            assert name and typ.rstrip("[]") in ("string", "long", "double", "boolean"), h
        for r in rows[1:]:
            assert len(r) == len(head)
            assert r[0] not in ids, f"duplicate id {r[0]}"
            ids.add(r[0])
            for lb in r[-1].split(";"):
                labels_seen[lb] = labels_seen.get(lb, 0) + 1
    assert len(ids) == c["nodes"] and labels_seen == c["labels"]
    rels = 0
    for f in sorted(out.glob("rels_*.csv")):
        with f.open(encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == [":START_ID(node)", ":END_ID(node)", ":TYPE"]
        for a, b, t in rows[1:]:
            assert a in ids and b in ids and f.name == f"rels_{t}.csv"
            rels += 1
    assert rels == c["relationships"]
    script = (out / "import.sh").read_text()
    assert "neo4j-admin database import full" in script and "--array-delimiter=';'" in script


def test_neo4j_generated_cypher_passes_neo4j_linter(sample_store):
    lint = SERVERS / "cypher-lint" / "lint.mjs"
    if not (SERVERS / "cypher-lint" / "node_modules").exists():
        pytest.fail("the Cypher linter is not installed: run `bash scripts/install_servers.sh`")
    items = [{"name": n, "query": q} for n, q in statements(project(sample_store))]
    items += [
        {"name": name, "query": queries.load(name, kind="cypher")}
        for name in queries.available("cypher")
        if name.startswith(("chains/", "experts/"))
    ]
    items += [
        {"name": f"neo4j/{n}", "query": cypher(n)}
        for n in ("count_nodes", "count_rels", "constraints")
    ]
    r = subprocess.run(
        ["node", str(lint)],
        input=json.dumps(items),
        capture_output=True,
        text=True,
        cwd=lint.parent,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    errors = [
        (x["name"], d)
        for x in json.loads(r.stdout)
        for d in x["diagnostics"]
        if d["severity"] == "error"
    ]
    assert errors == []
    assert len(items) > 10
