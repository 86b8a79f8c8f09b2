"""The SHACL report every engine returns (Result, Report), its order, and the term
conversions shared by the engines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from kg import vocab
from kg.errors import ValidationError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass
class Result:
    focus: str
    path: str
    shape: str
    severity: str
    message: str
    value: str = ""

    def as_json(self) -> dict[str, str]:
        return {
            "focus": self.focus,
            "path": self.path,
            "shape": self.shape,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass
class Report:
    conforms: bool
    results: list[Result] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"conforms": self.conforms, "results": [r.as_json() for r in self.results]}


def make_report(results: list[Result]) -> Report:
    """A report in its one order. The value counts too: the engine's order of two results that
    differ only by it changes from run to run (quarantine reasons and `ikg validate --json`
    were not the same twice)."""
    results.sort(
        key=lambda x: (x.severity != "Violation", x.focus, x.path, x.shape, x.message, x.value)
    )
    violations = any(x.severity == "Violation" for x in results)
    return Report(conforms=not violations, results=results)


def rdflib_term(t: object) -> rdflib.term.Node:
    """A pyoxigraph term as the rdflib term pySHACL sees (xsd:string literals plain)."""
    if isinstance(t, ox.NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return rdflib.BNode(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        if t.datatype.value == XSD_STRING:
            return rdflib.Literal(t.value)
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))
    raise ValidationError(f"cannot validate an RDF-star term: {t}")


def shape_name(shapes: rdflib.Graph, shape: rdflib.term.Node) -> str:
    """How a report names a shape: a blank property shape by the node shape holding it."""
    if isinstance(shape, rdflib.BNode):
        parent = next(shapes.subjects(SH.property, shape), None)
        if parent is not None and not isinstance(parent, rdflib.BNode):
            shape = parent
    return (
        shapes.namespace_manager.normalizeUri(shape)
        if isinstance(shape, rdflib.URIRef)
        else str(shape)
    )


def short(node: rdflib.term.Node | None) -> str:
    """A result path or IRI in the report: prefixed when ikg knows the namespace."""
    if node is None:
        return ""
    if isinstance(node, rdflib.URIRef):
        for prefix, ns in vocab.PREFIXES.items():
            if str(node).startswith(ns) and prefix not in ("id",):
                return f"{prefix}:{str(node)[len(ns) :]}"
    return str(node)
