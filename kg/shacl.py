"""SHACL: the shapes and ontology of ``ontology/``, the two engines (pyshacl-turbo, and
pySHACL as the reference) and whole-store validation. The ingest gate that quarantines
records is ``ingest.validate``; ``ikg validate`` and the app use ``validate_store``.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, SH

from kg import schemes, vocab
from kg.errors import ValidationError
from kg.queries import load
from kg.settings import ONTOLOGY_DIR, SHAPES_DIR
from kg.store.base import Store


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


def shape_files() -> list[Path]:
    """The shape files of ``ontology/shapes/``. None at all is an error (exit 2): without them
    every record would pass the gate unchecked."""
    files = sorted(SHAPES_DIR.glob("*.ttl"))
    if not files:
        raise ValidationError(
            f"no SHACL shapes (*.ttl) in {SHAPES_DIR}: nothing could be validated. Restore the "
            "folder from the ikg repository (git checkout -- ontology/shapes) or reinstall ikg"
        )
    return files


@functools.lru_cache(maxsize=1)
def shapes_graph() -> rdflib.Graph:
    """The shapes of ``ontology/shapes/*.ttl`` (cached); a broken file is a ValidationError."""
    graph = rdflib.Graph()
    for path in shape_files():
        try:
            graph.parse(path, format="turtle")
        except Exception as e:  # noqa: BLE001 - rdflib raises many types
            raise ValidationError(f"the SHACL shapes in {path} do not parse: {e}") from None
    return graph


@functools.lru_cache(maxsize=1)
def ontology_graph() -> rdflib.Graph:
    try:
        return schemes.ontology_graph()
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
    for f in shape_files():
        try:
            shapes.load(path=str(f), format=ox.RdfFormat.TURTLE)
        except SyntaxError as e:
            raise ValidationError(f"the SHACL shapes in {f} do not parse: {e}") from None
    onto = [
        q
        for f in sorted(ONTOLOGY_DIR.glob("*.ttl"))
        for q in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE)
    ]
    return shapes, onto


def run_shacl(triples: list[ox.Triple | ox.Quad], engine: str = "turbo") -> Report:
    """Validate triples with the configured engine; both give the same report (tested).

    ``turbo`` is pyshacl-turbo (Rust, pySHACL-compatible) given the data as a pyoxigraph
    Store's N-Quads would be (the only input where its results equal pySHACL's), with the
    ontology added so its subclasses count, and only the triples the shapes can look at
    (``shape_predicates``). ``pyshacl`` is the reference engine.
    """
    if engine == "pyshacl":
        return run_pyshacl(to_rdflib(triples))
    if engine != "turbo":
        raise ValidationError(f"unknown SHACL engine {engine!r}; use turbo or pyshacl")
    keep = shape_predicates()
    wanted = (
        ox.Triple(t.subject, t.predicate, t.object) if isinstance(t, ox.Quad) else t
        for t in triples
        if keep is None or t.predicate.value in keep
    )
    return run_turbo_text(ox.serialize(wanted, format=ox.RdfFormat.N_TRIPLES) or b"")


SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
PATH_PROPS = ("path", "lessThan", "lessThanOrEquals", "equals", "disjoint")


_DERIVED: dict[str, Any] = {}


def _derived(name: str, build: Any) -> Any:
    """A value derived from the shapes and ontology, kept while they stay the same objects
    (clearing ``_ox_shapes_and_ontology``'s cache clears these too)."""
    base = _ox_shapes_and_ontology()
    if _DERIVED.get("base") is not base:
        _DERIVED.clear()
        _DERIVED["base"] = base
    if name not in _DERIVED:
        _DERIVED[name] = build(*base)
    return _DERIVED[name]


def shape_predicates() -> frozenset[str] | None:
    """The predicates a shape can look at: those its paths (sh:path, and the properties
    sh:lessThan/equals/disjoint compare with) are made of, rdf:type and rdfs:subClassOf. A
    triple with another predicate changes no result. None when a shape is sh:closed or
    targets subjects/objects of a property: then every predicate counts."""
    return _derived("predicates", _path_predicates)


def _path_predicates(shapes: ox.Store, _onto: list[ox.Quad]) -> frozenset[str] | None:
    for kind in ("closed", "targetSubjectsOf", "targetObjectsOf"):
        if any(shapes.quads_for_pattern(None, ox.NamedNode(str(SH[kind])), None)):
            return None
    out = {str(RDF.type), SUBCLASS_OF}
    todo: list[object] = [
        q.object
        for p in PATH_PROPS
        for q in shapes.quads_for_pattern(None, ox.NamedNode(str(SH[p])), None)
    ]
    seen: set[object] = set()
    while todo:  # a complex path: blank nodes and lists down to the property IRIs
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        if isinstance(node, ox.NamedNode):
            out.add(node.value)
        elif isinstance(node, ox.BlankNode):
            todo.extend(q.object for q in shapes.quads_for_pattern(node, None, None))
    out.discard(str(RDF.nil))
    return frozenset(out)


def _compile(shapes: ox.Store, _onto: list[ox.Quad]) -> Any:
    import pyshacl_turbo

    try:
        return pyshacl_turbo.compile_shapes(shapes, advanced=True)
    except Exception as e:  # noqa: BLE001 - the engine's own errors
        raise ValidationError(f"the SHACL shapes do not compile: {e}") from None


def _ontology_ntriples(_shapes: ox.Store, onto: list[ox.Quad]) -> bytes:
    return ox.serialize([q.triple for q in onto], format=ox.RdfFormat.N_TRIPLES) or b""


def run_turbo(data: ox.Store) -> Report:
    """pyshacl-turbo over a data store (its default graph; the ontology is added to it)."""
    return run_turbo_text(data.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()))


def run_turbo_text(ntriples: bytes) -> Report:
    """pyshacl-turbo over N-Triples (repeated lines count once), the ontology added; the input
    is what pyshacl-turbo makes of a pyoxigraph Store (its own dump), so the report is the
    one it gives for the store. The shapes are compiled once per process."""
    from pyshacl_turbo.rdf import Input

    onto = _derived("ontology", _ontology_ntriples)
    text = ntriples.decode("utf-8") + "\n" + onto.decode("utf-8")
    data = Input(text, "oxigraph-nquads", None, {}, preserve_ids=True)
    try:
        _, results_graph, _ = _derived("compiled", _compile).validate(
            data, allow_infos=True, allow_warnings=True, abort_on_first=False
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
    # the value too: the engine's order of two results that differ only by it changes from run
    # to run (quarantine reasons and `ikg validate --json` were not the same twice)
    results.sort(
        key=lambda x: (x.severity != "Violation", x.focus, x.path, x.shape, x.message, x.value)
    )
    violations = any(x.severity == "Violation" for x in results)
    return Report(conforms=not violations, results=results)


def validate_store(store: Store) -> Report:
    """SHACL over the union of all graphs (the ontology's subclasses count).

    With pyshacl-turbo on the embedded store the data never becomes Python terms: the store
    serialises each graph's triples whose predicate a shape can look at (``shape_predicates``;
    a CONSTRUCT) and that N-Triples text goes to the engine. Text with a blank node takes the
    term path: the store's serialisation names blank nodes afresh, and the report names them by
    the store's ids. (The text is searched for "_:" instead of asking the store first: that
    ASK read every triple again, 15 % of the run at 20,000 works; "_:" inside a literal only
    sends the run down the slower path, to the same report.)"""
    engine = store.settings.shacl_engine
    if engine == "turbo" and store.kind == "oxigraph":
        text = store_ntriples(store, shape_predicates())
        if text is not None and b"_:" not in text:
            return run_turbo_text(text)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()]
    return run_shacl(triples, engine)


def store_ntriples(store: Store, keep: frozenset[str] | None) -> bytes | None:
    """Every graph's triples as N-Triples written by the store, only those whose predicate is
    in ``keep`` (all when None), each line once; None when the store does not answer a
    CONSTRUCT with pyoxigraph triples."""
    if keep is None:
        text = load("export/graph_triples_construct")
    else:
        iris = " ".join(str(ox.NamedNode(p)) for p in sorted(keep))  # serialised IRIs, not text
        text = load("store/shape_triples").replace("#PREDICATES#", iris)
    lines: dict[bytes, None] = {}
    for g in store.graphs():
        answer = store.query(text, {"g": g})
        if not isinstance(answer, ox.QueryTriples):
            return None
        buf = io.BytesIO()
        answer.serialize(buf, ox.RdfFormat.N_TRIPLES)
        lines.update(dict.fromkeys(buf.getvalue().splitlines()))
    return b"\n".join(lines) + b"\n"
