"""The ``ikg`` command line. Each area declares its commands; a command's module is imported
only when that command runs (kg/cli/lazy.py), so ``ikg --help`` and ``ikg experts`` do not load
spaCy, the extraction models or the briefing's office libraries.

kg/ never imports ingest/: ingest's commands (ingest, demo, extract, resolve, review, eval
extract|resolve, topics accept) are declared by the ``ikg.commands`` entry-point group, which
pyproject.toml fills with ``ingest.commands:AREAS``. Tests assert that ``ikg --help`` lists
every command and that each declared help line is the command's own.
"""

from __future__ import annotations

import sys
from importlib.metadata import entry_points

import typer

from kg.cli import common
from kg.cli.eval import HELP as EVAL_HELP
from kg.cli.lazy import Area, lazy_group
from kg.errors import ConfigError

COMMAND_GROUP = "ikg.commands"

# kg's areas, in the order of `ikg --help` (after the installed front ends of other packages)
KG_AREAS = [
    Area(
        "kg.cli.core",
        {
            "validate": "SHACL over the union of all graphs: exit 0 conforms, 1 violations, "
            "2 error.",
            "stats": "Counts per class and per source.",
            "query": "Run a named or ad-hoc SPARQL query with bound parameters.",
            "export": "Dump the store (or one source graph).",
            "app": "Start the Streamlit app on the store.",
        },
    ),
    Area(
        "kg.cli.experts",
        {
            "experts": "Ranked experts with evidence; or --similar / --network for one expert.",
            "match": "A demand (or free text) matched to technologies, experts and institutions.",
            "shortlist": "Named expert shortlists for a consultation.",
            "eval": EVAL_HELP,
        },
    ),
    Area(
        "kg.cli.chains",
        {
            "chain": "Industry chains and technology chains: segments, providers, maturity, "
            "weak links."
        },
    ),
    Area(
        "kg.cli.topics",
        {
            "topics": "Candidate technology concepts found in the corpus; `ikg topics accept "
            "ID` adds them."
        },
    ),
    Area(
        "kg.cli.brief",
        {
            "brief": "A briefing on a technology sub-field or an industry chain: environment, "
            "technology chain, competitors, industry chain and experts, every figure traced to "
            "its query."
        },
    ),
    Area(
        "kg.cli.watch",
        {
            "watch": "Watch lists: be told what new works, patents, demands or experts match "
            "a query."
        },
    ),
    Area(
        "kg.cli.serve",
        {
            "serve": "Serve the store as a SPARQL 1.1 endpoint (GET/POST query, token-guarded "
            "update)."
        },
    ),
    Area("kg.cli.neo4j", {"neo4j": "Neo4j projection of the graph."}),
]


def installed_areas() -> list[Area]:
    """The areas other installed packages declare (entry point objects: Area lists)."""
    areas: list[Area] = []
    for entry in sorted(entry_points(group=COMMAND_GROUP), key=lambda e: e.name):
        declared = entry.load()
        declared = [declared] if isinstance(declared, Area) else list(declared)
        if not all(isinstance(a, Area) for a in declared):
            raise ConfigError(
                f"entry point {entry.name} = {entry.value} ({COMMAND_GROUP}) must name an Area "
                "or a list of Areas (kg.cli.lazy); reinstall with `pip install --no-deps -e .`"
            )
        areas.extend(declared)
    return areas


app = typer.Typer(
    name="ikg",
    help="ikg: an industry knowledge graph of technologies, experts, institutions and industries.",
    cls=lazy_group(installed_areas() + KG_AREAS),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def root() -> None:
    """ikg: an industry knowledge graph of technologies, experts, institutions and industries."""


def main() -> None:
    """Console entry point: KGError becomes one line on stderr and its exit code."""
    try:
        app(standalone_mode=False)
    except common.CLIExit as e:
        sys.exit(e.code)
    except Exception as e:  # noqa: BLE001 - the one place errors become exit codes
        sys.exit(common.report_error(e))
