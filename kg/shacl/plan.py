"""Which shapes the compiled validator runs, read from the shapes graph.

A shape is compiled when it targets classes (sh:targetClass) and every property shape under
it uses only the constraint components ``kg.shacl.compiled`` implements, each with one
sh:message. Every other shape (other targets, sh:node, sh:closed, qualified shapes, SPARQL
constraints, a path that is not an IRI or sh:alternativePath of IRIs, no message, ...) goes
to pySHACL with its whole description (``Plan.fallback``): nothing is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg.shacl.report import shape_name, short

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
NOTE = {RDF.type, RDFS.label, RDFS.comment, SH.name, SH.description, SH.order, SH.group}
NODE_KEYS = NOTE | {SH.targetClass, SH.property}
VALUE_KEYS = {
    SH.nodeKind, SH["in"], SH.datatype, SH["class"], SH.pattern, SH.minInclusive,
    SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.lessThan, SH["or"],
}  # fmt: skip
PROPERTY_KEYS = NOTE | VALUE_KEYS | {
    SH.path, SH.message, SH.severity, SH.minCount, SH.maxCount, SH.flags, SH.uniqueLang,
}  # fmt: skip
NODE_KINDS = {
    SH.IRI,
    SH.BlankNode,
    SH.Literal,
    SH.BlankNodeOrIRI,
    SH.BlankNodeOrLiteral,
    SH.IRIOrLiteral,
}


@dataclass
class Check:
    """One property shape under a compiled node shape."""

    node: rdflib.term.Node
    name: str  # the shape as the report names it
    path: str  # the result path as the report gives it
    predicates: list[rdflib.URIRef]
    severity: str
    message: str
    params: dict[rdflib.URIRef, list[rdflib.term.Node]]
    or_datatypes: list[list[rdflib.URIRef]] = field(default_factory=list)


@dataclass
class Target:
    """A compiled node shape: its target classes and property shapes."""

    name: str
    classes: list[rdflib.URIRef]
    checks: list[Check]


@dataclass
class Plan:
    targets: list[Target]
    fallback: rdflib.Graph | None  # the shapes pySHACL runs; None when every shape compiled
    fallback_shapes: list[str]

    def classes(self) -> set[rdflib.URIRef]:
        """Every class the compiled shapes name (targets and sh:class)."""
        out = {c for t in self.targets for c in t.classes}
        for t in self.targets:
            for c in t.checks:
                out.update(x for x in c.params.get(SH["class"], []) if isinstance(x, rdflib.URIRef))
        return out


def _keys(g: rdflib.Graph, node: rdflib.term.Node) -> set[rdflib.term.Node]:
    return set(g.predicates(node, None))


def _list(g: rdflib.Graph, node: rdflib.term.Node) -> list[rdflib.term.Node] | None:
    """An RDF list's members, None when ``node`` is no well-formed list."""
    out: list[rdflib.term.Node] = []
    seen: set[rdflib.term.Node] = set()
    while node != RDF.nil:
        if node in seen or _keys(g, node) != {RDF.first, RDF.rest}:
            return None
        seen.add(node)
        firsts = list(g.objects(node, RDF.first))
        rests = list(g.objects(node, RDF.rest))
        if len(firsts) != 1 or len(rests) != 1:
            return None
        out.append(firsts[0])
        node = rests[0]
    return out


def _path(g: rdflib.Graph, node: rdflib.term.Node) -> list[rdflib.URIRef] | None:
    if isinstance(node, rdflib.URIRef):
        return [node]
    if isinstance(node, rdflib.BNode) and _keys(g, node) == {SH.alternativePath}:
        alts = list(g.objects(node, SH.alternativePath))
        members = _list(g, alts[0]) if len(alts) == 1 else None
        if members and all(isinstance(m, rdflib.URIRef) for m in members):
            return list(dict.fromkeys(members))  # type: ignore[arg-type]
    return None


def _or_datatypes(g: rdflib.Graph, node: rdflib.term.Node) -> list[rdflib.URIRef] | None:
    """sh:or of shapes that each hold one sh:datatype and nothing else."""
    members = _list(g, node)
    if not members:
        return None
    out = []
    for m in members:
        dts = list(g.objects(m, SH.datatype))
        types = set(g.objects(m, RDF.type)) - {SH.NodeShape}
        if not isinstance(m, rdflib.BNode) or not _keys(g, m) <= {SH.datatype, RDF.type}:
            return None
        if types or len(dts) != 1 or not isinstance(dts[0], rdflib.URIRef):
            return None
        out.append(dts[0])
    return out


def _one(g: rdflib.Graph, node: rdflib.term.Node, key: rdflib.URIRef) -> list[rdflib.term.Node]:
    return list(g.objects(node, key))


