"""`ikg resolve`, `ikg review list|accept|reject` and `ikg eval resolve`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from ingest.resolve.cluster import KINDS, known_from_store, parse_line, resolve
from ingest.resolve.evaluate import GOLD, GOLD_GRAPH, evaluate
from kg.cli.common import JsonOpt, StoreOpt, emit_json, error_line, get_store
from kg.cli.eval import eval_group
from kg.errors import ConfigError, InputError
from kg.review import STATUSES, ReviewQueue


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
        mentions = []
        for n, line in enumerate(_read_lines(file), 1):
            if not line.strip():
                continue
            m = parse_line(line, n, kind)
            if m.error:
                error_line(f"{file}: {m.error}; the line is echoed with entity null")
            mentions.append((m.id, m))
            m.id = str(n)  # internal id: line numbers are unique, user ids may not be
        link = store is not None
        st = get_store(store) if (link or review) else None
        known = known_from_store(st, kind) if link and st is not None else []
        insts = known_from_store(st, "institution") if link and kind == "person" else []
        res = resolve([m for _, m in mentions], kind, known, known_institutions=insts)
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
        bad = sum(1 for _, m in mentions if m.error)
        if review and st is not None:
            added = ReviewQueue(st).add([c.as_json() for c in res.candidates])
            sys.stderr.write(f"ikg: {added} pair(s) queued for review (`ikg review list`)\n")
        elif res.candidates:
            sys.stderr.write(
                f"ikg: {len(res.candidates)} uncertain pair(s) left separate; "
                "pass --review to queue them\n"
            )
        if bad:
            raise typer.Exit(1)

    review_app = typer.Typer(help="Uncertain merges: list, accept, reject.", no_args_is_help=True)
    app.add_typer(review_app, name="review")

    @review_app.command("list")
    def review_list(
        store: str = StoreOpt,
        json_out: bool = JsonOpt,
        status: str = typer.Option("pending", "--status", help="pending, accepted, rejected, all"),
    ) -> None:
        """Uncertain pairs waiting for a decision, best score first."""

        if status not in (*STATUSES, "all"):
            raise ConfigError(f"--status {status!r}: use pending, accepted, rejected or all")
        items = ReviewQueue(get_store(store)).items(None if status == "all" else status)
        if json_out:
            emit_json({"items": items})
            return
        if not items:
            typer.echo(f"no {status} review items")
        for it in items:
            typer.echo(
                f"{it['id']}  {it['score']:.2f}  {it['kind']:<11} {it['a_name']}  <->  "
                f"{it['b_name']}  [{'; '.join(it['reasons'])}]  ({it['status']})"
            )

    def _decide(item_id: str, store: str | None, accept: bool, json_out: bool) -> None:

        item = ReviewQueue(get_store(store)).decide(item_id, accept)
        if json_out:
            emit_json(item)
        else:
            typer.echo(f"{item['id']} {item['status']}: {item['a_name']} <-> {item['b_name']}")

    @review_app.command("accept")
    def review_accept(item_id: str, store: str = StoreOpt, json_out: bool = JsonOpt) -> None:
        """Accept a pair: owl:sameAs between the two entities, in the `review` source graph."""
        _decide(item_id, store, True, json_out)

    @review_app.command("reject")
    def review_reject(item_id: str, store: str = StoreOpt, json_out: bool = JsonOpt) -> None:
        """Reject a pair: it is never proposed again."""
        _decide(item_id, store, False, json_out)

    eval_app = eval_group(app)

    @eval_app.command("resolve")
    def eval_resolve(
        gold: Path = typer.Option(None, "--gold", help="Gold JSONL (default tests/gold/...)."),
        graph: Path = typer.Option(None, "--graph", help="Graph labels JSONL (default: gold's)."),
        store: str = typer.Option(None, "--store", help="Use this store's labels instead."),
        kind: str = typer.Option(
            None, "--kind", help="Only this kind (or the kind of lines without one)."
        ),
        json_out: bool = JsonOpt,
    ) -> None:
        """Pairwise and B-cubed precision/recall/F1 per kind on a gold set."""

        gold_path = gold or GOLD
        graph_path = graph or (GOLD_GRAPH if gold is None else gold.with_name(GOLD_GRAPH.name))
        st = get_store(store) if store else None
        result = evaluate(gold_path, graph_path, st, kind)
        if json_out:
            emit_json(result)
            return
        typer.echo(f"gold: {result['gold']}")
        for k, r in result["kinds"].items():
            pw, b3 = r["pairwise"], r["bcubed"]
            typer.echo(
                f"{k:<12} mentions {r['mentions']:>4}  clusters gold {r['gold_clusters']:>3} "
                f"predicted {r['predicted_clusters']:>3}  review {r['review_candidates']:>3}"
            )
            typer.echo(
                f"{'':<12} pairwise P {pw['precision']:.3f} R {pw['recall']:.3f} "
                f"F1 {pw['f1']:.3f}   B-cubed P {b3['precision']:.3f} R {b3['recall']:.3f} "
                f"F1 {b3['f1']:.3f}"
            )
