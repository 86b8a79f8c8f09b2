"""What every store is: the ``Store`` and ``SourceWriter`` Protocols and the pieces they share.

The embedded store (``kg.store.oxigraph``) and the remote SPARQL stores (``kg.store.remote``)
implement these Protocols; everything above the store is typed against ``Store``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from urllib.parse import quote

import pyoxigraph as ox

from kg import vocab
from kg.errors import QueryError
from kg.queries import bind_values, load
from kg.settings import Settings

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = dict[str, Any]


@dataclass
class SourceInfo:
    name: str
    graph: str
    triples: int
    records: int
    ingested: str
    content_hash: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"triples": self.triples, "records": self.records, "ingested": self.ingested}


def source_infos(rows: Iterable[Any]) -> dict[str, SourceInfo]:
    """Rows of the named query ``store/sources`` as SourceInfo by source name (any store)."""
    out: dict[str, SourceInfo] = {}
    for r in rows:
        name = r["name"].value
        out[name] = SourceInfo(
            name,
            r["g"].value,
            int(r["t"].value),
            int(r["r"].value),
            r["at"].value,
            r["h"].value if r["h"] is not None else "",
        )
    return dict(sorted(out.items()))


def to_term(value: Any) -> Term:
    """A Python value or CLI string as an RDF term: ``<iri>``, ints, floats, bools, strings."""
    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple)):
        return value
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=vocab.XSD.boolean)
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=vocab.XSD.integer)
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=vocab.XSD.double)
    text = str(value)
    if text.startswith("<") and text.endswith(">") and len(text) > 2:
        try:
            return ox.NamedNode(text[1:-1])
        except ValueError as e:
            raise QueryError(f"parameter value {text} is not a valid IRI: {e}") from None
    if text.startswith(("http://", "https://", "urn:")) and " " not in text:
        return ox.NamedNode(text)
    return ox.Literal(text)


def solutions_to_rows(result: ox.QuerySolutions) -> list[Row]:
    names = [v.value for v in result.variables]
    return [{n: sol[n] for n in names} for sol in result]


def py(term: Term | None) -> Any:
    """A term as a plain Python value (IRIs as strings, typed literals converted)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt in (vocab.XSD.integer.value, vocab.XSD.int.value, vocab.XSD.long.value):
            return int(term.value)
        if dt in (vocab.XSD.decimal.value, vocab.XSD.double.value, vocab.XSD.float.value):
            return float(term.value)
        if dt == vocab.XSD.boolean.value:
            return term.value == "true"
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def term_key(term: Term | None, lang: str = "en") -> tuple:
    """A sort key for terms that no store decides: unbound first, then IRIs, blank nodes (all
    alike: their labels are the store's), literals (``lang`` first, then untagged, then other
    languages; each by lexical value), quoted triples."""
    if term is None:
        return (0,)
    if isinstance(term, ox.NamedNode):
        return (1, term.value)
    if isinstance(term, ox.BlankNode):
        return (2,)
    if isinstance(term, ox.Literal):
        tag = (term.language or "").lower()
        rank = 0 if tag.split("-")[0] == lang else 1 if not tag else 2
        return (3, rank, term.value, tag)
    return (4, str(term))


def stable_rows(rows: Iterable[Row], lang: str = "en") -> list[Row]:
    """Rows in one order whatever the store: by each value in the query's variable order
    (``term_key``). A caller that keeps the first of several rows (a label, a region) or lists
    rows as they come then answers the same on the embedded store, Fuseki and Virtuoso, and
    the first label is the one in ``lang`` where there is one, else the lexically least."""
    return sorted(rows, key=lambda r: tuple(term_key(v, lang) for v in r.values()))


def nested_graph(source_graph: ox.NamedNode, original: ox.NamedNode | ox.BlankNode) -> ox.NamedNode:
    """Where a named graph found inside a source's input is kept: under the source's graph."""
    name = original.value if isinstance(original, ox.NamedNode) else "_:" + original.value
    return ox.NamedNode(f"{source_graph.value}/graph/{quote(name, safe='')}")


def graph_of(t: ox.Triple | ox.Quad, graph: ox.NamedNode) -> ox.NamedNode:
    """The graph a source's triple or quad is kept in: the source's ``graph``, or for a quad
    of a named graph, that graph nested under it (``nested_graph``)."""
    if isinstance(t, ox.Quad) and not isinstance(t.graph_name, ox.DefaultGraph):
        return nested_graph(graph, t.graph_name)
    return graph


