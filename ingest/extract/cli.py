"""``ikg extract`` (entity mentions of a file or text, nothing written) and ``ikg eval extract``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ingest.extract.evaluate import FORMATS, HALVES, evaluate, evaluate_file
from ingest.extract.recognise import KINDS
from ingest.extract.stage import extract_report_text, extract_text
from ingest.loaders.reports import read_report
from ingest.loaders.textio import read_bytes
from kg.cli.common import JsonOpt, StoreOpt, emit_json, get_store
from kg.cli.eval import eval_group
from kg.errors import ConfigError, InputError
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore


def _labels_store(spec: str | None):
    """The store for gazetteer labels, or None when there is none yet (extract still works)."""
    store = get_store(spec)
    if not isinstance(store, OxigraphStore) or store.current_version() is None:
        return None
    return store


def extract(
    file: Path = typer.Argument(None, help="A report (PDF, DOCX, HTML, TXT/MD) or text file."),
    text: str = typer.Option(None, "--text", help="Extract from this text instead of a file."),
    lang: str = typer.Option("auto", "--lang", help="auto, en or zh."),
    kind: str = typer.Option(
        "auto",
        "--kind",
        help="text, affiliations (one affiliation string a line: institutions, cities, "
        "countries) or auto (affiliations when most lines are affiliation strings).",
    ),
    store: str = StoreOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Entity mentions (Person, Organization, Technology, Industry, Product, Place) with
    character offsets into the input text; nothing is written to the store."""

    if lang not in ("auto", "en", "zh"):
        raise ConfigError(f"--lang {lang!r}: use auto, en or zh")
    if kind not in KINDS:
        raise ConfigError(f"--kind {kind!r}: use {', '.join(KINDS)}")
    if (file is None) == (text is None):
        raise InputError("give either a FILE or --text TEXT (not both)")
    settings = Settings.from_env()
    if file is not None:
        data = read_bytes(file, settings.max_file_bytes)
        rt = read_report(file, data, settings.max_inflated_bytes)
        # offsets into the file's text as decoded (a PDF, DOCX or HTML file: its plain text)
        ents = extract_report_text(rt, lang, _labels_store(store), kind)
    else:
        ents = extract_text(text, lang, _labels_store(store), kind)
    if as_json:
        emit_json({"entities": [e.as_json() for e in ents]})
        return
    for e in ents:
        iri = e.iri or "-"
        sys.stdout.write(f"{e.start}\t{e.end}\t{e.type}\t{e.text}\t{iri}\t{e.confidence:.2f}\n")


def eval_extract(
    gold: Path = typer.Option(
        None,
        "--gold",
        help="A gold file (or, for --format jsonl, a folder with "
        "extract_en.jsonl/extract_zh.jsonl; default tests/gold).",
    ),  # fmt: skip
    fmt: str = typer.Option(
        "jsonl",
        "--format",
        help="jsonl (the project's gold sets), bio, bmes, cluener or "
        "affiliations (see the README: how gold files are scored).",
    ),  # fmt: skip
    lang: str = typer.Option(
        "auto", "--lang", help="auto, en or zh (gold files other than jsonl)."
    ),
    half: str = typer.Option(
        "all", "--half", help="all, even (records 0, 2, 4, ...: tune here) or odd (held out)."
    ),  # fmt: skip
    store: str = StoreOpt,
    with_store: bool = typer.Option(
        False,
        "--with-store",
        help="Add the store's labels to the gazetteer (default: built-in vocabulary only).",
    ),  # fmt: skip
    as_json: bool = JsonOpt,
) -> None:
    """Precision, recall and F1 per type of entity extraction on a gold file (exact spans)."""
    if fmt not in FORMATS:
        raise ConfigError(f"--format {fmt!r}: use one of {', '.join(FORMATS)}")
    if half not in HALVES or lang not in ("auto", "en", "zh"):
        raise ConfigError(f"--half {half!r} --lang {lang!r}: use all/even/odd and auto/en/zh")
    labels = _labels_store(store) if with_store else None
    if fmt == "jsonl":
        res = evaluate(gold, labels)
    elif gold is None:
        raise InputError(f"--format {fmt} needs --gold FILE")
    else:
        res = evaluate_file(gold, fmt, lang, half, labels)
    if as_json:
        emit_json(res)
        return
    _write_scores(res, fmt)


def _write_scores(res: dict, fmt: str) -> None:
    out = sys.stdout
    head = f"  {'type':<14}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}\n"
    if fmt == "jsonl":
        for lang, r in res["languages"].items():
            out.write(f"{lang}: {r['sentences']} sentences\n{head}")
            for t, m in [*r["types"].items(), ("micro", r["micro"])]:
                out.write(f"  {t:<14}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}"
                          f"{m['tp']:>6}{m['fp']:>6}{m['fn']:>6}\n")  # fmt: skip
        m = res["micro"]
        out.write(f"all micro: P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}\n")
        return
    out.write(f"{res['gold']} ({fmt}, half {res['half']}, {res['lang']}): {res['records']} "
              f"records, {res['chars']} characters, {res['chars_per_s']} characters/s\n")  # fmt: skip
    if fmt == "affiliations":
        m = res["types"]["Organization"]
        out.write(f"  institutions: P {m['precision']:.3f} ({m['precision_tp']}/{m['predicted']}) "
                  f"R {m['recall']:.3f} ({m['recall_tp']}/{m['gold']}) F1 {m['f1']:.3f}\n")  # fmt: skip
        return
    out.write(head)
    for t, m in [*res["types"].items(), ("micro", res["micro"])]:
        out.write(f"  {t:<14}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}"
                  f"{m['tp']:>6}{m['fp']:>6}{m['fn']:>6}\n")  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
    eval_group(app).command("extract")(eval_extract)
