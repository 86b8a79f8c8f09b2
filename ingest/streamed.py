"""Streamed ingest: a large OpenAlex JSON Lines dump without holding it in memory.

``ikg ingest --stream`` (and by default OpenAlex JSON Lines of ``STREAM_MIN_BYTES`` or more;
``--no-stream`` turns it off) runs the stages batch by batch of ``Settings.ingest_batch`` lines:

1. map and tag a batch (in this process, or in worker processes with IKG_INGEST_WORKERS,
   ``ingest.stream``), spill its triples to disk as N-Triples with each record's locator,
   owned subjects and errors, and add what the resolver reads to its summary
   (``ingest.resolve.summary``: the resolver's triples once each, label counts, first owners);
2. decide the merges on the summary (``Resolver.decide``);
3. read each spilled batch back, rewrite it with the decisions (``apply``) and bulk-add its records' triples to the source's graph in the unpublished
   store version (a batch at a time: the store's bulk loader over one file of the whole input
   held 1 GB at 20,000 works);
4. run the SHACL gate on the staged graph (``ingest.staged_gate``); on a violation, read
   the batches back (rewritten again) to find the records to quarantine, take out their
   triples that no landing record states, validate again; publish.

What lands is what the one-shot ingest lands (the same resolver decisions, the same gate rules;
``tests/test_streamed.py``). The spill lives in a temporary folder in the store's folder and
is removed at the end. Progress counts records (records/s, time left) in steps 1 and 3.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict
from hashlib import blake2b
from pathlib import Path

import numpy as np
import pyoxigraph as ox

from ingest import stream
from ingest.cache import FACT_PREDICATES, StoreLookups
from ingest.extract.stage import RecordTagger
from ingest.resolve.stage import Resolver
from ingest.resolve.summary import Decisions, Summary, apply
from ingest.staged_gate import offenders, quarantined, staged_results
from ingest.types import IngestResult, LoadContext, Progress, Quarantined, Record
from ingest.validate import MAX_ROUNDS
from ingest.write import builtins_stale, content_hash, ensure_builtins
from kg import vocab
from kg.errors import InputError
from kg.store.base import Store

STREAM_MIN_BYTES = 64 * 1024 * 1024  # OpenAlex JSON Lines this large stream by default


def _libc_trim() -> Callable[[], object]:
    """glibc's ``malloc_trim(0)``: freed heap pages go back to the system (a batch's objects
    are freed before the next batch, but the heap keeps their pages otherwise). Where the C
    library is not glibc there is nothing to call: memory is then what the allocator keeps."""
    try:
        trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return lambda: None
    return lambda: trim(0)


trim_heap = _libc_trim()


def wanted(
    store: Store, groups: list[tuple[str, list[Path]]], choice: bool | None, encoding: str | None
) -> bool:
    """Whether the input streams: ``choice`` True/False (--stream/--no-stream) or None (by
    size). Only UTF-8 OpenAlex JSON Lines into the embedded store stream; --stream on anything
    else is an error that says so."""
    files = groups[0][1] if len(groups) == 1 else []
    fits = (
        store.kind == "oxigraph"
        and encoding is None
        and len(groups) == 1
        and groups[0][0] == stream.OPENALEX.name
        and all(stream.is_jsonl(f) for f in files)
    )
    if choice is None:
        return fits and sum(f.stat().st_size for f in files) >= STREAM_MIN_BYTES
    if choice and not fits:
        raise InputError(
            "--stream reads UTF-8 OpenAlex JSON Lines (one work per line, no --encoding) into "
            "the embedded store; this input or store is not that: ingest it without --stream"
        )
    return choice


class Spill:
    """The batches' records on disk: N-Triples and a JSON line of record metadata each."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.starts: list[int] = []  # index of each batch's first record

    def write(self, n: int, records: list[Record], start: int) -> None:
        if n == len(self.starts):
            self.starts.append(start)
        triples = (t for r in records for t in r.triples)
        nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        (self.folder / f"{n}.nt").write_bytes(nt)
        meta = [
            (r.file, r.locator, len(r.triples), sorted(s.value for s in r.subjects), r.errors)
            for r in records
        ]
        (self.folder / f"{n}.json").write_text(json.dumps(meta))

    def read(self, n: int) -> list[Record]:
        nt = (self.folder / f"{n}.nt").read_bytes()
        # lenient: the spill is pyoxigraph's own serialisation of valid terms
        triples = [q.triple for q in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES, lenient=True)]
        out: list[Record] = []
        at = 0
        for file, locator, count, subjects, errors in json.loads(
            (self.folder / f"{n}.json").read_text()
        ):
            rec = Record(file=file, locator=locator, errors=errors)
            rec.triples = triples[at : at + count]
            rec.subjects = {ox.NamedNode(s) for s in subjects}
            out.append(rec)
            at += count
        return out

    def records(self, decisions: Decisions, skip: set[int]) -> Iterator[tuple[int, Record]]:
        """Every record without loader errors and not in ``skip``, with its index, rewritten
        with ``decisions`` (the spill keeps the batches as mapped)."""
        for n, start in enumerate(self.starts):
            records = self.read(n)
            apply(decisions, records, start)
            for i, rec in enumerate(records, start):
                if not rec.errors and i not in skip:
                    yield i, rec


