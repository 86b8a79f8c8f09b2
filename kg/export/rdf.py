"""Dumps of the store: per source graph or the whole store, streamed to a file.

Quad formats (nq, trig) keep the source graphs; triple formats (ttl, nt, jsonld) write the
deduplicated union of the graphs. The meta graph (source descriptions) is left out unless
named with ``--graph``.

Memory stays flat: quads stream from the store's index straight into pyoxigraph's serialiser.
The union is deduplicated without a set of seen triples: graphs are written in IRI order and a
triple is written from graph G only when no graph sorting before G holds it
(``queries/export/graph_new_triples.rq``, one index lookup per triple, inside the store).

N-Triples from the embedded store never pass through Python term by term: each graph's triples
are a CONSTRUCT that the store serialises into the file itself (the count is the file's lines).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import vocab
from kg.errors import ConfigError, NotFoundError, StoreError
from kg.export.neo4j import export_bundle
from kg.queries import load
from kg.store.base import Store, union_triples

FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
QUAD_FORMATS = {"nq", "trig"}


def resolve_graph(store: Store, graph: str | None) -> ox.NamedNode | None:
    if graph is None:
        return None
    if graph.startswith(("http://", "https://", "urn:")):
        try:
            node = ox.NamedNode(graph)
        except ValueError as e:
            raise ConfigError(f"--graph {graph!r} is not a valid IRI: {e}") from None
    else:
        node = vocab.source_graph(graph)
    if node != vocab.META_GRAPH and node not in set(store.graphs()):
        known = ", ".join(sorted(store.sources())) or "none"
        raise NotFoundError(f"no graph {graph!r} in the store; sources: {known}")
    return node


def export_rdf(store: Store, fmt: str, output: Path, graph: str | None = None) -> int:
    """Write the dump; returns the number of triples (or quads) written."""
    if fmt == "neo4j-import":
        return export_bundle(store, output)
    rdf = FORMATS.get(fmt)
    if rdf is None:
        raise ConfigError(f"--format {fmt}: use one of {', '.join(FORMATS)} or neo4j-import")
    g = resolve_graph(store, graph)
    count = 0

    def counted(items: Iterator[Any]) -> Iterator[Any]:
        nonlocal count
        for it in items:
            count += 1
            yield it

    if fmt == "nt":
        streamed = _store_serialised_nt(store, g, output)
        if streamed is not None:
            return streamed
    if fmt in QUAD_FORMATS:
        items: Iterator[Any] = store.quads(g) if g is not None else store.quads()
    elif g is not None:
        items = (ox.Triple(q.subject, q.predicate, q.object) for q in store.quads(g))
    else:
        items = union_triples(store)
    prefixes = vocab.PREFIXES if rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    tmp = output.with_name(output.name + ".part")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            ox.serialize(counted(items), fh, rdf, prefixes=prefixes)
        tmp.replace(output)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write {output}: {e}") from None
    return count


def _store_serialised_nt(store: Store, graph: ox.NamedNode | None, output: Path) -> int | None:
    """N-Triples written by the store's own serialiser, graph by graph (the union deduplicated
    as in ``union_triples``); None when the store does not answer CONSTRUCT with pyoxigraph
    triples (a remote store), so the caller streams term by term instead."""
    if store.kind != "oxigraph":
        return None
    if graph is not None:
        plan = [(load("export/graph_triples_construct"), graph)]
    else:
        # a triple is written from graph G when no source graph sorting before G holds it: the
        # earlier graphs are listed by IRI (one index lookup each), the first has none to check
        first, text = (
            load("export/graph_triples_construct"),
            load("export/graph_new_triples_construct"),
        )
        graphs = sorted(store.graphs(), key=lambda n: n.value)
        earlier: list[str] = []
        plan = []
        for g in graphs:
            plan.append((text.replace("#GRAPHS#", " ".join(earlier)) if earlier else first, g))
            if g.value.startswith(vocab.GRAPH_BASE):
                earlier.append(str(g))  # a serialised IRI, not text
    tmp = output.with_name(output.name + ".part")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            for text, g in plan:
                answer = store.query(text, {"g": g})
                if not isinstance(answer, ox.QueryTriples):
                    tmp.unlink(missing_ok=True)
                    return None
                answer.serialize(fh, ox.RdfFormat.N_TRIPLES)
        count = _count_lines(tmp)
        tmp.replace(output)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write {output}: {e}") from None
    return count


def _count_lines(path: Path) -> int:
    """Lines of an N-Triples file: one per triple (newlines inside literals are escaped)."""
    n = 0
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 22), b""):
            n += chunk.count(b"\n")
    return n
