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
    """pyoxigraph triples (quads flattened) as an rdflib Graph, via N-Triples."""
    g = rdflib.Graph()
    if triples:
        flat = [ox.Triple(t.subject, t.predicate, t.object) for t in triples]
        g.parse(data=ox.serialize(flat, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return g


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


class ShaclGate:
    """Validator stage: splits records into those that land and those quarantined."""

    def __init__(self, store: Any = None) -> None:
        self.store = store
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
        reader = self.store.reader() if hasattr(self.store, "reader") else None
        if reader is None:
            return out
        for node in refs:
            for q in reader.quads_for_pattern(node, vocab.TYPE, None, None):
                out.append(ox.Triple(q.subject, q.predicate, q.object))
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
            data = to_rdflib([t for r in ok for t in r.triples] + context)
            report = run_pyshacl(data)
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
                idx = owners.get(res.focus) or subject_of.get(res.focus) or []
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
