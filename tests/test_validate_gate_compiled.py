"""The ingest gate with the compiled validator quarantines exactly the records pySHACL's
report quarantines, with the same reasons (shape, message, path, value as the record gave it)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ingest.types import Record
from ingest.validate import ShaclGate
from kg.store.oxigraph import OxigraphStore

DATA = Path(__file__).parent / "data" / "shapes"


def _triples(name: str) -> list[ox.Triple]:
    return [
        ox.Triple(*q.triple) for q in ox.parse(path=str(DATA / name), format=ox.RdfFormat.TURTLE)
    ]


def _records(triples: list[ox.Triple]) -> list[Record]:
    """One record per subject, owning it."""
    by_subject: dict[object, Record] = {}
    for t in triples:
        rec = by_subject.setdefault(t.subject, Record("batch.ttl", f"subject {t.subject.value}"))
        rec.own(t.subject)
        rec.triples.append(t)
    return list(by_subject.values())


def _outcome(store: OxigraphStore, engine: str, triples: list[ox.Triple]) -> tuple:
    gate = ShaclGate(store, engine=engine)
    ok, quarantined = gate.run(_records(triples))
    results = sorted(
        (r.focus, r.path, r.shape, r.severity, r.message, r.value) for r in gate.results
    )
    return (
        sorted(r.locator for r in ok),
        sorted((q.record, q.reason, q.shape, q.focus, q.path) for q in quarantined),
        results,
    )


def test_validate_gate_compiled_quarantines_what_pyshacl_does(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    with store.writer() as w:
        w.replace_source("a", _triples("valid.ttl"), records=1)
    batch: list[ox.Triple] = []
    for name in (
        "work-invalid.ttl",
        "project-invalid.ttl",
        "compiled-edge.ttl",
        "chain-invalid.ttl",
    ):
        batch += _triples(name)
    compiled = _outcome(store, "compiled", batch)
    assert len(compiled[1]) >= 10  # the fixtures quarantine records
    assert any("value '-5.0'" in q[1] for q in compiled[1])  # the value as the record gave it
    assert compiled == _outcome(store, "pyshacl", batch)


def test_validate_gate_compiled_later_rounds_see_quarantined_records_gone(tmp_path: Path) -> None:
    """An expert quarantined in round 1 takes its type with it: round 2 finds the contribution
    naming it as agent invalid, round 3 the paper holding that contribution (the compiled gate
    takes the quarantined triples out of its index; pySHACL validates the rest again)."""
    ikg, ns = "https://w3id.org/ikg/ontology#", "https://w3id.org/ikg/id/gate-"
    typ = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    p, c, e = (ox.NamedNode(ns + x) for x in ("paper", "contribution", "expert"))
    batch = [
        ox.Triple(p, typ, ox.NamedNode(ikg + "Paper")),
        ox.Triple(p, ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal("T")),
        ox.Triple(p, ox.NamedNode(ikg + "contribution"), c),
        ox.Triple(c, typ, ox.NamedNode(ikg + "Contribution")),
        ox.Triple(c, ox.NamedNode(ikg + "agent"), e),
        ox.Triple(c, ox.NamedNode(ikg + "role"), ox.Literal("author")),
        ox.Triple(e, typ, ox.NamedNode(ikg + "Expert")),
        ox.Triple(e, ox.NamedNode("http://xmlns.com/foaf/0.1/name"), ox.Literal("Ann")),
        ox.Triple(e, ox.NamedNode(ikg + "orcid"), ox.Literal("not an orcid")),
    ]
    store = OxigraphStore(tmp_path / "store")
    compiled = _outcome(store, "compiled", batch)
    assert compiled[0] == []  # all three quarantined, one per round
    assert {q[3] for q in compiled[1]} == {p.value, c.value, e.value}
    assert compiled == _outcome(store, "pyshacl", batch)
