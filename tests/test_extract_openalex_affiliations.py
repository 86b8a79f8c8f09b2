"""OpenAlex authorships without a matched institution get the institutions their raw
affiliation string names (the affiliation parser), by name."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.pipeline import run_ingest

IKG = "https://w3id.org/ikg/ontology#"


def _work(wid: str, authorship: dict) -> str:
    return json.dumps({"id": f"https://openalex.org/{wid}", "title": f"Work {wid}",
                       "authorships": [authorship]})  # fmt: skip


def test_extract_openalex_raw_affiliation_gives_institutions(store, tmp_path: Path) -> None:
    raw = {
        "author": {"id": "https://openalex.org/A1", "display_name": "Wei Li"},
        "institutions": [],
        "raw_affiliation_strings": [
            "Dept. of Physics, Tsinghua University, Beijing 100084, China; "
            "Department of Surgery, Seoul National University Bundang Hospital, Seongnam, Korea"
        ],
    }
    matched = {
        "author": {"id": "https://openalex.org/A2", "display_name": "Anna Berg"},
        "institutions": [{"id": "https://openalex.org/I9", "display_name": "Lund University"}],
        "raw_affiliation_strings": ["Department of Clinical Sciences, Lund Univ, Lund, Sweden"],
    }
    f = tmp_path / "works.jsonl"
    f.write_text(_work("W1", raw) + "\n" + _work("W2", matched) + "\n", encoding="utf-8")
    assert run_ingest(store, [f]).exit_code == 0
    rows = store.select(
        "SELECT ?who ?name WHERE { ?p <http://www.w3.org/ns/org#memberOf> ?i ; "
        "<http://xmlns.com/foaf/0.1/name>|<http://www.w3.org/2004/02/skos/core#prefLabel> ?who . "
        "?i <http://www.w3.org/2004/02/skos/core#prefLabel> ?name }"
    )
    got = {(r["who"].value, r["name"].value) for r in rows}
    assert ("Wei Li", "Tsinghua University") in got
    assert ("Wei Li", "Seoul National University Bundang Hospital") in got
    # a matched authorship keeps OpenAlex's institution only: "Lund Univ" adds nothing
    assert {n for who, n in got if who == "Anna Berg"} == {"Lund University"}
    assert not {n for who, n in got if who == "Wei Li"} & {"Physics", "China", "Beijing 100084"}
