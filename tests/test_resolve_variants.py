"""tests/gold/variants_gold.jsonl (928 name variants from the samples) as a floor, and
`ikg eval resolve` on a benchmark file in the PatentsView CSV format."""

from __future__ import annotations

import gzip

from ingest.resolve.evaluate import evaluate
from kg.settings import PROJECT_ROOT

VARIANTS = PROJECT_ROOT / "tests" / "gold" / "variants_gold.jsonl"


def test_resolve_variants_gold_floors_and_above_exact_match() -> None:
    r = evaluate(VARIANTS, None)["kinds"]  # names alone, no graph labels
    assert r["person"]["mentions"] + r["institution"]["mentions"] == 928
    # measured: person B-cubed F1 0.825 (P 0.992), institution 0.690 (P 0.989)
    assert r["person"]["bcubed"]["f1"] >= 0.80 and r["person"]["bcubed"]["precision"] >= 0.98
    assert r["institution"]["bcubed"]["f1"] >= 0.66
    assert r["institution"]["bcubed"]["precision"] >= 0.98
    for k in ("person", "institution"):
        assert r[k]["bcubed"]["f1"] > r[k]["baseline"]["bcubed"]["f1"]


def test_resolve_variants_eval_cli_reads_patentsview_csv(tmp_path, cli) -> None:
    rows = [
        ("a-0", "1", "Xerox Corporation"), ("a-1", "1", "Xerox Corp."),
        ("a-2", "1", "Xerox Corportion"), ("a-3", "2", "Eastman Kodak Company"),
        ("a-4", "2", "Eastman Kokak Company"), ("a-5", "3", "International Business Machines"),
        ("a-6", "3", "IBM Corporation"), ("a-7", "3", "International Business Machines Corp."),
    ]  # fmt: skip
    p = tmp_path / "assignees.csv.gz"
    text = "mention_id,unique_id,organization\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows)
    p.write_bytes(gzip.compress(text.encode()))
    r = cli("eval", "resolve", "--gold", str(p), "--json")
    assert r.code == 0, r.stderr
    k = r.json()["kinds"]["institution"]
    assert k["mentions"] == 8 and k["bcubed"]["f1"] == 1.0
    assert k["baseline"]["bcubed"]["f1"] < 1.0  # exact match misses the typos and "IBM"
    odd = cli("eval", "resolve", "--gold", str(p), "--half", "odd", "--json").json()
    assert odd["kinds"]["institution"]["mentions"] == 4
    bad = cli("eval", "resolve", "--gold", str(p), "--half", "third")
    assert bad.code != 0 and "--half" in bad.stderr
