"""A remote SPARQL 1.1 query+update endpoint as an ikg store (``--store http://…``).

``RemoteSparqlStore`` has the public surface of ``OxigraphStore`` (settings, state/quarantine
dirs, query/select/ask/construct/quads/graphs/sources/triple_count, writer()) and speaks the
SPARQL 1.1 Protocol with httpx. What differs between servers lives in one adapter each
(``kg.store.fuseki``, ``kg.store.virtuoso``; ``GenericAdapter`` here for any other server).

Store specs: ``fuseki+http://host:3030/ds`` (or a plain URL whose ``/$/ping`` answers like
Fuseki), ``virtuoso+http://host:8890/sparql``, and plain ``http(s)://…/query-url`` for any
SPARQL 1.1 server (``?update=URL`` names a separate update endpoint).

Writes are not atomic across requests: ``replace_source`` loads into a staging graph, then
drops the source's graphs and MOVEs the staging graph in, then rewrites the source's metadata in
the meta graph (as ``kg.store.oxigraph`` does). A crash before the MOVE leaves the old data and a
staging graph (dropped by the next run); readers may see the source missing between DROP and
MOVE (one request on Fuseki: the update is one transaction).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox
from filelock import FileLock, Timeout

from kg import vocab
from kg.errors import LockError, QueryError, StoreError
from kg.queries import load, strip_comments_and_strings
from kg.settings import Settings
from kg.store.adapters import GenericAdapter, brief
from kg.store.base import (
    ExcludedView,
    LocalDirs,
    QueryMethods,
    SourceInfo,
    bind_params,
    graph_of,
    solutions_to_rows,
    source_infos,
)
from kg.store.fuseki import FusekiAdapter, looks_like_fuseki
from kg.store.virtuoso import VirtuosoAdapter

Row = dict[str, Any]
Dataset = bool | list[ox.NamedNode]
EMPTY_GRAPH = "urn:ikg:empty"  # names an empty dataset (no graph has this name)


class _ByteStream(io.RawIOBase):
    """A file-like view of an httpx streaming response (pyoxigraph parses it incrementally)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks, self._buf = chunks, b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._buf:
            try:
                self._buf = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(b), len(self._buf))
        b[:n], self._buf = self._buf[:n], self._buf[n:]
        return n


def parse_spec(spec: str) -> tuple[str, str, str]:
    """(adapter name or "auto", query URL, update URL) from a ``--store`` value."""
    kind = "auto"
    m = re.match(r"^(fuseki|virtuoso|sparql)\+(https?://.*)$", spec)
    if m:
        kind, spec = m.group(1), m.group(2)
    parts = urlsplit(spec)
    qs = parse_qs(parts.query)
    update = qs.pop("update", [None])[0]
    query_url = urlunsplit(parts._replace(query=urlencode(qs, doseq=True)))
    return kind, query_url, update or query_url


def open_remote(spec: str, settings: Settings | None = None) -> RemoteSparqlStore:
    return RemoteSparqlStore(spec, settings or Settings.from_env())