def _params_ok(g: rdflib.Graph, node: rdflib.term.Node) -> bool:
    for key in (SH.minCount, SH.maxCount):
        vals = _one(g, node, key)
        if any(not isinstance(v, rdflib.Literal) or type(v.value) is not int for v in vals):
            return False
    if any(v not in NODE_KINDS for v in _one(g, node, SH.nodeKind)):
        return False
    if any(not isinstance(v, rdflib.URIRef) for k in (SH.datatype, SH["class"], SH.lessThan)
           for v in _one(g, node, k)):  # fmt: skip
        return False
    bounds = (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.pattern)
    if any(not isinstance(v, rdflib.Literal) for k in bounds for v in _one(g, node, k)):
        return False
    ins = _one(g, node, SH["in"])
    if len(_one(g, node, SH.flags)) > 1 or len(ins) > 1 or any(_list(g, v) is None for v in ins):
        return False
    unique = _one(g, node, SH.uniqueLang)
    if unique and (len(unique) != 1 or not isinstance(getattr(unique[0], "value", None), bool)):
        return False
    return all(_or_datatypes(g, v) is not None for v in _one(g, node, SH["or"]))


def compile_check(g: rdflib.Graph, node: rdflib.term.Node) -> Check | None:
    """A property shape as a Check, None when it uses anything not compiled."""
    if not _keys(g, node) <= PROPERTY_KEYS or any((node, t, None) in g for t in TARGETS):
        return None
    paths, messages = _one(g, node, SH.path), _one(g, node, SH.message)
    severities = _one(g, node, SH.severity)
    preds = _path(g, paths[0]) if len(paths) == 1 else None
    if preds is None or len(messages) != 1 or len(severities) > 1 or not _params_ok(g, node):
        return None
    if set(g.objects(node, RDF.type)) - {SH.PropertyShape}:
        return None
    params = {k: _one(g, node, k) for k in _keys(g, node) & (VALUE_KEYS | {
        SH.minCount, SH.maxCount, SH.uniqueLang, SH.flags})}  # fmt: skip
    if SH["in"] in params:
        params[SH["in"]] = [m for v in params[SH["in"]] for m in (_list(g, v) or [])]
    sev = str(severities[0]).rsplit("#", 1)[-1] if severities else "Violation"
    return Check(
        node=node,
        name=shape_name(g, node),
        path=short(paths[0]),
        predicates=preds,
        severity=sev,
        message=str(messages[0]),
        params=params,
        or_datatypes=[_or_datatypes(g, v) or [] for v in params.pop(SH["or"], [])],
    )


def _compile_target(g: rdflib.Graph, root: rdflib.term.Node) -> Target | None:
    keys = _keys(g, root)
    classes = _one(g, root, SH.targetClass)
    if not keys <= NODE_KEYS or set(g.objects(root, RDF.type)) != {SH.NodeShape}:
        return None  # other targets, a shape that is also a class, node-level constraints
    if not classes or not all(isinstance(c, rdflib.URIRef) for c in classes):
        return None
    checks = [compile_check(g, p) for p in g.objects(root, SH.property)]
    if any(c is None for c in checks):
        return None
    return Target(shape_name(g, root), classes, checks)  # type: ignore[arg-type]


def _roots(g: rdflib.Graph) -> list[rdflib.term.Node]:
    roots = {s for t in TARGETS for s in g.subjects(t, None)}
    for cls in (RDFS.Class, OWL.Class):
        roots.update(s for s in g.subjects(RDF.type, cls) if (s, RDF.type, SH.NodeShape) in g)
    return sorted(roots, key=str)


def _fallback_graph(g: rdflib.Graph, roots: list[rdflib.term.Node], all_roots: set) -> rdflib.Graph:
    """The descriptions reachable from ``roots``; other roots met on the way (sh:node to a
    compiled shape) come without their targets, so their own focus nodes are not reported twice."""
    out = rdflib.Graph(namespace_manager=g.namespace_manager)
    todo, seen = list(roots), set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in g.predicate_objects(node):
            if node in all_roots and node not in roots and (p in TARGETS or p == RDF.type):
                continue
            out.add((node, p, o))
            if isinstance(o, (rdflib.BNode, rdflib.URIRef)) and p != RDF.type:
                todo.append(o)
    return out


def build_plan(g: rdflib.Graph) -> Plan:
    """Split the shapes into compiled targets and the pySHACL fallback."""
    roots = _roots(g)
    targets, rest = [], []
    for root in roots:
        t = _compile_target(g, root)
        if t is None:
            rest.append(root)
        else:
            targets.append(t)
    fallback = _fallback_graph(g, rest, set(roots)) if rest else None
    return Plan(targets, fallback, [shape_name(g, r) for r in rest])
