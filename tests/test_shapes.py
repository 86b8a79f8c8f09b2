"""SHACL shapes (ontology/shapes/*.ttl) on tiny valid and invalid fixtures, with pySHACL."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib import RDF, URIRef

from kg.schemes import SHAPES_DIR, ontology_graph, shapes_graph
from kg.vocab import IKG

DATA = Path(__file__).parent / "data" / "shapes"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
ALT = "alternativePath"

# fixture -> {(focus local id, source shape, result path local name, severity)}
EXPECTED: dict[str, set[tuple[str, str, str, str]]] = {
    "expert-invalid.ttl": {
        ("E2", "ExpertShape-name", "name", "Violation"),
        ("E2", "ExpertShape-orcid", "orcid", "Violation"),
        ("E2", "ExpertShape-email", "email", "Violation"),
        ("E2", "ExpertShape-affiliation", "memberOf", "Warning"),
    },
    "institution-invalid.ttl": {
        ("U2", "InstitutionShape-prefLabel", "prefLabel", "Violation"),
        ("U2", "InstitutionShape-ror", "ror", "Violation"),
        ("U2", "InstitutionShape-countryCode", "countryCode", "Violation"),
    },
    "work-invalid.ttl": {
        ("P2", "WorkShape-title", "title", "Violation"),
        ("P2", "WorkShape-year", "year", "Violation"),
        ("P2", "WorkShape-subject", "subject", "Warning"),
        ("P2", "PaperShape-doi", "doi", "Violation"),
        ("P2-1", "ContributionShape-agent", "agent", "Violation"),
        ("P2-1", "ContributionShape-role", "role", "Violation"),
        ("P2-1", "ContributionShape-position", "authorPosition", "Violation"),
    },
    "patent-invalid.ttl": {("T2", "PatentShape-year", "year", "Violation")},
    "project-invalid.ttl": {
        ("J2", "WorkShape-year", "year", "Violation"),
        ("J2", "ProjectShape-budget", "budget", "Violation"),
    },
    "report-invalid.ttl": {
        ("R2", "WorkShape-title", "title", "Violation"),
        ("R2", "ReportShape-year", "year", "Warning"),
    },
    "technology-invalid.ttl": {
        ("x2", "TechnologyShape-prefLabel-uniqueLang", "prefLabel", "Warning"),
        ("x2", "TechnologyShape-inScheme", "inScheme", "Violation"),
        ("x2", "TechnologyShape-trl", "trl", "Violation"),
        ("x2", "TechnologyShape-stage", "lifeCycleStage", "Violation"),
    },
    "industry-invalid.ttl": {
        ("I2", "IndustryShape-prefLabel", "prefLabel", "Violation"),
        ("I2", "IndustryShape-notation", "notation", "Violation"),
    },
    "chain-invalid.ttl": {
        ("CH2", "IndustryChainShape-label", ALT, "Violation"),
        ("S3", "ChainSegmentShape-position", "position", "Violation"),
        ("S3", "ChainSegmentShape-order", "order", "Violation"),
        ("x", "ProductShape-kind", "itemKind", "Violation"),
        ("P", "ProviderShape-kind", "providerKind", "Violation"),
        ("SH3", "ShareShape-provider", "provider", "Violation"),
        ("SH3", "ShareShape-value", "shareValue", "Violation"),
    },
    "demand-invalid.ttl": {
        ("D2", "DemandShape-title", "title", "Violation"),
        ("D2", "DemandShape-subject", "subject", "Warning"),
    },
    "region-invalid.ttl": {
        ("x", "RegionShape-prefLabel", "prefLabel", "Violation"),
        ("x", "RegionShape-latitude", "latitude", "Violation"),
    },
    "mention-invalid.ttl": {
        ("M2", "MentionShape-text", "mentionText", "Violation"),
        ("M2", "MentionShape-start", "startOffset", "Violation"),
        ("M2", "MentionShape-derivedFrom", "wasDerivedFrom", "Violation"),
        ("M2", "MentionShape-confidence", "confidence", "Violation"),
    },
}
SHAPED_CLASSES = [
    "Expert", "Institution", "Technology", "Industry", "IndustryChain", "ChainSegment",
    "Product", "Provider", "Share", "Paper", "Patent", "Project", "Report", "Work", "Demand",
    "Region", "Mention", "Contribution", "Source",
]  # fmt: skip
AREA_FILES = {
    "people.ttl", "institutions.ttl", "works.ttl", "concepts.ttl", "chains.ttl",
    "demands.ttl", "regions.ttl", "provenance.ttl",
}  # fmt: skip


@pytest.fixture(scope="module")
def graphs() -> tuple[rdflib.Graph, rdflib.Graph]:
    return shapes_graph(), ontology_graph()


def _local(node: rdflib.term.Node | None) -> str:
    if isinstance(node, URIRef):
        return str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return ALT  # a blank-node path: only sh:alternativePath is used


def validate(
    data: rdflib.Graph, graphs: tuple[rdflib.Graph, rdflib.Graph], **kw: object
) -> tuple[bool, set[tuple[str, str, str, str]]]:
    shapes, ont = graphs
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ont, inference="none", advanced=True, **kw
    )
    rows = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        rows.add(
            (
                _local(report.value(r, SH.focusNode)),
                _local(report.value(r, SH.sourceShape)),
                _local(report.value(r, SH.resultPath)),
                _local(report.value(r, SH.resultSeverity)),
            )
        )
    return bool(conforms), rows


def test_shapes_valid_fixture_conforms(graphs: tuple[rdflib.Graph, rdflib.Graph]) -> None:
    data = rdflib.Graph().parse(DATA / "valid.ttl")
    conforms, rows = validate(data, graphs)
    assert conforms and not rows, rows
    # every shaped class is exercised by the valid fixture (directly or as a subclass)
    ont = graphs[1]
    typed = set(data.objects(None, RDF.type))
    closure = {c for t in typed for c in ont.transitive_objects(t, rdflib.RDFS.subClassOf)}
    for name in set(SHAPED_CLASSES) - {"Institution", "Work"}:
        assert URIRef(IKG[name].value) in closure, name


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_shapes_invalid_fixture_reports(
    fixture: str, graphs: tuple[rdflib.Graph, rdflib.Graph]
) -> None:
    conforms, rows = validate(rdflib.Graph().parse(DATA / fixture), graphs)
    assert not conforms
    assert rows == EXPECTED[fixture]


def test_shapes_subclass_needs_ontology(graphs: tuple[rdflib.Graph, rdflib.Graph]) -> None:
    """An ikg:University is checked by InstitutionShape only when the ontology is given."""
    data = rdflib.Graph().parse(DATA / "institution-invalid.ttl")
    shapes, _ = graphs
    conforms, _, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    assert conforms  # no rdfs:subClassOf triples in the data: the target misses it
    conforms, rows = validate(data, graphs)
    assert not conforms and all(r[1].startswith("InstitutionShape") for r in rows)


def test_shapes_warnings_do_not_break_conformance(
    graphs: tuple[rdflib.Graph, rdflib.Graph],
) -> None:
    data = rdflib.Graph().parse(
        data="""@prefix ikg: <https://w3id.org/ikg/ontology#> .
        <https://w3id.org/ikg/id/expert/t/E9> a ikg:Expert ;
            <http://xmlns.com/foaf/0.1/name> "Li Si" .""",
        format="turtle",
    )
    conforms, rows = validate(data, graphs, allow_warnings=True)
    assert conforms
    assert rows == {("E9", "ExpertShape-affiliation", "memberOf", "Warning")}


def test_shapes_every_class_has_shape_and_messages(
    graphs: tuple[rdflib.Graph, rdflib.Graph],
) -> None:
    shapes, _ = graphs
    assert {p.name for p in SHAPES_DIR.glob("*.ttl")} == AREA_FILES
    for name in SHAPED_CLASSES:
        shape = URIRef(IKG[f"{name}Shape"].value)
        assert (shape, RDF.type, SH.NodeShape) in shapes, name
        assert (shape, SH.targetClass, URIRef(IKG[name].value)) in shapes, name
    for prop in set(shapes.objects(None, SH.property)):
        messages = [str(m) for m in shapes.objects(prop, SH.message)]
        assert len(messages) == 1 and len(messages[0]) > 30, prop
