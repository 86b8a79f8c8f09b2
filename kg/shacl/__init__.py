"""SHACL: the shapes and ontology of ``ontology/``, the two engines (pyshacl-turbo, and
pySHACL as the reference) and whole-store validation. The ingest gate that quarantines
records is ``ingest.validate``; ``ikg validate`` and the app use ``validate_store``.
"""

from __future__ import annotations

import functools
import io
import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, SH

from kg import schemes, vocab
from kg.errors import ValidationError
from kg.queries import load
from kg.settings import ONTOLOGY_DIR, SHAPES_DIR
from kg.shacl.batch import Batch, run_batch
from kg.shacl.compiled import Compiled, closure, value_text
from kg.shacl.plan import Plan, build_plan
from kg.shacl.report import Report, Result, make_report, rdflib_term, shape_name, short
from kg.store.base import Store

__all__ = ["Report", "Result", "run_shacl", "run_pyshacl", "run_turbo", "validate_store"]


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
        if hit is None:
            hit = rdflib_term(t)
            if len(cache) < 2_000_000:
                cache[t] = hit
        return hit

    add = g.add
    for t in triples:
        add((conv(t.subject), conv(t.predicate), conv(t.object)))
    return g


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
    if engine == "compiled":
        return run_compiled(triples)
    if engine != "turbo":
        raise ValidationError(f"unknown SHACL engine {engine!r}; use compiled, turbo or pyshacl")
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


def run_pyshacl(data: rdflib.Graph, shapes: rdflib.Graph | None = None) -> Report:
    """pySHACL over ``data`` with the shapes (all of them, or the graph given)."""
    import pyshacl

    shapes = shapes if shapes is not None else shapes_graph()
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
    return _report(results_graph, shapes)


def _report(results_graph: rdflib.Graph, shapes: rdflib.Graph | None = None) -> Report:
    shapes = shapes if shapes is not None else shapes_graph()
    results = []
    for r in results_graph.subjects(RDF.type, SH.ValidationResult):
        sev = results_graph.value(r, SH.resultSeverity)
        results.append(
            Result(
                focus=str(results_graph.value(r, SH.focusNode)),
                path=short(results_graph.value(r, SH.resultPath)),
                shape=shape_name(shapes, results_graph.value(r, SH.sourceShape)),
                severity=str(sev).rsplit("#", 1)[-1] if sev else "Violation",
                message=str(results_graph.value(r, SH.resultMessage) or ""),
                value=value_text(results_graph.value(r, SH.value)),
            )
        )
    return make_report(results)


def validate_store(store: Store) -> Report:
    """SHACL over the union of all graphs (the ontology's subclasses count).

    The compiled engine on the embedded store asks the store itself (``validate_store_compiled``);
    on a remote store it checks the triples in memory (``run_compiled``). With pyshacl-turbo on
    the embedded store the data never becomes Python terms: the store
    serialises each graph's triples whose predicate a shape can look at (``shape_predicates``;
    a CONSTRUCT) and that N-Triples text goes to the engine. Text with a blank node takes the
    term path: the store's serialisation names blank nodes afresh, and the report names them by
    the store's ids. (The text is searched for "_:" instead of asking the store first: that
    ASK read every triple again, 15 % of the run at 20,000 works; "_:" inside a literal only
    sends the run down the slower path, to the same report.)"""
    engine = store.settings.shacl_engine
    if engine == "compiled" and store.kind == "oxigraph":
        report = validate_store_compiled(store)
        if report is not None:
            return report
        engine = "turbo"  # the ontology's own triples would count: the engine reads them too
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


def compiled_plan() -> Plan:
    """The compiled form of the shapes (cached while the shapes graph is the same object)."""
    shapes = shapes_graph()
    if _PLAN.get("shapes") is not shapes:
        _PLAN.clear()
        _PLAN.update(shapes=shapes, plan=build_plan(shapes))
    return _PLAN["plan"]


