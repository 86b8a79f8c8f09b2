"""Rerunnable evaluation of the resolver on a gold set: pairwise and B-cubed P/R/F1 per kind.

Also reads the PatentsView disambiguation benchmarks as they are published (CSV, optionally
gzipped): ``mention_id, unique_id, organization`` (assignees -> institution) or ``mention_id,
unique_id, raw_inventor_name_first, raw_inventor_name_last`` (inventors -> person), and scores
the exact-match baseline beside ikg (lower-cased names without punctuation and legal forms).

Gold lines: ``{"id", "kind", "name", [country, city, context, affiliation, orcid, ror],
"cluster"}`` (``entity`` is accepted in place of ``cluster``). A graph file
(``resolve_graph.jsonl``: ``{"iri", "kind", "labels": [...], "affiliation", "orcid", "ror",
"country", "city"}``) stands in for the store's labels, so Chinese <-> English links are
measured as they work against a real graph.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from ingest.resolve.cluster import resolve
from ingest.resolve.model import KINDS, Mention, known_from_store, parse_line
from kg.errors import InputError
from kg.settings import PROJECT_ROOT
from kg.store.base import Store

GOLD = PROJECT_ROOT / "tests" / "gold" / "resolve_mentions.jsonl"
GOLD_GRAPH = PROJECT_ROOT / "tests" / "gold" / "resolve_graph.jsonl"


HALVES = ("all", "even", "odd")
BASELINE_LEGAL = frozenset(
    ["inc", "corp", "co", "ltd", "llc", "gmbh", "ag", "sa", "kk", "plc", "company"]
)


def baseline_key(name: str) -> str:
    """The exact-match baseline: lower case, punctuation and legal forms removed."""
    t = re.sub(r"[^\w\s]", "", name.lower())
    return " ".join(w for w in t.split() if w not in BASELINE_LEGAL)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        return raw.decode("utf-8-sig")
    except (OSError, EOFError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read gold file {path}: {e}") from None


def _load_csv(path: Path, text: str) -> dict[str, list[tuple[Mention, str]]]:
    rows = csv.DictReader(io.StringIO(text))
    cols = set(rows.fieldnames or ())
    person = {"raw_inventor_name_first", "raw_inventor_name_last"} <= cols
    if not {"unique_id"} <= cols or not (person or "organization" in cols):
        raise InputError(
            f"{path}: a CSV gold file needs unique_id and organization (assignees) or "
            "raw_inventor_name_first/raw_inventor_name_last (inventors)"
        )
    out: list[tuple[Mention, str]] = []
    for n, r in enumerate(rows, 2):
        if person:
            name = f"{r['raw_inventor_name_first'] or ''} {r['raw_inventor_name_last'] or ''}"
        else:
            name = r["organization"] or ""
        if not r["unique_id"]:
            raise InputError(f"{path} line {n}: empty unique_id; fix or remove the line")
        out.append((Mention(f"{n}:{r.get('mention_id', '')}", name.strip()), r["unique_id"]))
    return {"person" if person else "institution": out}


def load_gold(
    path: Path, default_kind: str | None = None, half: str = "all"
) -> dict[str, list[tuple[Mention, str]]]:
    """Gold mentions per kind, each with its gold cluster; ``half`` keeps the even- or
    odd-indexed mentions (file order, counted per file)."""
    if half not in HALVES:
        raise InputError(f"--half {half!r}: use all, even or odd")
    text = _read_text(path)
    name = path.name[:-3] if path.suffix == ".gz" else path.name
    gold = _load_csv(path, text) if name.endswith(".csv") else _load_jsonl(path, text, default_kind)
    if half != "all":
        start = 0 if half == "even" else 1
        gold = {k: v[start::2] for k, v in gold.items()}
    return gold


def _load_jsonl(
    path: Path, text: str, default_kind: str | None
) -> dict[str, list[tuple[Mention, str]]]:
    out: dict[str, list[tuple[Mention, str]]] = defaultdict(list)
    lines = text.splitlines()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"{path} line {n}: not valid JSON ({e.msg}); fix the line") from None
        kind = obj.get("kind") or default_kind
        gold = obj.get("cluster") or obj.get("entity")
        if kind not in KINDS or not gold:
            raise InputError(
                f'{path} line {n}: needs "kind" (person|institution, or pass --kind) and '
                '"cluster" (or "entity")'
            )
        m = parse_line(line, n, kind)
        if m.error:
            raise InputError(f"{path}: {m.error}")
        m.id = f"{n}:{m.id}"
        out[kind].append((m, str(gold)))
    return out


def load_graph(path: Path) -> dict[str, list[Mention]]:
    """Pseudo-mentions per kind from a graph JSONL file (the store's labels, offline)."""
    out: dict[str, list[Mention]] = defaultdict(list)
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        e = json.loads(line)
        labels = e.get("labels", [])
        for i, label in enumerate(labels):
            out[e["kind"]].append(
                Mention(
                    f"{e['iri']}#{i}",
                    label,
                    country=e.get("country", ""),
                    city=e.get("city", ""),
                    affiliation=e.get("affiliation", ""),
                    orcid=e.get("orcid", ""),
                    ror=e.get("ror", ""),
                    entity=e["iri"],
                    group=e["iri"],
                    canonical=labels[0],
                )  # fmt: skip
            )
    return out


def _prf(p: float, r: float) -> dict[str, float]:
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def metrics(gold: dict[str, str], pred: dict[str, str]) -> dict[str, Any]:
    """Pairwise and B-cubed precision/recall/F1 of ``pred`` clusters against ``gold``
    (counted from cluster overlaps, so 200k mentions in one cluster cost nothing)."""
    g_size: Counter[str] = Counter(gold.values())
    p_size: Counter[str] = Counter(pred[i] for i in gold)
    inter: Counter[tuple[str, str]] = Counter((gold[i], pred[i]) for i in gold)
    n = len(gold) or 1
    bp = sum(v * v / p_size[pc] for (_, pc), v in inter.items()) / n
    br = sum(v * v / g_size[gc] for (gc, _), v in inter.items()) / n
    tp = sum(v * (v - 1) // 2 for v in inter.values())
    pp = sum(v * (v - 1) // 2 for v in p_size.values())
    gp = sum(v * (v - 1) // 2 for v in g_size.values())
    return {
        "mentions": len(gold),
        "gold_clusters": len(g_size),
        "predicted_clusters": len(p_size),
        "pairwise": _prf(tp / pp if pp else 1.0, tp / gp if gp else 1.0),
        "bcubed": _prf(bp if gold else 1.0, br if gold else 1.0),
    }


def evaluate(
    gold_path: Path = GOLD,
    graph_path: Path | None = GOLD_GRAPH,
    store: Store | None = None,
    kind: str | None = None,
    half: str = "all",
) -> dict[str, Any]:
    """Resolve the gold mentions per kind (with the graph file or a store) and score them,
    beside the exact-match baseline, with mentions per second."""
    gold = load_gold(gold_path, kind, half)
    graph = load_graph(graph_path) if graph_path else {}
    out: dict[str, Any] = {"gold": str(gold_path), "half": half, "kinds": {}}
    for k in KINDS:
        if kind and k != kind or k not in gold:
            continue
        known = known_from_store(store, k) if store is not None else graph.get(k, [])
        insts = (
            known_from_store(store, "institution") if store is not None
            else graph.get("institution", [])
        )  # fmt: skip
        mentions = [m for m, _ in gold[k]]
        t0 = time.perf_counter()
        res = resolve(mentions, k, known, known_institutions=insts if k == "person" else None)
        dt = time.perf_counter() - t0
        g = {m.id: c for m, c in gold[k]}
        # a mention without a name is a cluster of its own
        p = {m.id: res.assignments.get(m.id, ("unnamed:" + m.id,))[0] for m in mentions}
        base = metrics(g, {m.id: baseline_key(m.name) for m in mentions})
        out["kinds"][k] = metrics(g, p) | {
            "review_candidates": len(res.candidates),
            "mentions_per_s": round(len(mentions) / dt) if dt > 0 else None,
            "baseline": {"pairwise": base["pairwise"], "bcubed": base["bcubed"],
                         "predicted_clusters": base["predicted_clusters"]},
        }  # fmt: skip
    return out
