"""Run the stages: Loader -> Extractor -> Resolver -> Validator -> Writer.

``run_ingest`` is the one entry point used by the CLI, the app and the tests; detection of a
file's loader is here too. The Writer stage (built-ins, bulk RDF, quarantine report) is
``ingest.write``.
"""

from __future__ import annotations

import codecs
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import ingest.loaders.all  # noqa: F401  (registers every loader)
from ingest.loaders import LOADERS
from ingest.types import IngestResult, LoadContext, Loader, Progress, Quarantined, Record
from ingest.validate import ShaclGate
from ingest.write import (
    HEAD_BYTES,
    builtins_stale,
    bulk_format,
    ensure_builtins,
    ingest_bulk_rdf,
    write_quarantine_report,
    write_records,
)
from kg.errors import InputError, KGError, MissingDependency
from kg.experts.index import refresh as refresh_expert_index
from kg.store.base import Store
from kg.tech_names import TechnologyNames

# the Extractor and Resolver stages, by name; a missing third-party library is an error that
# names it when ingest runs (never a silently skipped stage), and `ikg --help` still works
STAGE_IMPORT_ERROR: ModuleNotFoundError | None = None
try:
    from ingest import overlap, stream, streamed
    from ingest.cache import StoreLookups
    from ingest.extract.stage import TAG_KINDS, RecordTagger
    from ingest.resolve.stage import Resolver
except ModuleNotFoundError as e:
    if (e.name or "").split(".")[0] in ("ingest", "kg"):
        raise
    STAGE_IMPORT_ERROR = e

PROGRESS_EVERY = 500  # records between two "map" progress calls

# extension -> loader names it may hold (the extension is a hint; the content decides)
EXT_HINTS: dict[str, set[str]] = {
    ".csv": {"csv-records", "chains"},
    ".tsv": {"csv-records", "chains"},
    ".json": {"openalex", "rdf"},
    ".jsonl": {"openalex"},
    ".ndjson": {"openalex"},
    ".ris": {"ris"},
    ".ciw": {"wos"},
    ".bib": {"bibtex"},
    ".ttl": {"rdf"},
    ".trig": {"rdf"},
    ".nt": {"rdf"},
    ".nq": {"rdf"},
    ".jsonld": {"rdf"},
    ".rdf": {"rdf"},
    ".owl": {"rdf"},
    ".n3": {"rdf"},
    ".xml": {"rdf"},
    ".pdf": {"reports"},
    ".docx": {"reports"},
    ".html": {"reports"},
    ".htm": {"reports"},
    ".md": {"reports"},
    ".txt": {"reports", "ris", "wos", "csv-records", "chains"},
}
# text formats whose empty file is a valid file with no records
TEXT_FORMATS = {
    ".csv",
    ".tsv",
    ".json",
    ".jsonl",
    ".ndjson",
    ".ris",
    ".bib",
    ".ttl",
    ".trig",
    ".nt",
    ".nq",
    ".jsonld",
    ".n3",
    ".txt",
    ".md",
}


def collect_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if not p.exists():
            raise InputError(f"{p}: no such file or folder")
        if p.is_dir():
            files.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file()
                    and not any(part.startswith(".") for part in f.relative_to(p).parts)
                )
            )
        else:
            files.append(p)
    return files


def loader_by_name(name: str) -> Loader:
    for ld in LOADERS:
        if ld.name == name:
            return ld
    raise InputError(
        f"unknown --format {name!r}; use auto or one of: {', '.join(ld.name for ld in LOADERS)}"
    )


def detect(path: Path, fmt: str = "auto") -> Loader:
    """The loader for a file, by content; refuses content that contradicts the extension."""
    if fmt != "auto":
        return loader_by_name(fmt)
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as e:
        raise InputError(f"{path}: cannot read the file ({e.strerror})") from None
    if not head.strip():
        raise InputError(f"{path}: the file is empty; nothing to ingest")
    head = _utf8_head(head)
    matches = [ld for ld in LOADERS if ld.sniff(path, head)]
    hint = EXT_HINTS.get(path.suffix.lower())
    if hint is not None:
        fitting = [ld for ld in matches if ld.name in hint]
        if fitting:
            return fitting[0]
        if matches:
            raise InputError(
                f"{path}: the content is {matches[0].name}, not what the extension "
                f"{path.suffix} says; rename the file or pass --format {matches[0].name}"
            )
        raise InputError(
            f"{path}: the content is not a readable {path.suffix.lstrip('.').upper()} file "
            f"(corrupt, or another format named {path.suffix}); check the file"
        )
    if matches:
        return matches[0]
    raise InputError(
        f"{path}: not a supported format (records: OpenAlex JSON/JSONL, RIS, BibTeX, Web of Science, "
        "CSV tables; "
        "RDF: Turtle, TriG, N-Triples, N-Quads, JSON-LD; reports: PDF, DOCX, HTML, TXT/MD)"
    )


