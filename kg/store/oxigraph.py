"""The embedded store: pyoxigraph on disk, versioned so readers never wait for a writer.

Layout of a store directory::

    STORE/CURRENT            name of the published version (replaced atomically)
    STORE/versions/vNNNNNN   pyoxigraph (RocksDB) directories; a published one is never written again
    STORE/ikg.lock           the writer lock
    STORE/quarantine/        quarantine reports per source (JSON and text)
    STORE/state/             app state: shortlists, watches, review queue

A writer takes the lock, checkpoints the current version into a new one (RocksDB hard links,
milliseconds), writes there, and publishes it by replacing ``CURRENT``. A killed writer never
publishes, so the store stays as it was; readers open the published version read-only and
move to a newer one on their next query.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import sys
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from filelock import FileLock, Timeout

from kg import vocab
from kg.errors import LockError, QueryError, StoreError
from kg.queries import bind_values, load
from kg.settings import Settings, default_store_path
from kg.store.base import (
    ExcludedView,
    LocalDirs,
    QueryMethods,
    SourceInfo,
    bind_params,
    graph_of,
    source_infos,
)

KEEP_VERSIONS = 3
BULK_CHUNK = 250_000  # triples serialised at a time for a bulk load (~45 MB of N-Triples)
MIN_PART = 50_000  # fewer triples load in one part (a thread's start costs more than it saves)
MAX_LOAD_THREADS = 4


class StoreWriter:
    """Write access to an unpublished version. Obtain it from ``OxigraphStore.writer()``."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def replace_source(
        self,
        source: str,
        quads_or_triples: Iterable[ox.Triple | ox.Quad],
        *,
        records: int,
        content_hash: str = "",
        bulk: bool = True,
        distinct: bool = False,
    ) -> SourceInfo:
        """Replace the named graph of ``source`` with the given triples and record its metadata.
        Quads go to graphs nested under the source's graph. ``distinct``: the caller knows
        no triple repeats, so their number is the graph's size (no COUNT query over the
        graph after the load; with quads the graphs are counted as usual)."""
        graph = vocab.source_graph(source)
        self._remove_source_graphs(graph)
        triples: list[ox.Triple] = []
        quads: list[ox.Quad] = []
        for t in quads_or_triples:
            if isinstance(t, ox.Quad):
                quads.append(ox.Quad(t.subject, t.predicate, t.object, graph_of(t, graph)))
            else:
                triples.append(t)
        if bulk:
            self._bulk_parts(triples, graph)
            self.store.bulk_extend(quads)
        else:
            self.store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
            self.store.extend(quads)
        count = len(triples) if distinct and not quads else None
        return self.record_source(source, graph, records, content_hash, count)

    def _bulk_parts(self, triples: list[ox.Triple], graph: ox.NamedNode) -> None:
        """Bulk-load ``triples`` in parts, one thread per core: pyoxigraph's bulk load of text
        runs without the GIL, and one load of under 1M quads uses one core."""
        cores = min(os.cpu_count() or 1, MAX_LOAD_THREADS)
        size = max(MIN_PART, min(BULK_CHUNK, -(-len(triples) // cores)))
        parts = [triples[i : i + size] for i in range(0, len(triples), size)]
        if len(parts) < 2:
            for part in parts:
                self._bulk_triples(part, graph)
            return
        with ThreadPoolExecutor(max_workers=min(cores, len(parts))) as pool:
            list(pool.map(lambda part: self._bulk_triples(part, graph), parts))

    def _bulk_triples(self, triples: list[ox.Triple], graph: ox.NamedNode) -> None:
        """Bulk-load triples into ``graph`` as N-Triples text that pyoxigraph both writes and
        parses (a Python ``ox.Quad`` per triple costs ~6 us when the object is a literal: the
        term conversion tries the other term types first). Blank nodes would get new labels
        when parsed, so triples whose text names one (``_:``, or a literal holding it) take
        ``bulk_extend``."""
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        if b"_:" in data:
            self.store.bulk_extend(
                ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples
            )
        else:  # lenient: the text is pyoxigraph's own serialisation of valid terms
            self.store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph, lenient=True)

    def bulk_load_source(
        self, source: str, path: Path, fmt: ox.RdfFormat, *, records: int, content_hash: str = ""
    ) -> SourceInfo:
        """Stream a large N-Triples/N-Quads/Turtle file into the source graph (no full copy in RAM)."""
        graph = vocab.source_graph(source)
        self._remove_source_graphs(graph)
        self.store.bulk_load(path=str(path), format=fmt, to_graph=graph)
        return self.record_source(source, graph, records, content_hash)

    def record_source(
        self,
        source: str,
        graph: ox.NamedNode,
        records: int,
        content_hash: str,
        count: int | None = None,
    ) -> SourceInfo:
        """The source's metadata; ``count``: its triples when the caller knows (else counted)."""
        if count is None:
            count = graph_triple_count(self.store, graph)
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        node = vocab.mint("source", source)
        meta = vocab.META_GRAPH
        for q in list(self.store.quads_for_pattern(node, None, None, meta)):
            self.store.remove(q)
        xsd = vocab.XSD
        self.store.extend(
            ox.Quad(node, p, o, meta)
            for p, o in [
                (vocab.TYPE, vocab.SOURCE),
                (vocab.SOURCE_NAME, ox.Literal(source)),
                (vocab.SOURCE_GRAPH, graph),
                (vocab.RECORD_COUNT, ox.Literal(str(records), datatype=xsd.integer)),
                (vocab.TRIPLE_COUNT, ox.Literal(str(count), datatype=xsd.integer)),
                (vocab.GENERATED_AT, ox.Literal(now, datatype=xsd.dateTime)),
                (vocab.CONTENT_HASH, ox.Literal(content_hash)),
            ]
        )
        return SourceInfo(source, graph.value, count, records, now, content_hash)

    def _remove_source_graphs(self, graph: ox.NamedNode) -> None:
        prefix = graph.value + "/graph/"
        for g in list(self.store.named_graphs()):
            if g == graph or (isinstance(g, ox.NamedNode) and g.value.startswith(prefix)):
                self.store.remove_graph(g)

    def drop_source(self, source: str) -> None:
        self._remove_source_graphs(vocab.source_graph(source))
        node = vocab.mint("source", source)
        for q in list(self.store.quads_for_pattern(node, None, None, vocab.META_GRAPH)):
            self.store.remove(q)

    def update(self, sparql: str, params: Mapping[str, Any] | None = None) -> None:
        if params:
            raise QueryError("SPARQL Update takes no bound parameters here; use INSERT DATA")
        try:
            self.store.update(sparql)
        except SyntaxError as e:
            raise QueryError(f"SPARQL update does not parse: {e}") from None


def graph_triple_count(store: ox.Store, graph: ox.NamedNode) -> int:
    """Triples in a source graph and the graphs nested under it."""
    prefix = graph.value + "/graph/"
    total = 0
    for g in store.named_graphs():
        if g == graph or (isinstance(g, ox.NamedNode) and g.value.startswith(prefix)):
            for row in store.query(bind_values(load("store/graph_count"), {"g": str(g)})):
                total += int(row["c"].value)
    return total


class OxigraphStore(LocalDirs, QueryMethods):
    """The embedded default store. The constructor touches nothing on disk."""

    kind = "oxigraph"

    def __init__(
        self, path: str | os.PathLike[str] | None = None, settings: Settings | None = None
    ):
        self.settings = settings or Settings.from_env()
        self.path = Path(default_store_path(str(path) if path else None))
        self._reader: ox.Store | None = None
        self._reader_version: str | None = None

    # -- locations ------------------------------------------------------------------------
    @property
    def lock_path(self) -> Path:
        return self.path / "ikg.lock"

    def current_version(self) -> str | None:
        try:
            return (self.path / "CURRENT").read_text().strip() or None
        except FileNotFoundError:
            return None
        except OSError as e:
            raise StoreError(f"cannot read {self.path / 'CURRENT'}: {e}") from None

    # -- reading --------------------------------------------------------------------------
    def reader(self) -> ox.Store:
        """The published version, read-only (an empty in-memory store if nothing was written)."""
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"store path {self.path} is a file; point --store at a directory")
        version = self.current_version()
        if version is None:
            if self._reader is None or self._reader_version is not None:
                self._reader, self._reader_version = ox.Store(), None
            return self._reader
        if self._reader is None or self._reader_version != version:
            vdir = self.path / "versions" / version
            try:
                self._reader = ox.Store.read_only(str(vdir))
            except OSError as e:
                raise StoreError(
                    f"cannot open store version {vdir}: {e}; if the store is damaged, "
                    "re-ingest into a fresh --store"
                ) from None
            self._reader_version = version
        return self._reader

    def query(self, sparql: str, params: Mapping[str, Any] | None = None, union: bool = True):
        """Run SPARQL over the union of all graphs; returns pyoxigraph results."""
        if params:
            sparql = bind_params(sparql, params)
        try:
            return self.reader().query(sparql, use_default_graph_as_union=union)
        except SyntaxError as e:
            raise QueryError(f"SPARQL does not parse: {e}") from None
        except OSError as e:
            raise QueryError(f"query failed: {e}") from None

    def excluding(self, source: str) -> SourceExcludedView:
        """A read view without ``source``'s graphs: what a re-ingest of it may look at."""
        return SourceExcludedView(self, source)

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        for q in self.reader().quads_for_pattern(None, None, None, graph):
            if graph is None and q.graph_name == vocab.META_GRAPH:
                continue
            yield q

    def graphs(self) -> list[ox.NamedNode]:
        return [
            g
            for g in self.reader().named_graphs()
            if isinstance(g, ox.NamedNode) and g != vocab.META_GRAPH
        ]

    def sources(self) -> dict[str, SourceInfo]:
        return source_infos(self.reader().query(load("store/sources")))

    def triple_count(self) -> int:
        """Quads in source graphs (a triple in two source graphs counts twice)."""
        return sum(s.triples for s in self.sources().values())

    # -- writing --------------------------------------------------------------------------
    @contextlib.contextmanager
    def writer(self, wait: float | None = None) -> Iterator[StoreWriter]:
        """One writer at a time. Yields a ``StoreWriter``; publishes on clean exit."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create store directory {self.path}: {e}") from None
        timeout = self.settings.lock_wait_s if wait is None else wait
        lock = FileLock(str(self.lock_path), timeout=timeout if timeout > 0 else 0)
        try:
            lock.acquire()
        except Timeout:
            raise LockError(
                f"another ikg process is writing to {self.path} (lock {self.lock_path}); "
                "wait for it to finish, or pass --wait SECONDS"
            ) from None
        new_dir: Path | None = None
        try:
            versions = self.path / "versions"
            versions.mkdir(exist_ok=True)
            current = self.current_version()
            existing = sorted(p.name for p in versions.iterdir() if p.name.startswith("v"))
            nxt = f"v{(int(existing[-1][1:]) + 1) if existing else 1:06d}"
            new_dir = versions / nxt
            if current is not None:
                ox.Store.read_only(str(versions / current)).backup(str(new_dir))
            store = ox.Store(str(new_dir))
            sw = StoreWriter(store)
            try:
                yield sw
                store.flush()
            finally:
                # close the read-write handle before anyone opens the version read-only; a
                # full collection only when something else still holds it (it walks every live
                # object: ~1.4 s at the end of a 20,000-work ingest)
                sw.store = None  # type: ignore[assignment]
                held = sys.getrefcount(store) > 2  # the local name and the call's argument
                del store
                if held:
                    gc.collect()
            tmp = self.path / "CURRENT.tmp"
            tmp.write_text(nxt)
            os.replace(tmp, self.path / "CURRENT")
            new_dir = None
            self._gc(versions, keep=nxt)
        finally:
            if new_dir is not None:
                shutil.rmtree(new_dir, ignore_errors=True)
            lock.release()

    def _gc(self, versions: Path, keep: str) -> None:
        names = sorted(p.name for p in versions.iterdir() if p.name.startswith("v"))
        for name in names[:-KEEP_VERSIONS]:
            if name != keep:
                shutil.rmtree(versions / name, ignore_errors=True)


class SourceExcludedView(ExcludedView):
    """The store as it would be without one source (read-only). Pipeline stages that look
    things up in the store (gazetteer, resolver) see this during a re-ingest, so a source's
    previous version never changes what its new version becomes: re-ingest is idempotent."""

    kind = "oxigraph"

    def __init__(self, store: OxigraphStore, source: str) -> None:
        self._store = store
        self.settings = store.settings
        self.path = store.path
        self._graph = vocab.source_graph(source)

    def reader(self) -> ox.Store:
        return self._store.reader()

    def _graphs(self) -> list[ox.NamedNode]:
        prefix = self._graph.value + "/graph/"
        return [
            g for g in self._store.graphs() if g != self._graph and not g.value.startswith(prefix)
        ]

    def query(self, sparql: str, params: Mapping[str, Any] | None = None, union: bool = True):
        if params:
            sparql = bind_params(sparql, params)
        graphs = self._graphs()
        try:
            return self._store.reader().query(
                sparql, default_graph=graphs or ox.DefaultGraph(), named_graphs=graphs or None
            )
        except SyntaxError as e:
            raise QueryError(f"SPARQL does not parse: {e}") from None

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        excluded = set(self._store.graphs()) - set(self._graphs())
        for q in self._store.quads(graph):
            if q.graph_name not in excluded:
                yield q
