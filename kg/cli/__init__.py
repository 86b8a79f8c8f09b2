"""The ``ikg`` command line. Each area registers its commands from its own module."""

from __future__ import annotations

import sys

import typer

from kg.cli import common, core

app = typer.Typer(
    name="ikg",
    help="ikg: an industry knowledge graph of technologies, experts, institutions and industries.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

core.register(app)
from kg.cli import experts as _experts; _experts.register(app)  # noqa: E402, E702
# each area adds one line here: from kg.cli import <area>; <area>.register(app)
from kg.cli import serve as _serve; _serve.register(app)  # noqa: E402, E702
from kg.cli import neo4j as _neo4j; _neo4j.register(app)  # noqa: E402, E702
from kg.cli import chains; chains.register(app)  # noqa: E402, E702, I001
from kg.cli import extract; extract.register(app)  # noqa: E402, E702, I001
from kg.cli import brief; brief.register(app)  # noqa: E402, E702, I001
from kg.cli import watch; watch.register(app)  # noqa: E402, E702, I001


def main() -> None:
    """Console entry point: KGError becomes one line on stderr and its exit code."""
    try:
        app(standalone_mode=False)
    except common.CLIExit as e:
        sys.exit(e.code)
    except Exception as e:  # noqa: BLE001 - the one place errors become exit codes
        sys.exit(common.report_error(e))
from kg.cli import resolve; resolve.register(app)  # noqa: E402, E702, I001
