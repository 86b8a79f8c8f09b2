"""Views the app needs that no other module gives: institution profiles, chain map points,
technology and demand pick-lists, and quarantine reports.

Every figure comes from the expert index (``kg.experts.index``, itself built from named
queries) or from named queries in ``queries/app/``.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from kg.experts.index import ExpertIndex
from kg.queries import load
from kg.store.base import Store, py


def _lex(term: Any) -> str | None:
    return None if term is None else str(term.value)


def institutions(ix: ExpertIndex, lang: str = "en") -> list[dict[str, Any]]:
    """Every institution of the index with its name in ``lang`` and its expert count."""
    experts = Counter(i for insts in ix.expert_insts for i in insts)
    rows = [
        {
            "iri": iri,
            "name": ix.inst_name(iri, lang),
            "types": sorted(info.get("types", ())),
            "experts": experts.get(iri, 0),
        }
        for iri, info in ix.inst.items()
    ]
    return sorted(rows, key=lambda r: (-r["experts"], r["name"].casefold()))


def institution_profile(
    store: Store, ix: ExpertIndex, iri: str, lang: str = "en"
) -> dict[str, Any]:
    """Experts, works per year and type, technologies, and chain roles of one institution."""
    info = ix.inst.get(iri, {})
    members = {i for i, insts in enumerate(ix.expert_insts) if iri in insts}
    works: set[int] = {w for w, insts in enumerate(ix.work_insts) if iri in insts}
    for e in members:
        works.update(ix.expert_works[e])
    per_year: dict[tuple[int, str], int] = Counter()
    techs: Counter[str] = Counter()
    for w in works:
        year = int(ix.work_year[w])
        if year:
            per_year[(year, ix.work_type[w])] += 1
        techs.update(ix.work_subjects[w])
    declared = {}
    for r in store.select(load("app/institution_techs"), {"inst": f"<{iri}>"}):
        declared[py(r["tech"])] = _lex(r["label_zh"] if lang == "zh" else r["label"])
    tech_rows = [
        {
            "iri": t,
            "label": declared.get(t) or ix.taxonomy.label(t, lang),
            "works": techs.get(t, 0),
            "declared": t in declared,
        }
        for t in set(techs) | set(declared)
    ]
    tech_rows.sort(key=lambda r: (-r["works"], not r["declared"], r["label"]))
    roles = []
    seen = set()
    for r in store.select(load("app/institution_roles"), {"inst": f"<{iri}>"}):
        key = (py(r["target"]), py(r["year"]))
        if key in seen:
            continue
        seen.add(key)
        roles.append(
            {
                "chain": py(r["chain"]),
                "chain_label": _pick(r["chain_label"], r["chain_label_zh"], lang),
                "target": py(r["target"]),
                "label": _pick(r["label"], r["label_zh"], lang),
                "position": _lex(r["position"]),
                "share": py(r["value"]),
                "year": py(r["year"]),
            }
        )
    expert_rows = sorted(
        (
            {
                "iri": ix.expert_iris[e],
                "name": ix.expert_name(e, lang),
                "works": len(ix.expert_works[e]),
            }
            for e in members
        ),
        key=lambda r: (-r["works"], r["name"]),
    )
    return {
        "iri": iri,
        "name": ix.inst_name(iri, lang),
        "types": sorted(info.get("types", ())),
        "country": info.get("country"),
        "region": info.get("region"),
        "experts": expert_rows,
        "works": len(works),
        "works_per_year": [
            {"year": y, "type": k, "works": n} for (y, k), n in sorted(per_year.items())
        ],
        "technologies": tech_rows,
        "chain_roles": roles,
    }


def _pick(en: Any, zh: Any, lang: str) -> str:
    a, b = (_lex(zh), _lex(en)) if lang == "zh" else (_lex(en), _lex(zh))
    return a or b or ""


def chain_map_points(store: Store, chain_iri: str, lang: str = "en") -> list[dict[str, Any]]:
    """One point per provider and place: coordinates, items supplied, best known share."""
    points: dict[tuple[str, str], dict[str, Any]] = {}
    targets: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in store.select(load("app/region_points"), {"chain": f"<{chain_iri}>"}):
        key = (py(r["provider"]), py(r["region"]))
        p = points.setdefault(
            key,
            {
                "provider": _pick(r["name"], r["name_zh"], lang) or key[0].rsplit("/", 1)[-1],
                "kind": _lex(r["pkind"]) or "organization",
                "region": _pick(r["rlabel"], r["rlabel_zh"], lang),
                "lat": float(py(r["lat"])),
                "lon": float(py(r["lon"])),
                "share": None,
            },
        )
        value = py(r["value"])
        if value is not None:
            p["share"] = max(float(value), p["share"] or 0.0)
        targets[key].add(py(r["target"]))
    out = []
    for key, p in points.items():
        p["items"] = len(targets[key])
        out.append(p)
    return sorted(out, key=lambda p: (p["kind"], p["provider"]))


def technologies(store: Store, lang: str = "en") -> list[dict[str, Any]]:
    """Technologies linked to anything in the graph, most used first."""
    rows = []
    for r in store.select(load("app/technologies")):
        iri = py(r["tech"])
        rows.append(
            {
                "iri": iri,
                "label": _pick(r["label"], r["label_zh"], lang) or iri.rsplit("/", 1)[-1],
                "uses": py(r["uses"]) or 0,
            }
        )
    return rows


def demands(store: Store, lang: str = "en") -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in store.select(load("app/demands")):
        iri = py(r["demand"])
        out.setdefault(iri, {"iri": iri, "title": _pick(r["title"], r["title_zh"], lang)})
    return list(out.values())


def quarantine_reports(store: Store) -> list[dict[str, Any]]:
    """The quarantine reports (``STORE/quarantine/*.json``) written by ``ikg ingest``."""
    qdir = store.quarantine_dir
    out = []
    for p in sorted(Path(qdir).glob("*.json")):
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            out.append(
                {
                    "source": p.stem,
                    "quarantined": [],
                    "warnings": [],
                    "error": f"cannot read {p}: {e}",
                }
            )
            continue
        data.setdefault("quarantined", [])
        data.setdefault("warnings", [])
        data["file"] = str(p)
        out.append(data)
    return out


def technology_yearly(store: Store, tech: str) -> list[dict[str, Any]]:
    """Works per year on a technology (or a narrower one), split into patents and the rest."""
    out = []
    for r in store.select(load("chains/tech_yearly"), {"tech": f"<{tech}>"}):
        year, n, patents = py(r["year"]), int(py(r["n"]) or 0), int(py(r["patents"]) or 0)
        if not isinstance(year, int):
            continue
        if patents:
            out.append({"year": year, "type": "patents", "works": patents})
        if n - patents:
            out.append({"year": year, "type": "papers and other works", "works": n - patents})
    return out