def _batches(
    store: Store, plan: list[stream.Batch], ctx: LoadContext, lookups: StoreLookups
) -> Iterator[list[Record] | None]:
    """Each batch's records mapped and tagged, in order: by worker processes (their answers
    parsed back), or here; None for a batch that is not UTF-8 text."""
    n = stream.workers(store.settings)
    if n >= 2:
        run = {
            "store": str(store.path),
            "settings": asdict(store.settings),
            "source": ctx.source,
            "lang": ctx.lang,
        }
        for b, out in zip(plan, stream.in_workers(plan, run, n), strict=True):
            yield None if out is None else stream.records_of(b, out)
        return
    tagger = RecordTagger(store.excluding(ctx.source), lookups)
    for b in plan:
        yield stream.map_records(b, ctx, tagger)


def map_and_summarise(
    store: Store,
    files: list[Path],
    ctx: LoadContext,
    spill: Spill,
    lookups: StoreLookups,
    progress: Progress | None,
) -> tuple[Summary, list[str]]:
    """Step 1: every batch mapped, tagged and spilled; the resolver's summary and warnings."""
    plan = [b for f in files for b in stream.batches(f, store.settings.ingest_batch)]
    total = sum(b.lines for b in plan)
    summary, warnings = Summary(spill.folder), []
    start = done = 0
    if progress:
        progress("records", 0, total)
    for n, (batch, records) in enumerate(
        zip(plan, _batches(store, plan, ctx, lookups), strict=True)
    ):
        if records is None:
            raise InputError(
                f"{batch.path}: lines {batch.first_line}-{batch.first_line + batch.lines - 1} "
                "are not UTF-8 text; convert the file to UTF-8, or ingest it with --no-stream "
                "(which names the byte) or --encoding"
            )
        for r in records:
            warnings.extend(f"{r.file}: {r.locator}: {w}" for w in r.warnings)
        summary.add(records, start)
        spill.write(n, records, start)
        start += len(records)
        done += batch.lines
        del records
        trim_heap()
        if progress:
            progress("records", done, total)
    return summary, warnings


class Loaded:
    """The N-Triples lines already bulk-loaded whose subject the stating record does not own
    (a person's or an institution's description, repeated by each of its works), as 16-byte
    BLAKE2b digests in a sorted array (~16 MB at 200,000 works): a batch loads only the ones
    not loaded before. The store would drop the repeats anyway, but its loader and compaction
    pay for them (the 100,000-work rewrite loaded 38 % of its lines twice or more)."""

    def __init__(self) -> None:
        self.seen = np.empty(0, dtype="S16")

    def new_lines(self, data: bytes) -> bytes:
        """The lines of ``data`` (N-Triples) not loaded before, each once, in order."""
        lines = data.split(b"\n")
        if lines and not lines[-1]:
            lines.pop()
        if not lines:
            return b""
        digests = np.array([blake2b(x, digest_size=16).digest() for x in lines], dtype="S16")
        uniq, first = np.unique(digests, return_index=True)
        at = np.searchsorted(self.seen, uniq)
        known = np.zeros(len(uniq), dtype=bool)
        if len(self.seen):
            known = self.seen[np.minimum(at, len(self.seen) - 1)] == uniq
        self.seen = np.insert(self.seen, at[~known], uniq[~known])
        return b"".join(lines[i] + b"\n" for i in np.sort(first[~known]))


def _bulk_add(
    w_store: ox.Store, graph: ox.NamedNode, records: list[Record], loaded: Loaded
) -> None:
    """The records' triples added to ``graph`` as N-Triples text pyoxigraph writes and
    bulk-loads (an ``ox.Quad`` built per triple costs more: ``kg.store.oxigraph``), those of
    subjects the record does not own only when not loaded before (``Loaded``); text naming a
    blank node (whose label a parse would change) takes ``bulk_extend``."""
    own: list[ox.Triple] = []
    other: list[ox.Triple] = []
    for r in records:
        subjects = r.subjects
        for t in r.triples:
            (own if t.subject in subjects else other).append(t)
    data = ox.serialize(own, format=ox.RdfFormat.N_TRIPLES) or b""
    rest = ox.serialize(other, format=ox.RdfFormat.N_TRIPLES) or b""
    if b"_:" not in data and b"_:" not in rest:
        data += loaded.new_lines(rest)
        # lenient: the text is pyoxigraph's own serialisation of valid terms
        w_store.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=graph, lenient=True)
    else:
        w_store.bulk_extend(
            ox.Quad(t.subject, t.predicate, t.object, graph) for t in [*own, *other]
        )


