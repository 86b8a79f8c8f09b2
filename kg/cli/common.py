"""Shared CLI plumbing: store option, JSON output, error reporting, progress bars."""

from __future__ import annotations

import contextlib
import importlib
import json
import sys
from types import ModuleType
from typing import Any

import click
import typer

from kg.errors import KGError
from kg.settings import Settings
from kg.store import open_store

StoreOpt = typer.Option(
    None,
    "--store",
    envvar="IKG_STORE",
    help="Store directory or SPARQL endpoint URL (default ./.ikg/store).",
)
JsonOpt = typer.Option(False, "--json", help="Print the JSON contract shape on stdout.")


def _click_exception_modules() -> list[ModuleType]:
    """click's exception module, and typer's own copy of click's where typer ships one (typer
    0.2x raises ``typer._click`` exceptions, which are not ``click``'s classes)."""
    modules = [click.exceptions]
    with contextlib.suppress(ImportError):
        modules.append(importlib.import_module("typer._click.exceptions"))
    return modules


def _click_classes(name: str) -> tuple[type, ...]:
    return tuple(getattr(m, name) for m in _click_exception_modules() if hasattr(m, name))


USAGE_ERRORS = _click_classes("UsageError")
CLICK_EXITS = _click_classes("Exit")
CLICK_ABORTS = _click_classes("Abort")
CLICK_EXCEPTIONS = _click_classes("ClickException")


class CLIExit(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def get_store(spec: str | None, **overrides: Any) -> Any:
    return open_store(spec, Settings.from_env(**overrides))


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    sys.stdout.flush()


def error_line(message: str) -> None:
    sys.stderr.write(f"ikg: error: {message}\n")
    sys.stderr.flush()


def report_error(e: BaseException) -> int:
    """Turn any exception into one readable stderr line and an exit code (never a traceback)."""
    if isinstance(e, KGError):
        error_line(str(e))
        return e.exit_code
    if isinstance(e, CLICK_EXITS):
        return e.exit_code
    if isinstance(e, USAGE_ERRORS):  # click's usage message: "Usage: ikg ...", "Try ...", error
        e.show()
        return 2
    if isinstance(e, CLICK_ABORTS + (KeyboardInterrupt,)):
        error_line("interrupted")
        return 130
    if isinstance(e, CLICK_EXCEPTIONS):
        error_line(e.format_message())
        return 2
    if isinstance(e, SystemExit):
        return int(e.code or 0)
    error_line(
        f"unexpected {type(e).__name__}: {e}. This is a bug in ikg; please report it with "
        "the command you ran (set IKG_DEBUG=1 for a traceback)."
    )
    import os

    if os.environ.get("IKG_DEBUG"):
        import traceback

        traceback.print_exc()
    return 2


def progress(total: int | None, description: str, enabled: bool = True):
    """A rich progress bar on stderr (hidden when stderr is not a terminal unless forced)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not enabled,
        transient=False,
    )
