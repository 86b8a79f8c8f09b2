"""The property-graph projection of the RDF store (for Neo4j push and the import bundle).

Rules (documented in the README):

- Nodes: every IRI subject, in a source graph, with an ``rdf:type`` that is a class declared in
  the ikg ontology (``ontology/*.ttl``) or ``skos:Concept``. Labels: the local names of those
  classes and of their ikg superclasses (a University is also an Institution; a Technology is
  also a Concept), plus ``Resource`` on every node (the MERGE key). Property ``iri``.
- Literal values become properties named by the predicate's local name; language-tagged ones
  ``<name>_<lang>`` (``prefLabel_en``, ``prefLabel_zh``). Integers, decimals/doubles and booleans
  keep their type; everything else is a string. A property is a list when a node of the same
  label set has more than one value for it (lists are sorted).
- IRI-to-IRI triples whose object is a node become relationships typed by the predicate's local
  name in UPPER_SNAKE (memberOf → MEMBER_OF). An IRI object that is not a node is kept as a
  string property. ``rdf:type`` becomes labels only. Blank nodes and the meta graph are left out.
- The union of the source graphs is projected: a triple in two graphs is one property value or
  one relationship.
- Label and relationship-type names go into Cypher text, so they come only from fixed term names:
  labels from the ontology's declared classes, types from predicates declared in the ontology or
  in the standard vocabularies ikg names (``kg.vocab.PREFIXES``), each checked against a
  whitelist regex. Other predicates are counted in ``skipped`` and not projected.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg import vocab
from kg.settings import ONTOLOGY_DIR
from kg.store.base import Store, union_triples

LABEL_RE = re.compile(r"^[A-Z][A-Za-z0-9]{0,63}$")
TYPE_RE = re.compile(r"^[A-Z][A-Z0-9_]{0,63}$")
PROP_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,79}$")
BASE_LABEL = "Resource"
_STANDARD_NS = tuple(iri for p, iri in vocab.PREFIXES.items() if p not in ("ikg", "id"))
_INT = {
    vocab.XSD[n].value
    for n in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "gYear",
        "nonNegativeInteger",
        "positiveInteger",
    )
}
_FLOAT = {vocab.XSD[n].value for n in ("decimal", "double", "float")}


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1]


def upper_snake(name: str) -> str:
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_").upper()


@functools.lru_cache(maxsize=1)
def ontology_terms() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """(class IRI → labels incl. ikg superclasses, declared ikg property IRIs) from ontology/."""
    st = ox.Store()
    for f in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        st.load(path=str(f), format=ox.RdfFormat.TURTLE)
    ikg = vocab.IKG.iri
    classes = {
        q.subject.value
        for q in st.quads_for_pattern(None, vocab.TYPE, vocab.OWL.Class, None)
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ikg)
    }
    supers: dict[str, set[str]] = defaultdict(set)
    for q in st.quads_for_pattern(None, vocab.RDFS.subClassOf, None, None):
        if q.subject.value in classes and isinstance(q.object, ox.NamedNode):
            supers[q.subject.value].add(q.object.value)
    out: dict[str, frozenset[str]] = {}
    for c in classes:
        seen, todo = {c}, [c]
        while todo:
            for s in supers.get(todo.pop(), ()):
                if s not in seen:
                    seen.add(s)
                    todo.append(s)
        labels = {local_name(x) for x in seen if x in classes}
        if vocab.SKOS.Concept.value in seen:
            labels.add("Concept")
        out[c] = frozenset(lb for lb in labels if LABEL_RE.match(lb))
    out[vocab.SKOS.Concept.value] = frozenset({"Concept"})
    props = frozenset(
        q.subject.value
        for kind in ("ObjectProperty", "DatatypeProperty", "AnnotationProperty")
        for q in st.quads_for_pattern(None, vocab.TYPE, vocab.OWL[kind], None)
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ikg)
    )
    return out, props


def rel_type(predicate: str) -> str | None:
    """The relationship type for a predicate, or None when it is not a fixed, known term."""
    _, props = ontology_terms()
    if predicate.startswith(vocab.IKG.iri):
        if predicate not in props:
            return None
    elif not predicate.startswith(_STANDARD_NS):
        return None
    name = upper_snake(local_name(predicate))
    return name if TYPE_RE.match(name) else None


def prop_name(predicate: str, lang: str | None = None) -> str | None:
    name = re.sub(r"[^A-Za-z0-9_]", "_", local_name(predicate))
    if lang:
        name += "_" + re.sub(r"[^A-Za-z0-9]", "_", lang.lower())
    return name if PROP_RE.match(name) and name != "iri" else None


def literal_value(lit: ox.Literal) -> Any:
    dt = lit.datatype.value
    try:
        if dt in _INT:
            return int(lit.value)
        if dt in _FLOAT:
            return float(lit.value)
    except ValueError:
        return lit.value
    if dt == vocab.XSD.boolean.value:
        return lit.value in ("true", "1")
    return lit.value


@dataclass
class Node:
    iri: str
    labels: tuple[str, ...]
    props: dict[str, list[Any]] = field(default_factory=dict)


@dataclass
class Projection:
    nodes: dict[str, Node]
    rels: dict[str, set[tuple[str, str]]]  # type -> {(start iri, end iri)}
    skipped: dict[str, int]  # predicate IRI -> triples left out

    def label_sets(self) -> dict[tuple[str, ...], list[Node]]:
        groups: dict[tuple[str, ...], list[Node]] = defaultdict(list)
        for n in self.nodes.values():
            groups[n.labels].append(n)
        return dict(sorted(groups.items()))

    def labels(self) -> list[str]:
        return sorted({lb for n in self.nodes.values() for lb in n.labels})

    def list_props(self, nodes: list[Node]) -> set[str]:
        """Properties that are lists for this label set (some node has several values)."""
        return {k for n in nodes for k, v in n.props.items() if len(v) > 1}

    def node_rows(self, nodes: list[Node]) -> list[dict[str, Any]]:
        lists = self.list_props(nodes)
        rows = []
        for n in nodes:
            props: dict[str, Any] = {"iri": n.iri}
            for k, vals in sorted(n.props.items()):
                vs = sorted(vals, key=lambda v: (str(type(v)), v))
                props[k] = vs if k in lists else vs[0]
            rows.append({"iri": n.iri, "props": props})
        return rows

    def counts(self) -> dict[str, Any]:
        return {
            "nodes": len(self.nodes),
            "relationships": sum(len(v) for v in self.rels.values()),
            "labels": {
                lb: sum(1 for n in self.nodes.values() if lb in n.labels) for lb in self.labels()
            },
            "types": {t: len(v) for t, v in sorted(self.rels.items())},
        }


def _source_triples(store: Store) -> Iterator[ox.Triple]:
    yield from union_triples(store)


def project(store: Store) -> Projection:
    """Build the projection from the store's source graphs (two streamed passes)."""
    classes, _ = ontology_terms()
    labels: dict[str, set[str]] = defaultdict(set)
    for t in _source_triples(store):
        if t.predicate == vocab.TYPE and isinstance(t.subject, ox.NamedNode):
            got = classes.get(t.object.value) if isinstance(t.object, ox.NamedNode) else None
            if got:
                labels[t.subject.value].update(got)
    nodes = {iri: Node(iri, tuple(sorted(lbs | {BASE_LABEL}))) for iri, lbs in labels.items()}
    rels: dict[str, set[tuple[str, str]]] = defaultdict(set)
    skipped: dict[str, int] = defaultdict(int)
    for t in _source_triples(store):
        if t.predicate == vocab.TYPE or not isinstance(t.subject, ox.NamedNode):
            continue
        node = nodes.get(t.subject.value)
        if node is None:
            continue
        p = t.predicate.value
        o = t.object
        if isinstance(o, ox.NamedNode) and o.value in nodes:
            typ = rel_type(p)
            if typ is None:
                skipped[p] += 1
            else:
                rels[typ].add((node.iri, o.value))
            continue
        if isinstance(o, ox.Literal):
            name, value = prop_name(p, o.language), literal_value(o)
        elif isinstance(o, ox.NamedNode):
            name, value = prop_name(p), o.value
        else:
            skipped[p] += 1
            continue
        if name is None:
            skipped[p] += 1
            continue
        vals = node.props.setdefault(name, [])
        if value not in vals:
            vals.append(value)
    return Projection(nodes, dict(rels), dict(skipped))
