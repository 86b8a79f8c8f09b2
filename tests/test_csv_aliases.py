"""Patent tables exported by patent databases (Chinese headers, GBK) load as patents."""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import run_ingest

DATA = Path(__file__).parent / "data" / "patents"


def test_csv_aliases_cnipa_patent_export(store):
    r = run_ingest(store, [DATA / "cnipa_export.csv"])
    assert r.exit_code == 1 and r.records == 3
    assert [q.record for q in r.quarantined] == ["line 4"]  # no publication/application number
    rows = store.select(
        """PREFIX ikg: <https://w3id.org/ikg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?num ?year ?assignee WHERE {
          ?p a ikg:Patent ; ikg:patentNumber ?num ; ikg:year ?year ; ikg:assignee ?a .
          ?a skos:prefLabel ?assignee } ORDER BY ?num ?assignee"""
    )
    got = [(x["num"].value, int(x["year"].value), x["assignee"].value) for x in rows]
    assert ("CN114369012A", 2021, "吉林大学") in got
    assert ("CN114369012A", 2021, "中粮生化能源（榆树）有限公司") in got  # split on "；"
    assert ("CN116000002A", 2023, "长春某能源公司") in got  # 20230315
    inventors = store.select("SELECT ?i WHERE { ?p <https://w3id.org/ikg/ontology#inventor> ?i }")
    assert len(inventors) == 4