class RemoteSparqlStore(LocalDirs, QueryMethods):
    kind = "remote"

    def __init__(self, spec: str, settings: Settings) -> None:
        self.settings = settings
        self.spec = spec
        kind, query_url, update_url = parse_spec(spec)
        timeout = httpx.Timeout(max(settings.query_timeout_s, 1.0) * 4, connect=10.0)
        self.client = httpx.Client(timeout=timeout, headers={"User-Agent": "ikg"})
        host = urlsplit(query_url)
        self.path = Path(".ikg") / "remote" / re.sub(r"[^A-Za-z0-9.-]", "-", host.netloc)
        self.adapter = self._adapter(kind, query_url, update_url)

    def _adapter(self, kind: str, query_url: str, update_url: str) -> GenericAdapter:

        if kind == "auto":
            kind = "fuseki" if looks_like_fuseki(query_url, self.client) else "sparql"
        if kind == "fuseki":
            return FusekiAdapter.for_dataset(query_url, self.client)
        if kind == "virtuoso":
            return VirtuosoAdapter(query_url, update_url, self.client)
        return GenericAdapter(query_url, update_url, self.client)

    # -- locations ----------------------------------------------------------------------------

    def current_version(self) -> str | None:
        """A token that changes whenever a source is (re)written: a short hash of every
        source's name, time of ingest and triple count (callers use it in file names)."""
        srcs = self.sources()
        token = "|".join(f"{n}@{s.ingested}#{s.triples}" for n, s in srcs.items())
        return "r" + hashlib.blake2b(token.encode(), digest_size=8).hexdigest() if token else None

    # -- reading ------------------------------------------------------------------------------
    def _request(self, sparql: str, accept: str, stream: bool = False, union: Dataset = True):
        """``union``: True for the union of the graphs, False for the server's default graph, or
        the list of graphs that make up the dataset (default graph and named graphs)."""
        data: dict[str, Any] = {"query": sparql}
        if isinstance(union, list):
            names = [g.value for g in union] or [EMPTY_GRAPH]
            data.update({"default-graph-uri": names, "named-graph-uri": names})
        elif union:
            data.update(self.adapter.dataset_params(sparql, self))
        req = self.client.build_request(
            "POST", self.adapter.query_url, data=data, headers={"Accept": accept}
        )
        try:
            r = self.client.send(req, stream=stream)
        except httpx.HTTPError as e:
            raise StoreError(
                f"cannot reach the SPARQL endpoint {self.adapter.query_url}: {e}"
            ) from None
        if r.status_code >= 300:
            body = r.read().decode("utf-8", "replace")
            r.close()
            cls = QueryError if r.status_code in (400, 414) else StoreError
            raise cls(f"{self.adapter.query_url} answered {r.status_code}: {brief(body)}")
        return r

    def query(self, sparql: str, params: Mapping[str, Any] | None = None, union: Dataset = True):
        if params:
            sparql = bind_params(sparql, params)
        form = _query_form(sparql)
        if form in ("CONSTRUCT", "DESCRIBE"):
            r = self._request(
                sparql, "application/n-triples, text/turtle;q=0.9", stream=True, union=union
            )
            ctype = r.headers.get("content-type", "")
            fmt = ox.RdfFormat.TURTLE if "turtle" in ctype else ox.RdfFormat.N_TRIPLES
            return _closing_iter(ox.parse(_ByteStream(r.iter_bytes()), fmt), r)
        r = self._request(sparql, self.adapter.results_accept, union=union)
        first = self._parse(r.content)
        cap = self.adapter.row_cap(r.headers)
        if cap is None or not isinstance(first, ox.QuerySolutions):
            return first
        return self._paged(sparql, first, cap, union)

    def _parse(self, body: bytes) -> Any:
        try:
            return ox.parse_query_results(body, self.adapter.results_format)
        except SyntaxError as e:
            raise StoreError(f"{self.adapter.query_url} sent unreadable results: {e}") from None

    def _paged(
        self, sparql: str, first: ox.QuerySolutions, cap: int, union: Dataset
    ) -> ox.QuerySolutions:
        """All rows of a SELECT the server cut at ``cap`` rows, fetched ``cap`` at a time
        through a sorted subquery (Virtuoso refuses a sorted OFFSET past its cap otherwise)."""
        names = [v.value for v in first.variables]
        pages = paged_queries(sparql, names, cap)
        bindings: list[dict[str, Any]] = []
        for page_query in pages:
            r = self._request(page_query, self.adapter.results_accept, union=union)
            page = self._parse(r.content)
            if self.adapter.row_cap(r.headers) not in (None, cap):
                raise StoreError(
                    f"{self.adapter.query_url} cut a page at {self.adapter.row_cap(r.headers)} "
                    f"rows, under its own limit of {cap}: the answer cannot be read whole"
                )
            got = [_binding_json(sol, names) for sol in page]
            bindings.extend(got)
            if len(got) < cap:
                break
        doc = {"head": {"vars": names}, "results": {"bindings": bindings}}
        return ox.parse_query_results(json.dumps(doc).encode(), ox.QueryResultsFormat.JSON)

    def excluding(self, source: str) -> RemoteExcludedView:
        """The read view a re-ingest of ``source`` looks at: every graph but the source's, so
        its previous version never changes what its new version becomes (as on the embedded
        store)."""
        return RemoteExcludedView(self, source)

    def graphs(self) -> list[ox.NamedNode]:
        rows = solutions_to_rows(self.query(load("store/remote_graphs"), union=False))
        return sorted(
            (
                r["g"]
                for r in rows
                if isinstance(r["g"], ox.NamedNode) and r["g"] != vocab.META_GRAPH
            ),
            key=lambda g: g.value,
        )

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        for g in [graph] if graph is not None else self.graphs():
            for t in self.adapter_graph_triples(g):
                yield ox.Quad(t.subject, t.predicate, t.object, g)

    def adapter_graph_triples(self, g: ox.NamedNode) -> Iterator[ox.Triple]:
        paged = getattr(self.adapter, "graph_triples", None)
        if paged is not None:
            yield from paged(self, g)
            return
        yield from self.query(load("store/graph_triples"), {"g": g}, union=False)

    def sources(self) -> dict[str, SourceInfo]:
        return source_infos(self.select(load("store/sources")))

    def triple_count(self) -> int:
        return sum(s.triples for s in self.sources().values())

    # -- writing ------------------------------------------------------------------------------
    @contextlib.contextmanager
    def writer(self, wait: float | None = None) -> Iterator[RemoteWriter]:
        """One writer per machine (a local lock); the server itself does not lock sources."""
        self.path.mkdir(parents=True, exist_ok=True)
        timeout = self.settings.lock_wait_s if wait is None else wait
        lock = FileLock(str(self.path / "ikg.lock"), timeout=timeout if timeout > 0 else 0)
        try:
            lock.acquire()
        except Timeout:
            raise LockError(
                f"another ikg process is writing to {self.spec} (lock "
                f"{self.path / 'ikg.lock'}); wait, or pass --wait SECONDS"
            ) from None
        try:
            yield RemoteWriter(self)
        finally:
            lock.release()


