"""``ikg neo4j push``: the property-graph projection into a Neo4j database."""

from __future__ import annotations

import os

import typer

from kg.cli.common import JsonOpt, StoreOpt, emit_json, get_store
from kg.errors import ConfigError
from kg.export.neo4j import push_store

neo4j_app = typer.Typer(help="Neo4j projection of the graph.", no_args_is_help=True)


@neo4j_app.command("push")
def push_cmd(
    uri: str = typer.Option(..., "--uri", help="Bolt URI, e.g. bolt://127.0.0.1:7687."),
    user: str = typer.Option("neo4j", "--user"),
    password_env: str = typer.Option(
        "NEO4J_PASSWORD", "--password-env", help="Environment variable holding the password."
    ),
    database: str = typer.Option(None, "--database", help="Database name (default: server's)."),
    batch: int = typer.Option(1000, "--batch", help="Rows per UNWIND batch."),
    store: str = StoreOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Push nodes and relationships (MERGE on iri, uniqueness constraints); re-runs converge."""

    password = os.environ.get(password_env)
    if password is None:
        raise ConfigError(f"--password-env {password_env}: that environment variable is not set")
    counts = push_store(get_store(store), uri, user, password, database, batch)
    if as_json:
        emit_json(counts)
        return
    typer.echo(
        f"pushed {counts['nodes']} nodes and {counts['relationships']} relationships to {uri}"
    )
    for label, n in counts["labels"].items():
        typer.echo(f"  :{label:<20} {n}")
    for typ, n in counts["types"].items():
        typer.echo(f"  [:{typ}] {n}")


def register(app: typer.Typer) -> None:
    app.add_typer(neo4j_app, name="neo4j")
