"""The samples as a new user sees them: one node per institution and per person."""

from __future__ import annotations

import csv
import json
from collections import Counter

import pytest
from conftest import run_cli

from kg.settings import PROJECT_ROOT, SAMPLES_DIR

TECHS = (
    "PREFIX ikg: <https://w3id.org/ikg/ontology#> SELECT DISTINCT ?t WHERE { ?t a ikg:Technology }"
)
EXPERTS = (
    "PREFIX ikg: <https://w3id.org/ikg/ontology#> "
    "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ikg:Expert }"
)


def _people_in_sources() -> int:
    """experts.csv people, plus the authors of the real OpenAlex works who are not among them.
    Every other person name in the samples (CSV authors, OpenAlex works.jsonl, RIS, BibTeX)
    is one of the experts.csv people: tests/gold/variants_gold.jsonl says which."""
    with (SAMPLES_DIR / "experts.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ids = {r["expert_id"] for r in rows}
    orcids = {r["orcid"] for r in rows if r["orcid"]}
    gold = PROJECT_ROOT / "tests" / "gold" / "variants_gold.jsonl"
    named = {json.loads(x)["entity"] for x in gold.read_text(encoding="utf-8").splitlines()
             if x.strip() and json.loads(x)["kind"] == "person"}  # fmt: skip
    assert named <= ids  # the name variants are all experts.csv people
    real = json.loads((SAMPLES_DIR / "openalex" / "real_openalex_works.json").read_text("utf-8"))
    outside = {
        a["author"]["id"]
        for w in real
        for a in w["authorships"]
        if (a["author"].get("orcid") or "").rsplit("/", 1)[-1] not in orcids
    }
    return len(ids) + len(outside)


def test_resolve_samples_expert_count_is_the_people_in_the_sources(samples_store) -> None:
    n = int(samples_store.select(EXPERTS)[0]["n"].value)
    assert n == _people_in_sources()


@pytest.fixture(scope="module")
def chains(samples_store) -> dict[str, dict]:
    out = {}
    for row in samples_store.select(TECHS):
        iri = row["t"].value
        r = run_cli("chain", "technology", iri, "--json", "--store", str(samples_store.path))
        assert r.code == 0, r.stderr
        out[iri] = r.json()
    assert len(out) >= 40
    return out


def test_resolve_samples_no_technology_lists_a_holder_twice(chains) -> None:
    dups = []
    for iri, data in chains.items():
        for kind in ("institutions", "experts"):
            rows = data["holders"][kind]
            by_name = Counter(r["name"].casefold() for r in rows)
            by_iri = Counter(r["iri"] for r in rows)
            dups += [(iri, kind, n) for n, c in by_name.items() if c > 1]
            dups += [(iri, kind, n) for n, c in by_iri.items() if c > 1]
    assert not dups


def test_resolve_samples_holders_show_full_names_not_acronyms(chains) -> None:
    names = {r["name"] for d in chains.values() for r in d["holders"]["institutions"]}
    assert "Tsinghua University" in names or "清华大学" in names
    assert not names & {"THU", "CAS", "CIAC", "DICP"}