def _utf8_head(head: bytes) -> bytes:
    """The head of a UTF-16/32 file (by its BOM) re-encoded as UTF-8, so loaders can sniff it."""
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            cut = len(head) - (len(head) % 4)
            return head[:cut].decode(enc, errors="ignore").encode("utf-8")
    return head


def _is_blank(path: Path) -> bool:
    try:
        if path.stat().st_size > HEAD_BYTES:
            return False
        return not path.read_bytes().lstrip(b"\xef\xbb\xbf").strip()
    except OSError:
        return False


def default_source_name(paths: list[Path]) -> str:
    p = paths[0].resolve()
    return p.name if p.is_dir() else p.stem


def group_files(
    files: list[Path], fmt: str, strict: bool
) -> tuple[list[tuple[Loader, list[Path]]], list[Quarantined]]:
    """The files by loader, in the loaders' order; a file no loader reads is quarantined
    whole (in a folder) or an error (one file)."""
    failed: list[Quarantined] = []
    groups: dict[str, tuple[Loader, list[Path]]] = {}
    for f in files:
        if _is_blank(f) and f.suffix.lower() in TEXT_FORMATS:
            continue  # an empty but valid file lands 0 records (an empty PDF/DOCX is not valid)
        try:
            ld = detect(f, fmt)
        except InputError as e:
            if strict:
                raise
            failed.append(Quarantined(str(f), "whole file", str(e)))
            continue
        groups.setdefault(ld.name, (ld, []))[1].append(f)
    return sorted(groups.values(), key=lambda g: g[0].priority), failed


def load_records(
    files: list[Path], ctx: LoadContext, fmt: str, strict: bool, progress: Progress | None
) -> tuple[list[Record], list[Quarantined]]:
    """Loader stage over a file set. In a folder, an unreadable file is quarantined whole."""
    ordered, failed = group_files(files, fmt, strict)
    records: list[Record] = []
    for n, (ld, group) in enumerate(ordered, start=1):
        got, bad = load_group(ld, group, ctx, strict)
        records.extend(got)
        failed.extend(bad)
        if progress:
            progress("load", n, len(ordered))
    return records, failed


def load_group(
    ld: Loader,
    group: list[Path],
    ctx: LoadContext,
    strict: bool,
    on_record: Callable[[int], None] | None = None,
) -> tuple[list[Record], list[Quarantined]]:
    """One loader's files; a file whose reading fails is quarantined whole (unless strict).
    ``on_record(n)`` is told the records read so far, every ``PROGRESS_EVERY`` records."""
    records: list[Record] = []
    failed: list[Quarantined] = []
    pending = list(group)
    while pending:
        got: list[Record] = []
        try:
            for rec in ld.run(pending, ctx):
                got.append(rec)
                if on_record and len(got) % PROGRESS_EVERY == 0:
                    on_record(len(records) + len(got))
            records.extend(got)
            pending = []
        except KGError as e:
            if strict:
                raise
            culprit = next((f for f in pending if str(f) in str(e)), pending[0])
            failed.append(Quarantined(str(culprit), "whole file", str(e)))
            pending = [f for f in pending if f != culprit]
    return records, failed


