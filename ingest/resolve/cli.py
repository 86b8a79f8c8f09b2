"""`ikg resolve`, `ikg review list|accept|reject` and `ikg eval resolve`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import typer

from ingest.resolve.cluster import resolve
from ingest.resolve.evaluate import GOLD, GOLD_GRAPH, evaluate
from ingest.resolve.model import KINDS, Mention, Resolution, known_from_store, parse_line
from kg.cli.common import JsonOpt, StoreOpt, emit_json, error_line, get_store
from kg.cli.eval import eval_group
from kg.errors import ConfigError, InputError
from kg.queries import load
from kg.review import STATUSES, ReviewQueue
from kg.store.base import Store, py


def _read_lines(path: str) -> list[str]:
    if path == "-":
        return sys.stdin.read().splitlines()
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}; check the path") from None
    for enc in ("utf-8-sig", "utf-16"):
        if enc == "utf-16" and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return raw.decode(enc).splitlines()
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("gb18030").splitlines()
    except UnicodeDecodeError:
        raise InputError(f"{path} is neither UTF-8, UTF-16 nor GB18030 text") from None


def register(app: typer.Typer) -> None:
    _register_resolve(app)
    _register_review(app)
    _register_eval(eval_group(app))


# --------------------------------------------------------------------------------------
# ikg resolve


def _register_resolve(app: typer.Typer) -> None:
    @app.command("resolve")
    def resolve_cmd(
        file: str = typer.Argument(..., help="Mentions: plain name lines or JSONL; '-' = stdin."),
        kind: str = typer.Option(..., "--kind", help="person or institution."),
        store: str = StoreOpt,
        review: bool = typer.Option(False, "--review", help="Queue uncertain pairs for review."),
    ) -> None:
        """Cluster name mentions; one JSON line per input: {"id","name","entity","canonical"}."""
        if kind not in KINDS:
            raise ConfigError(f"--kind {kind!r} is not supported: use person or institution")
        mentions = _parse(file, kind)
        st = get_store(store) if (store is not None or review) else None
        res = _run(mentions, kind, st if store is not None else None)
        out = sys.stdout
        for uid, m in mentions:
            row: dict[str, object] = {"id": uid, "name": m.name}
            if m.error:
                row |= {"entity": None, "canonical": None, "error": m.error}
            else:
                entity, canonical = res.assignments[m.id]
                row |= {"entity": entity, "canonical": canonical}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        out.flush()
        _report_candidates(res, st if review else None)
        if any(m.error for _, m in mentions):
            raise typer.Exit(1)


def _parse(file: str, kind: str) -> list[tuple[str, Mention]]:
    mentions = []
    for n, line in enumerate(_read_lines(file), 1):
        if not line.strip():
            continue
        m = parse_line(line, n, kind)
        if m.error:
            error_line(f"{file}: {m.error}; the line is echoed with entity null")
        mentions.append((m.id, m))
        m.id = str(n)  # internal id: line numbers are unique, user ids may not be
    return mentions


def _run(mentions: list[tuple[str, Mention]], kind: str, st: Store | None) -> Resolution:
    known = known_from_store(st, kind) if st is not None else []
    insts = known_from_store(st, "institution") if st is not None and kind == "person" else []
    return resolve([m for _, m in mentions], kind, known, known_institutions=insts)


def _report_candidates(res: Resolution, st: Store | None) -> None:
    if st is not None:
        added = ReviewQueue(st).add([c.as_json() for c in res.candidates])
        sys.stderr.write(f"ikg: {added} pair(s) queued for review (`ikg review list`)\n")
    elif res.candidates:
        sys.stderr.write(
            f"ikg: {len(res.candidates)} uncertain pair(s) left separate; "
            "pass --review to queue them\n"
        )


# --------------------------------------------------------------------------------------
# ikg review


def _register_review(app: typer.Typer) -> None:
    review_app = typer.Typer(help="Uncertain merges: list, accept, reject.", no_args_is_help=True)
    app.add_typer(review_app, name="review")

    @review_app.command("list")
    def review_list(
        store: str = StoreOpt,
        json_out: bool = JsonOpt,
        status: str = typer.Option("pending", "--status", help="pending, accepted, rejected, all"),
    ) -> None:
        """Uncertain pairs waiting for a decision, best score first, with what accepting moves."""
        if status not in (*STATUSES, "all"):
            raise ConfigError(f"--status {status!r}: use pending, accepted, rejected or all")
        st = get_store(store)
        items = ReviewQueue(st).items(None if status == "all" else status)
        for it in items:
            it["statements"] = {"a": _use(st, it["a"]), "b": _use(st, it["b"])}
        if json_out:
            emit_json({"count": len(items), "items": items})
            return
        typer.echo(f"{len(items)} {status} review pair(s)")
        if items and status == "pending":
            typer.echo(
                "accept: the two become one node (b's statements move to a, b kept as "
                "owl:sameAs) on the next ingest of their source; reject: never proposed again"
            )
        for it in items:
            n = it["statements"]
            typer.echo(
                f"{it['id']}  {it['score']:.2f}  {it['kind']:<11} {it['a_name']} ({n['a']} "
                f"statements)  <->  {it['b_name']} ({n['b']})  [{'; '.join(it['reasons'])}]  "
                f"({it['status']})"
            )

    def _decide(item_id: str, store: str | None, accept: bool, json_out: bool) -> None:
        item = ReviewQueue(get_store(store)).decide(item_id, accept)
        if json_out:
            emit_json(item)
        else:
            typer.echo(f"{item['id']} {item['status']}: {item['a_name']} <-> {item['b_name']}")

    @review_app.command("accept")
    def review_accept(item_id: str, store: str = StoreOpt, json_out: bool = JsonOpt) -> None:
        """Accept a pair: owl:sameAs now, one node from the next ingest of their source on."""
        _decide(item_id, store, True, json_out)

    @review_app.command("reject")
    def review_reject(item_id: str, store: str = StoreOpt, json_out: bool = JsonOpt) -> None:
        """Reject a pair: it is never proposed (or merged) again."""
        _decide(item_id, store, False, json_out)


def _use(st: Store, iri: str) -> int:
    """Statements naming an entity in the store."""
    if not iri.startswith(("http://", "https://")):
        return 0
    rows = st.select(load("resolve/entity_use"), {"e": ox.NamedNode(iri)})
    return int(py(rows[0]["n"])) if rows else 0


# --------------------------------------------------------------------------------------
# ikg eval resolve


def _register_eval(eval_app: typer.Typer) -> None:
    @eval_app.command("resolve")
    def eval_resolve(
        gold: Path = typer.Option(
            None, "--gold", help="Gold JSONL, or a PatentsView benchmark CSV(.gz)."
        ),
        graph: Path = typer.Option(None, "--graph", help="Graph labels JSONL (default: gold's)."),
        store: str = typer.Option(None, "--store", help="Use this store's labels instead."),
        kind: str = typer.Option(
            None, "--kind", help="Only this kind (or the kind of lines without one)."
        ),
        half: str = typer.Option("all", "--half", help="all, even or odd mentions (file order)."),
        json_out: bool = JsonOpt,
    ) -> None:
        """B-cubed and pairwise P/R/F1 per kind, beside the exact-match baseline."""
        gold_path = gold or GOLD
        graph_path = graph or (GOLD_GRAPH if gold is None else gold.with_name(GOLD_GRAPH.name))
        st = get_store(store) if store else None
        result = evaluate(gold_path, graph_path, st, kind, half)
        if json_out:
            emit_json(result)
            return
        _print_eval(result)


def _print_eval(result: dict[str, Any]) -> None:
    typer.echo(f"gold: {result['gold']}  (mentions: {result['half']})")
    for k, r in result["kinds"].items():
        typer.echo(
            f"{k:<12} mentions {r['mentions']:>6}  clusters gold {r['gold_clusters']:>5} "
            f"predicted {r['predicted_clusters']:>5}  review {r['review_candidates']:>4}  "
            f"{r['mentions_per_s'] or 0:>7} mentions/s"
        )
        for who, x in (("ikg", r), ("exact match", r["baseline"])):
            pw, b3 = x["pairwise"], x["bcubed"]
            typer.echo(
                f"  {who:<12} B-cubed P {b3['precision']:.4f} R {b3['recall']:.4f} "
                f"F1 {b3['f1']:.4f}   pairwise P {pw['precision']:.4f} R {pw['recall']:.4f} "
                f"F1 {pw['f1']:.4f}"
            )
