"""Expert finding commands: experts, match, shortlist, eval experts."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from kg.cli.common import JsonOpt, StoreOpt, emit_json, get_store
from kg.cli.eval import eval_group
from kg.errors import ConfigError, InputError
from kg.experts import protocol
from kg.experts.evaluate import evaluate, load_gold
from kg.experts.index import get_index
from kg.experts.match import match as run
from kg.experts.rank import Filters, search
from kg.experts.shortlist import export, get, save, summary
from kg.experts.similar import network as net
from kg.experts.similar import similar as sim

shortlist_app = typer.Typer(
    help="Named expert shortlists for a consultation.", no_args_is_help=True
)


def _notice(message: str) -> None:
    """Why a command waits: said on stderr, so ``--json`` output stays clean."""
    typer.echo(f"ikg: {message}", err=True)


def _print_results(results: list[dict], indent: str = "") -> None:
    for n, r in enumerate(results, start=1):
        insts = ", ".join(i["name"] for i in r.get("institutions", []))
        zh = f" {r['name_zh']}" if r.get("name_zh") else ""
        typer.echo(f"{indent}{n:>3}. {r['name']}{zh}  [{insts}]  score {r['score']:.3f}")
        for e in r.get("evidence", []):
            year = e.get("year") or "n.d."
            typer.echo(f"{indent}       - {e['type']} {year}: {e['title']} ({e['contribution']})")
            why = []
            if e.get("similarity") is not None:
                why.append(f"similarity {e['similarity']:.2f}")
            if e.get("matched"):
                why.append("matched: " + ", ".join(e["matched"][:8]))
            if why:
                typer.echo(f"{indent}         {'; '.join(why)}")
            if e.get("sentence"):
                typer.echo(f"{indent}         \u201c{e['sentence']}\u201d")


def experts(
    query: str = typer.Argument(
        None, help="What expertise is sought: key words or a whole abstract/demand (en or zh)."
    ),
    query_file: Path = typer.Option(
        None, "--file", help="Read the query from this text file ('-': standard input)."
    ),
    limit: int = typer.Option(10, "--limit", help="Results to show; 0 or a large number: all."),
    institution: list[str] = typer.Option([], "--institution", help="NAME|IRI (repeatable)."),
    institution_type: list[str] = typer.Option(
        [], "--institution-type", help="university, research_institute, enterprise, ..."
    ),
    region: list[str] = typer.Option([], "--region", help="Region NAME|ID|IRI or ISO3 country."),
    industry: list[str] = typer.Option([], "--industry", help="Industry CODE|IRI (e.g. C2614)."),
    segment: list[str] = typer.Option([], "--segment", help="Chain segment ID|NAME|IRI."),
    year_from: int = typer.Option(None, "--year-from", help="Evidence from this year on."),
    year_to: int = typer.Option(None, "--year-to", help="Evidence up to this year."),
    exclude_institution: list[str] = typer.Option(
        [], "--exclude-institution", help="Drop experts affiliated with it (conflict of interest)."
    ),
    similar: str = typer.Option(None, "--similar", help="Experts similar to IRI|ID|NAME."),
    network: str = typer.Option(None, "--network", help="Collaboration network of IRI|ID|NAME."),
    rebuild: bool = typer.Option(False, "--rebuild-index", help="Rebuild the search index."),
    store: str = StoreOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Ranked experts with evidence; or --similar / --network for one expert."""

    st = get_store(store)
    ix = get_index(st, rebuild=rebuild, notice=_notice)
    if similar or network:
        if similar and network:
            raise ConfigError("give --similar or --network, not both")
        data = sim(ix, similar, limit=limit) if similar else net(ix, network, limit=limit)
        if as_json:
            emit_json(data)
            return
        typer.echo(f"{'similar to' if similar else 'network of'} {data['expert']['name']}:")
        for n, r in enumerate(data.get("results") or data.get("collaborators"), start=1):
            insts = ", ".join(i["name"] for i in r["institutions"])
            if similar:
                typer.echo(
                    f"{n:>3}. {r['name']}  [{insts}]  {r['score']:.3f}  "
                    f"shared: {', '.join(r['shared_technologies'][:5])}"
                )
            else:
                typer.echo(
                    f"{n:>3}. {r['name']}  [{insts}]  works {r['works']} (papers "
                    f"{r['coauthored']}, patents {r['coinvented']}, projects "
                    f"{r['projects']}){'  cross-sector' if r['cross_sector'] else ''}"
                )
        return
    filters = Filters(
        institution,
        institution_type,
        region,
        industry,
        segment,
        year_from,
        year_to,
        exclude_institution,
    )
    if query_file is not None:
        query = read_query_file(query_file)
    data = search(st, query or "", limit=limit, filters=filters, index=ix)
    if as_json:
        emit_json(data)
        return
    used = data["query_used"]
    if used["mode"] == "text":
        typer.echo(
            f"query: {used['chars']} characters used as a whole text (first "
            f"{used['embedded_chars']} embedded by {used['model']}); key terms: "
            + ", ".join(used["terms"][:12])
        )
    if not data["results"]:
        typer.echo(f"no expert has evidence for {data['query']!r} with these filters")
    _print_results(data["results"])


