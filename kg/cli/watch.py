"""``ikg watch add|list|remove|digest``: watch lists and their digests (text, JSON, Atom)."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli.common import JsonOpt, StoreOpt, emit_json, get_store
from kg.watch import add, digest, digest_atom, list_watches, remove

watch_app = typer.Typer(
    help="Watch lists: be told what new works, patents, demands or experts match a query.",
    no_args_is_help=True,
)


@watch_app.command("add")
def add_cmd(
    name: str = typer.Argument(..., help="Watch name (letters, digits, _ - .)."),
    query: str = typer.Argument(..., help="What to watch (English or Chinese)."),
    type_: str = typer.Option("work", "--type", help="work, patent, demand or expert."),
    backfill: bool = typer.Option(
        False,
        "--backfill",
        help="The first digest lists what matches already (default: only "
        "what arrives after the watch is added).",
    ),
    store: str = StoreOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Add a watch."""

    w = add(get_store(store), name, query, type_, backfill=backfill)
    if as_json:
        emit_json(w)
    else:
        typer.echo(f"watch {w['name']!r} added: {w['type']} matching {w['query']!r}")


@watch_app.command("list")
def list_cmd(store: str = StoreOpt, as_json: bool = JsonOpt) -> None:
    """The watches with their last digest."""

    rows = list_watches(get_store(store))
    if as_json:
        emit_json({"watches": rows})
        return
    if not rows:
        typer.echo("no watches (add one with `ikg watch add NAME QUERY`)")
    for w in rows:
        typer.echo(
            f"{w['name']}  [{w['type']}]  {w['query']!r}  last digest "
            f"{w['last_digest'] or 'never'}  ({w['reported']} items remembered)"
        )


@watch_app.command("remove")
def remove_cmd(name: str = typer.Argument(...), store: str = StoreOpt) -> None:
    """Remove a watch."""

    remove(get_store(store), name)
    typer.echo(f"watch {name!r} removed")


@watch_app.command("digest")
def digest_cmd(
    since: str = typer.Option(
        None, "--since", help="List matches from sources ingested after DATE (changes nothing)."
    ),
    name: list[str] = typer.Option([], "--name", help="Only this watch (repeatable)."),
    atom_file: Path = typer.Option(None, "--atom", help="Also write the digest as an Atom feed."),
    store: str = StoreOpt,
    as_json: bool = JsonOpt,
) -> None:
    """What arrived for each watch since its last digest."""

    result = digest(get_store(store), since=since, names=name or None)
    if atom_file is not None:
        atom_file.parent.mkdir(parents=True, exist_ok=True)
        atom_file.write_bytes(digest_atom(result))
    if as_json:
        emit_json(result)
        return
    if not result["watches"]:
        typer.echo("no watches (add one with `ikg watch add NAME QUERY`)")
    for d in result["watches"]:
        typer.echo(
            f"{d['name']} [{d['type']}] {d['query']!r}: {len(d['items'])} new since {d['since']}"
        )
        for it in d["items"]:
            year = f" ({it['year']})" if it.get("year") else ""
            typer.echo(f"  - {it['type']}{year}: {it['title']}  <{it['iri']}>  [{it['source']}]")
    if atom_file is not None:
        typer.echo(f"wrote {atom_file}")


def register(app: typer.Typer) -> None:
    app.add_typer(watch_app, name="watch")
