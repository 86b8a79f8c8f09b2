"""``ikg topics accept``: the writing half of ``ikg topics`` (the listing is kg.cli.topics)."""

from __future__ import annotations

import sys

import typer

from ingest.topics.accept import accept_topics
from kg.cli.common import CLIExit, JsonOpt, StoreOpt, emit_json, error_line, get_store
from kg.cli.topics import LangOpt, MinWorksOpt, topics_group


def accept(
    ids: list[str] = typer.Argument(None, help="Candidate ids from `ikg topics`."),
    label: str = typer.Option(None, "--label", help="Preferred label (one id only)."),
    broader: str = typer.Option(None, "--broader", help="Broader technology IRI."),
    scheme: str = typer.Option("topics", "--scheme", help="User scheme the concepts go in."),
    lang: str = LangOpt,
    min_works: int = MinWorksOpt,
    limit: int = typer.Option(50, "--limit", help="As given to `ikg topics` (0: all)."),
    store: str = StoreOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Accept candidates as technologies of a user scheme (ingested as source topics-SCHEME)."""
    done = accept_topics(
        get_store(store),
        ids or [],
        label=label,
        broader=broader,
        scheme=scheme,
        lang=lang,
        min_works=min_works,
        limit=limit,
    )
    result = done.result
    if result.error:
        error_line(result.error)
    for q in result.quarantined:
        sys.stderr.write(f"ikg: quarantined: {q.file}: {q.record}: {q.reason}\n")
    if as_json:
        emit_json(done.as_json())
    elif not result.error:
        for cid, iri in done.concepts.items():
            typer.echo(f"{cid} -> {iri}")
        typer.echo(f"source {result.source}: {result.triples} triples ({done.path})")
    raise CLIExit(result.exit_code)


def register(app: typer.Typer) -> None:
    topics_group(app).command("accept")(accept)
