"""The compiled SHACL validator: each constraint of a compiled shape (``kg.shacl.plan``) is a
named query under ``queries/shacl/`` that pyoxigraph answers with the violations only.

Where engines may read a literal differently (ill-typed or unusual lexical forms, patterns,
comparisons) the query returns every value it cannot be sure of, and each is decided here in
Python with pySHACL's own rules on the rdflib term pySHACL would see, so the report is
pySHACL's. ``Dataset`` is the data: the store (its source graphs) or an in-memory store.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal

import pyoxigraph as ox
import rdflib
from pyshacl.constraints.core.value_constraints import DatatypeConstraintComponent
from pyshacl.rdfutil.compare import compare_literal
from rdflib.namespace import RDF, RDFS, SH, XSD

from kg.errors import ValidationError
from kg.queries import load
from kg.shacl.plan import Check, Plan, Target
from kg.shacl.report import Result, rdflib_term

# data -> rows: a query's text (with a #FROM# slot) answered over the data to validate
Dataset = Callable[[str], ox.QuerySolutions]

# lexical forms every engine reads the same way as a value of the datatype: such literals
# pass sh:datatype without a Python check (others are decided in Python)
SURE = {
    XSD.string: ".*",
    RDF.langString: ".*",
    XSD.integer: "^[+-]?[0-9]+$",
    XSD.decimal: "^[+-]?[0-9]+([.][0-9]+)?$",
    XSD.boolean: "^(true|false)$",
}
RANGES = {  # component -> (SPARQL test, passes given compare_literal's answer)
    SH.minInclusive: ("?v >= #BOUND#", lambda c: c >= 0),
    SH.minExclusive: ("?v > #BOUND#", lambda c: c > 0),
    SH.maxInclusive: ("?v <= #BOUND#", lambda c: c <= 0),
    SH.maxExclusive: ("?v < #BOUND#", lambda c: c < 0),
}


def _iris(nodes: Iterable[rdflib.term.Node]) -> str:
    return " ".join(sorted(n.n3() for n in nodes))  # serialised by rdflib, never raw text


def closure(pairs: Iterable[tuple[str, str]], cls: str) -> set[str]:
    """``cls`` and every class below it through rdfs:subClassOf."""
    below: dict[str, set[str]] = {}
    for sub, sup in pairs:
        below.setdefault(sup, set()).add(sub)
    out, todo = {cls}, [cls]
    while todo:
        for sub in below.get(todo.pop(), ()):
            if sub not in out:
                out.add(sub)
                todo.append(sub)
    return out


class Compiled:
    """Runs a Plan over one Dataset (subclass pairs of the data and ontology read once)."""

    def __init__(self, plan: Plan, data: Dataset, ontology: rdflib.Graph) -> None:
        self.plan = plan
        self.data = data
        pairs = {(str(s), str(o)) for s, o in ontology.subject_objects(RDFS.subClassOf)}
        for row in data(load("shacl/subclasses")):
            pairs.add((row["sub"].value, row["super"].value))
        self.pairs = pairs
        self.results: list[Result] = []

    def classes_of(self, classes: Iterable[rdflib.term.Node]) -> str:
        out: set[str] = set()
        for c in classes:
            out |= closure(self.pairs, str(c))
        return " ".join(sorted(str(ox.NamedNode(c)) for c in out))

    def run(self) -> list[Result]:
        for target in self.plan.targets:
            classes = self.classes_of(target.classes)
            for check in target.checks:
                self._check(target, check, classes)
        return self.results

    def _query(self, name: str, check: Check, classes: str, **slots: str) -> ox.QuerySolutions:
        text = load(f"shacl/{name}")
        text = text.replace("#CLASSES#", classes).replace("#PATH#", _iris(check.predicates))
        for key, value in slots.items():  # terms serialised by the RDF library
            text = text.replace(f"#{key}#", value)
        return self.data(text)

    def _add(self, check: Check, focus: object, value: object = None) -> None:
        self.results.append(
            Result(
                focus=_text(focus),
                path=check.path,
                shape=check.name,
                severity=check.severity,
                message=check.message,
                value=value_text(value),
            )
        )

    def _check(self, target: Target, check: Check, classes: str) -> None:
        p = check.params
        for n in p.get(SH.minCount, []):
            for row in self._query("min_count", check, classes, MIN=str(to_ox(n))):
                self._add(check, row["f"])
        for n in p.get(SH.maxCount, []):
            for row in self._query("max_count", check, classes, MAX=str(to_ox(n))):
                self._add(check, row["f"])
        for kind in p.get(SH.nodeKind, []):
            for row in self._query("node_kind", check, classes, KIND=str(ox.NamedNode(str(kind)))):
                self._add(check, row["f"], row["v"])
        for cls in p.get(SH["class"], []):
            for row in self._query("class", check, classes, CLASS=self.classes_of([cls])):
                self._add(check, row["f"], row["v"])
        if SH["in"] in p:
            members = " ".join(str(to_ox(m)) for m in p[SH["in"]])
            for row in self._query("in", check, classes, IN=members):
                self._add(check, row["f"], row["v"])
        for dt in p.get(SH.datatype, []):
            self._datatypes(check, classes, [dt])
        for dts in check.or_datatypes:
            self._datatypes(check, classes, dts)
        for key, (test, _) in RANGES.items():
            for bound in p.get(key, []):
                self._range(check, classes, key, bound, test)
        for than in p.get(SH.lessThan, []):
            self._less_than(check, classes, than)
        if any(u.value is True for u in p.get(SH.uniqueLang, [])):
            for row in self._query("unique_lang", check, classes):
                self._add(check, row["f"])
        if p.get(SH.pattern):
            self._patterns(check, classes)

    def _datatypes(self, check: Check, classes: str, dts: list) -> None:
        sure = []
        for dt in dts:
            if dt in SURE:
                test = f"datatype(?v) = {ox.NamedNode(str(dt))}"
                if SURE[dt] != ".*":
                    test += f" && REGEX(STR(?v), {ox.Literal(SURE[dt])})"
                sure.append(f"({test})")
        for row in self._query("datatype", check, classes, SURE=" || ".join(sure) or "false"):
            value = rdflib_term(row["v"])
            if not any(datatype_ok(value, dt) for dt in dts):
                self._add(check, row["f"], row["v"])

    def _range(self, check: Check, classes: str, key, bound: rdflib.Literal, test: str) -> None:
        passes = RANGES[key][1]
        if bound.datatype in (XSD.integer, XSD.decimal) and isinstance(bound.value, (int, Decimal)):
            rows = self._query("range", check, classes, OP=test, BOUND=str(to_ox(bound)))
        else:
            rows = self._query("focus_values", check, classes)
        for row in rows:
            if not range_ok(rdflib_term(row["v"]), bound, passes):
                self._add(check, row["f"], row["v"])

    def _less_than(self, check: Check, classes: str, than: rdflib.URIRef) -> None:
        rows = self._query("less_than", check, classes, THAN=str(ox.NamedNode(str(than))))
        for row in rows:
            if not less_than_ok(rdflib_term(row["v"]), rdflib_term(row["o"])):
                self._add(check, row["f"], row["v"])

    def _patterns(self, check: Check, classes: str) -> None:
        flags = pattern_flags(check.params.get(SH.flags, []))
        matchers = [re.compile(str(p), flags) for p in check.params[SH.pattern]]
        rows = [(row["f"], row["v"]) for row in self._query("focus_values", check, classes)]
        for matcher in matchers:
            for focus, value in rows:
                if not pattern_ok(rdflib_term(value), matcher):
                    self._add(check, focus, value)


def pattern_flags(flags: list[rdflib.term.Node]) -> int:
    """sh:flags as pySHACL reads them: only i and m count."""
    out = 0
    for f in flags:
        out |= (re.I if "i" in str(f).lower() else 0) | (re.M if "m" in str(f).lower() else 0)
    return out


def value_text(value: object) -> str:
    """sh:value as the report gives it: its lexical form, "" only when the result has none (a
    value that is 0, false or ill-typed such as "1_999" for an integer is shown as written)."""
    return "" if value is None else _text(value)


def _text(term: object) -> str:
    return term.value if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)) else str(term)


def to_ox(node: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, rdflib.URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, rdflib.BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, rdflib.Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        dt = ox.NamedNode(str(node.datatype)) if node.datatype else None
        return ox.Literal(str(node), datatype=dt)
    raise ValidationError(f"cannot compile the SHACL term {node!r}")


def datatype_ok(v: rdflib.term.Node, rule: rdflib.URIRef) -> bool:
    """pySHACL's sh:datatype test of one value node."""
    if not isinstance(v, rdflib.Literal):
        return False
    assert_actual = DatatypeConstraintComponent._assert_actual_datatype  # pySHACL's own rule
    if v.datatype == rule:
        return getattr(v, "ill_typed", None) is not True and assert_actual(None, v, rule)
    if rule == RDFS.Literal:
        return True
    if rule == RDFS.Datatype and v.datatype:
        return True
    if v.datatype is None and v.language is None and rule == XSD.string:
        return assert_actual(None, v, rule)
    if rule == RDF.langString and v.language:
        return assert_actual(None, v, rule)
    return False


