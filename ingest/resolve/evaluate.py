"""Rerunnable evaluation of the resolver on a gold set: pairwise and B-cubed P/R/F1 per kind.

Gold lines: ``{"id", "kind", "name", [country, city, context, affiliation, orcid, ror],
"cluster"}`` (``entity`` is accepted in place of ``cluster``). A graph file
(``resolve_graph.jsonl``: ``{"iri", "kind", "labels": [...], "affiliation", "orcid", "ror",
"country", "city"}``) stands in for the store's labels, so Chinese <-> English links are
measured as they work against a real graph.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

from ingest.resolve.cluster import KINDS, Mention, known_from_store, parse_line, resolve
from kg.errors import InputError
from kg.settings import PROJECT_ROOT
from kg.store.base import Store

GOLD = PROJECT_ROOT / "tests" / "gold" / "resolve_mentions.jsonl"
GOLD_GRAPH = PROJECT_ROOT / "tests" / "gold" / "resolve_graph.jsonl"


def load_gold(path: Path, default_kind: str | None = None) -> dict[str, list[tuple[Mention, str]]]:
    """Gold mentions per kind, each with its gold cluster."""
    out: dict[str, list[tuple[Mention, str]]] = defaultdict(list)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as e:
        raise InputError(f"cannot read gold file {path}: {e}") from None
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
    """Pairwise and B-cubed precision/recall/F1 of ``pred`` clusters against ``gold``."""
    ids = sorted(gold)
    g_members: dict[str, set[str]] = defaultdict(set)
    p_members: dict[str, set[str]] = defaultdict(set)
    for i in ids:
        g_members[gold[i]].add(i)
        p_members[pred[i]].add(i)
    gp = {frozenset(p) for c in g_members.values() for p in combinations(sorted(c), 2)}
    pp = {frozenset(p) for c in p_members.values() for p in combinations(sorted(c), 2)}
    tp = len(gp & pp)
    pair = _prf(tp / len(pp) if pp else 1.0, tp / len(gp) if gp else 1.0)
    bp = br = 0.0
    for i in ids:
        g, p = g_members[gold[i]], p_members[pred[i]]
        inter = len(g & p)
        bp += inter / len(p)
        br += inter / len(g)
    n = len(ids) or 1
    return {
        "mentions": len(ids),
        "gold_clusters": len(g_members),
        "predicted_clusters": len(p_members),
        "pairwise": pair,
        "bcubed": _prf(bp / n, br / n),
    }


def evaluate(
    gold_path: Path = GOLD,
    graph_path: Path | None = GOLD_GRAPH,
    store: Store = None,
    kind: str | None = None,
) -> dict[str, Any]:
    """Resolve the gold mentions per kind (with the graph file or a store) and score them."""

    gold = load_gold(gold_path, kind)
    graph = load_graph(graph_path) if graph_path else {}
    out: dict[str, Any] = {"gold": str(gold_path), "kinds": {}}
    for k in KINDS:
        if kind and k != kind or k not in gold:
            continue
        known = known_from_store(store, k) if store is not None else graph.get(k, [])
        insts = (
            known_from_store(store, "institution") if store is not None
            else graph.get("institution", [])
        )  # fmt: skip
        mentions = [m for m, _ in gold[k]]
        res = resolve(mentions, k, known, known_institutions=insts if k == "person" else None)
        g = {m.id: c for m, c in gold[k]}
        p = {m.id: res.assignments[m.id][0] for m in mentions}
        out["kinds"][k] = metrics(g, p) | {"review_candidates": len(res.candidates)}
    return out
