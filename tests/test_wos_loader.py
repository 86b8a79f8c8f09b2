"""Web of Science exports, plain text and tab-delimited."""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import run_ingest

DATA = Path(__file__).parent / "data" / "wos"


def test_wos_plain_text_records_and_quarantine(store):
    r = run_ingest(store, [DATA / "savedrecs.txt"])
    assert r.exit_code == 1 and r.records == 2
    assert [q.record for q in r.quarantined] == [
        "line 31 (UT=WOS:000500000000003)",
        "line 38 (UT=WOS:000500000000004)",
    ]
    assert "TI" in r.quarantined[0].reason and "ER" in r.quarantined[1].reason
    rows = store.select(
        """PREFIX ikg: <https://w3id.org/ikg/ontology#>
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?p ?inst ?cc WHERE { ?p ikg:orcid "0000-0002-1825-0097" ; org:memberOf ?i .
          ?i skos:prefLabel ?inst ; ikg:countryCode ?cc }"""
    )
    assert [(row["inst"].value, row["cc"].value) for row in rows] == [("Jilin Univ", "CHN")]
    assert rows[0]["p"].value.endswith("/expert/orcid/0000-0002-1825-0097")
    titles = store.select("SELECT ?t WHERE { ?w <http://purl.org/dc/terms/title> ?t }")
    assert "Steam explosion pretreatment of corn stover for cellulosic ethanol production" in {
        t["t"].value for t in titles
    }  # continuation lines are joined
    usa = store.select('SELECT ?i WHERE { ?i <https://w3id.org/ikg/ontology#countryCode> "USA" }')
    assert len(usa) == 1


def test_wos_tab_delimited(store):
    r = run_ingest(store, [DATA / "savedrecs_tab.txt"])
    assert (r.exit_code, r.records) == (0, 1)
    people = store.select("SELECT ?p WHERE { ?w <http://purl.org/dc/terms/creator> ?p }")
    assert len(people) == 2