class RemoteExcludedView(ExcludedView):
    """The remote store as it would be without one source (read-only): queries name every other
    ikg graph as the dataset (``default-graph-uri`` and ``named-graph-uri``)."""

    kind = "remote"

    def __init__(self, store: RemoteSparqlStore, source: str) -> None:
        self._store = store
        self.settings, self.path, self.spec = store.settings, store.path, store.spec
        self._graph = vocab.source_graph(source)

    def _graphs(self) -> list[ox.NamedNode]:
        prefix = self._graph.value + "/graph/"
        return [
            g for g in self._store.graphs() if g != self._graph and not g.value.startswith(prefix)
        ]

    def query(self, sparql: str, params: Mapping[str, Any] | None = None, union: Dataset = True):
        return self._store.query(sparql, params, union=self._graphs())

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        keep = set(self._graphs())
        for g in [graph] if graph is not None else sorted(keep, key=lambda n: n.value):
            if g in keep:
                yield from self._store.quads(g)


def _closing_iter(it: Iterator[Any], resp: httpx.Response) -> Iterator[Any]:
    try:
        yield from it
    finally:
        resp.close()


_PROLOGUE_ITEM = re.compile(
    r"\s*(?:#[^\n]*(?:\n|$)|PREFIX\s+[^\s:]*:\s*<[^<>\s]*>|BASE\s*<[^<>\s]*>)", re.I
)
_ORDER_RE = re.compile(r"\bORDER\s+BY\b", re.I)


def split_prologue(sparql: str) -> tuple[str, str]:
    """(PREFIX/BASE declarations and comments, the query after them)."""
    pos = 0
    while (m := _PROLOGUE_ITEM.match(sparql, pos)) and m.end() > pos:
        pos = m.end()
    return sparql[:pos], sparql[pos:]


def paged_queries(sparql: str, names: list[str], page: int) -> Iterator[str]:
    """The pages of a SELECT: the query as a sorted subquery (its own ORDER BY, else
    one over every projected variable, so pages neither overlap nor miss rows)."""
    prologue, body = split_prologue(sparql)
    inner = body
    if not _ORDER_RE.search(strip_comments_and_strings(body)):
        order = " ".join(f"?{n}" for n in names)
        inner = f"SELECT * WHERE {{ {{\n{body}\n}} }} ORDER BY {order}"
    offset = 0
    while True:
        yield f"{prologue}\nSELECT * WHERE {{ {{\n{inner}\n}} }} OFFSET {offset} LIMIT {page}"
        offset += page


def _binding_json(sol: Any, names: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for n in names:
        t = sol[n]
        if t is None:
            continue
        if isinstance(t, ox.NamedNode):
            out[n] = {"type": "uri", "value": t.value}
        elif isinstance(t, ox.BlankNode):
            out[n] = {"type": "bnode", "value": t.value}
        elif t.language:
            out[n] = {"type": "literal", "value": t.value, "xml:lang": t.language}
        else:
            out[n] = {"type": "literal", "value": t.value, "datatype": t.datatype.value}
    return out


_FORM_RE = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)


def _query_form(sparql: str) -> str:
    m = _FORM_RE.search(strip_comments_and_strings(sparql))
    return m.group(1).upper() if m else "SELECT"


