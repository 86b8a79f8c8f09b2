"""The ``ikg`` command line. Each area registers its commands from its own module.

kg/ never imports ingest/: ingest's commands (ingest, demo, extract, resolve, eval
extract|resolve) come in through the ``ikg.commands`` entry-point group, which
pyproject.toml fills with ``ingest.cli:register``. A test asserts ``ikg --help`` lists every
command, so a missing registration cannot go unnoticed.
"""

from __future__ import annotations

import sys
from importlib.metadata import entry_points

import typer

from kg.cli import brief, chains, common, core, experts, neo4j, serve, topics, watch
from kg.errors import MissingDependency

COMMAND_GROUP = "ikg.commands"

app = typer.Typer(
    name="ikg",
    help="ikg: an industry knowledge graph of technologies, experts, institutions and industries.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# the order is the order of `ikg --help`: the installed front ends of other packages (ingest),
# then kg's areas
MISSING: list[MissingDependency] = []  # front ends that cannot load: every command says so
for _entry in sorted(entry_points(group=COMMAND_GROUP), key=lambda e: e.name):
    try:
        _entry.load()(app)
    except ModuleNotFoundError as _e:
        if (_e.name or "").split(".")[0] in ("kg", "ingest"):
            raise
        MISSING.append(MissingDependency.of(_e, f"ikg's {_entry.name} commands"))
for _area in (core, experts, chains, topics, brief, watch, serve, neo4j):
    _area.register(app)


def main() -> None:
    """Console entry point: KGError becomes one line on stderr and its exit code."""
    try:
        if MISSING:
            raise MISSING[0]
        app(standalone_mode=False)
    except common.CLIExit as e:
        sys.exit(e.code)
    except Exception as e:  # noqa: BLE001 - the one place errors become exit codes
        sys.exit(common.report_error(e))