def match(
    demand: str = typer.Argument(None, help="A demand IRI or demand_id."),
    text: str = typer.Option(None, "--text", help="Free text instead of a stored demand."),
    limit: int = typer.Option(10, "--limit", help="Rows per list; 0: all."),
    include_requester: bool = typer.Option(
        False, "--include-requester", help="Keep the requesting institution and its experts."
    ),
    store: str = StoreOpt,
    as_json: bool = JsonOpt,
) -> None:
    """A demand (or free text) matched to technologies, experts and institutions."""

    st = get_store(store)
    data = run(
        st,
        demand,
        text=text,
        limit=limit,
        include_requester=include_requester,
        index=get_index(st, notice=_notice),
    )
    if as_json:
        emit_json(data)
        return
    d = data["demand"]
    typer.echo(f"demand: {d.get('title') or d['text'][:80]}")
    typer.echo("technologies:")
    for t in data["technologies"]:
        typer.echo(f"  {t['label']}  {t['score']:.3f}")
    typer.echo("experts:")
    _print_results(data["experts"], indent="  ")
    typer.echo("institutions:")
    for n, i in enumerate(data["institutions"], start=1):
        typer.echo(f"  {n:>3}. {i['name']}  score {i['score']:.3f}")


@shortlist_app.command("save")
def shortlist_save(
    name: str = typer.Argument(..., help="Shortlist name."),
    experts_: list[str] = typer.Argument(..., metavar="EXPERT...", help="Expert IRIs/ids/names."),
    note: str = typer.Option("", "--note", help="A note for the consultation."),
    query: str = typer.Option(None, "--query", help="Keep evidence for this query."),
    replace: bool = typer.Option(False, "--replace", help="Replace instead of adding."),
    store: str = StoreOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Save experts (with their current evidence) to a named shortlist."""

    st = get_store(store)
    sl = save(
        st, get_index(st, notice=_notice), name, experts_, note=note, query=query, replace=replace
    )
    if as_json:
        emit_json(sl)
    else:
        typer.echo(f"shortlist {name}: {len(sl['entries'])} experts")


@shortlist_app.command("list")
def shortlist_list(store: str = StoreOpt, as_json: bool = JsonOpt) -> None:
    """The saved shortlists."""

    rows = summary(get_store(store))
    if as_json:
        emit_json({"shortlists": rows})
        return
    for r in rows:
        typer.echo(f"{r['name']:<30} {r['experts']:>3} experts  {r['updated']}  {r['note']}")


@shortlist_app.command("show")
def shortlist_show(
    name: str = typer.Argument(...), store: str = StoreOpt, as_json: bool = JsonOpt
) -> None:
    """One shortlist with the evidence kept when it was saved."""

    sl = get(get_store(store), name)
    if as_json:
        emit_json(sl)
        return
    typer.echo(f"{sl['name']}: {sl.get('note', '')}")
    _print_results(sl["entries"], indent="  ")


@shortlist_app.command("export")
def shortlist_export(
    name: str = typer.Argument(...),
    fmt: str = typer.Option("csv", "--format", help="csv or json."),
    out: Path = typer.Option(..., "-o", "--output", help="Output file."),
    store: str = StoreOpt,
) -> None:
    """Export a shortlist as CSV (columns in the README) or JSON."""

    p = export(get_store(store), name, fmt, out)
    typer.echo(f"wrote {p}")


def eval_experts(
    gold_arg: Path = typer.Argument(None, metavar="[GOLD]", help="Gold JSON file (as --gold)."),
    gold_opt: Path = typer.Option(None, "--gold", help="Gold JSON file (format in the README)."),
    half: str = typer.Option("all", "--half", help="Protocol sets: all, even or odd queries."),
    store: str = StoreOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Reviewer-expertise protocol (people, queries, ratings): weighted misranking loss of ikg
    and TF-IDF. Query gold (queries with graded experts): nDCG@10, P@5, misranking vs TF-IDF."""
    gold = gold_opt or gold_arg
    if gold is None:
        raise ConfigError("give the gold file: ikg eval experts --gold PATH")
    if protocol.is_protocol_file(gold):
        res = protocol.evaluate(protocol.load(gold), half)
        if as_json:
            emit_json(res)
            return
        typer.echo(
            f"{res['source']}: {res['people']} people, {res['queries']} query works, "
            f"{res['ratings']} ratings (half: {res['half']}; model {res['model']})"
        )
        typer.echo(f"{'system':<20} {'loss':>7}")
        for name, v in res["loss"].items():
            typer.echo(f"{name.replace('_', ' '):<20} {v:>7.4f}")
        typer.echo(f"ikg / TF-IDF (max)   {res['ratio_to_tfidf']:>7.3f}")
        return

    st = get_store(store)
    data = evaluate(st, get_index(st, notice=_notice), load_gold(gold))
    if as_json:
        emit_json(data)
        return
    typer.echo(f"{data['queries']} queries")
    typer.echo(f"{'system':<8} {'nDCG@10':>8} {'P@5':>6} {'misrank':>8}")
    for name, m in data["summary"].items():
        typer.echo(f"{name:<8} {m['ndcg@10']:>8.4f} {m['p@5']:>6.4f} {m['misranking']:>8.4f}")


def read_query_file(path: Path) -> str:
    """The query text of ``--file`` (UTF-8; '-' is standard input)."""
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read the query file {path}: {e}") from None


def register(app: typer.Typer) -> None:
    app.command("experts")(experts)
    app.command("match")(match)
    app.add_typer(shortlist_app, name="shortlist")
    eval_group(app).command("experts")(eval_experts)
