"""The ``ikg`` command line. Each area registers its commands from its own module."""

from __future__ import annotations

import sys

import typer

from kg.cli import (
    brief,
    chains,
    common,
    core,
    experts,
    extract,
    neo4j,
    resolve,
    serve,
    watch,
)

app = typer.Typer(
    name="ikg",
    help="ikg: an industry knowledge graph of technologies, experts, institutions and industries.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# the order is the order of `ikg --help`
for _area in (core, experts, chains, extract, resolve, brief, watch, serve, neo4j):
    _area.register(app)


def main() -> None:
    """Console entry point: KGError becomes one line on stderr and its exit code."""
    try:
        app(standalone_mode=False)
    except common.CLIExit as e:
        sys.exit(e.code)
    except Exception as e:  # noqa: BLE001 - the one place errors become exit codes
        sys.exit(common.report_error(e))
