"""The plain SPARQL 1.1 Protocol adapter that the server-specific adapters extend."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

import httpx
import pyoxigraph as ox

from kg import vocab
from kg.errors import StoreError

GENID = vocab.BASE + ".well-known/genid/"


class GenericAdapter:
    """Plain SPARQL 1.1 Protocol: query and update URLs, INSERT DATA in batches."""

    name = "sparql"
    batch = 1000
    results_accept = "application/sparql-results+json"
    results_format = ox.QueryResultsFormat.JSON

    def row_cap(self, headers: Mapping[str, str]) -> int | None:
        """The row limit a server says it cut an answer at (Virtuoso: ``X-SPARQL-MaxRows``,
        sent only when ``ResultSetMaxRows`` truncated the result), else None."""
        value = headers.get("x-sparql-maxrows")
        return int(value) if value and value.strip().isdigit() and int(value) > 0 else None

    def dataset_params(self, sparql: str, store: Any) -> dict[str, Any]:
        """Protocol parameters that make the default graph the union of the graphs."""
        return {}

    def __init__(self, query_url: str, update_url: str, client: httpx.Client) -> None:
        self.query_url, self.update_url, self.client = query_url, update_url, client

    def skolem(self, source: str, node: ox.BlankNode) -> ox.NamedNode:
        return ox.NamedNode(f"{GENID}{quote(source, safe='')}/{node.value}")

    def load_triples(self, graph: ox.NamedNode, triples: Iterable[ox.Triple]) -> None:
        batch: list[str] = []
        for t in triples:
            batch.append(f"{t.subject} {t.predicate} {t.object} .")
            if len(batch) >= self.batch:
                self.insert_data(graph, batch)
                batch = []
        if batch:
            self.insert_data(graph, batch)

    def insert_data(self, graph: ox.NamedNode, lines: list[str]) -> None:
        self.update(f"INSERT DATA {{ GRAPH {graph} {{\n" + "\n".join(lines) + "\n} }")

    def move(self, src: ox.NamedNode, dst: ox.NamedNode) -> None:
        self.update(f"DROP SILENT GRAPH {dst} ; MOVE SILENT GRAPH {src} TO GRAPH {dst}")

    def update(self, sparql: str) -> None:
        r = self.client.post(self.update_url, data={"update": sparql})
        if r.status_code >= 300:
            raise StoreError(
                f"{self.update_url} refused an update ({r.status_code}): {brief(r.text)}"
            )


def brief(text: str) -> str:
    return re.sub(r"<[^>]+>|\s+", " ", text).strip()[:300]
