"""Core commands: validate, stats, query, export, app (ingest and demo are ingest/cli.py's)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import typer

from kg import queries, vocab
from kg.cli.common import CLIExit, JsonOpt, StoreOpt, emit_json, get_store
from kg.errors import ConfigError
from kg.export.rdf import FORMATS, QUAD_FORMATS, export_rdf
from kg.settings import PROJECT_ROOT
from kg.shacl import validate_store


def validate(store: str = StoreOpt, as_json: bool = JsonOpt) -> None:
    """SHACL over the union of all graphs: exit 0 conforms, 1 violations, 2 error."""

    report = validate_store(get_store(store))
    if as_json:
        emit_json(report.as_json())
    else:
        v = sum(1 for r in report.results if r.severity == "Violation")
        typer.echo(
            f"conforms: {str(report.conforms).lower()} "
            f"({v} violations, {len(report.results) - v} warnings/infos)"
        )
        for r in report.results[:200]:
            typer.echo(f"  {r.severity}: {r.focus} {r.path} [{r.shape}] {r.message}")
    raise CLIExit(0 if report.conforms else 1)


def stats_data(st) -> dict:
    counts = {name: 0 for name in vocab.STATS_CLASSES}
    by_iri = {c.value: name for name, c in vocab.STATS_CLASSES.items()}
    for row in st.select(queries.load("stats/classes")):
        name = by_iri.get(row["class"].value)
        if name:
            counts[name] = int(row["n"].value)
    return {
        "triples": st.triple_count(),
        "classes": counts,
        "sources": {n: s.as_json() for n, s in st.sources().items()},
    }


def stats(store: str = StoreOpt, as_json: bool = JsonOpt) -> None:
    """Counts per class and per source."""
    data = stats_data(get_store(store))
    if as_json:
        emit_json(data)
        return
    typer.echo(f"triples: {data['triples']}")
    for k, v in data["classes"].items():
        if v:
            typer.echo(f"  {k:<18} {v}")
    typer.echo("sources:")
    for k, v in data["sources"].items():
        typer.echo(
            f"  {k:<24} {v['records']:>7} records {v['triples']:>9} triples  {v['ingested']}"
        )


def query(
    name: str = typer.Argument(None, help="A named query (see --list) or a .rq file."),
    param: list[str] = typer.Option([], "--param", help="k=v bound parameter (repeatable)."),
    fmt: str = typer.Option("json", "--format", help="json, csv, tsv, xml (SELECT/ASK); ttl, nt"),
    list_: bool = typer.Option(False, "--list", help="List the named queries."),
    store: str = StoreOpt,
) -> None:
    """Run a named or ad-hoc SPARQL query with bound parameters."""
    if list_ or not name:
        for q in queries.available():
            typer.echo(f"{q:<40} {queries.description(queries.load(q))}")
        return
    params = {}
    for p in param:
        if "=" not in p:
            raise ConfigError(f"--param {p!r}: write it as name=value")
        k, v = p.split("=", 1)
        params[k.strip()] = v
    text = queries.load(name)
    declared = queries.parameters(text)
    missing = [d for d in declared if d not in params]
    if missing and declared:
        raise ConfigError(f"query {name} needs --param {missing[0]}=VALUE")
    st = get_store(store)
    result = st.query(text, params)
    out = sys.stdout.buffer
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        rf = {
            "json": ox.QueryResultsFormat.JSON,
            "csv": ox.QueryResultsFormat.CSV,
            "tsv": ox.QueryResultsFormat.TSV,
            "xml": ox.QueryResultsFormat.XML,
        }.get(fmt)
        if rf is None:
            raise ConfigError(f"--format {fmt}: SELECT/ASK results are json, csv, tsv or xml")
        result.serialize(out, rf)
    else:
        rdf = {
            "ttl": ox.RdfFormat.TURTLE,
            "nt": ox.RdfFormat.N_TRIPLES,
            "json": ox.RdfFormat.JSON_LD,
            "jsonld": ox.RdfFormat.JSON_LD,
        }.get(fmt)
        if rdf is None:
            raise ConfigError(f"--format {fmt}: CONSTRUCT/DESCRIBE results are ttl, nt or jsonld")
        ox.serialize(
            result, out, rdf, prefixes=vocab.PREFIXES if rdf == ox.RdfFormat.TURTLE else None
        )
    out.flush()


def export(
    fmt: str = typer.Option("ttl", "--format", help="ttl, nt, nq, trig or jsonld."),
    graph: str = typer.Option(None, "--graph", help="A source name or graph IRI (default: all)."),
    output: Path = typer.Option(..., "-o", "--output", help="File to write."),
    store: str = StoreOpt,
) -> None:
    """Dump the store (or one source graph). Triple formats write the deduplicated union."""

    if fmt not in FORMATS and fmt != "neo4j-import":
        raise ConfigError(f"--format {fmt}: use one of {', '.join(FORMATS)}")
    n = export_rdf(get_store(store), fmt, output, graph)
    sys.stderr.write(f"wrote {n} {'quads' if fmt in QUAD_FORMATS else 'triples'} to {output}\n")


def app_cmd(
    store: str = StoreOpt,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback)."),
    port: int = typer.Option(8501, "--port"),
    headless: bool = typer.Option(True, "--headless/--no-headless"),
) -> None:
    """Start the Streamlit app on the store."""
    env = dict(os.environ)
    if store:
        env["IKG_STORE"] = str(Path(store).resolve()) if "://" not in store else store
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(PROJECT_ROOT / "app.py"),
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--server.headless",
        str(headless).lower(),
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "minimal",
    ]
    raise CLIExit(subprocess.call(cmd, env=env))


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
    app.command("stats")(stats)
    app.command("query")(query)
    app.command("export")(export)
    app.command("app")(app_cmd)