def rewrite_batches(
    spill: Spill,
    decisions: Decisions,
    target: tuple[ox.Store, ox.NamedNode],
    progress: Progress | None,
) -> tuple[int, list[Quarantined]]:
    """Step 3: each batch rewritten with the decisions; the landing records' triples
    bulk-added to the ``target`` graph of the unpublished version, a batch at a time.
    (records without errors, loader quarantine)"""
    w_store, graph = target
    failed: list[Quarantined] = []
    loaded = Loaded()
    ok = 0
    total = spill.starts[-1] if spill.starts else 0
    for n, start in enumerate(spill.starts):
        records = spill.read(n)
        apply(decisions, records, start)
        good = [r for r in records if not r.errors]
        failed.extend(
            Quarantined(r.file, r.locator, "; ".join(r.errors)) for r in records if r.errors
        )
        ok += len(good)
        _bulk_add(w_store, graph, good, loaded)
        end = start + len(records)
        del records, good
        trim_heap()
        if progress:
            progress("rewrite", end, max(total, end))
    return ok, failed


def gate(
    target: tuple[ox.Store, ox.NamedNode], spill: Spill, decisions: Decisions, engine: str
) -> tuple[list[Quarantined], list[str]]:
    """Step 4: the SHACL gate on the staged graph; quarantined records' own triples removed.
    (quarantined records, warnings of the last round)"""
    w_store, graph = target
    dropped: set[int] = set()
    out: list[Quarantined] = []
    warnings: list[str] = []
    for _ in range(MAX_ROUNDS):
        results = staged_results(w_store, graph, engine, spill.folder / "staged.nt")
        warnings = [
            f"{x.focus}: {x.shape}: {x.message}" for x in results if x.severity != "Violation"
        ]
        bad = [x for x in results if x.severity == "Violation"]
        if not bad:
            break
        drop = offenders(spill.records(decisions, dropped), bad)
        if not drop:
            break
        gone: dict[ox.Triple, None] = {}
        for i, rec in spill.records(decisions, dropped):
            if i in drop:
                out.append(quarantined(rec, drop[i]))
                gone.update(dict.fromkeys(rec.triples))
        dropped |= set(drop)
        for _, rec in spill.records(decisions, dropped):
            for t in rec.triples:
                gone.pop(t, None)
        for t in gone:
            w_store.remove(ox.Quad(t.subject, t.predicate, t.object, graph))
    return out, warnings


def run_streamed(
    store: Store,
    files: list[Path],
    ctx: LoadContext,
    wait: float | None,
    progress: Progress | None,
) -> IngestResult:
    """The streamed ingest of ``files`` as source ``ctx.source`` (see the module's docstring)."""
    name = ctx.source
    result = IngestResult(source=name)
    if builtins_stale(store):
        with store.writer(wait=wait) as w:
            ensure_builtins(w, store)
    lookups = StoreLookups(store, exclude=name)
    if store.current_version() is not None:
        lookups.load()  # the cache written before worker processes read it
    folder = Path(tempfile.mkdtemp(prefix=".stream-", dir=store.path))
    try:
        spill = Spill(folder)
        summary, result.warnings = map_and_summarise(store, files, ctx, spill, lookups, progress)
        if progress:
            progress("resolve", 0, 1)
        decisions = Resolver(store.excluding(name), lookups).decide(summary)
        decisions.settle()
        summary.owners.close()
        del summary
        trim_heap()
        if progress:
            progress("resolve", 1, 1)
        graph = vocab.source_graph(name)
        with store.writer(wait=wait) as w:
            ensure_builtins(w, store)
            w.replace_source(name, [], records=0)  # the source's old graphs go
            landed, failed = rewrite_batches(spill, decisions, (w.store, graph), progress)
            result.quarantined.extend(failed)
            if progress:
                progress("write", 0, 1)
                progress("validate", 0, 1)
            bad, warns = gate((w.store, graph), spill, decisions, store.settings.shacl_engine)
            if progress:
                progress("validate", 1, 1)
            result.quarantined.extend(bad)
            result.warnings.extend(warns)
            result.records = landed - len(bad)
            info = w.record_source(name, graph, result.records, content_hash(files))
            # the lookup cache's facts of the landed graph, read by predicate (a few of its triples)
            own = lookups.own_facts(
                name,
                (
                    q.triple
                    for p in sorted(FACT_PREDICATES, key=lambda n: n.value)
                    for q in w.store.quads_for_pattern(None, p, None, graph)
                ),
            )
        result.triples = info.triples
        if progress:
            progress("write", 1, 1)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    # the writer's store is closed: its block caches and table readers (~160 MB at 100,000
    # works) go back to the system before the lookup cache opens the published version
    del decisions, spill
    trim_heap()
    if own is not None:
        lookups.publish_facts(name, own, info)
    return result
