"""Ingest's commands in the ``ikg`` CLI: ingest, demo, extract, resolve (+ review), eval
extract|resolve. ``register`` is the ``ikg.commands`` entry point (pyproject.toml) through which
``kg.cli`` adds them: kg/ never imports ingest/.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ingest.extract import cli as extract_cli
from ingest.pipeline import run_ingest
from ingest.progress import IngestProgress
from ingest.resolve import cli as resolve_cli
from ingest.topics import cli as topics_cli
from kg.cli.common import CLIExit, JsonOpt, StoreOpt, emit_json, error_line, get_store
from kg.cli.core import app_cmd
from kg.errors import ConfigError, InputError
from kg.settings import SAMPLES_DIR
from kg.shacl import validate_store


def _progress_cb(enabled: bool) -> IngestProgress | None:
    """Progress on stderr (stage; records/s and time left while records are mapped)."""
    return IngestProgress(sys.stderr, live=sys.stderr.isatty()) if enabled else None


MAX_WARNING_LINES = 50


def _warn_input(warnings: list[str], paths: list[Path], report: Path) -> None:
    """The loaders' warnings about the input (a field of the wrong type, …) on stderr: data was
    kept but something in a record was ignored. SHACL warnings stay in the quarantine report."""
    mine = [w for w in warnings if any(w.startswith(str(p)) for p in paths)]
    for w in mine[:MAX_WARNING_LINES]:
        sys.stderr.write(f"ikg: warning: {w}\n")
    if len(mine) > MAX_WARNING_LINES:
        sys.stderr.write(
            f"ikg: warning: {len(mine) - MAX_WARNING_LINES} more warnings in {report}\n"
        )


def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders to ingest as one source."),
    fmt: str = typer.Option("auto", "--format", help="Loader name, or auto (by content)."),
    source: str = typer.Option(None, "--source", help="Source name (default: file/folder name)."),
    lang: str = typer.Option("auto", "--lang", help="auto, en or zh (reports)."),
    encoding: str = typer.Option(None, "--encoding", help="Text encoding, e.g. gb18030."),
    wait: float = typer.Option(0.0, "--wait", help="Seconds to wait for another writer."),
    stream_input: bool = typer.Option(
        None,
        "--stream/--no-stream",
        help="Ingest OpenAlex JSON Lines batch by batch, never holding the input in memory "
        "(default: from 64 MB on).",
    ),
    store: str = StoreOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Load files/folders as one source; re-running a source replaces its graph."""
    if lang not in ("auto", "en", "zh"):
        raise ConfigError(f"--lang {lang!r}: use auto, en or zh")
    st = get_store(store)
    cb = _progress_cb(not as_json)
    try:
        result = run_ingest(
            st,
            paths,
            source=source,
            fmt=fmt,
            lang=lang,
            encoding=encoding,
            wait=wait,
            progress=cb,
            stream_input=stream_input,
        )
    finally:
        if cb is not None:
            cb.close()
    if result.error:
        error_line(result.error)
    for q in result.quarantined:
        sys.stderr.write(f"ikg: quarantined: {q.file}: {q.record}: {q.reason}\n")
    _warn_input(result.warnings, paths, Path(st.path) / "quarantine")
    if as_json:
        emit_json(result.as_json())
    elif not result.error:
        typer.echo(
            f"source {result.source}: {result.records} records landed, {result.triples} triples, "
            f"{len(result.quarantined)} quarantined"
        )
        if result.quarantined:
            typer.echo(f"quarantine report: {Path(st.path) / 'quarantine'}")
    raise CLIExit(result.exit_code)


def demo(
    store: str = StoreOpt,
    app: bool = typer.Option(True, "--app/--no-app", help="Start the app afterwards."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address the app listens on."),
    port: int = typer.Option(8501, "--port"),
) -> None:
    """Ingest data/samples, validate, and start the app: the main job on the embedded store."""
    st = get_store(store)
    if not SAMPLES_DIR.exists():
        raise InputError(f"no samples at {SAMPLES_DIR}")
    result = run_ingest(st, [SAMPLES_DIR], source="samples")
    if result.error:
        error_line(result.error)
        raise CLIExit(2)
    typer.echo(
        f"ingested samples: {result.records} records, {result.triples} triples, "
        f"{len(result.quarantined)} quarantined"
    )
    report = validate_store(st)
    typer.echo(f"validate: conforms={str(report.conforms).lower()}")
    if not app:
        raise CLIExit(0 if report.conforms and not result.quarantined else 1)
    app_cmd(store=str(st.path), host=host, port=port, headless=True)


def register(app: typer.Typer) -> None:
    """Add ingest's commands to the top-level ``ikg`` app (the order of ``ikg --help``)."""
    app.command("ingest")(ingest)
    app.command("demo")(demo)
    extract_cli.register(app)
    resolve_cli.register(app)
    topics_cli.register(app)
