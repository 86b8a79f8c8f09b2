"""Dumps of the store: per source graph or the whole store, streamed to a file.

Quad formats (nq, trig) keep the source graphs; triple formats (ttl, nt, jsonld) write the
deduplicated union of the graphs. The meta graph (source descriptions) is left out unless
named with ``--graph``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import queries, vocab
from kg.errors import ConfigError, NotFoundError

FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
QUAD_FORMATS = {"nq", "trig"}


def resolve_graph(store: Any, graph: str | None) -> ox.NamedNode | None:
    if graph is None:
        return None
    if graph.startswith(("http://", "https://", "urn:")):
        node = ox.NamedNode(graph)
    else:
        node = vocab.source_graph(graph)
    if node != vocab.META_GRAPH and node not in set(store.graphs()):
        known = ", ".join(sorted(store.sources())) or "none"
        raise NotFoundError(f"no graph {graph!r} in the store; sources: {known}")
    return node


def _union_triples(store: Any) -> Iterator[ox.Triple]:
    for row in store.query(queries.load("export/union")):
        yield ox.Triple(row["s"], row["p"], row["o"])


def export_rdf(store: Any, fmt: str, output: Path, graph: str | None = None) -> int:
    """Write the dump; returns the number of triples (or quads) written."""
    if fmt == "neo4j-import":
        from kg.neo4j_export import export_bundle  # the property-graph bundle

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

    if fmt in QUAD_FORMATS:
        items: Iterator[Any] = store.quads(g) if g is not None else store.quads()
    elif g is not None:
        items = (ox.Triple(q.subject, q.predicate, q.object) for q in store.quads(g))
    else:
        items = _union_triples(store)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as fh:
        ox.serialize(
            counted(items),
            fh,
            rdf,
            prefixes=vocab.PREFIXES if rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None,
        )
    return count
