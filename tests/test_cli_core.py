"""The core CLI: stats/validate/query/export shapes and exit codes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import rdflib

INST = """institution_id,name,name_zh,type,country
jlu,Jilin University,吉林大学,university,CHN
nrel,National Renewable Energy Laboratory,美国国家可再生能源实验室,research_institute,USA
"""


def ingest_small(cli, store, tmp_path: Path) -> None:
    d = tmp_path / "small"
    d.mkdir()
    (d / "institutions.csv").write_text(INST)
    assert cli("ingest", str(d), "--store", str(store.path)).code == 0


def test_cli_stats_json_shape(cli, store, tmp_path):
    ingest_small(cli, store, tmp_path)
    r = cli("stats", "--store", str(store.path), "--json")
    assert r.code == 0
    data = r.json()
    assert set(data) == {"triples", "classes", "sources"}
    assert data["classes"]["Institution"] == 2 and data["classes"]["University"] == 1
    assert set(data["sources"]["small"]) == {"triples", "records", "ingested"}
    assert data["sources"]["small"]["records"] == 2
    assert data["triples"] == sum(s["triples"] for s in data["sources"].values())


def test_cli_validate_exit_codes(cli, store, tmp_path):
    ingest_small(cli, store, tmp_path)
    ok = cli("validate", "--store", str(store.path), "--json")
    assert ok.code == 0 and ok.json()["conforms"] is True
    bad = tmp_path / "bad.ttl"
    bad.write_text("""@prefix ikg: <https://w3id.org/ikg/ontology#> .
<https://w3id.org/ikg/id/expert/x/1> a ikg:Expert ; ikg:orcid "nope" .""")
    # an RDF source bypasses nothing: the gate quarantines it, so validate still conforms
    r = cli("ingest", str(bad), "--store", str(store.path), "--json")
    assert r.code == 1 and r.json()["quarantined"]
    assert cli("validate", "--store", str(store.path)).code == 0


def test_cli_validate_reports_violations_from_the_whole_store(cli, store):
    with store.writer() as w:
        w.replace_source(
            "raw",
            list(
                ox.parse(
                    b"<https://w3id.org/ikg/id/expert/x/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/ikg/ontology#Expert> .",
                    format=ox.RdfFormat.N_TRIPLES,
                )
            ),
            records=1,
        )
    r = cli("validate", "--store", str(store.path), "--json")
    assert r.code == 1
    res = r.json()["results"]
    assert res and set(res[0]) == {"focus", "path", "shape", "severity", "message"}
    assert any(x["focus"].endswith("/expert/x/1") and x["severity"] == "Violation" for x in res)


def test_cli_query_named_with_param_and_formats(cli, store, tmp_path):
    ingest_small(cli, store, tmp_path)
    r = cli("query", "stats/classes", "--store", str(store.path), "--format", "csv")
    assert r.code == 0 and "class,n" in r.stdout
    q = tmp_path / "labels.rq"
    q.write_text("""# labels of one institution
# param: iri - the institution
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label WHERE { ?iri skos:prefLabel ?label } ORDER BY ?label""")
    iri = "https://w3id.org/ikg/id/institution/small/jlu"
    r = cli("query", str(q), "--param", f"iri=<{iri}>", "--store", str(store.path))
    assert r.code == 0
    labels = {
        b["label"]["value"] for b in __import__("json").loads(r.stdout)["results"]["bindings"]
    }
    assert labels == {"Jilin University", "吉林大学"}
    inj = cli("query", str(q), "--param", 'iri=x" } ; DROP ALL ; #', "--store", str(store.path))
    assert inj.code == 0 and '"bindings":[]' in inj.stdout.replace(" ", "")
    missing = cli("query", str(q), "--store", str(store.path))
    assert missing.code == 2 and "--param iri" in missing.stderr
    unknown = cli("query", "no/such", "--store", str(store.path))
    assert unknown.code == 2 and "no query named" in unknown.stderr


def test_cli_export_formats_parse_back(cli, store, tmp_path):
    ingest_small(cli, store, tmp_path)
    expected = {(q.subject, q.predicate, q.object) for q in store.quads()}
    for fmt, rdfl in [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")]:
        out = tmp_path / f"dump.{fmt}"
        assert cli("export", "--format", fmt, "-o", str(out), "--store", str(store.path)).code == 0
        parsed = {(t.subject, t.predicate, t.object) for t in ox.parse(path=str(out))}
        assert parsed == expected, fmt
        assert len(rdflib.Graph().parse(out, format=rdfl)) == len(expected)
    for fmt in ("nq", "trig"):
        out = tmp_path / f"dump.{fmt}"
        assert cli("export", "--format", fmt, "-o", str(out), "--store", str(store.path)).code == 0
        assert {q for q in ox.parse(path=str(out))} == set(store.quads())
    one = tmp_path / "small.nt"
    assert (
        cli(
            "export",
            "--format",
            "nt",
            "--graph",
            "small",
            "-o",
            str(one),
            "--store",
            str(store.path),
        ).code
        == 0
    )
    assert len(list(ox.parse(path=str(one)))) == store.sources()["small"].triples


def test_cli_errors_are_one_line(cli, tmp_path):
    r = cli("ingest", str(tmp_path / "missing.csv"), "--store", str(tmp_path / "s"))
    assert r.code == 2 and r.stderr.count("\n") == 1 and "no such file" in r.stderr
    r = cli("stats", "--store", str(tmp_path / "file.txt"))
    (tmp_path / "file.txt").write_text("x")
    r = cli("stats", "--store", str(tmp_path / "file.txt"))
    assert r.code == 2 and "directory" in r.stderr
