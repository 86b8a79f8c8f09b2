"""The SHACL gate (pySHACL, the reference engine) and whole-store validation.

Each source's new records are validated before they land. A record that owns a focus
node with a ``sh:Violation`` is quarantined with the shape and message; everything valid
still lands. Warnings and infos are reported, never blocking.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, SH

from ingest.types import Quarantined, Record
from kg import vocab
from kg.errors import ValidationError
from kg.queries import load
from kg.settings import ONTOLOGY_DIR, SHAPES_DIR

MAX_ROUNDS = 4


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


@functools.lru_cache(maxsize=1)
def shapes_graph() -> rdflib.Graph:
    """The shapes of ``ontology/shapes/*.ttl`` (cached); a broken file is a ValidationError."""
    from kg import vocabularies

    if not SHAPES_DIR.glob("*.ttl"):
        raise ValidationError(f"no SHACL shapes in {SHAPES_DIR}; the installation is incomplete")
    try:
        return vocabularies.shapes_graph()
    except Exception as e:  # noqa: BLE001 - rdflib raises many types
        raise ValidationError(f"the SHACL shapes in {SHAPES_DIR} do not parse: {e}") from None


@functools.lru_cache(maxsize=1)
def ontology_graph() -> rdflib.Graph:
    from kg import vocabularies

    try:
        return vocabularies.ontology_graph()
    except Exception as e:  # noqa: BLE001
        raise ValidationError(f"the ontology in {ONTOLOGY_DIR} does not parse: {e}") from None


def to_rdflib(triples: list[ox.Triple | ox.Quad]) -> rdflib.Graph:
    """pyoxigraph triples (quads flattened) as an rdflib Graph, converting terms directly."""
    g = rdflib.Graph()
    cache: dict[object, rdflib.term.Node] = {}

    def conv(t: object) -> rdflib.term.Node:
        hit = cache.get(t)
        if hit is not None:
            return hit
        if isinstance(t, ox.NamedNode):
            out: rdflib.term.Node = rdflib.URIRef(t.value)
        elif isinstance(t, ox.BlankNode):
            out = rdflib.BNode(t.value)
        elif isinstance(t, ox.Literal):
            if t.language:
                out = rdflib.Literal(t.value, lang=t.language)
            elif t.datatype.value == _XSD_STRING:
                out = rdflib.Literal(t.value)
            else:
                out = rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))
        else:
            raise ValidationError(f"cannot validate an RDF-star term: {t}")
        if len(cache) < 2_000_000:
            cache[t] = out
        return out

    add = g.add
    for t in triples:
        add((conv(t.subject), conv(t.predicate), conv(t.object)))
    return g


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _shape_name(shapes: rdflib.Graph, shape: rdflib.term.Node) -> str:
    if isinstance(shape, rdflib.BNode):
        parent = next(shapes.subjects(SH.property, shape), None)
        if parent is not None and not isinstance(parent, rdflib.BNode):
            shape = parent
    return (
        shapes.namespace_manager.normalizeUri(shape)
        if isinstance(shape, rdflib.URIRef)
        else str(shape)
    )


def _short(g: rdflib.Graph, node: rdflib.term.Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, rdflib.URIRef):
        for prefix, ns in vocab.PREFIXES.items():
            if str(node).startswith(ns) and prefix not in ("id",):
                return f"{prefix}:{str(node)[len(ns) :]}"
        return str(node)
    return str(node)


@functools.lru_cache(maxsize=1)
def _ox_shapes_and_ontology() -> tuple[ox.Store, list[ox.Quad]]:
    shapes = ox.Store()
    for f in sorted(SHAPES_DIR.glob("*.ttl")):
        shapes.load(path=str(f), format=ox.RdfFormat.TURTLE)
    onto = [
        q
        for f in sorted(ONTOLOGY_DIR.glob("*.ttl"))
        for q in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE)
    ]
    return shapes, onto


def run_shacl(triples: list[ox.Triple | ox.Quad], engine: str = "turbo") -> Report:
    """Validate triples with the configured engine; both give the same report (tested).

    ``turbo`` is pyshacl-turbo (Rust, pySHACL-compatible) with data and shapes both as
    pyoxigraph Stores, the only combination where its results equal pySHACL's; the ontology
    is added to the data so its subclasses count. ``pyshacl`` is the reference engine.
    """
    if engine == "pyshacl":
        return run_pyshacl(to_rdflib(triples))
    if engine != "turbo":
        raise ValidationError(f"unknown SHACL engine {engine!r}; use turbo or pyshacl")
    import pyshacl_turbo

    shapes, onto = _ox_shapes_and_ontology()
    data = ox.Store()
    dg = ox.DefaultGraph()
    data.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, dg) for t in triples)
    data.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, dg) for q in onto)
    try:
        _, results_graph, _ = pyshacl_turbo.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            abort_on_first=False,
            allow_warnings=True,
            allow_infos=True,
            advanced=True,
        )
    except Exception as e:  # noqa: BLE001 - the engine's own errors
        raise ValidationError(f"SHACL validation failed to run: {e}") from None
    return _report(results_graph)


def run_pyshacl(data: rdflib.Graph) -> Report:
    import pyshacl

    shapes = shapes_graph()
    try:
        conforms, results_graph, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            ont_graph=ontology_graph(),
            inference="none",
            abort_on_first=False,
            allow_warnings=True,
            allow_infos=True,
            meta_shacl=False,
            advanced=True,
        )
    except Exception as e:  # noqa: BLE001 - pySHACL's own errors
        raise ValidationError(f"SHACL validation failed to run: {e}") from None
    return _report(results_graph)


def _report(results_graph: rdflib.Graph) -> Report:
    shapes = shapes_graph()
    results = []
    for r in results_graph.subjects(RDF.type, SH.ValidationResult):
        sev = results_graph.value(r, SH.resultSeverity)
        results.append(
            Result(
                focus=str(results_graph.value(r, SH.focusNode)),
                path=_short(results_graph, results_graph.value(r, SH.resultPath)),
                shape=_shape_name(shapes, results_graph.value(r, SH.sourceShape)),
                severity=str(sev).rsplit("#", 1)[-1] if sev else "Violation",
                message=str(results_graph.value(r, SH.resultMessage) or ""),
                value=str(results_graph.value(r, SH.value) or ""),
            )
        )
    results.sort(key=lambda x: (x.severity != "Violation", x.focus, x.path, x.shape, x.message))
    violations = any(x.severity == "Violation" for x in results)
    return Report(conforms=not violations, results=results)


def _states(rec: Record, focus: str, value: str) -> bool:
    for t in rec.triples:
        if isinstance(t.subject, ox.NamedNode) and t.subject.value == focus:
            o = t.object
            if (o.value if isinstance(o, (ox.NamedNode, ox.Literal)) else str(o)) == value:
                return True
    return False


class ShaclGate:
    """Validator stage: splits records into those that land and those quarantined."""

    def __init__(self, store: Any = None, engine: str | None = None) -> None:
        self.store = store
        settings = getattr(store, "settings", None)
        self.engine = engine or getattr(settings, "shacl_engine", "turbo")
        self.warnings: list[Result] = []

    def _context_types(self, records: list[Record]) -> list[ox.Triple]:
        """rdf:type of IRIs the records refer to but do not describe (from the store)."""
        if self.store is None:
            return []
        described = {t.subject for r in records for t in r.triples}
        refs = {
            t.object
            for r in records
            for t in r.triples
            if isinstance(t.object, ox.NamedNode) and t.object not in described
        }
        refs = {r for r in refs if r.value.startswith(vocab.ID_BASE)}
        out: list[ox.Triple] = []
        nodes = sorted(refs, key=lambda n: n.value)
        query = load("store/types_of")
        for i in range(0, len(nodes), 500):
            values = " ".join(str(n) for n in nodes[i : i + 500])  # serialised IRIs, not text
            for row in self.store.select(query.replace("#VALUES#", values)):
                out.append(ox.Triple(row["s"], vocab.TYPE, row["t"]))
        return out

    def run(self, records: list[Record]) -> tuple[list[Record], list[Quarantined]]:
        quarantined: list[Quarantined] = []
        ok: list[Record] = []
        for r in records:
            if r.errors:
                quarantined.append(Quarantined(r.file, r.locator, "; ".join(r.errors)))
            else:
                ok.append(r)
        context = self._context_types(ok)
        for _ in range(MAX_ROUNDS):
            if not ok:
                break
            # records repeat shared nodes (an author in many works): validate each triple once
            unique = list(dict.fromkeys(t for r in ok for t in r.triples))
            report = run_shacl(unique + context, self.engine)
            self.warnings = [x for x in report.results if x.severity != "Violation"]
            bad = [x for x in report.results if x.severity == "Violation"]
            if not bad:
                break
            owners: dict[str, list[int]] = defaultdict(list)
            for i, r in enumerate(ok):
                for s in r.subjects:
                    owners[s.value].append(i)
            subject_of: dict[str, list[int]] = defaultdict(list)
            for i, r in enumerate(ok):
                for t in r.triples:
                    if isinstance(t.subject, ox.NamedNode):
                        subject_of[t.subject.value].append(i)
            drop: dict[int, list[Result]] = defaultdict(list)
            for res in bad:
                # the records that stated the offending value, else those owning the focus node
                idx = [
                    i
                    for i in subject_of.get(res.focus, [])
                    if res.value and _states(ok[i], res.focus, res.value)
                ]
                idx = idx or owners.get(res.focus) or subject_of.get(res.focus) or []
                for i in set(idx):
                    drop[i].append(res)
            if not drop:
                break
            for i, results in sorted(drop.items()):
                r = ok[i]
                reason = "; ".join(
                    f"{x.shape}: {x.message}"
                    + (
                        f" (path {x.path}" + (f", value {x.value!r})" if x.value else ")")
                        if x.path
                        else ""
                    )
                    for x in results[:5]
                )
                first = results[0]
                quarantined.append(
                    Quarantined(
                        r.file,
                        r.locator,
                        reason,
                        shape=first.shape,
                        focus=first.focus,
                        path=first.path,
                    )
                )
            ok = [r for i, r in enumerate(ok) if i not in drop]
        return ok, quarantined