def range_ok(v: rdflib.term.Node, bound: rdflib.Literal, passes: Callable[[int], bool]) -> bool:
    """pySHACL's sh:min/maxInclusive/Exclusive test of one value node."""
    if not isinstance(v, rdflib.Literal):
        return False
    if isinstance(bound.value, str) != isinstance(v.value, str):
        return False
    try:
        return passes(compare_literal(v, bound))
    except (TypeError, NotImplementedError):
        return False


def less_than_ok(v: rdflib.term.Node, o: rdflib.term.Node) -> bool:
    """pySHACL's sh:lessThan test of one (value, other value) pair."""
    if isinstance(v, rdflib.BNode) or isinstance(o, rdflib.BNode):
        raise ValidationError("SHACL validation failed to run: sh:lessThan met a blank node")
    a, a_str = _comparable(v)
    b, b_str = _comparable(o)
    if a_str != b_str:
        return False
    try:
        return bool(a < b)
    except TypeError as e:  # pySHACL stops there too
        raise ValidationError(f"SHACL validation failed to run: sh:lessThan: {e}") from None


def _comparable(node: rdflib.term.Node) -> tuple[object, bool]:
    if isinstance(node, rdflib.URIRef):
        return str(node), True
    if isinstance(node, rdflib.Literal) and isinstance(node.value, str):
        return node.value, True
    return node, False


def pattern_ok(v: rdflib.term.Node, matcher: re.Pattern) -> bool:
    """pySHACL's sh:pattern test of one value node."""
    if isinstance(v, rdflib.BNode):
        return False
    if isinstance(v, rdflib.Literal):
        if v.value is not None and v.datatype in (None, RDF.langString, XSD.string):
            text = str(v.value)
        else:
            text = str(v)
    else:
        text = str(v)
    return bool(matcher.match(text) or matcher.search(text))
