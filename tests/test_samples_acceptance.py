"""Issue acceptance on the samples: ingest + validate exit 0, the counts, idempotence,
and the SHACL engine's report equal to pySHACL's (the reference)."""

from __future__ import annotations

import pyoxigraph as ox

from kg.settings import SAMPLES_DIR
from kg.shacl import run_shacl


def test_samples_ingest_validate_stats(cli, tmp_path):
    st = str(tmp_path / "store")
    r = cli("ingest", str(SAMPLES_DIR), "--store", st, "--json")
    assert r.code == 0, r.stderr[-2000:]
    assert r.json()["quarantined"] == []
    assert cli("validate", "--store", st).code == 0
    stats = cli("stats", "--store", st, "--json").json()
    c = stats["classes"]
    assert c["Expert"] >= 150 and c["Institution"] >= 60 and c["Demand"] >= 20
    assert c["Paper"] + c["Patent"] + c["Project"] >= 300
    assert c["IndustryChain"] == 2 and c["ChainSegment"] >= 6
    assert stats["sources"]["samples"]["records"] == r.json()["records"]
    # the same source twice leaves the triple count unchanged
    again = cli("ingest", str(SAMPLES_DIR), "--store", st, "--json")
    assert again.code == 0
    assert cli("stats", "--store", st, "--json").json()["triples"] == stats["triples"]


def test_samples_shacl_engine_report_equals_pyshacl(samples_store):
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in samples_store.quads()]
    # one invalid node so the reports hold violations, not only warnings
    bad = ox.NamedNode("https://w3id.org/ikg/id/expert/test/bad")
    triples += [
        ox.Triple(
            bad,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode("https://w3id.org/ikg/ontology#Expert"),
        ),
        ox.Triple(bad, ox.NamedNode("https://w3id.org/ikg/ontology#orcid"), ox.Literal("x")),
    ]
    turbo = run_shacl(triples, "turbo")
    reference = run_shacl(triples, "pyshacl")
    key = lambda r: (r.focus, r.path, r.shape, r.severity, r.message, r.value)  # noqa: E731
    assert sorted(map(key, turbo.results)) == sorted(map(key, reference.results))
    assert not turbo.conforms and any(r.focus == bad.value for r in turbo.results)