_PLAN: dict[str, Any] = {}


def compiled_batch(triples: Iterable[ox.Triple | ox.Quad]) -> Batch | None:
    """The triples indexed for the compiled checks (``run_batch_report``), with the subjects
    and objects of all of them (``Batch.subjects``/``objects``); add the context with
    ``Batch.add`` and the ontology with ``add_ontology``. None when some shape is not compiled
    (its pySHACL run needs the triples themselves)."""
    if compiled_plan().fallback is not None:
        return None
    return Batch(triples, shape_predicates(), nodes=True)


def add_ontology(batch: Batch) -> None:
    batch.add(_ontology_quads())


def ontology_triples() -> list[ox.Triple]:
    """The ontology's triples (part of every validation's data)."""
    return [q.triple for q in _ontology_quads()]


def run_batch_report(batch: Batch) -> Report:
    """The compiled shapes' report on an indexed batch (``compiled_batch``)."""
    return make_report(run_batch(compiled_plan(), batch, set()))


def run_compiled(triples: list[ox.Triple | ox.Quad]) -> Report:
    """The compiled validator over triples (the ingest gate): they and the ontology are
    indexed by predicate (only those whose predicate a shape can look at) and each compiled
    constraint is checked over the index (``kg.shacl.batch``); the shapes that did not
    compile go to pySHACL with the same triples."""
    batch = Batch(itertools.chain(triples, _ontology_quads()), shape_predicates())
    p = compiled_plan()
    results = run_batch(p, batch, set())
    if p.fallback is not None:
        results += run_pyshacl(to_rdflib(triples), p.fallback).results
    return make_report(results)


def _ontology_quads() -> list[ox.Quad]:
    return _ox_shapes_and_ontology()[1]


def validate_store_compiled(store: Store) -> Report | None:
    """The compiled validator over the store's source graphs; None when the ontology types one
    of its own subjects (in itself or in the data) with a class the shapes name: its triples
    would then count, and they need not be in the store.

    The queries run over the union of all graphs (several times faster in pyoxigraph than a
    FROM per graph) when the metadata graph is apart from the rest (``shacl/meta_apart``);
    results on its own nodes are then left out. Otherwise each source graph is named."""
    meta = {"meta": vocab.META_GRAPH}
    nodes = {
        term
        for q in store.quads(vocab.META_GRAPH)
        for term in (q.subject, q.object if q.predicate != vocab.TYPE else None)
        if isinstance(term, (ox.NamedNode, ox.BlankNode))
    }
    apart = not nodes or not store.ask(
        load("shacl/met_elsewhere"), meta | {"n": sorted(nodes, key=str)}
    )
    froms = "" if apart else " ".join(f"FROM {g}" for g in store.graphs())

    def data(text: str) -> Any:
        return store.query(text.replace("#FROM#", froms), union=apart)

    p = compiled_plan()
    run = Compiled(p, data, ontology_graph())
    if _ontology_counts(p, run, data):
        return None
    results = run.run()
    if apart:
        skip = {q.subject.value for q in store.quads(vocab.META_GRAPH)}
        results = [r for r in results if r.focus not in skip]
    if p.fallback is not None:
        every = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()]
        results += run_pyshacl(to_rdflib(every), p.fallback).results
    return make_report(results)


def _ontology_counts(p: Plan, run: Compiled, data: Any) -> bool:
    onto = ontology_graph()
    named = {c for cls in p.classes() for c in closure(run.pairs, str(cls))}
    subjects = {s for s in onto.subjects() if isinstance(s, rdflib.URIRef)}
    if any(str(t) in named for s in subjects for t in onto.objects(s, RDF.type)):
        return True
    nodes = sorted(str(ox.NamedNode(str(s))) for s in subjects)
    for i in range(0, len(nodes), 500):
        text = load("shacl/types_of").replace("#NODES#", " ".join(nodes[i : i + 500]))
        if any(row["t"].value in named for row in data(text)):
            return True
    return False
