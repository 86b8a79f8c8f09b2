"""The compiled SHACL validator (kg/shacl/compiled.py, queries/shacl/*.rq) gives pySHACL's
report: the same focus nodes, paths, shapes, severities, messages and values."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import SH

from kg import shacl
from kg.settings import Settings
from kg.shacl import Report, compiled_plan, run_shacl, validate_store
from kg.shacl.plan import build_plan
from kg.store.oxigraph import OxigraphStore

DATA = Path(__file__).parent / "data" / "shapes"
ID = "https://w3id.org/ikg/id/"


def _triples(path: Path) -> list[ox.Triple]:
    return [ox.Triple(*q.triple) for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


def _key(report: Report) -> list[tuple[str, ...]]:
    return sorted(tuple(r.as_json().values()) + (r.value,) for r in report.results)


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.ttl")))
def test_shacl_compiled_report_equals_pyshacl(name: str) -> None:
    triples = _triples(DATA / name)
    assert _key(run_shacl(triples, "compiled")) == _key(run_shacl(triples, "pyshacl"))


def test_shacl_compiled_fixture_violates_every_compiled_component() -> None:
    """One result per component, each from a shape where no other component can give it."""
    got = {
        (r.focus.removeprefix(ID), r.shape.removeprefix("ikg:"), r.value)
        for r in run_shacl(_triples(DATA / "compiled-edge.ttl"), "compiled").results
    }
    expected = {
        ("edge-c1", "IndustryChainShape-label", ""),  # minCount, sh:alternativePath
        ("edge-i1", "InstitutionShape-countryCode", ""),  # maxCount
        ("edge-i1", "InstitutionShape-countryCode", "chn"),  # pattern
        ("edge-w2", "WorkShape-creator", "Ann"),  # nodeKind
        ("edge-k1", "ContributionShape-role", "Author"),  # in
        ("edge-t1", "TechnologyShape-stage", "mature"),  # in: a language tag is another term
        ("edge-w2", "WorkShape-contribution", ID + "edge-e1"),  # class
        ("edge-k1", "ContributionShape-agent", ID + "edge-i1"),  # class (subclass of Person)
        ("edge-w2", "WorkShape-year", "2020"),  # datatype (a plain string)
        ("edge-e1", "ExpertShape-nameDatatype", "7"),  # or of datatypes
        ("edge-s1", "ShareShape-year", "1899"),  # minInclusive
        ("edge-r1", "RegionShape-latitude", "91.0"),  # maxInclusive, value as given
        ("edge-m1", "MentionShape-start", "7"),  # lessThan
        ("edge-t1", "TechnologyShape-prefLabel-uniqueLang", ""),  # uniqueLang
        ("edge-m1", "MentionShape-confidence", "abc"),  # ill-typed decimal
        ("edge-k1", "ContributionShape-position", "0.0"),  # a value that is 0 is still shown
    }
    assert expected <= got


def test_shacl_compiled_store_report_equals_pyshacl(tmp_path: Path) -> None:
    """ikg validate over a store of several sources: the compiled report is pySHACL's over
    every source triple (the metadata graph's source records are left out, as before)."""
    store = OxigraphStore(tmp_path / "store", replace(Settings(), shacl_engine="compiled"))
    with store.writer() as w:
        w.replace_source("a", _triples(DATA / "valid.ttl"), records=1)
        w.replace_source("b", _triples(DATA / "work-invalid.ttl"), records=1)
        w.replace_source("c", _triples(DATA / "compiled-edge.ttl"), records=1)
        w.replace_source("d", _triples(DATA / "expert-invalid.ttl"), records=1)
    report = validate_store(store)
    every = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()]
    assert len(report.results) > 40
    assert _key(report) == _key(run_shacl(every, "pyshacl"))


UNSUPPORTED = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <urn:ex:> .
ex:Compiled a sh:NodeShape ; sh:targetClass ex:C ;
    sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:message "needs p" ] .
ex:Named a sh:NodeShape ; sh:targetNode ex:n1 ;
    sh:property [ sh:path ex:q ; sh:minCount 1 ; sh:message "n1 needs q" ] .
ex:Closed a sh:NodeShape ; sh:targetClass ex:D ; sh:closed true ;
    sh:ignoredProperties ( <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ) ;
    sh:property [ sh:path ex:p ; sh:message "D: p only" ] .
