"""Industry chains over a store: the chain view and its weak links.

Every figure comes from named SPARQL in ``queries/chains/`` (Cypher twins beside them).
The weak-link figures follow DESIGN.md ("Industry-chain data") to the letter; the score and
its settings are documented in the README and in ``WEIGHTS`` / ``THRESHOLDS`` here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kg.chains.maturity import maturity
from kg.chains.technology import builtin_tech_labels, iri_ref, narrower, term_text
from kg.errors import NotFoundError
from kg.queries import load
from kg.store.base import Store, py, stable_rows

POSITION_RANK = {"upstream": 0, "midstream": 1, "downstream": 2}
# score = sum(weight * component), each component in [0, 1]; weights sum to 1
WEIGHTS = {"concentration": 0.30, "single_source": 0.20, "foreign": 0.25, "no_domestic": 0.25}
HHI_HIGH = 2500  # "highly concentrated" (US DOJ/FTC 2010 guideline)
HHI_MODERATE = 1500
FOREIGN_REASON = 50  # percent of supply outside home that is named as a reason


def _num(value: Decimal | None) -> int | float | None:
    """A figure for JSON: an int when integral, else the nearest float (never rounded)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


# --- chains ---------------------------------------------------------------------------------


@dataclass
class ChainRef:
    iri: str
    id: str | None
    label: str
    label_zh: str | None


def list_chains(store: Store) -> list[ChainRef]:
    by_iri: dict[str, ChainRef] = {}
    for r in stable_rows(store.select(load("chains/list"))):
        iri = py(r["chain"])
        ref = by_iri.setdefault(iri, ChainRef(iri, term_text(r["id"]), "", None))
        ref.label = ref.label or term_text(r["label"]) or ""
        ref.label_zh = ref.label_zh or term_text(r["label_zh"])
    for ref in by_iri.values():
        ref.label = ref.label or ref.label_zh or ref.id or ref.iri
    return sorted(by_iri.values(), key=lambda c: (c.id or "", c.iri))  # the query's ORDER BY


