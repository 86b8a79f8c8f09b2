"""Briefing "Competitors": institutions and enterprises by papers, patents and projects on a
sub-field (named query ``briefing/competitors``), domestic beside foreign, with a trend (works
of the last ``TREND_YEARS`` years against the ``TREND_YEARS`` before)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from kg.chains.technology import narrower
from kg.experts.index import get_index
from kg.queries import load
from kg.store.base import Store, py

TREND_YEARS = 5
TYPE_NAMES = {"Paper": "paper", "Patent": "patent", "Project": "project"}


def _iri(value: str) -> str:
    return f"<{value}>"


def _lex(term: Any) -> str | None:
    return None if term is None else str(term.value)


def _trend(years: dict[int, int], last: int) -> str:
    recent = sum(n for y, n in years.items() if last - TREND_YEARS < y <= last)
    before = sum(n for y, n in years.items() if last - 2 * TREND_YEARS < y <= last - TREND_YEARS)
    if recent and not before:
        return "new"
    if before and not recent:
        return "inactive"
    if recent > before * 1.2:
        return "rising"
    if recent < before * 0.8:
        return "falling"
    return "steady"


def competitors(
    store: Store, techs: list[str], home: str, tr: Any, lang: str, limit: int
) -> dict[str, Any]:

    ix = get_index(store)
    works: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    year_of: dict[str, int] = {}
    for tech in techs:
        for r in store.select(load("briefing/competitors"), {"sub": narrower(store, tech)}):
            h, w = py(r["holder"]), py(r["w"])
            h = ix.inst_aliases.get(h, h)
            works[h][TYPE_NAMES[py(r["type"]).rsplit("#", 1)[-1]]].add(w)
            if isinstance(py(r["year"]), int):
                year_of[w] = py(r["year"])
    last = max(year_of.values(), default=datetime.now(UTC).year)
    rows = []
    for h, by_type in works.items():
        info = ix.inst.get(h)
        all_w = set().union(*by_type.values())
        years: dict[int, int] = defaultdict(int)
        for w in all_w:
            if w in year_of:
                years[year_of[w]] += 1
        country = (info or {}).get("country")
        if info is None:
            for r in store.select(load("briefing/institutions"), {"holder": _iri(h)}):
                country = country or _lex(r["country"])
        rows.append(
            {
                "iri": h,
                "name": ix.inst_name(h, lang) if info else h.rsplit("/", 1)[-1],
                "type": sorted((info or {}).get("types", {"institution"}))[0],
                "country": country.upper() if country else None,
                "papers": len(by_type.get("paper", ())),
                "patents": len(by_type.get("patent", ())),
                "projects": len(by_type.get("project", ())),
                "works": len(all_w),
                "yearly": dict(sorted(years.items())),
                "trend": _trend(years, last),
                "work_iris": sorted(all_w),
            }
        )
    rows.sort(key=lambda r: (-r["works"], -r["patents"], r["name"].casefold(), r["iri"]))
    groups = {
        "domestic": [r for r in rows if r["country"] == home],
        "foreign": [r for r in rows if r["country"] and r["country"] != home],
        "unknown": [r for r in rows if not r["country"]],
    }
    out: dict[str, Any] = {"home": home, "last_year": last, "total": len(rows)}
    for key, group in groups.items():
        shown = group[:limit]
        for r in shown:
            r["src"] = tr.add(
                f"competitor {r['name']}: papers, patents, projects",
                zh=f"竞争者 {r['name']}：论文、专利、项目",
                query="briefing/competitors",
                params={"tech": " ".join(_iri(t) for t in techs)},
                iris=[r["iri"], *r.pop("work_iris")],
            )
        out[key] = shown
        out[f"{key}_total"] = len(group)
    yearly: dict[str, dict[int, int]] = {"domestic": defaultdict(int), "foreign": defaultdict(int)}
    for key in ("domestic", "foreign"):
        for r in groups[key]:
            for y, n in r["yearly"].items():
                yearly[key][y] += n
    out["yearly"] = {k: dict(sorted(v.items())) for k, v in yearly.items()}
    return out
