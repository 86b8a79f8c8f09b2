"""Apache Jena Fuseki: dataset URL ``http://host:3030/ds`` with ``/query``, ``/update`` and the
Graph Store Protocol at ``/data`` (bulk loads: one N-Triples POST per graph keeps blank nodes)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from kg import vocab
from kg.errors import StoreError
from kg.queries import strip_comments_and_strings
from kg.store.adapters import GenericAdapter, brief

UNION_GRAPH = "urn:x-arq:UnionGraph"
_GRAPH_RE = re.compile(r"\bGRAPH\b", re.I)


def _dataset(url: str) -> str:
    url = url.rstrip("/")
    for suffix in ("/query", "/sparql", "/update", "/data"):
        if url.endswith(suffix):
            return url[: -len(suffix)]
    return url


def looks_like_fuseki(url: str, client: httpx.Client) -> bool:
    """Fuseki answers ``/$/ping`` at the server root."""
    parts = urlsplit(url)
    ping = urlunsplit(parts._replace(path="/$/ping", query=""))
    try:
        return client.get(ping, timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


class FusekiAdapter(GenericAdapter):
    name = "fuseki"
    needs_skolem = False

    def dataset_params(self, sparql: str, store: Any) -> dict[str, Any]:
        """The default graph of a Fuseki dataset is a graph of its own: ask for the union
        (``urn:x-arq:UnionGraph``). Naming a default graph empties the named graphs, so a query
        with GRAPH also names every ikg graph."""
        params: dict[str, Any] = {"default-graph-uri": UNION_GRAPH}
        if _GRAPH_RE.search(strip_comments_and_strings(sparql)):
            names = [g.value for g in store.graphs()] + [vocab.META_GRAPH.value]
            params["named-graph-uri"] = names
        return params

    @classmethod
    def for_dataset(cls, url: str, client: httpx.Client) -> FusekiAdapter:
        ds = _dataset(url)
        a = cls(ds + "/query", ds + "/update", client)
        a.data_url = ds + "/data"
        return a

    def load_triples(self, graph: ox.NamedNode, triples: Iterable[ox.Triple]) -> None:
        body = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
        r = self.client.post(
            self.data_url,
            params={"graph": graph.value},
            content=body,
            headers={"Content-Type": "application/n-triples"},
        )
        if r.status_code >= 300:
            raise StoreError(f"{self.data_url} refused a load ({r.status_code}): {brief(r.text)}")