def load_in_workers(
    store: Store, group: list[Path], ctx: LoadContext, strict: bool, progress: Progress | None
) -> tuple[list[Record], list[Quarantined]]:
    """The OpenAlex JSON Lines ``group`` mapped and tagged by this process and forked worker
    processes (``ingest.stream``); a file that is not UTF-8 is read and tagged here, the
    ordinary way (its error names the byte)."""
    records: list[Record] = []
    failed: list[Quarantined] = []
    lookups = StoreLookups(store, ctx.source)
    tagger = RecordTagger(store.excluding(ctx.source), lookups)
    # what the children must not read from the store themselves: the cached names and the
    # technology names a loader may look up
    lookups.labels(TAG_KINDS)
    if ctx.find_technology is not None:
        ctx.find_technology("")

    def on_batch(done: int, total: int) -> None:
        if progress:
            progress("records", done, total)

    for f, got in stream.load_parallel(store, group, ctx, tagger, on_batch):
        if got is None:
            got, bad = load_group(stream.OPENALEX, [f], ctx, strict)
            failed.extend(bad)
            tagger.run([r for r in got if not r.errors])
        records.extend(got)
    if progress:
        progress("load", 1, 1)
    return records, failed


def _prepare_builtins(store: Store, wait: float | None) -> None:
    """The ontology and vocabularies, when missing or changed (the stages look labels up)."""
    if builtins_stale(store):
        with store.writer(wait=wait) as w:
            ensure_builtins(w, store)


def _load_stage(
    store: Store,
    files: list[Path],
    ctx: LoadContext,
    opts: tuple[str, bool, float | None],
    progress: Progress | None,
) -> tuple[list[Record], list[Quarantined], bool]:
    """The Loader stage, and the Extractor's tagging too when the records are mapped in worker
    processes (large OpenAlex JSON Lines, ``ingest.stream``): (records, quarantined, tagged).
    ``opts``: the format, strict (one file named), and the writer's wait."""
    fmt, strict, wait = opts
    ordered, failed = group_files(files, fmt, strict)
    groups = [(ld.name, g) for ld, g in ordered]
    if ordered and ctx.encoding is None and stream.wanted(store, groups, store.settings):
        _prepare_builtins(store, wait)  # the workers tag with the store's names
        if store.current_version() is not None:
            StoreLookups(store, exclude=ctx.source).load()  # cache written before workers read
        records, bad = load_in_workers(store, ordered[0][1], ctx, strict, progress)
        return records, failed + bad, True
    records: list[Record] = []
    total = sum(_line_count(g) for ld, g in ordered if ld.name == stream.OPENALEX.name)
    for n, (ld, group) in enumerate(ordered, start=1):
        before, whole = len(records), total if ld.name == stream.OPENALEX.name else 0

        def on_record(k: int, before: int = before, whole: int = whole) -> None:
            if progress:
                progress("map", before + k, whole)

        got, bad = load_group(ld, group, ctx, strict, on_record)
        records.extend(got)
        failed.extend(bad)
        if progress:
            progress("map", len(records), whole)
            progress("load", n, len(ordered))
    return records, failed, False


def _line_count(files: list[Path]) -> int:
    """The lines of OpenAlex JSON Lines files (one work each): what ``map`` progress counts
    toward; 0 (no time left shown) when any file is not JSON Lines."""
    if not all(stream.is_jsonl(f) for f in files):
        return 0
    n = 0
    for f in files:
        with f.open("rb") as fh:
            n += sum(chunk.count(b"\n") for chunk in iter(lambda fh=fh: fh.read(1 << 22), b""))
    return n


