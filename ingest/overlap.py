"""The Resolver and the SHACL gate in the pipeline's thread while the embedded store loads the
source in another (one-shot ingest into the embedded store, ``overlap.wanted``).

pyoxigraph's bulk load of N-Triples text releases the GIL, so the store's load, most of the
write stage's time, runs beside the Python stages after the records are read:

1. before the Resolver, the records' distinct triples that it cannot change start loading into
   the unpublished version: those naming no person or institution the input types (the
   Resolver merges and renames only such nodes: every node it merges, and every node whose
   display names it keeps, is checked to be one of them after it ran; if one is not, the
   early load is undone and everything loads after it, so the result never depends on this);
2. after the Resolver, the rest (the rewritten triples and the merges' ``owl:sameAs``) load
   while the SHACL gate judges the records in this thread; the Resolver's decisions rewrite
   the distinct triples the early load left (each triple's rewrite depends on it alone), and
   the records themselves only when the gate must find a violation's records;
3. the triples of the records the gate quarantined that no landing record also states are
   taken out before the version is published (``ingest.write.gone``, ``take_out``).

The result is the stages-in-turn run's: the same triples, records, quarantine, warnings and
lookup cache (``tests/test_overlap.py`` compares them). No process is forked: the app and the
server may call it from their threads.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from itertools import chain
from pathlib import Path

import pyoxigraph as ox

from ingest.cache import StoreLookups
from ingest.resolve.stage import Resolver
from ingest.resolve.summary import KIND_TYPES, Decisions, apply, rewritten
from ingest.types import IngestResult, Progress, Record, distinct_triples
from ingest.validate import ShaclGate
from ingest.write import content_hash, ensure_builtins, gone, take_out
from kg import vocab
from kg.store.base import Store, graph_of

TRIPLE = ox.Triple


def wanted(store: Store) -> bool:
    """The embedded store (its writer can bulk-load beside the stages)."""
    return store.kind == "oxigraph"


class BackgroundLoad:
    """Loads parts of a source's triples into ``graph`` of the unpublished version, one part
    after another in a thread; ``finish`` waits for them (and raises what a load raised)."""

    def __init__(self, target: ox.Store, graph: ox.NamedNode) -> None:
        self.target = target
        self.graph = graph
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ikg-load")
        self.parts: list[Future[None]] = []

    def add(self, items: list[ox.Triple | ox.Quad]) -> None:
        self.parts.append(self.pool.submit(self._load, items))

    def _load(self, items: list[ox.Triple | ox.Quad]) -> None:
        """N-Triples text that pyoxigraph writes and parses without the GIL; quads (nested
        graphs) and text naming a blank node (a parse would relabel it) take ``bulk_extend``."""
        triples = [t for t in items if type(t) is TRIPLE]
        quads = [t for t in items if type(t) is not TRIPLE] if len(triples) < len(items) else []
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        if b"_:" in data:
            quads += triples
        elif data:  # lenient: pyoxigraph's own serialisation of valid terms
            self.target.bulk_load(
                data, format=ox.RdfFormat.N_TRIPLES, to_graph=self.graph, lenient=True
            )
        if quads:
            g = self.graph
            self.target.bulk_extend(
                ox.Quad(t.subject, t.predicate, t.object, graph_of(t, g)) for t in quads
            )

    def wait(self) -> None:
        """Waits for the parts added so far (raises what a load raised)."""
        parts, self.parts = self.parts, []
        for part in parts:
            part.result()

    def finish(self) -> None:
        """Waits for every part, then ends the thread."""
        try:
            self.wait()
        finally:
            self.pool.shutdown(wait=True)
            # the writer closes the version's read-write handle before it publishes: a handle
            # kept here would stay open (and compact) while readers open the version
            self.target = None  # type: ignore[assignment]


def split_fixed(
    candidates: list[Record],
) -> tuple[dict[ox.Triple, None], list[ox.Triple | ox.Quad], set[ox.NamedNode]]:
    """The candidates' distinct triples that name no person or institution node the input
    types (the Resolver leaves them as they are), the other distinct triples, and those
    nodes."""
    every = distinct_triples(candidates)
    kind, kinds = vocab.TYPE, KIND_TYPES
    nodes = {t.subject for t in every if t.predicate == kind and t.object in kinds}
    fixed: dict[ox.Triple, None] = {}
    other: list[ox.Triple | ox.Quad] = []
    for t in every:  # one pass: a second over the rest (by id) cost more than the branch
        if type(t) is TRIPLE and t.subject not in nodes and t.object not in nodes:
            fixed[t] = None
        else:
            other.append(t)
    return fixed, other, nodes


def the_rest(
    decisions: Decisions, fixed: dict[ox.Triple, None], other: list[ox.Triple | ox.Quad]
) -> dict[ox.Triple | ox.Quad, None]:
    """The candidates' distinct triples after the Resolver that ``fixed`` does not hold:
    ``other`` rewritten (``apply`` rewrites each triple alone, and leaves ``fixed``'s as
    they are), then the merges' ``owl:sameAs`` in the records' order. The records
    themselves are not rewritten."""
    out = rewritten(other, decisions.merged, decisions.keep)  # type: ignore[arg-type]
    by_record = decisions.same_as_by_record()
    out.extend(t for i in sorted(by_record) for t in by_record[i])
    return {t: None for t in out if t not in fixed}


def resolve(
    view: Store, lookups: StoreLookups, candidates: list[Record], nodes: set[ox.NamedNode]
) -> tuple[Decisions, bool]:
    """``Resolver(view, lookups).decisions(candidates)`` (not applied to the records); whether
    every node it merges or keeps a display name of is one of ``nodes`` (so it changes no
    triple outside them)."""
    decisions = Resolver(view, lookups).decisions(candidates)
    touched = set(decisions.merged) | {key[0] for key in decisions.keep}
    return decisions, touched <= nodes


def overlapped(
    store: Store,
    records: list[Record],
    files: list[Path],
    run: tuple[str, float | None, Progress | None],
    lookups: StoreLookups,
    result: IngestResult,
) -> None:
    """Resolver, SHACL gate and write as the module's docstring says (``result`` filled in).
    ``run``: the source's name, the writer's wait, progress."""
    name, wait, progress = run
    view = store.excluding(name)
    candidates = [r for r in records if not r.errors]
    graph = vocab.source_graph(name)
    with store.writer(wait=wait) as w:
        ensure_builtins(w, store)
        w.replace_source(name, [], records=0, distinct=True)  # the source's old graphs go
        load = BackgroundLoad(w.store, graph)  # type: ignore[attr-defined]
        try:
            fixed, other, nodes = split_fixed(candidates)
            load.add(list(fixed))
            if progress:
                progress("resolve", 0, 1)
            decisions, safe = resolve(view, lookups, candidates, nodes)
            if not safe:  # the early load was not safe
                load.wait()
                w.replace_source(name, [], records=0, distinct=True)
                other = list(chain(fixed, other))
                fixed = {}
            if progress:
                progress("resolve", 1, 1)
                progress("validate", 0, 1)
            rest = the_rest(decisions, fixed, other)
            load.add(list(rest))
            gate = ShaclGate(view)
            # the records are rewritten only if a violation's records must be found
            settle = partial(apply, decisions, candidates)
            accepted, quarantined = gate.run(records, chain(fixed, rest), settle)
            if progress:
                progress("validate", 1, 1)
            # the lookup cache's facts while the load goes on (of what lands, as published)
            everything = len(accepted) == len(candidates)
            landed = chain(fixed, rest) if everything else distinct_triples(accepted)
            facts = lookups.own_facts(name, landed)
        finally:
            load.finish()
        distinct = all(type(t) is TRIPLE for t in rest)
        count = len(fixed) + len(rest) if distinct else None
        if not everything:
            take_out(w.store, gone(candidates, accepted, graph))  # type: ignore[attr-defined]
            count = None
        info = w.record_source(name, graph, len(accepted), content_hash(files), count)  # type: ignore[attr-defined]
    if facts is not None:
        lookups.publish_facts(name, facts, info)
    result.quarantined.extend(quarantined)
    result.warnings.extend(f"{w.focus}: {w.shape}: {w.message}" for w in gate.warnings)
    result.records = len(accepted)
    result.triples = info.triples
