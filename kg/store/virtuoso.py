"""OpenLink Virtuoso (Debian ``virtuoso-opensource``): one ``/sparql`` endpoint for query and
update (the ``SPARQL`` user needs ``SPARQL_UPDATE``). ``INSERT DATA`` takes at most ~500
triples per request and no blank nodes (they are skolemised under ``GENID``); bulk loads run with
``DEFINE sql:log-enable 2`` (no transaction log, autocommit per row); result sets are capped by
the server's ``ResultSetMaxRows`` (stock: 10,000), which Virtuoso signals with an
``X-SPARQL-MaxRows`` header: ``RemoteSparqlStore.query`` then reads the answer in pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.queries import load
from kg.store.adapters import GenericAdapter
from kg.store.base import solutions_to_rows


class VirtuosoAdapter(GenericAdapter):
    name = "virtuoso"
    batch = 500
    page = 10_000
    needs_skolem = True
    results_accept = "application/sparql-results+xml"
    results_format = ox.QueryResultsFormat.XML

    def insert_data(self, graph: ox.NamedNode, lines: list[str]) -> None:
        self.update(
            "DEFINE sql:log-enable 2 INSERT DATA { GRAPH "
            + str(graph)
            + " {\n"
            + "\n".join(lines)
            + "\n} }"
        )

    def move(self, src: ox.NamedNode, dst: ox.NamedNode) -> None:
        self.update(f"DROP SILENT GRAPH {dst}")
        self.update(f"DEFINE sql:log-enable 2 MOVE SILENT GRAPH {src} TO GRAPH {dst}")

    def graph_triples(self, store: Any, g: ox.NamedNode) -> Iterator[ox.Triple]:
        """The graph's triples, read as rows so that answers cut at ``ResultSetMaxRows`` are
        paged (``RemoteSparqlStore.query``); the count is checked, a shortfall is an error."""
        rows = solutions_to_rows(store.query(load("store/graph_count"), {"g": g}, union=False))
        want = int(rows[0]["c"].value) if rows else 0
        got = [
            ox.Triple(r["s"], r["p"], r["o"])
            for r in solutions_to_rows(store.query(load("store/graph_rows"), {"g": g}, union=False))
        ]
        if len(got) < want:
            raise StoreError(
                f"Virtuoso returned {len(got)} of the {want} triples of {g.value}; check "
                "ResultSetMaxRows and MaxQueryExecutionTime in virtuoso.ini"
            )
        yield from got
