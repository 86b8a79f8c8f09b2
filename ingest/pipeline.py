"""Run the stages: Loader -> Extractor -> Resolver -> Validator -> Writer.

``run_ingest`` is the one entry point used by the CLI, the app and the tests.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

import ingest.loaders.all  # noqa: F401  (registers every loader)
from ingest.loaders import LOADERS
from ingest.types import LoadContext, Loader, Quarantined, Record
from ingest.validate import ShaclGate, run_shacl
from kg import vocab
from kg.errors import InputError, KGError

Progress = Callable[[str, int, int], None]

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
HEAD_BYTES = 65536
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


@dataclass
class IngestResult:
    source: str
    records: int = 0
    triples: int = 0
    quarantined: list[Quarantined] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def exit_code(self) -> int:
        if self.error is not None:
            return 2
        return 1 if self.quarantined else 0

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "records": self.records,
            "triples": self.triples,
            "quarantined": [q.as_json() for q in self.quarantined],
        }
        if self.error is not None:
            out["error"] = self.error
        return out


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
    import codecs

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


def content_hash(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(str(f.name).encode())
        with f.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def _optional_stage(module: str, cls: str) -> Any:
    try:
        mod = __import__(module, fromlist=[cls])
    except ImportError:
        return None
    return getattr(mod, cls, None)


def load_records(
    files: list[Path], ctx: LoadContext, fmt: str, strict: bool, progress: Progress | None
) -> tuple[list[Record], list[Quarantined]]:
    """Loader stage over a file set. In a folder, an unreadable file is quarantined whole."""
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
    records: list[Record] = []
    ordered = sorted(groups.values(), key=lambda g: g[0].priority)
    for n, (ld, group) in enumerate(ordered, start=1):
        pending = list(group)
        while pending:
            got: list[Record] = []
            try:
                for rec in ld.run(pending, ctx):
                    got.append(rec)
                records.extend(got)
                pending = []
            except KGError as e:
                if strict:
                    raise
                culprit = next((f for f in pending if str(f) in str(e)), pending[0])
                failed.append(Quarantined(str(culprit), "whole file", str(e)))
                pending = [f for f in pending if f != culprit]
        if progress:
            progress("load", n, len(ordered))
    return records, failed


def _builtin_files() -> dict[str, tuple[list[Path], str]]:
    from kg.settings import ONTOLOGY_DIR
    from kg.vocabularies import VOCAB_FILES

    out = {}
    for name, path in VOCAB_FILES.items():
        files = sorted(ONTOLOGY_DIR.glob("*.ttl")) if name == "ontology" else [path]
        out[name] = (files, content_hash(files))
    return out


def _builtins_stale(store: Any) -> bool:
    known = store.sources()
    return any(
        name not in known or known[name].content_hash != digest
        for name, (_, digest) in _builtin_files().items()
    )


def ensure_builtins(writer: Any, store: Any) -> None:
    """Load the ontology and the built-in vocabularies as sources, when missing or changed."""
    known = store.sources() if hasattr(store, "sources") else {}
    for name, (files, digest) in _builtin_files().items():
        if name in known and known[name].content_hash == digest:
            continue
        if len(files) == 1:
            writer.bulk_load_source(
                name, files[0], ox.RdfFormat.TURTLE, records=0, content_hash=digest
            )
        else:
            triples = [q for f in files for q in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE)]
            writer.replace_source(name, triples, records=0, content_hash=digest)


def write_quarantine_report(store: Any, result: IngestResult) -> Path | None:
    qdir = getattr(store, "quarantine_dir", None)
    if qdir is None:
        return None
    base = qdir / vocab.slug(result.source)
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


def run_ingest(
    store: Any,
    paths: list[Path | str],
    *,
    source: str | None = None,
    fmt: str = "auto",
    lang: str = "auto",
    encoding: str | None = None,
    wait: float | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Ingest files/folders as one source (replacing its graph). Never raises for bad data:
    unreadable input gives ``result.error`` (exit 2) and leaves the store unchanged."""
    path_list = [Path(p) for p in paths]
    name = source or (default_source_name(path_list) if path_list else "input")
    result = IngestResult(source=name)
    try:
        if not path_list:
            raise InputError("no input given; name files or folders to ingest")
        files = collect_files(path_list)
        strict = len(path_list) == 1 and path_list[0].is_file()
        if strict and fmt in ("auto", "rdf") and _bulk_format(files[0], store.settings) is not None:
            return _ingest_bulk_rdf(store, files[0], name, wait, progress)
        ctx = LoadContext(source=name, settings=store.settings, encoding=encoding, lang=lang)
        records, failed = load_records(files, ctx, fmt, strict, progress)
        result.quarantined.extend(failed)
        for r in records:
            result.warnings.extend(f"{r.file}: {r.locator}: {w}" for w in r.warnings)
        if not records and failed and len(failed) == len(files):
            raise InputError("; ".join(q.reason for q in failed[:3]))
        if _builtins_stale(store):
            # vocabularies before the stages, once the input proved readable: the stages
            # look labels up in them
            with store.writer(wait=wait) as w:
                ensure_builtins(w, store)
        # stages look things up in the store as it is without this source (idempotent re-ingest)
        view = store.excluding(name) if hasattr(store, "excluding") else store
        tagger = _optional_stage("ingest.extract", "RecordTagger")
        if tagger is not None:
            tagger(view).run([r for r in records if not r.errors])
        resolver = _optional_stage("ingest.resolve", "Resolver")
        if resolver is not None:
            resolver(view).run([r for r in records if not r.errors])
        if progress:
            progress("validate", 0, 1)
        gate = ShaclGate(view)
        accepted, quarantined = gate.run(records)
        result.quarantined.extend(quarantined)
        result.warnings.extend(f"{w.focus}: {w.shape}: {w.message}" for w in gate.warnings)
        if progress:
            progress("validate", 1, 1)
        with store.writer(wait=wait) as w:
            ensure_builtins(w, store)
            info = w.replace_source(
                name,
                dict.fromkeys(t for r in accepted for t in r.triples),
                records=len(accepted),
                content_hash=content_hash(files),
            )
        result.records = len(accepted)
        result.triples = info.triples
        if progress:
            progress("write", 1, 1)
    except KGError as e:
        result.error = str(e)
        result.quarantined = []
        return result
    write_quarantine_report(store, result)
    return result


def _bulk_format(path: Path, settings: Any) -> ox.RdfFormat | None:
    """N-Triples or Turtle files past the bulk threshold take the bulk path."""
    from ingest.loaders.rdf import sniff_format

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


def _ingest_bulk_rdf(
    store: Any, path: Path, name: str, wait: float | None, progress: Progress | None
) -> IngestResult:
    """Large N-Triples/Turtle: stream into the unpublished version with ``bulk_load``, then
    validate that graph and take out the subjects that violate a shape before publishing."""
    fmt = _bulk_format(path, store.settings)
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
        info = w._record_source(name, graph, result.records, digest)
        result.triples = info.triples
    if progress:
        progress("write", 1, 1)
    write_quarantine_report(store, result)
    return result


def validate_store(store: Any) -> Any:
    """SHACL over the union of all graphs (the ontology's subclasses count)."""
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()]
    return run_shacl(triples, store.settings.shacl_engine)