"""


def test_shacl_compiled_unsupported_shapes_go_to_pyshacl(monkeypatch, tmp_path: Path) -> None:
    """Shapes using what is not compiled (sh:targetNode, sh:closed) are validated by pySHACL,
    never skipped; the compiled one is not reported twice."""
    folder = tmp_path / "shapes"
    folder.mkdir()
    (folder / "s.ttl").write_text(UNSUPPORTED)
    monkeypatch.setattr(shacl, "SHAPES_DIR", folder)
    shacl.shapes_graph.cache_clear()
    shacl._ox_shapes_and_ontology.cache_clear()
    try:
        plan = compiled_plan()
        assert [t.name for t in plan.targets] == ["ex:Compiled"]
        assert sorted(plan.fallback_shapes) == ["ex:Closed", "ex:Named"]
        ex = "urn:ex:"
        typ = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        data = [
            ox.Triple(ox.NamedNode(ex + "c1"), typ, ox.NamedNode(ex + "C")),
            ox.Triple(ox.NamedNode(ex + "n1"), ox.NamedNode(ex + "p"), ox.Literal("x")),
            ox.Triple(ox.NamedNode(ex + "d1"), typ, ox.NamedNode(ex + "D")),
            ox.Triple(ox.NamedNode(ex + "d1"), ox.NamedNode(ex + "r"), ox.Literal("y")),
        ]
        report = run_shacl(data, "compiled")
        assert {(r.focus, r.shape) for r in report.results} == {
            (ex + "c1", "ex:Compiled"),
            (ex + "n1", "ex:Named"),
            (ex + "d1", "ex:Closed"),  # the closed shape's own result: ex:r is not allowed
        }
        assert _key(report) == _key(run_shacl(data, "pyshacl"))
    finally:
        monkeypatch.undo()
        shacl.shapes_graph.cache_clear()
        shacl._ox_shapes_and_ontology.cache_clear()


def test_shacl_compiled_store_metadata_graph_linked_names_each_graph(tmp_path: Path) -> None:
    """When the metadata graph says something about a data node, the union of all graphs is
    not the data: the queries name each source graph, and the report stays pySHACL's over the
    source graphs (a year and a second title stated only in the metadata graph do not count)."""
    store = OxigraphStore(tmp_path / "store", replace(Settings(), shacl_engine="compiled"))
    with store.writer() as w:
        w.replace_source("b", _triples(DATA / "work-invalid.ttl"), records=1)
    paper = f"<{ID}paper/t/P2>"
    meta = f"<{shacl.vocab.META_GRAPH.value}>"
    with store.writer() as w:
        w.update(
            f"INSERT DATA {{ GRAPH {meta} {{ {paper} <https://w3id.org/ikg/ontology#year> 1800 ; "
            f'<http://purl.org/dc/terms/title> "a"@en, "b"@en . }} }}'
        )
    assert any(q.subject.value == ID + "paper/t/P2" for q in store.quads(shacl.vocab.META_GRAPH))
    report = validate_store(store)
    every = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()]
    assert _key(report) == _key(run_shacl(every, "pyshacl"))
    assert not any(r.value == "1800" for r in report.results)


NOT_COMPILED = {
    "sequence path": "sh:path ( ex:p ex:q ) ; sh:minCount 1",
    "inverse path": "sh:path [ sh:inversePath ex:p ] ; sh:minCount 1",
    "sh:node": "sh:path ex:p ; sh:node ex:Other",
    "qualified shape": "sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:C ] ; "
    "sh:qualifiedMinCount 1",
    "two messages": 'sh:path ex:p ; sh:minCount 1 ; sh:message "a"@en, "b"@de',
    "no message": "sh:path ex:p ; sh:minCount 1",
    "deactivated": "sh:path ex:p ; sh:minCount 1 ; sh:deactivated true",
    "or of classes": "sh:path ex:p ; sh:or ( [ sh:class ex:C ] [ sh:class ex:D ] )",
    "languageIn": 'sh:path ex:p ; sh:languageIn ( "en" )',
}


@pytest.mark.parametrize("feature", sorted(NOT_COMPILED))
def test_shacl_compiled_plan_sends_what_it_does_not_compile_to_pyshacl(feature: str) -> None:
    body = NOT_COMPILED[feature]
    if "sh:message" not in body and feature != "no message":
        body += ' ; sh:message "m"'
    text = (
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <urn:ex:> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:S-p .\n"
        f"ex:S-p a sh:PropertyShape ; {body} .\n"
        "ex:T a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:maxCount 1 ; "
        'sh:message "one p" ] .\n'
    )
    plan = build_plan(rdflib.Graph().parse(data=text, format="turtle"))
    assert [t.name for t in plan.targets] == ["ex:T"]  # the plain shape still compiles
    assert plan.fallback_shapes == ["ex:S"] and plan.fallback is not None
    assert (rdflib.URIRef("urn:ex:S"), SH.targetClass, rdflib.URIRef("urn:ex:C")) in plan.fallback