def bind_params(sparql: str, params: Mapping[str, Any]) -> str:
    """Bind Python values or CLI strings as RDF terms (a VALUES block, never spliced text); a
    list, tuple or set binds its variable to each of its values."""
    terms: dict[str, str | list[str]] = {}
    for k, v in params.items():
        if isinstance(v, (list, tuple, set, frozenset)):
            terms[k] = sorted(str(to_term(x)) for x in v)
        elif v is not None:
            terms[k] = str(to_term(v))
    return bind_values(sparql, terms)


class QueryMethods:
    """select/ask/construct on top of a store's ``query`` (embedded, view or remote)."""

    def query(self, sparql: str, params: Mapping[str, Any] | None = None) -> Any:
        raise NotImplementedError

    def select(self, sparql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        result = self.query(sparql, params)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        return solutions_to_rows(result)

    def ask(self, sparql: str, params: Mapping[str, Any] | None = None) -> bool:
        return bool(self.query(sparql, params))

    def construct(self, sparql: str, params: Mapping[str, Any] | None = None) -> list[ox.Triple]:
        return list(self.query(sparql, params))


class LocalDirs:
    """The local folders every store keeps beside its data: app state and quarantine reports."""

    path: Path

    @property
    def state_dir(self) -> Path:
        d = self.path / "state"
        d.mkdir(parents=True, exist_ok=True)
        return d

    @property
    def quarantine_dir(self) -> Path:
        d = self.path / "quarantine"
        d.mkdir(parents=True, exist_ok=True)
        return d


class ExcludedView(LocalDirs, QueryMethods):
    """Base of a store's read view without one source: what the view does not change (version,
    graphs, sources, counts, the writer) is its store's."""

    _store: Any

    def current_version(self) -> str | None:
        return self._store.current_version()

    def graphs(self) -> list[ox.NamedNode]:
        return self._store.graphs()

    def sources(self) -> dict[str, SourceInfo]:
        return self._store.sources()

    def triple_count(self) -> int:
        return self._store.triple_count()

    def excluding(self, source: str) -> Any:
        return self._store.excluding(source)

    def writer(self, wait: float | None = None) -> Any:
        return self._store.writer(wait)


@runtime_checkable
class SourceWriter(Protocol):
    """Write access to a store: one source's named graph at a time, plus SPARQL Update."""

    def replace_source(
        self,
        source: str,
        quads_or_triples: Iterable[ox.Triple | ox.Quad],
        *,
        records: int,
        content_hash: str = "",
        bulk: bool = True,
    ) -> SourceInfo: ...

    def bulk_load_source(
        self, source: str, path: Path, fmt: ox.RdfFormat, *, records: int, content_hash: str = ""
    ) -> SourceInfo: ...

    def record_source(
        self, source: str, graph: ox.NamedNode, records: int, content_hash: str
    ) -> SourceInfo: ...

    def drop_source(self, source: str) -> None: ...

    def update(self, sparql: str, params: Mapping[str, Any] | None = None) -> None: ...


@runtime_checkable
class Store(Protocol):
    """A knowledge-graph store: SPARQL reads, per-source graphs, one writer at a time.

    ``path`` is a local folder for app state and quarantine reports (the data itself may live
    on a server). ``current_version`` is None where the store keeps no versions.
    """

    kind: str
    settings: Settings
    path: Path

    @property
    def state_dir(self) -> Path: ...

    @property
    def quarantine_dir(self) -> Path: ...

    def current_version(self) -> str | None: ...

    def query(
        self, sparql: str, params: Mapping[str, Any] | None = None, union: bool = True
    ) -> Any: ...

    def select(self, sparql: str, params: Mapping[str, Any] | None = None) -> list[Row]: ...

    def ask(self, sparql: str, params: Mapping[str, Any] | None = None) -> bool: ...

    def construct(
        self, sparql: str, params: Mapping[str, Any] | None = None
    ) -> list[ox.Triple]: ...

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]: ...

    def graphs(self) -> list[ox.NamedNode]: ...

    def sources(self) -> dict[str, SourceInfo]: ...

    def triple_count(self) -> int: ...

    def excluding(self, source: str) -> Store: ...

    def writer(
        self, wait: float | None = None
    ) -> contextlib.AbstractContextManager[SourceWriter]: ...


def union_triples(store: Store) -> Iterator[ox.Triple]:
    """Every distinct triple of the named graphs except meta, streamed graph by graph."""
    text = load("export/graph_new_triples")
    for g in sorted(store.graphs(), key=lambda n: n.value):
        for row in store.query(text, {"g": g}):
            yield ox.Triple(row["s"], row["p"], row["o"])
