"""pyshacl-turbo gets only the triples whose predicate a shape can look at; the report stays
pySHACL's report on all of the store's triples."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg import shacl, vocab
from kg.shacl import Report, run_shacl, shape_predicates, validate_store
from kg.store.oxigraph import OxigraphStore

DATA = Path(__file__).parent / "data" / "shapes"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def _triples(name: str) -> list[ox.Triple]:
    return [
        ox.Triple(*q.triple) for q in ox.parse(path=str(DATA / name), format=ox.RdfFormat.TURTLE)
    ]


def _key(report: Report) -> list[tuple[str, ...]]:
    return sorted(tuple(r.as_json().values()) + (r.value,) for r in report.results)


def test_shacl_predicates_are_the_shape_paths() -> None:
    keep = shape_predicates()
    assert keep is not None
    # sh:alternativePath ( skos:prefLabel rdfs:label ) and plain paths; types for sh:class
    assert {SKOS + "prefLabel", vocab.LABEL.value, vocab.TITLE.value, vocab.TYPE.value} <= keep
    assert vocab.ABSTRACT.value not in keep and vocab.KEYWORD.value not in keep
    assert not any(p.startswith("http://www.w3.org/ns/shacl#") for p in keep)


def test_shacl_store_report_equals_pyshacl_on_every_triple(tmp_path: Path) -> None:
    """Violations and warnings, with triples no shape names beside them (an abstract, keywords,
    a description): the same report as pySHACL given everything."""
    store = OxigraphStore(tmp_path / "store")
    valid = _triples("valid.ttl")
    works = {t.subject for t in valid + _triples("work-invalid.ttl") if t.predicate == vocab.TITLE}
    other = [
        ox.Triple(w, p, ox.Literal(f"{p.value[-8:]} of {w.value[-6:]}", language="en"))
        for w in works
        for p in (vocab.ABSTRACT, vocab.KEYWORD, vocab.DESCRIPTION)
    ]
    with store.writer() as w:
        w.replace_source("a", valid + other, records=1)
        w.replace_source("b", _triples("work-invalid.ttl") + valid[:5], records=1)
        w.replace_source("d", _triples("expert-invalid.ttl"), records=1)
    report = validate_store(store)
    every = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()]
    assert not report.conforms and len(report.results) >= 10
    assert _key(report) == _key(run_shacl(every, "pyshacl"))
    assert _key(run_shacl(every, "turbo")) == _key(report)


def test_shacl_derived_inputs_follow_the_shapes(monkeypatch, tmp_path: Path) -> None:
    """The compiled shapes and path predicates are rebuilt when the shapes are read again."""
    first = shape_predicates()
    shacl._ox_shapes_and_ontology.cache_clear()
    empty = tmp_path / "shapes"
    empty.mkdir()
    (empty / "one.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ; "
        "sh:property [ sh:path <urn:p> ; sh:minCount 1 ] .\n"
    )
    monkeypatch.setattr(shacl, "SHAPES_DIR", empty)
    try:
        assert shape_predicates() == frozenset({vocab.TYPE.value, "urn:p", shacl.SUBCLASS_OF})
    finally:
        monkeypatch.undo()
        shacl._ox_shapes_and_ontology.cache_clear()
    assert shape_predicates() == first
