"""The SHACL gate validates only a batch's records (with the types of the store nodes they refer
to), and reports on them what SHACL over the whole store with the batch in it reports."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ingest.types import Record
from ingest.validate import ShaclGate
from kg.shacl import run_shacl
from kg.store.oxigraph import OxigraphStore

DATA = Path(__file__).parent / "data" / "shapes"
ID = "https://w3id.org/ikg/id/"
IKG = "https://w3id.org/ikg/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _triples(name: str) -> list[ox.Triple]:
    return [
        ox.Triple(*q.triple) for q in ox.parse(path=str(DATA / name), format=ox.RdfFormat.TURTLE)
    ]


def _new_paper_citing_the_store() -> list[ox.Triple]:
    """A valid paper whose author and contribution agent are the store's expert E1: the
    shapes' sh:class checks need E1's type, which only the store holds."""
    p, c, e1 = (ox.NamedNode(ID + x) for x in ("paper/t/P9", "contribution/t/P9-1", "expert/t/E1"))
    year = ox.Literal("2021", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return [
        ox.Triple(p, RDF_TYPE, ox.NamedNode(IKG + "Paper")),
        ox.Triple(
            p, ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal("Straw", language="en")
        ),
        ox.Triple(p, ox.NamedNode(IKG + "year"), year),
        ox.Triple(p, ox.NamedNode("http://purl.org/dc/terms/creator"), e1),
        ox.Triple(p, ox.NamedNode(IKG + "contribution"), c),
        ox.Triple(c, RDF_TYPE, ox.NamedNode(IKG + "Contribution")),
        ox.Triple(c, ox.NamedNode(IKG + "agent"), e1),
        ox.Triple(c, ox.NamedNode(IKG + "role"), ox.Literal("author")),
        ox.Triple(c, ox.NamedNode(IKG + "authorPosition"), ox.Literal("1", datatype=year.datatype)),
    ]


def _records(triples: list[ox.Triple]) -> list[Record]:
    """One record per subject, owning it."""
    by_subject: dict[ox.NamedNode, Record] = {}
    for t in triples:
        rec = by_subject.setdefault(t.subject, Record("batch.ttl", f"subject {t.subject.value}"))
        rec.own(t.subject)
        rec.triples.append(t)
    return list(by_subject.values())


def _key(results) -> list[tuple[str, str, str, str, str, str]]:
    return sorted((r.focus, r.path, r.shape, r.severity, r.message, r.value) for r in results)


def test_validate_gate_reports_on_a_batch_what_the_whole_store_reports(tmp_path):
    store = OxigraphStore(tmp_path / "store")
    with store.writer() as w:
        w.replace_source("a", _triples("valid.ttl"), records=1)
    batch = _new_paper_citing_the_store()
    for name in ("work-invalid.ttl", "expert-invalid.ttl", "institution-invalid.ttl"):
        batch += _triples(name)
    gate = ShaclGate(store, engine="turbo")
    accepted, quarantined = gate.run(_records(batch))

    whole = [ox.Triple(*q.triple) for q in store.quads()] + batch
    batch_subjects = {t.subject.value for t in batch}
    expected = [r for r in run_shacl(whole, "turbo").results if r.focus in batch_subjects]
    assert any(r.severity == "Violation" for r in expected)  # the fixture has violations
    assert _key(gate.results) == _key(expected)
    # the valid paper and its contribution land: E1's type came from the store
    landed = {s.value for r in accepted for s in r.subjects}
    assert {ID + "paper/t/P9", ID + "contribution/t/P9-1"} <= landed
    violating = {r.focus for r in expected if r.severity == "Violation"}
    assert {q.focus for q in quarantined} == violating


def test_validate_gate_settles_records_only_for_a_violation_they_may_hold(tmp_path):
    """A violation on a node the records only refer to (the store's expert E1, typed by the
    context but described by no record) quarantines none and the records are never looked
    through (``settle`` is not called); a violation on a node a record describes calls
    ``settle`` once, before the records are read, and quarantines that record."""
    store = OxigraphStore(tmp_path / "store")
    with store.writer() as w:
        w.replace_source("a", _triples("valid.ttl"), records=1)
    calls: list[int] = []
    gate = ShaclGate(store)
    records = _records(_new_paper_citing_the_store())
    accepted, quarantined = gate.run(records, settle=lambda: calls.append(1))
    assert calls == [] and not quarantined and len(accepted) == len(records)

    records = _records(_new_paper_citing_the_store() + _triples("work-invalid.ttl"))
    accepted, quarantined = ShaclGate(store).run(records, settle=lambda: calls.append(1))
    assert calls == [1] and quarantined
    assert len(accepted) + len(quarantined) == len(records)