# Python's cyclic collector during an ingest: the first generation is collected after this many
# new objects instead of 700 (an ingest makes millions of small objects that live until the
# write, and each collection walks them again: 15-30 % of the CPU time at 5,000 works)
INGEST_GC_THRESHOLD = (100_000, 50, 100)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Rarer cyclic garbage collections for the duration (reference counting still frees
    everything not in a cycle at once); the old thresholds come back after."""
    old = gc.get_threshold()
    gc.set_threshold(*INGEST_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*old)


@fewer_collections()  # a contextmanager is also a decorator: each call runs inside it
def run_ingest(
    store: Store,
    paths: list[Path | str],
    *,
    source: str | None = None,
    fmt: str = "auto",
    lang: str = "auto",
    encoding: str | None = None,
    wait: float | None = None,
    progress: Progress | None = None,
    stream_input: bool | None = None,
) -> IngestResult:
    """Ingest files/folders as one source (replacing its graph). Never raises for bad data:
    unreadable input gives ``result.error`` (exit 2) and leaves the store unchanged.
    ``stream_input``: True/False streams the input or not (``ingest.streamed``); None
    streams large OpenAlex JSON Lines."""
    path_list = [Path(p) for p in paths]
    name = source or (default_source_name(path_list) if path_list else "input")
    result = IngestResult(source=name)
    try:
        if STAGE_IMPORT_ERROR is not None:
            raise MissingDependency.of(STAGE_IMPORT_ERROR, "ingest (extraction and resolution)")
        if not path_list:
            raise InputError("no input given; name files or folders to ingest")
        files = collect_files(path_list)
        strict = len(path_list) == 1 and path_list[0].is_file()
        if strict and fmt in ("auto", "rdf") and bulk_format(files[0], store.settings) is not None:
            bulk = ingest_bulk_rdf(store, files[0], name, wait, progress)
            if bulk.error is None:
                refresh_indexes(store, bulk, progress)
            return bulk
        ctx = LoadContext(source=name, settings=store.settings, encoding=encoding, lang=lang)
        ctx.find_technology = TechnologyNames(store.excluding(name)).find
        ordered, failed = group_files(files, fmt, strict)
        groups = [(ld.name, g) for ld, g in ordered]
        if ordered and streamed.wanted(store, groups, stream_input, encoding):
            result = streamed.run_streamed(store, ordered[0][1], ctx, wait, progress)
            result.quarantined[:0] = failed
        else:
            _one_shot(store, files, ctx, (fmt, strict, wait), progress, result)
    except KGError as e:
        result.error = str(e)
        result.quarantined = []
        return result
    write_quarantine_report(store, result)
    refresh_indexes(store, result, progress)
    return result


def _one_shot(
    store: Store,
    files: list[Path],
    ctx: LoadContext,
    opts: tuple[str, bool, float | None],
    progress: Progress | None,
    result: IngestResult,
) -> None:
    """The stages over the whole input in memory (``result`` filled in; raises KGError)."""
    name, wait = ctx.source, opts[2]
    records, failed, tagged = _load_stage(store, files, ctx, opts, progress)
    result.quarantined.extend(failed)
    for r in records:
        result.warnings.extend(f"{r.file}: {r.locator}: {w}" for w in r.warnings)
    if not records and failed and len(failed) == len(files):
        raise InputError("; ".join(q.reason for q in failed[:3]))
    # vocabularies before the stages, once the input proved readable
    _prepare_builtins(store, wait)
    # stages look things up in the store as it is without this source (idempotent re-ingest)
    view = store.excluding(name)
    lookups = StoreLookups(store, exclude=name)  # names and known entities, cached per version
    if not tagged:
        RecordTagger(view, lookups).run([r for r in records if not r.errors])
        if progress:
            progress("tag", 1, 1)
    if overlap.wanted(store):  # the store loads beside the Resolver and the gate
        overlap.overlapped(store, records, files, (name, wait, progress), lookups, result)
    else:
        _in_turn(store, (records, files), (name, wait, progress), lookups, result)
    if progress:
        progress("write", 1, 1)


def _in_turn(
    store: Store,
    given: tuple[list[Record], list[Path]],
    run: tuple[str, float | None, Progress | None],
    lookups: StoreLookups,
    result: IngestResult,
) -> None:
    """Resolver, SHACL gate and write one after another (a remote store)."""
    (records, files), (name, wait, progress) = given, run
    view = store.excluding(name)
    if progress:
        progress("resolve", 0, 1)
    Resolver(view, lookups).run([r for r in records if not r.errors])
    if progress:
        progress("resolve", 1, 1)
        progress("validate", 0, 1)
    gate = ShaclGate(view)
    accepted, quarantined = gate.run(records)
    result.quarantined.extend(quarantined)
    result.warnings.extend(f"{w.focus}: {w.shape}: {w.message}" for w in gate.warnings)
    if progress:
        progress("validate", 1, 1)
    # the source's graph in a new version, and that version's lookup cache
    info = write_records(store, name, accepted, files, wait, lookups)
    result.records = len(accepted)
    result.triples = info.triples


def refresh_indexes(store: Store, result: IngestResult, progress: Progress | None) -> None:
    """Build the expert index (lexical and sentence vectors) of the new store version now, so
    the first query after an ingest finds it ready (only stores with a state folder keep it)."""
    if store.current_version() is None:  # a remote store keeps no versions: built at first use
        return
    if progress:
        progress("index", 0, 1)
    try:
        refresh_expert_index(store)
    except KGError as e:
        result.error = f"the source landed, but the expert index was not built: {e}"
    if progress:
        progress("index", 1, 1)