class RemoteWriter:
    """The write half: staging graph, DROP + MOVE, metadata in the meta graph."""

    def __init__(self, store: RemoteSparqlStore) -> None:
        self.store = store
        self.adapter = store.adapter

    def _source_graphs(self, graph: ox.NamedNode) -> list[ox.NamedNode]:
        prefix = graph.value + "/graph/"
        return [g for g in self.store.graphs() if g == graph or g.value.startswith(prefix)]

    def replace_source(
        self,
        source: str,
        quads_or_triples: Iterable[ox.Triple | ox.Quad],
        *,
        records: int,
        content_hash: str = "",
        bulk: bool = True,
    ) -> SourceInfo:
        graph = vocab.source_graph(source)
        staging = ox.NamedNode(f"{vocab.STAGING_PREFIX}{quote(source, safe='')}")
        by_graph: dict[ox.NamedNode, list[ox.Triple]] = {}
        for t in quads_or_triples:
            by_graph.setdefault(graph_of(t, graph), []).append(
                ox.Triple(t.subject, t.predicate, t.object)
            )
        by_graph.setdefault(graph, [])
        return self._replace(source, graph, staging, by_graph, records, content_hash)

    def _replace(self, source, graph, staging, by_graph, records, content_hash) -> SourceInfo:
        stages = {}
        for i, (g, triples) in enumerate(sorted(by_graph.items(), key=lambda x: x[0].value)):
            st = ox.NamedNode(f"{staging.value}/{i}")
            self.adapter.update(f"DROP SILENT GRAPH {st}")
            self.adapter.load_triples(st, self._skolemised(source, triples))
            stages[g] = st
        for old in self._source_graphs(graph):
            if old not in stages:
                self.adapter.update(f"DROP SILENT GRAPH {old}")
        for g, st in stages.items():
            self.adapter.move(st, g)
        return self.record_source(source, graph, records, content_hash)

    def _skolemised(self, source: str, triples: list[ox.Triple]) -> Iterator[ox.Triple]:
        if not getattr(self.adapter, "needs_skolem", True):
            yield from triples
            return
        for t in triples:
            s, o = t.subject, t.object
            if isinstance(s, ox.BlankNode):
                s = self.adapter.skolem(source, s)
            if isinstance(o, ox.BlankNode):
                o = self.adapter.skolem(source, o)
            yield ox.Triple(s, t.predicate, o)

    def bulk_load_source(
        self, source: str, path: Path, fmt: ox.RdfFormat, *, records: int, content_hash: str = ""
    ) -> SourceInfo:
        return self.replace_source(
            source, ox.parse(path=str(path), format=fmt), records=records, content_hash=content_hash
        )

    def record_source(
        self, source: str, graph: ox.NamedNode, records: int, content_hash: str
    ) -> SourceInfo:
        count = 0
        for g in self._source_graphs(graph):
            rows = solutions_to_rows(
                self.store.query(load("store/graph_count"), {"g": g}, union=False)
            )
            count += int(rows[0]["c"].value) if rows else 0
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        node = vocab.mint("source", source)
        xsd = vocab.XSD
        meta = vocab.META_GRAPH
        values = [
            (vocab.TYPE, vocab.SOURCE),
            (vocab.SOURCE_NAME, ox.Literal(source)),
            (vocab.SOURCE_GRAPH, graph),
            (vocab.RECORD_COUNT, ox.Literal(str(records), datatype=xsd.integer)),
            (vocab.TRIPLE_COUNT, ox.Literal(str(count), datatype=xsd.integer)),
            (vocab.GENERATED_AT, ox.Literal(now, datatype=xsd.dateTime)),
            (vocab.CONTENT_HASH, ox.Literal(content_hash)),
        ]
        body = "\n".join(f"{node} {p} {o} ." for p, o in values)
        self.adapter.update(
            f"DELETE WHERE {{ GRAPH {meta} {{ {node} ?p ?o }} }} ;\n"
            f"INSERT DATA {{ GRAPH {meta} {{\n{body}\n}} }}"
        )
        return SourceInfo(source, graph.value, count, records, now, content_hash)

    def drop_source(self, source: str) -> None:
        graph = vocab.source_graph(source)
        for g in self._source_graphs(graph):
            self.adapter.update(f"DROP SILENT GRAPH {g}")
        node = vocab.mint("source", source)
        self.adapter.update(f"DELETE WHERE {{ GRAPH {vocab.META_GRAPH} {{ {node} ?p ?o }} }}")

    def update(self, sparql: str, params: Mapping[str, Any] | None = None) -> None:
        if params:
            raise QueryError("SPARQL Update takes no bound parameters here; use INSERT DATA")
        self.adapter.update(sparql)
