"""``ikg topics``: candidate technology topics of the corpus (read-only).

The group lists candidates; ``ikg topics accept`` (which writes) is added to the same group by
ingest's front end (``ingest.topics.cli``) through ``topics_group``, as ``ikg eval`` is built.
"""

from __future__ import annotations

import typer

from kg.cli.common import JsonOpt, StoreOpt, emit_json, get_store
from kg.topics.candidates import MIN_WORKS
from kg.topics.service import TopicsResult, find_topics

HELP = "Candidate technology concepts found in the corpus; `ikg topics accept ID` adds them."
LangOpt = typer.Option(None, "--lang", help="en or zh: phrases of one language (default both).")
MinWorksOpt = typer.Option(MIN_WORKS, "--min-works", help="Works a phrase must occur in.")


def print_topics(result: TopicsResult) -> None:
    typer.echo(
        f"{len(result.candidates)} candidates from {result.works} works "
        f"({result.seconds:.1f} s); accept with `ikg topics accept ID`"
    )
    for c in result.candidates:
        labels = " | ".join(t.text for t in c.terms[:4])
        broader = f" -> {c.broader['label']}" if c.broader else ""
        ipc = f" [{c.ipc['code']}]" if c.ipc else ""
        typer.echo(f"{c.id}  {len(c.works):4d} works  {labels}{broader}{ipc}")


def list_topics(
    ctx: typer.Context,
    store: str = StoreOpt,
    lang: str = LangOpt,
    limit: int = typer.Option(50, "--limit", help="Candidates listed (0: all)."),
    min_works: int = MinWorksOpt,
    as_json: bool = JsonOpt,
) -> None:
    """List candidate technology topics (key phrases clustered across works), best first."""
    if ctx.invoked_subcommand is not None:
        return
    result = find_topics(get_store(store), lang=lang, limit=limit, min_works=min_works)
    if as_json:
        emit_json(result.as_json())
    else:
        print_topics(result)


def topics_group(app: typer.Typer) -> typer.Typer:
    """The ``ikg topics`` group of ``app`` (created by whichever area registers first)."""
    for info in app.registered_groups:
        if info.name == "topics" and info.typer_instance is not None:
            return info.typer_instance
    group = typer.Typer(help=HELP, invoke_without_command=True)
    group.callback()(list_topics)
    app.add_typer(group, name="topics")
    return group


def register(app: typer.Typer) -> None:
    topics_group(app)
