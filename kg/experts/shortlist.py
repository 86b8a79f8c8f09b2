"""Named shortlists of experts for a consultation (state in ``store.state_dir/shortlists.json``).

Each entry keeps the evidence as it was when saved, so an exported shortlist can be defended
later even after the graph changes.
"""

from __future__ import annotations

import csv
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg.errors import ConfigError, InputError, NotFoundError, StoreError
from kg.experts.index import ExpertIndex
from kg.experts.rank import (
    Evidence,
    Ranked,
    RankSettings,
    check_query,
    contribution_weight,
    parse_query,
    rank,
    recency,
    result_json,
)
from kg.experts.similar import resolve_expert
from kg.store.base import Store

CSV_COLUMNS = [
    "shortlist",
    "note",
    "query",
    "rank",
    "iri",
    "name",
    "name_zh",
    "institutions",
    "score",
    "evidence_count",
    "evidence",
    "evidence_iris",
    "saved",
]


def _path(store: Store) -> Path:
    return Path(store.state_dir) / "shortlists.json"


def load_all(store: Store) -> dict[str, Any]:
    p = _path(store)
    if not p.exists():
        return {}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise StoreError(f"cannot read shortlists {p}: {e}; fix or remove the file") from None
    return data if isinstance(data, dict) else {}


def _write_all(store: Store, data: dict[str, Any]) -> None:
    p = _path(store)
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, p)


def _profile(ix: ExpertIndex, e: int, s: RankSettings) -> Ranked:
    """Evidence without a query: the person's works by contribution × recency × type."""

    rec = recency(ix, s)
    ev = []
    for w in ix.expert_works[e]:
        c = next(c for c in ix.work_contribs[w] if c.expert == e)
        cw, _ = contribution_weight(c, s)
        ev.append(Evidence(w, cw * rec[w] * s.type_weights.get(ix.work_type[w], 1.0), c, cw, []))
    ev.sort(key=lambda x: -x.score)
    return Ranked(e, 0.0, ev, [])


def save(
    store: Store,
    ix: ExpertIndex,
    name: str,
    refs: list[str],
    *,
    note: str = "",
    query: str | None = None,
    settings: RankSettings | None = None,
    replace: bool = False,
) -> dict[str, Any]:
    """Save (or extend) shortlist ``name`` with experts given by IRI, id or name."""
    s = settings or RankSettings()
    if not name.strip():
        raise ConfigError("a shortlist needs a name")
    if not refs:
        raise ConfigError("give at least one expert IRI, id or name to save")
    positions = [resolve_expert(ix, r) for r in refs]
    ranked: dict[int, Ranked] = {}
    q = None
    if query:
        q = parse_query(ix, check_query(query, s), s)
        ranked = {r.expert: r for r in rank(ix, q, s)}
    now = datetime.now(UTC).isoformat(timespec="seconds")
    data = load_all(store)
    sl = data.get(name) if not replace else None
    if sl is None:
        sl = {"name": name, "note": note, "query": query or "", "created": now, "entries": []}
    if note:
        sl["note"] = note
    if query:
        sl["query"] = query
    sl["updated"] = now
    have = {x["iri"] for x in sl["entries"]}
    for e in positions:
        if ix.expert_iris[e] in have:
            continue
        r = ranked.get(e) or _profile(ix, e, s)
        entry = result_json(ix, r, q, s)
        if q is None:
            entry["score"] = None
        entry["saved"] = now
        sl["entries"].append(entry)
        have.add(entry["iri"])
    data[name] = sl
    _write_all(store, data)
    return sl


def get(store: Store, name: str) -> dict[str, Any]:
    data = load_all(store)
    if name not in data:
        known = ", ".join(sorted(data)) or "none yet"
        raise NotFoundError(f"no shortlist named {name!r} (saved: {known})")
    return data[name]


def summary(store: Store) -> list[dict[str, Any]]:
    return [
        {
            "name": k,
            "note": v.get("note", ""),
            "query": v.get("query", ""),
            "experts": len(v.get("entries", [])),
            "updated": v.get("updated", ""),
        }
        for k, v in sorted(load_all(store).items())
    ]


def csv_rows(sl: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for i, e in enumerate(sl.get("entries", []), start=1):
        ev = e.get("evidence", [])
        rows.append(
            {
                "shortlist": sl["name"],
                "note": sl.get("note", ""),
                "query": sl.get("query", ""),
                "rank": i,
                "iri": e["iri"],
                "name": e["name"],
                "name_zh": e.get("name_zh", ""),
                "institutions": "; ".join(x["name"] for x in e.get("institutions", [])),
                "score": "" if e.get("score") is None else e["score"],
                "evidence_count": e.get("evidence_count", len(ev)),
                "evidence": "; ".join(
                    f"{x['title']} ({x['type']}, {x.get('year') or 'n.d.'}, {x['contribution']})"
                    for x in ev
                ),
                "evidence_iris": "; ".join(x["iri"] for x in ev),
                "saved": e.get("saved", ""),
            }
        )
    return rows


def export(store: Store, name: str, fmt: str, out: Path) -> Path:
    sl = get(store, name)
    try:
        if fmt == "json":
            out.write_text(json.dumps(sl, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        elif fmt == "csv":
            with out.open("w", encoding="utf-8-sig", newline="") as f:  # BOM: Excel reads UTF-8
                w = csv.DictWriter(f, fieldnames=CSV_COLUMNS)
                w.writeheader()
                w.writerows(csv_rows(sl))
        else:
            raise ConfigError(f"--format {fmt!r}: use csv or json")
    except OSError as e:
        raise InputError(f"cannot write {out}: {e}") from None
    return out