def resolve_chain(store: Store, name_or_iri: str) -> ChainRef:
    """A chain named by its chain_id, name, name_zh or IRI; NotFoundError lists the known ones."""
    want = name_or_iri.strip().strip("<>")
    chains = list_chains(store)
    low = want.casefold()
    for test in (
        lambda c: c.iri == want,
        lambda c: c.id == want,
        lambda c: (c.id or "").casefold() == low,
        lambda c: c.label.casefold() == low or (c.label_zh or "").casefold() == low,
    ):
        hits = [c for c in chains if test(c)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise NotFoundError(
                f"chain {name_or_iri!r} is ambiguous: "
                + ", ".join(f"<{c.iri}>" for c in hits)
                + "; name it by its IRI"
            )
    known = (
        "; ".join(f"{c.id or '-'} ({c.label}) <{c.iri}>" for c in chains)
        or "none (ingest chain CSV files first)"
    )
    raise NotFoundError(f"no industry chain named {name_or_iri!r}; known chains: {known}")


def _nodes(store: Store, chain: str) -> tuple[dict[str, dict], dict[str, dict]]:
    segments: dict[str, dict] = {}
    for r in stable_rows(store.select(load("chains/segments"), {"chain": iri_ref(chain)})):
        s = segments.setdefault(py(r["seg"]), {"iri": py(r["seg"]), "id": term_text(r["id"])})
        s.setdefault("label", term_text(r["label"]))
        s["label"] = s["label"] or term_text(r["label"])
        s["label_zh"] = s.get("label_zh") or term_text(r["label_zh"])
        s["position"] = s.get("position") or term_text(r["position"])
        s["order"] = s.get("order") if s.get("order") is not None else py(r["order"])
    items: dict[str, dict] = {}
    for r in stable_rows(store.select(load("chains/items"), {"chain": iri_ref(chain)})):
        it = items.setdefault(py(r["item"]), {"iri": py(r["item"]), "id": term_text(r["id"])})
        it["label"] = it.get("label") or term_text(r["label"])
        it["label_zh"] = it.get("label_zh") or term_text(r["label_zh"])
        it["kind"] = it.get("kind") or term_text(r["kind"])
        it["segment"] = it.get("segment") or py(r["seg"])
    for n in list(segments.values()) + list(items.values()):
        n["label"] = n.get("label") or n.get("label_zh") or n.get("id") or n["iri"]
    return segments, items


@dataclass
class ShareRow:
    target: str
    provider: str
    pid: str | None
    name: str
    name_zh: str | None
    kind: str  # "organization" | "country"
    aggregate: bool
    country: str | None
    region: str | None
    institution: str | None
    value: Decimal | None
    year: int | None
    source: str | None


def _shares(store: Store, chain: str) -> list[ShareRow]:
    rows: dict[str, ShareRow] = {}
    for r in stable_rows(store.select(load("chains/shares"), {"chain": iri_ref(chain)})):
        key = py(r["share"])
        if key in rows:
            continue
        value = term_text(r["value"])
        year = py(r["year"])
        rows[key] = ShareRow(
            target=py(r["target"]),
            provider=py(r["provider"]),
            pid=term_text(r["pid"]),
            name=term_text(r["name"])
            or term_text(r["name_zh"])
            or term_text(r["pid"])
            or py(r["provider"]),
            name_zh=term_text(r["name_zh"]),
            kind=(term_text(r["pkind"]) or "organization").lower(),
            aggregate=bool(py(r["aggregate"])),
            country=term_text(r["country"]),
            region=term_text(r["region_label"]) or (py(r["region"]) if r["region"] else None),
            institution=py(r["institution"]),
            value=Decimal(value) if value is not None else None,
            year=int(year) if isinstance(year, int) else None,
            source=term_text(r["source"]),
        )
    return list(rows.values())


def _technologies(store: Store, chain: str) -> dict[str, list[dict]]:
    out: dict[str, dict[str, dict]] = defaultdict(dict)
    for r in stable_rows(store.select(load("chains/technologies"), {"chain": iri_ref(chain)})):
        t = py(r["tech"])
        d = out[py(r["node"])].setdefault(t, {"iri": t})
        en, zh = builtin_tech_labels().get(t, ("", ""))
        d["label"] = (
            d.get("label") or term_text(r["label"]) or en or term_text(r["label_zh"]) or zh or t
        )
        d["label_zh"] = d.get("label_zh") or term_text(r["label_zh"]) or zh or None
        d["trl"] = d.get("trl") or py(r["trl"])
        d["stage"] = d.get("stage") or term_text(r["stage"])
    return {k: list(v.values()) for k, v in out.items()}


# --- weak links -----------------------------------------------------------------------------


def _latest_per_provider(rows: list[ShareRow]) -> dict[str, ShareRow]:
    """One row per provider: the latest year with a known share (then any row)."""
    best: dict[str, ShareRow] = {}
    for r in rows:
        cur = best.get(r.provider)
        key = (r.value is not None, r.year or 0, r.value or Decimal(-1))
        if cur is None or key > (cur.value is not None, cur.year or 0, cur.value or Decimal(-1)):
            best[r.provider] = r
    return best


def figures(rows: list[ShareRow], home: str) -> dict[str, Any]:
    """The DESIGN.md weak-link figures of one item or segment from its own share rows."""
    per = _latest_per_provider(rows)
    orgs = [r for r in per.values() if r.kind != "country" and not r.aggregate]
    ctry = [r for r in per.values() if r.kind == "country" and not r.aggregate]
    org_known = [r for r in orgs if r.value is not None]
    ctry_known = [r for r in ctry if r.value is not None]
    hhi = sum((r.value**2 for r in org_known), Decimal(0)) if org_known else None
    hhi_c = sum((r.value**2 for r in ctry_known), Decimal(0)) if ctry_known else None
    pool = org_known or ctry_known
    top = max(pool, key=lambda r: (r.value, r.name.casefold())) if pool else None
    all_ctry_known = [r for r in per.values() if r.kind == "country" and r.value is not None]
    all_org_known = [r for r in per.values() if r.kind != "country" and r.value is not None]
    if all_ctry_known:
        foreign = sum((r.value for r in all_ctry_known if r.country != home), Decimal(0))
    elif all_org_known:
        foreign = sum((r.value for r in all_org_known if r.country != home), Decimal(0))
    else:
        foreign = None
    single = len(orgs) == 1 if orgs else len(ctry) == 1
    return {
        "providers": len(orgs),
        "countries": len(ctry),
        "hhi": _num(hhi),
        "hhi_countries": _num(hhi_c),
        "top_provider": top.name if top else None,
        "top_share": _num(top.value) if top else None,
        "foreign_share": _num(foreign),
        "single_source": single,
        "_only": (orgs or ctry)[0].name if single else None,
    }


def score_row(
    fig: dict[str, Any], missing: list[str], needed: int, home: str
) -> tuple[float, list[str]]:
    """The documented weak-link score in [0, 1] and its readable reasons."""
    reasons: list[str] = []
    if fig["hhi"] is not None:
        conc = fig["hhi"] / 10000
    elif fig["hhi_countries"] is not None:
        conc = fig["hhi_countries"] / 10000
    else:
        n = fig["providers"] or fig["countries"]
        conc = 1 / n if n else 0.0
        if n:
            reasons.append(
                f"shares unknown: concentration estimated as 1/{n} from the provider count"
            )
    level = "organizations" if fig["hhi"] is not None else "countries"
    hhi = fig["hhi"] if fig["hhi"] is not None else fig["hhi_countries"]
    if hhi is not None and hhi >= HHI_HIGH:
        reasons.append(f"highly concentrated: HHI {hhi:g} across {level} (>= {HHI_HIGH})")
    elif hhi is not None and hhi >= HHI_MODERATE:
        reasons.append(f"moderately concentrated: HHI {hhi:g} across {level}")
    single = 1.0 if fig["single_source"] else 0.0
    if single:
        what = "organization" if fig["providers"] else "country"
        reasons.append(f"single source: {fig['_only']} is the only {what} provider")
    foreign = min(1.0, max(0.0, fig["foreign_share"] / 100)) if fig["foreign_share"] else 0.0
    if fig["foreign_share"] is not None and fig["foreign_share"] >= FOREIGN_REASON:
        reasons.append(f"{fig['foreign_share']:g}% of the known supply is outside {home}")
    no_dom = len(missing) / needed if needed else 0.0
    if missing:
        reasons.append(
            "no domestic institution or expert linked to the technologies it needs: "
            + ", ".join(missing)
        )
    score = (
        WEIGHTS["concentration"] * conc
        + WEIGHTS["single_source"] * single
        + WEIGHTS["foreign"] * foreign
        + WEIGHTS["no_domestic"] * no_dom
    )
    return round(min(1.0, max(0.0, score)), 4), reasons


def _domestic(store: Store, tech: str, home: str, cache: dict[str, bool]) -> bool:
    if tech not in cache:
        rows = store.select(
            load("chains/tech_domestic"), {"sub": narrower(store, tech), "home": home}
        )
        cache[tech] = bool(rows) and int(py(rows[0]["n"]) or 0) > 0
    return cache[tech]


@dataclass(frozen=True)
class ChainRows:
    """What both views of one chain read from the store: fetched once when both are shown."""

    segments: dict[str, dict]
    items: dict[str, dict]
    techs: dict[str, list[dict]]
    shares: list[ShareRow]


def chain_rows(store: Store, chain_iri: str) -> ChainRows:
    segments, items = _nodes(store, chain_iri)
    return ChainRows(segments, items, _technologies(store, chain_iri), _shares(store, chain_iri))


def weak_links(
    store: Store,
    name_or_iri: str,
    home: str = "CHN",
    limit: int | None = 20,
    rows: ChainRows | None = None,
) -> dict[str, Any]:
    """Weak-link rows of a chain, highest score first (``limit`` 0 or None: every row)."""
    ref = resolve_chain(store, name_or_iri)
    home = home.strip().upper()
    data = rows or chain_rows(store, ref.iri)
    segments, items, techs = data.segments, data.items, data.techs
    by_target: dict[str, list[ShareRow]] = defaultdict(list)
    for s in data.shares:
        by_target[s.target].append(s)
    cache: dict[str, bool] = {}
    out = []
    for target, rows in by_target.items():
        node = items.get(target) or segments.get(target)
        if node is None:
            continue
        is_seg = target in segments
        needed = {t["iri"]: t["label"] for t in techs.get(target, [])}
        if is_seg:  # a segment needs what its items need
            for it in items.values():
                if it.get("segment") == target:
                    needed.update({t["iri"]: t["label"] for t in techs.get(it["iri"], [])})
        missing = sorted(lbl for t, lbl in needed.items() if not _domestic(store, t, home, cache))
        fig = figures(rows, home)
        score, reasons = score_row(fig, missing, len(needed), home)
        fig.pop("_only")
        seg = node if is_seg else segments.get(node.get("segment") or "")
        out.append(
            {
                "iri": target,
                "id": node.get("id"),
                "label": node["label"],
                "segment": seg["label"] if seg else None,
                **fig,
                "score": score,
                "reasons": reasons,
            }
        )
    out.sort(key=lambda r: (-r["score"], r["label"].casefold(), r["iri"]))
    if limit:
        out = out[:limit]
    return {"chain": {"iri": ref.iri, "label": ref.label}, "home": home, "rows": out}


# --- industry chain view ------------------------------------------------------------------


def _provider_json(s: ShareRow) -> dict[str, Any]:
    return {
        "iri": s.provider,
        "id": s.pid,
        "name": s.name,
        "name_zh": s.name_zh,
        "kind": s.kind,
        "aggregate": s.aggregate,
        "share": _num(s.value),
        "year": s.year,
        "source": s.source,
        "country": s.country,
        "region": s.region,
        "institution": s.institution,
    }


def _codes(store: Store, chain: str) -> dict[str, list[dict]]:
    """Industry codes per chain node."""
    codes: dict[str, list[dict]] = defaultdict(list)
    for r in stable_rows(store.select(load("chains/codes"), {"chain": iri_ref(chain)})):
        entry = {
            "iri": py(r["code"]),
            "code": term_text(r["notation"]) or py(r["code"]).rsplit("/", 1)[-1],
            "label": term_text(r["code_label"]),
        }
        if entry not in codes[py(r["node"])]:
            codes[py(r["node"])].append(entry)
    return codes


def _links(store: Store, chain: str) -> dict[str, dict[str, list[str]]]:
    """from node -> relation local name -> to nodes."""
    links: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in stable_rows(store.select(load("chains/links"), {"chain": iri_ref(chain)})):
        rel = py(r["rel"]).rsplit("#", 1)[-1]
        links[py(r["from"])][rel].append(py(r["to"]))
    return links


def _providers(shares: list[ShareRow]) -> dict[str, list[dict]]:
    """Providers per node, largest share first."""
    providers: dict[str, list[dict]] = defaultdict(list)
    for s in sorted(shares, key=lambda s: (-(s.value or -1), s.name)):
        providers[s.target].append(_provider_json(s))
    return providers


def _ordered_segments(segments: dict[str, dict]) -> list[dict]:
    """Segments by their order, then upstream -> downstream, then label."""
    return sorted(
        segments.values(),
        key=lambda s: (
            s.get("order") if isinstance(s.get("order"), int) else 10**9,
            POSITION_RANK.get(s.get("position") or "", 9),
            s["label"],
        ),
    )


def _tech_entries(
    store: Store, techs: list[dict], stages: dict[str, dict], with_maturity: bool
) -> list[dict]:
    """A node's technologies for JSON; with the maturity figures (cached in ``stages``)."""
    out = []
    for t in techs:
        entry = {k: t[k] for k in ("iri", "label", "label_zh", "trl", "stage")}
        if with_maturity:
            if t["iri"] not in stages:
                m = maturity(store, t["iri"])
                stages[t["iri"]] = {
                    "stage": m.stage or m.stage_given,
                    "trl": m.trl,
                    "works": m.works,
                }
            entry.update({k: v for k, v in stages[t["iri"]].items() if v is not None})
        out.append(entry)
    return out


def industry_chain(
    store: Store, name_or_iri: str, with_maturity: bool = True, rows: ChainRows | None = None
) -> dict[str, Any]:
    """Segments upstream -> downstream with items, inputs, codes, technologies and providers."""
    ref = resolve_chain(store, name_or_iri)
    data = rows or chain_rows(store, ref.iri)
    segments, items, techs = data.segments, data.items, data.techs
    codes = _codes(store, ref.iri)
    links = _links(store, ref.iri)
    providers = _providers(data.shares)
    stages: dict[str, dict] = {}

    def tech_list(node: str) -> list[dict]:
        return _tech_entries(store, techs.get(node, []), stages, with_maturity)

    def ref_of(iri: str) -> dict[str, Any]:
        n = items.get(iri) or segments.get(iri) or {}
        return {"iri": iri, "id": n.get("id"), "label": n.get("label", iri)}

    inputs: dict[str, list[str]] = defaultdict(list)
    for frm, rels in links.items():
        for to in rels.get("inputOf", []):
            inputs[to].append(frm)

    def item_json(it: dict) -> dict[str, Any]:
        iri = it["iri"]
        return {
            "iri": iri,
            "id": it.get("id"),
            "label": it["label"],
            "label_zh": it.get("label_zh"),
            "kind": it.get("kind"),
            "inputs": [ref_of(x) for x in sorted(inputs.get(iri, []))],
            "input_of": [ref_of(x) for x in sorted(links[iri].get("inputOf", []))],
            "type_of": [ref_of(x) for x in sorted(links[iri].get("typeOf", []))],
            "technologies": tech_list(iri),
            "providers": providers.get(iri, []),
        }

    seg_json = []
    for s in _ordered_segments(segments):
        members = sorted(
            (it for it in items.values() if it.get("segment") == s["iri"]),
            key=lambda it: it["label"].casefold(),
        )
        seg_json.append(
            {
                "iri": s["iri"],
                "id": s.get("id"),
                "label": s["label"],
                "label_zh": s.get("label_zh"),
                "position": s.get("position"),
                "order": s.get("order"),
                "upstream_of": [ref_of(x) for x in sorted(links[s["iri"]].get("upstreamOf", []))],
                "industry_codes": codes.get(s["iri"], []),
                "technologies": tech_list(s["iri"]),
                "providers": providers.get(s["iri"], []),
                "items": [item_json(it) for it in members],
            }
        )
    loose = sorted(
        (it for it in items.values() if not it.get("segment") or it["segment"] not in segments),
        key=lambda it: it["label"].casefold(),
    )
    chain = {"iri": ref.iri, "id": ref.id, "label": ref.label, "label_zh": ref.label_zh}
    return {
        "chain": {**chain, "industry_codes": codes.get(ref.iri, [])},
        "segments": seg_json,
        "unassigned_items": [item_json(it) for it in loose],
    }


def chain_views(
    store: Store, name_or_iri: str, home: str = "CHN", with_maturity: bool = True
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The industry-chain view and every weak-link row of one chain, reading the store once
    for what both need (the app's page and the briefing show both)."""
    ref = resolve_chain(store, name_or_iri)
    rows = chain_rows(store, ref.iri)
    view = industry_chain(store, ref.iri, with_maturity=with_maturity, rows=rows)
    return view, weak_links(store, ref.iri, home=home, limit=0, rows=rows)
