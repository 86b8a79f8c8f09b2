"""``ikg brief``: sub-field briefings (HTML, Markdown, PDF, DOCX) from the graph."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from kg.briefing import assemble as briefing
from kg.briefing.office import check_format_font
from kg.briefing.render import FORMATS, index_html, write
from kg.cli.common import JsonOpt, StoreOpt, emit_json, get_store, progress
from kg.errors import ConfigError, KGError


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text.rsplit("/", 1)[-1]).strip("-") or "briefing"


def brief(
    name: str = typer.Argument(
        None, help="Technology id, label (en/zh) or IRI, or an industry chain id/name/IRI."
    ),
    out: Path = typer.Option(..., "-o", "--output", help="Output file (a directory with --all)."),
    lang: str = typer.Option("en", "--lang", help="zh or en."),
    fmt: str = typer.Option(
        None, "--format", help="html, pdf, docx or md (default: from the file name, else html)."
    ),
    all_of: str = typer.Option(
        None,
        "--all",
        help="One briefing per sub-field of a technology/scheme (e.g. bm) or of a chain, "
        "plus index.html, into the -o directory.",
    ),
    home: str = typer.Option("CHN", "--home", help="Home country (ISO 3166-1 alpha-3)."),
    experts_limit: int = typer.Option(10, "--experts", min=1, help="Experts shown."),
    store: str = StoreOpt,
    as_json: bool = JsonOpt,
) -> None:
    """A briefing on a technology sub-field or an industry chain: environment, technology
    chain, competitors, industry chain and experts, every figure traced to its query."""

    if lang not in ("en", "zh"):
        raise ConfigError(f"--lang {lang}: give zh or en")
    if fmt is None:
        suffix = out.suffix.lstrip(".").lower()
        fmt = suffix if (suffix in FORMATS and not all_of) else "html"
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ConfigError(f"--format {fmt}: give one of {', '.join(FORMATS)}")
    check_format_font(fmt, lang)
    st = get_store(store)
    if all_of is None:
        if not name:
            raise ConfigError("give a TECHNOLOGY or CHAIN to brief, or --all SCHEME_OR_CHAIN")
        data = briefing.build(st, name, lang=lang, home=home, experts_limit=experts_limit)
        path = write(data, fmt, out)
        summary = {"file": str(path), "subject": data["subject"], "missing": data["missing"]}
        if as_json:
            emit_json(summary)
        else:
            miss = f" (no data: {', '.join(data['missing'])})" if data["missing"] else ""
            typer.echo(f"wrote {path}{miss}")
        return
    if name:
        raise ConfigError("give either a NAME or --all, not both")
    subs = briefing.subfields(st, all_of)
    out.mkdir(parents=True, exist_ok=True)
    entries = []
    with progress(len(subs), "brief") as bar:
        task = bar.add_task(f"briefings of {all_of}", total=len(subs))
        for sub in subs:
            entry = {"iri": sub["iri"], "kind": sub["kind"], "label": sub["iri"]}
            try:
                data = briefing.build(
                    st, sub["name"], lang=lang, home=home, experts_limit=experts_limit
                )
                s = data["subject"]
                entry["label"] = (s.get("label_zh") if lang == "zh" else None) or s["label"]
                fname = f"{sub['kind']}-{_slug(s.get('id') or s['iri'])}.{fmt}"
                write(data, fmt, out / fname)
                entry.update({"file": fname, "missing": data["missing"]})
            except KGError as e:
                entry["error"] = str(e)
            entries.append(entry)
            bar.advance(task)
    (out / "index.html").write_text(index_html(entries, lang, all_of), encoding="utf-8")
    if as_json:
        emit_json({"index": str(out / "index.html"), "briefings": entries})
    else:
        failed = [e for e in entries if e.get("error")]
        typer.echo(
            f"wrote {len(entries) - len(failed)} briefings and {out / 'index.html'}"
            + (f"; {len(failed)} failed (see the index)" if failed else "")
        )


def register(app: typer.Typer) -> None:
    app.command("brief")(brief)
