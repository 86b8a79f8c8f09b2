"""Ingest: quarantine of bad records, idempotence, format detection, encodings, limits."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.pipeline import run_ingest

ORCID_OK = "0000-0002-1825-0097"
ORCID_BAD_CHECK = "0000-0002-1825-0098"

INSTITUTIONS = """institution_id,name,name_zh,type,country,ror
jlu,Jilin University,吉林大学,university,CHN,00js3aw79
ciac,Changchun Institute of Applied Chemistry,中国科学院长春应用化学研究所,research_institute,CHN,
"""


def write(tmp: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    p = tmp / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(text.encode(encoding))
    return p


def test_pipeline_csv_quarantines_only_bad_rows(store, tmp_path, cli):
    d = tmp_path / "in"
    write(d, "institutions.csv", INSTITUTIONS)
    write(
        d,
        "experts.csv",
        (
            "expert_id,name,name_zh,orcid,institution_ids,technologies\n"
            f"e1,Wei Li,李伟,{ORCID_OK},jlu,bm-pre-steam\n"
            "e2,,王芳,,ciac,bm-fuel-cellet\n"
            f"e3,Fang Wang,王芳,{ORCID_BAD_CHECK},ciac,\n"
            "e4,Jun Zhao,赵军,not-an-orcid,ciac,\n"
            "e5,Min Chen,陈敏,,ciac,bm-poly-pla\n"
        ),
    )
    r = cli("ingest", str(d), "--store", str(store.path), "--json")
    assert r.code == 1, r.stderr
    out = r.json()
    assert set(out) == {"source", "records", "triples", "quarantined"}
    assert out["source"] == "in"
    assert out["records"] == 4  # 2 institutions + e1 + e5
    bad = {q["record"]: q for q in out["quarantined"]}
    assert set(bad) == {"line 3 (expert_id=e2)", "line 4 (expert_id=e3)", "line 5 (expert_id=e4)"}
    assert all(q["file"].endswith("experts.csv") for q in bad.values())
    assert "name" in bad["line 3 (expert_id=e2)"]["reason"]
    assert "check digit" in bad["line 4 (expert_id=e3)"]["reason"]
    assert "malformed" in bad["line 5 (expert_id=e4)"]["reason"]
    assert "quarantined" in r.stderr and "experts.csv" in r.stderr
    report = json.loads((store.path / "quarantine" / "in.json").read_text())
    assert len(report["quarantined"]) == 3
    assert "experts.csv" in (store.path / "quarantine" / "in.txt").read_text()
    stats = cli("stats", "--store", str(store.path), "--json").json()
    assert stats["classes"]["Expert"] == 2
    assert stats["classes"]["Institution"] == 2


def test_pipeline_reingest_is_idempotent(store, tmp_path):
    d = tmp_path / "src"
    write(d, "institutions.csv", INSTITUTIONS)
    first = run_ingest(store, [d])
    total1 = store.triple_count()
    second = run_ingest(store, [d])
    assert first.exit_code == second.exit_code == 0
    assert first.triples == second.triples > 0
    assert store.triple_count() == total1
    assert len(store.sources()) == len(set(store.sources()))


def test_pipeline_reingest_replaces_the_source_graph(store, tmp_path):
    d = tmp_path / "src"
    write(d, "institutions.csv", INSTITUTIONS)
    run_ingest(store, [d])
    write(d, "institutions.csv", INSTITUTIONS.splitlines()[0] + "\n" + INSTITUTIONS.splitlines()[1])
    run_ingest(store, [d])
    rows = store.select(
        "SELECT ?s WHERE { ?s a <https://w3id.org/ikg/ontology#ResearchInstitute> }"
    )
    assert rows == []


def test_pipeline_bad_json_line_quarantined(store, tmp_path):
    good = {
        "id": "https://openalex.org/W1",
        "title": "Steam explosion of corn straw",
        "publication_year": 2021,
        "authorships": [
            {
                "author_position": "first",
                "author": {"id": "https://openalex.org/A1", "display_name": "Wei Li"},
                "institutions": [
                    {
                        "id": "https://openalex.org/I1",
                        "display_name": "Jilin University",
                        "ror": "https://ror.org/00js3aw79",
                        "country_code": "CN",
                        "type": "education",
                    }
                ],
            }
        ],
    }
    lines = [
        json.dumps(good),
        '{"id": "https://openalex.org/W2", "title": broken',
        json.dumps({**good, "id": "https://openalex.org/W3", "title": "Lactic acid from straw"}),
    ]
    f = write(tmp_path, "works.jsonl", "\n".join(lines) + "\n")
    r = run_ingest(store, [f])
    assert r.exit_code == 1
    assert r.records == 2
    assert [q.record for q in r.quarantined] == ["line 2"]
    assert "not valid JSON" in r.quarantined[0].reason
    rows = store.select("SELECT ?c WHERE { ?i <https://w3id.org/ikg/ontology#countryCode> ?c }")
    assert {row["c"].value for row in rows} == {"CHN"}


def test_pipeline_wrong_extension_fails_and_changes_nothing(store, tmp_path, cli):
    d = tmp_path / "ok"
    write(d, "institutions.csv", INSTITUTIONS)
    run_ingest(store, [d])
    before = (store.current_version(), store.triple_count())
    fake = write(tmp_path, "experts.csv", '{"@context": {}, "@id": "http://x"}')
    r = cli("ingest", str(fake), "--store", str(store.path), "--json")
    assert r.code == 2
    assert "experts.csv" in r.stderr and "extension" in r.stderr
    assert r.json()["error"]
    pdf = tmp_path / "table.csv"
    pdf.write_bytes(b"%PDF-1.4\n\x00\x01\x02binary")
    r2 = cli("ingest", str(pdf), "--store", str(store.path))
    assert r2.code == 2 and "table.csv" in r2.stderr and "Traceback" not in r2.stderr
    assert (store.current_version(), store.triple_count()) == before


def test_pipeline_unknown_format_exit_2(store, tmp_path, cli):
    f = tmp_path / "blob.bin"
    f.write_bytes(bytes(range(256)) * 10)
    r = cli("ingest", str(f), "--store", str(store.path), "--json")
    assert r.code == 2
    assert "not a supported format" in r.stderr


def test_pipeline_empty_valid_file_lands_zero(store, tmp_path):
    f = write(tmp_path, "experts.csv", "expert_id,name\n")
    r = run_ingest(store, [f])
    assert (r.exit_code, r.records) == (0, 0)


def test_pipeline_gbk_and_utf16_csv(store, tmp_path):
    d = tmp_path / "enc"
    write(d, "institutions.csv", INSTITUTIONS, encoding="gb18030")
    r = run_ingest(store, [d])
    assert r.exit_code == 0, r.quarantined
    labels = {
        row["l"].value
        for row in store.select(
            "SELECT ?l WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
        )
    }
    assert "吉林大学" in labels
    d2 = tmp_path / "enc16"
    write(d2, "institutions.csv", INSTITUTIONS, encoding="utf-16")
    assert run_ingest(store, [d2], source="u16").exit_code == 0


def test_pipeline_trig_named_graphs_nested_under_source(store, tmp_path):
    f = write(
        tmp_path,
        "data.trig",
        """
