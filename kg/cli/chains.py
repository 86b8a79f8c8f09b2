"""`ikg chain industry|technology|weak-links`: chain views as rich tables or `--json`."""

from __future__ import annotations

from typing import Any

import typer

from kg.chains.industry import industry_chain, weak_links
from kg.chains.technology import technology_chain
from kg.cli.common import JsonOpt, StoreOpt, emit_json, get_store

chain_app = typer.Typer(
    help="Industry chains and technology chains: segments, providers, maturity, weak links.",
    no_args_is_help=True,
)


def _console() -> Any:
    """A console for the tables: the terminal's width, or a wide page when piped to a file."""
    import sys

    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=200)


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@chain_app.command("industry")
def industry_cmd(
    name: str = typer.Argument(..., help="Chain id, name, Chinese name or IRI."),
    no_maturity: bool = typer.Option(False, "--no-maturity", help="Skip life-cycle estimates."),
    store: str | None = StoreOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Segments upstream -> downstream with items, inputs, codes, technologies, providers."""

    data = industry_chain(get_store(store), name, with_maturity=not no_maturity)
    if as_json:
        emit_json(data)
        return
    from rich.table import Table

    ch = data["chain"]
    con = _console()
    codes = ", ".join(c["code"] for c in ch["industry_codes"])
    con.print(f"[bold]{ch['label']}[/bold] {ch.get('label_zh') or ''}  {codes}  <{ch['iri']}>")
    for seg in data["segments"] + (
        [
            {
                "label": "(no segment)",
                "items": data["unassigned_items"],
                "position": "",
                "order": None,
                "industry_codes": [],
                "technologies": [],
                "providers": [],
            }
        ]
        if data["unassigned_items"]
        else []
    ):
        seg_codes = ", ".join(c["code"] for c in seg["industry_codes"])
        title = f"{_fmt(seg['order'])}. {seg['label']} ({seg.get('position') or '?'}) {seg_codes}"
        t = Table(title=title, title_justify="left", show_lines=False)
        for col in ("item", "kind", "inputs", "technologies", "providers (share %, year)"):
            t.add_column(col)
        rows = [{"label": "[segment]", "kind": "", "inputs": [], **seg}] + seg["items"]
        for it in rows:
            if it is not rows[0] or seg["providers"] or seg["technologies"]:
                t.add_row(
                    it["label"],
                    it.get("kind") or "",
                    ", ".join(x["label"] for x in it.get("inputs", [])),
                    ", ".join(
                        f"{x['label']}" + (f" [{x['stage']}]" if x.get("stage") else "")
                        for x in it["technologies"]
                    ),
                    "; ".join(
                        f"{p['name']} ({_fmt(p['share'])}, {_fmt(p['year'])}"
                        + (f", {p['country']}" if p.get("country") else "")
                        + ")"
                        for p in it["providers"]
                    ),
                )
        con.print(t)


@chain_app.command("technology")
def technology_cmd(
    name: str = typer.Argument(..., help="Technology id, label (en/zh) or IRI."),
    depth: int = typer.Option(3, "--depth", min=0, max=10, help="enables/dependsOn hops."),
    store: str | None = StoreOpt,
    as_json: bool = JsonOpt,
) -> None:
    """A technology's enables/dependsOn chain, maturity and holders."""

    data = technology_chain(get_store(store), name, depth=depth)
    if as_json:
        emit_json(data)
        return
    from rich.table import Table

    con = _console()
    tech, m = data["technology"], data["maturity"]
    con.print(f"[bold]{tech['label']}[/bold] {tech.get('label_zh') or ''}  <{tech['iri']}>")
    con.print(
        f"stage: {m['stage'] or m.get('stage_given') or 'insufficient data'}  TRL: "
        f"{_fmt(m['trl'])}  works: {m['works']}  ({m['note']})"
    )
    for key in ("enables", "depends_on", "enabled_by", "required_by"):
        if data[key]:
            con.print(f"{key.replace('_', ' ')}: " + ", ".join(x["label"] for x in data[key]))
    if data["edges"]:
        t = Table(title="technology chain edges", title_justify="left")
        for col in ("from", "relation", "to"):
            t.add_column(col)
        labels = {n["iri"]: n["label"] for n in data["nodes"]}
        for e in data["edges"]:
            t.add_row(labels.get(e["from"], e["from"]), e["relation"], labels.get(e["to"], e["to"]))
        con.print(t)
    for kind in ("institutions", "experts"):
        t = Table(title=kind, title_justify="left")
        for col in ("name", "country", "works"):
            t.add_column(col)
        for h in data["holders"][kind][:25]:
            t.add_row(h["name"], _fmt(h["country"]), str(h["works"]))
        con.print(t)


@chain_app.command("weak-links")
def weak_links_cmd(
    name: str = typer.Argument(..., help="Chain id, name, Chinese name or IRI."),
    home: str = typer.Option("CHN", "--home", help="Home country (ISO 3166-1 alpha-3)."),
    limit: int = typer.Option(20, "--limit", min=0, help="Rows to show; 0 lists every row."),
    store: str | None = StoreOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Bottlenecks of a chain, highest score first."""

    data = weak_links(get_store(store), name, home=home, limit=limit)
    if as_json:
        emit_json(data)
        return
    from rich.table import Table

    t = Table(
        title=f"weak links of {data['chain']['label']} (home {data['home']})", title_justify="left"
    )
    for col in (
        "score",
        "item / segment",
        "segment",
        "providers",
        "countries",
        "HHI",
        "HHI countries",
        "top provider",
        "top %",
        "foreign %",
        "single",
        "reasons",
    ):
        t.add_column(col)
    for r in data["rows"]:
        t.add_row(
            f"{r['score']:.2f}",
            f"{r['label']} ({r['id']})",
            _fmt(r["segment"]),
            str(r["providers"]),
            str(r["countries"]),
            _fmt(r["hhi"]),
            _fmt(r["hhi_countries"]),
            _fmt(r["top_provider"]),
            _fmt(r["top_share"]),
            _fmt(r["foreign_share"]),
            _fmt(r["single_source"]),
            "; ".join(r["reasons"]),
        )
    _console().print(t)


def register(app: typer.Typer) -> None:
    app.add_typer(chain_app, name="chain")
