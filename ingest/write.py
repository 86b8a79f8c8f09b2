"""The Writer stage: the built-in sources (ontology, vocabularies), the bulk path for large
RDF files, and the quarantine report beside the store."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from ingest.loaders.rdf import sniff_format
from ingest.types import IngestResult, Progress, Quarantined, Record, unstated
from kg import vocab
from kg.errors import InputError
from kg.schemes import VOCAB_FILES
from kg.settings import ONTOLOGY_DIR
from kg.shacl import run_shacl
from kg.store.base import SourceInfo, SourceWriter, Store, graph_of

HEAD_BYTES = 65536


def content_hash(files: list[Path]) -> str:
    """SHA-256 over the files' names and bytes; a file that cannot be read (quarantined whole
    by the loader stage) counts by its name and a marker, so fixing it changes the hash."""
    h = hashlib.sha256()
    for f in files:
        h.update(str(f.name).encode())
        try:
            with f.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        except OSError:
            h.update(b"\0unreadable\0")
    return h.hexdigest()


def builtin_files() -> dict[str, tuple[list[Path], str]]:
    out = {}
    for name, path in VOCAB_FILES.items():
        files = sorted(ONTOLOGY_DIR.glob("*.ttl")) if name == "ontology" else [path]
        out[name] = (files, content_hash(files))
    return out


def builtins_stale(store: Store) -> bool:
    known = store.sources()
    return any(
        name not in known or known[name].content_hash != digest
        for name, (_, digest) in builtin_files().items()
    )


def ensure_builtins(writer: SourceWriter, store: Store) -> None:
    """Load the ontology and the built-in vocabularies as sources, when missing or changed."""
    known = store.sources()
    for name, (files, digest) in builtin_files().items():
        if name in known and known[name].content_hash == digest:
            continue
        if len(files) == 1:
            writer.bulk_load_source(
                name, files[0], ox.RdfFormat.TURTLE, records=0, content_hash=digest
            )
        else:
            triples = [q for f in files for q in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE)]
            writer.replace_source(name, triples, records=0, content_hash=digest)


class CacheFacts(Protocol):
    """What the writer needs of the lookup cache (``ingest.cache.StoreLookups``)."""

    def own_facts(self, source: str, items: Iterable[ox.Triple]) -> Any: ...

    def publish_facts(self, source: str, own: Any, info: SourceInfo) -> bool: ...


def write_records(
    store: Store,
    source: str,
    accepted: list[Record],
    files: list[Path],
    wait: float | None,
    lookups: CacheFacts,
) -> SourceInfo:
    """The accepted records' triples, each once, as ``source``'s graph of a new store version,
    and the lookup cache of that version; the cache's facts are gathered in a thread while the
    store bulk-loads (pyoxigraph's bulk load lets other threads run). The embedded store's
    one-shot ingest loads beside the stages instead (``ingest.overlap``)."""
    # each triple once: records repeat shared nodes (an author in many works), and the
    # store's bulk load and the cache would read every repeat (1.5M for 0.93M at 20k works)
    triples = dict.fromkeys(t for r in accepted for t in r.triples)
    digest = content_hash(files)
    # the embedded store counts the distinct triples it loads instead of a COUNT query
    known = {"distinct": True} if store.kind == "oxigraph" else {}
    with ThreadPoolExecutor(max_workers=1) as pool:
        own = pool.submit(lookups.own_facts, source, triples)
        with store.writer(wait=wait) as w:
            ensure_builtins(w, store)
            info = w.replace_source(
                source, triples, records=len(accepted), content_hash=digest, **known
            )
        facts = own.result()
    if facts is not None:
        lookups.publish_facts(source, facts, info)
    return info


def take_out(w_store: ox.Store, quads: list[ox.Quad]) -> None:
    """Removes ``quads`` from the unpublished version, and a nested graph they leave empty
    (writing only the landing records would not have made it)."""
    for q in quads:
        w_store.remove(q)
    for g in {q.graph_name for q in quads}:
        if next(iter(w_store.quads_for_pattern(None, None, None, g)), None) is None:
            w_store.remove_graph(g)


def gone(candidates: list[Record], landed: list[Record], graph: ox.NamedNode) -> list[ox.Quad]:
    """The quads ``replace_source`` wrote for triples of records that did not land, less
    those a landing record also states."""
    kept = {id(r) for r in landed}
    dropped = [r for r in candidates if id(r) not in kept]
    return [
        ox.Quad(t.subject, t.predicate, t.object, graph_of(t, graph))
        for t in unstated(dropped, landed)
    ]


def write_quarantine_report(store: Store, result: IngestResult) -> Path | None:
    base = store.quarantine_dir / vocab.slug(result.source)
    payload = {
        "source": result.source,
        "quarantined": [
            {**q.as_json(), "shape": q.shape, "focus": q.focus, "path": q.path}
            for q in result.quarantined
        ],
        "warnings": result.warnings,
    }
    base.with_suffix(".json").write_text(json.dumps(payload, ensure_ascii=False, indent=2))
    lines = [
        f"Quarantine report for source {result.source!r}: "
        f"{len(result.quarantined)} record(s) did not land",
        "",
    ]
    for q in result.quarantined:
        lines.append(f"{q.file}: {q.record}: {q.reason}")
    if result.warnings:
        lines += ["", "Warnings (data kept):"] + [f"  {w}" for w in result.warnings]
    base.with_suffix(".txt").write_text("\n".join(lines) + "\n")
    return base.with_suffix(".json")


def bulk_format(path: Path, settings: Any) -> ox.RdfFormat | None:
    """N-Triples or Turtle files past the bulk threshold take the bulk path."""
    try:
        if path.stat().st_size < settings.bulk_threshold_bytes:
            return None
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES).decode("utf-8", "ignore")
    except OSError:
        return None
    fmt = sniff_format(path, head)
    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES) and path.suffix.lower() == ".nt":
        return ox.RdfFormat.N_TRIPLES
    return fmt if fmt == ox.RdfFormat.TURTLE else None


def ingest_bulk_rdf(
    store: Store, path: Path, name: str, wait: float | None, progress: Progress | None
) -> IngestResult:
    """Large N-Triples/Turtle: stream into the unpublished version with ``bulk_load``, then
    validate that graph and take out the subjects that violate a shape before publishing."""
    fmt = bulk_format(path, store.settings)
    result = IngestResult(source=name)
    digest = content_hash([path])
    with store.writer(wait=wait) as w:
        try:
            w.bulk_load_source(name, path, fmt, records=0, content_hash=digest)
        except (SyntaxError, ValueError, OSError) as e:
            raise InputError(f"{path}: {fmt.name} does not parse: {e}; fix the file") from None
        if progress:
            progress("load", 1, 1)
        graph = vocab.source_graph(name)
        triples = [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in w.store.quads_for_pattern(None, None, None, graph)
        ]
        subjects = {t.subject for t in triples}
        report = run_shacl(triples, store.settings.shacl_engine)
        bad: dict[str, list[str]] = {}
        for res in report.results:
            if res.severity == "Violation":
                bad.setdefault(res.focus, []).append(f"{res.shape}: {res.message}")
        for focus, reasons in bad.items():
            node = ox.NamedNode(focus) if "://" in focus or focus.startswith("urn:") else None
            if node is None:
                continue
            for q in list(w.store.quads_for_pattern(node, None, None, graph)):
                w.store.remove(q)
            result.quarantined.append(
                Quarantined(str(path), f"subject <{focus}>", "; ".join(reasons[:5]))
            )
        result.warnings = [
            f"{r.focus}: {r.shape}: {r.message}"
            for r in report.results
            if r.severity != "Violation"
        ]
        result.records = len(subjects) - len(bad)
        info = w.record_source(name, graph, result.records, digest)
        result.triples = info.triples
    if progress:
        progress("write", 1, 1)
    write_quarantine_report(store, result)
    return result