@prefix ikg: <https://w3id.org/ikg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/g1> { <http://example.org/r1> a ikg:Region ; skos:prefLabel "Jilin"@en . }
""",
    )
    r = run_ingest(store, [f], source="trig")
    assert r.exit_code == 0, r.quarantined
    graphs = {g.value for g in store.graphs()}
    assert "http://example.org/g1" not in graphs
    assert any(g.startswith("https://w3id.org/ikg/graph/source/trig/graph/") for g in graphs)
    assert store.sources()["trig"].triples == 2


def test_pipeline_rdfxml_entity_bomb_refused(store, tmp_path):
    f = write(
        tmp_path,
        "bomb.rdf",
        """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>""",
    )
    r = run_ingest(store, [f])
    assert r.exit_code == 2 and "DOCTYPE" in r.error
    assert store.current_version() is None


def test_pipeline_remote_jsonld_context_refused(store, tmp_path):
    f = write(
        tmp_path,
        "x.jsonld",
        '{"@context": "https://schema.org/", "@id": "http://x/a", "name": "A"}',
    )
    r = run_ingest(store, [f])
    assert r.exit_code == 2 and "remote" in r.error


def test_pipeline_bibtex_broken_entry_quarantined(store, tmp_path):
    f = write(
        tmp_path,
        "refs.bib",
        """@article{li2020,
  author = {Li, Wei and Zhang, San},
  title = {Steam explosion pretreatment of corn stover},
  year = {2020}, journal = {Bioresource Technology}, doi = {10.1016/j.biortech.2020.123}
}
@article{broken,
  title = {Unclosed
@article{ok2,
  author = {Wang, Fang},
  title = {Polylactic acid from lactic acid}, year = {2019}
}
""",
    )
    r = run_ingest(store, [f])
    assert r.exit_code == 1
    assert r.records == 2
    assert len(r.quarantined) == 1 and r.quarantined[0].record.startswith("line 6")


def test_pipeline_ris_records(store, tmp_path):
    end = "ER  - \n"  # RIS closes a record with "ER  - " (trailing space)
    f = write(
        tmp_path,
        "refs.ris",
        (
            "TY  - JOUR\nAU  - Li, Wei\nTI  - Dilute acid pretreatment of corn straw\n"
            "PY  - 2018\nKW  - dilute acid pretreatment\n" + end + "\n"
            "TY  - PAT\nAU  - Wang, Fang\nTI  - A steam explosion reactor\nPY  - 2020\n" + end
        ),
    )
    r = run_ingest(store, [f])
    assert (r.exit_code, r.records) == (0, 2)
    rows = store.select("SELECT ?w WHERE { ?w a <https://w3id.org/ikg/ontology#Patent> }")
    assert len(rows) == 1


def test_pipeline_field_limit_quarantines(store, tmp_path):
    store.settings.max_field_chars = 50
    f = write(
        tmp_path, "experts.csv", "expert_id,name,bio\ne1,Wei Li," + "x" * 80 + "\ne2,Fang Wang,ok\n"
    )
    r = run_ingest(store, [f])
    assert r.exit_code == 1 and r.records == 1
    assert "limit" in r.quarantined[0].reason


def test_pipeline_bulk_rdf_path_validates_and_quarantines(store, tmp_path):
    store.settings.bulk_threshold_bytes = 100  # force the bulk path
    lines = []
    for i in range(50):
        s = f"<https://w3id.org/ikg/id/region/bulk/r{i}>"
        lines.append(
            f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            f"<https://w3id.org/ikg/ontology#Region> ."
        )
        if i != 7:  # r7 has no label: a violation of RegionShape
            lines.append(f'{s} <http://www.w3.org/2004/02/skos/core#prefLabel> "Region {i}"@en .')
    f = write(tmp_path, "big.nt", "\n".join(lines) + "\n")
    r = run_ingest(store, [f])
    assert r.exit_code == 1 and r.records == 49
    assert [q.record for q in r.quarantined] == ["subject <https://w3id.org/ikg/id/region/bulk/r7>"]
    assert store.sources()["big"].triples == 98
    bad = write(tmp_path, "broken.nt", "<a> <b> .\n" * 20)
    before = store.current_version()
    r2 = run_ingest(store, [bad])
    assert r2.exit_code == 2 and "broken.nt" in r2.error
    assert store.current_version() == before


def test_pipeline_empty_pdf_fails_clearly(store, tmp_path):
    f = tmp_path / "report.pdf"
    f.write_bytes(b"")
    r = run_ingest(store, [f])
    assert r.exit_code == 2 and "report.pdf" in r.error
    assert store.current_version() is None


def test_pipeline_hostile_csv_and_jsonl(store, tmp_path):
    # an unbalanced quote is an error naming the line, never rows swallowed into a field
    q = write(tmp_path, "q/experts.csv", 'expert_id,name\ne1,"Wei Li\ne2,Fang\n')
    r = run_ingest(store, [q])
    assert r.exit_code == 2 and "line 3" in r.error and "quoting" in r.error
    # a too-deep JSON line is quarantined, the other lines land
    deep = '{"id":"https://openalex.org/W2","title":"x","authorships":' + "[" * 3000 + "]" * 3000
    j = write(tmp_path, "w.jsonl", '{"id":"https://openalex.org/W1","title":"ok"}\n' + deep + "}\n")
    r2 = run_ingest(store, [j])
    assert r2.exit_code == 1 and r2.records == 1
    assert r2.quarantined[0].record == "line 2" and "deep" in r2.quarantined[0].reason
