"""Sub-field briefings (``ikg brief``): the consulting report, assembled from the graph.

``build(store, NAME)`` returns a plain dict (the briefing data); ``kg.briefing.render`` turns
it into HTML or Markdown and ``kg.briefing.office`` into PDF or DOCX. Every section calls the
same functions as the other commands, so the figures are the ones they give:

- Environment: demands (``dcterms:subject``), report sentences (``ikg:Mention`` /
  ``ikg:denotes`` with ``ikg:sentence`` and ``prov:wasDerivedFrom``) and reports, standards and
  achievements with the sub-field as subject; newest first (named queries ``briefing/env_*``).
- Technology chain: ``kg.chains.technology.technology_chain`` (= ``ikg chain technology``), its maturity
  from ``kg.chains.maturity`` and the yearly counts of ``chains/tech_yearly``.
- Competitors: institutions by papers, patents and projects (``briefing/competitors``),
  domestic (``home``) beside foreign, with a trend (last 5 years against the 5 before).
- Industry chain: segments and items that use the technology (``briefing/tech_chains``), their
  providers from ``kg.chains.industry.industry_chain`` and weak links from ``kg.chains.industry.weak_links``
  (= ``ikg chain industry`` / ``ikg chain weak-links --limit 0``).
- Experts: ``kg.experts.rank.search`` on the sub-field's label (= ``ikg experts LABEL``).

Each figure carries a trace (``data["trace"]``): the named query or command and parameters
and the IRIs behind it; the renderers turn it into links, footnotes or a Sources appendix.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from kg.briefing.competitors import competitors
from kg.chains.diagram import find_node
from kg.chains.industry import chain_views, industry_chain, list_chains, resolve_chain
from kg.chains.technology import narrower, resolve_technology, tech_label, technology_chain
from kg.errors import KGError, NotFoundError
from kg.experts.rank import search
from kg.queries import load
from kg.store.base import Store, py

COMPETITORS_SHOWN = 10
EXPERTS_SHOWN = 10
ENVIRONMENT_SHOWN = 40
SECTIONS = ("environment", "technology", "competitors", "industry", "experts")


def _iri(value: str) -> str:
    return f"<{value}>"


def _lex(term: Any) -> str | None:
    return None if term is None else str(term.value)


class Tracer:
    """Collects the trace of each figure: id, what, query/command, parameters and IRIs.
    ``what`` is written in the briefing's language (``zh`` given, else the English text)."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.items: list[dict[str, Any]] = []

    def add(
        self,
        what: str,
        *,
        zh: str | None = None,
        query: str | None = None,
        params: dict[str, str] | None = None,
        command: str | None = None,
        iris: list[str] | None = None,
    ) -> str:
        sid = f"S{len(self.items) + 1}"
        self.items.append(
            {
                "id": sid,
                "what": zh if self.lang == "zh" and zh else what,
                "query": query,
                "params": params or {},
                "command": command,
                "iris": list(dict.fromkeys(iris or [])),
            }
        )
        return sid


# --- subject ------------------------------------------------------------------------------


def resolve_subject(store: Store, name: str) -> dict[str, Any]:
    """A technology (id, label en/zh, IRI) or else an industry chain (id, name, IRI)."""
    try:
        tech = resolve_technology(store, name)
    except NotFoundError as tech_err:
        try:
            ref = resolve_chain(store, name)
        except NotFoundError:
            raise NotFoundError(
                f"{name!r} is neither a technology nor an industry chain: {tech_err}"
            ) from None
        techs = [
            py(r["tech"]) for r in store.select(load("briefing/chain_techs"), _p(chain=ref.iri))
        ]
        return {
            "kind": "chain",
            "iri": ref.iri,
            "id": ref.id,
            "label": ref.label,
            "label_zh": ref.label_zh,
            "technologies": techs,
        }

    label, label_zh = tech_label(store, tech)
    return {
        "kind": "technology",
        "iri": tech,
        "id": tech.rsplit("/", 1)[-1],
        "label": label,
        "label_zh": label_zh,
        "technologies": [tech],
    }


def _p(**kw: str) -> dict[str, str]:
    return {k: _iri(v) for k, v in kw.items()}


def subfields(store: Store, name: str) -> list[dict[str, Any]]:
    """For ``--all``: every narrower technology of a technology or concept scheme, or a chain
    itself followed by every technology its segments and items use."""
    want = name.strip().strip("<>")
    try:
        root = resolve_technology(store, name)
    except NotFoundError:
        root = None
    if root is None and want.startswith(("http://", "https://", "urn:")):
        root = want
    if root is not None:
        techs = [py(r["tech"]) for r in store.select(load("briefing/narrower"), _p(root=root))]
        if techs:
            return [{"kind": "technology", "iri": t, "name": t} for t in techs]
    ref = resolve_chain(store, name)
    out = [{"kind": "chain", "iri": ref.iri, "name": ref.iri}]
    for r in store.select(load("briefing/chain_techs"), _p(chain=ref.iri)):
        out.append({"kind": "technology", "iri": py(r["tech"]), "name": py(r["tech"])})
    return out


# --- sections -----------------------------------------------------------------------------


def _source_of(graph: str, sources: dict[str, Any]) -> str:
    for name, info in sources.items():
        if graph == info.graph or graph.startswith(info.graph + "/"):
            return name
    return graph


def environment(store: Store, techs: list[str], tr: Tracer, lang: str) -> dict[str, Any]:
    sources = store.sources()
    items: dict[tuple[str, str], dict[str, Any]] = {}
    for tech in techs:
        for r in store.select(load("briefing/env_demands"), {"sub": narrower(store, tech)}):
            doc = py(r["doc"])
            title = _lex(r["title_zh"]) if lang == "zh" and r["title_zh"] else None
            items.setdefault(
                (doc, ""),
                {
                    "kind": "demand",
                    "iri": doc,
                    "title": title or _lex(r["title"]) or _lex(r["title_zh"]) or doc,
                    "year": py(r["year"]),
                    "sentence": _lex(r["sentence"]) or "",
                    "source": _source_of(py(r["g"]), sources),
                    "by": (_lex(r["requester_name_zh"]) if lang == "zh" else None)
                    or _lex(r["requester_name"])
                    or _lex(r["requester_name_zh"]),
                    "by_iri": py(r["requester"]),
                },
            )
        for r in store.select(load("briefing/env_documents"), _p(tech=tech)):
            doc = py(r["doc"])
            kind = py(r["type"]).rsplit("#", 1)[-1].lower()
            title_zh = _lex(r["title_zh"])
            sentence = (_lex(r["sentence"]) or "").split(". ")[0]
            items.setdefault(
                (doc, ""),
                {
                    "kind": _policy_kind(kind, _lex(r["title"]), title_zh),
                    "iri": doc,
                    "title": (title_zh if lang == "zh" and title_zh else None)
                    or _lex(r["title"])
                    or title_zh
                    or doc,
                    "year": py(r["year"]),
                    "sentence": sentence,
                    "source": _source_of(py(r["g"]), sources),
                    "by": _lex(r["venue"]),
                    "by_iri": None,
                },
            )
        for r in store.select(load("briefing/env_mentions"), _p(tech=tech)):
            doc = py(r["doc"])
            sentence = _lex(r["sentence"]) or ""
            key = (doc, sentence)
            if key in items:
                items[key]["mentions"].append(py(r["m"]))
                continue
            items[key] = {
                "kind": _policy_kind("report", _lex(r["title"]), None),
                "iri": doc,
                "title": _lex(r["title"]) or doc,
                "year": py(r["year"]),
                "sentence": sentence,
                "source": _source_of(py(r["g"]), sources),
                "by": None,
                "by_iri": None,
                "mentions": [py(r["m"])],
            }
    rows = sorted(
        items.values(),
        key=lambda d: (-(d["year"] if isinstance(d["year"], int) else 0), d["kind"], d["iri"]),
    )
    counts: dict[str, int] = defaultdict(int)
    for d in rows:
        counts[d["kind"]] += 1
    sid = tr.add(
        "environment: demands, policies, standards and report sentences",
        zh="环境：需求、政策、标准与报告句子",
        query="briefing/env_demands, briefing/env_documents, briefing/env_mentions",
        params={"tech": " ".join(_iri(t) for t in techs)},
        iris=[d["iri"] for d in rows] + [m for d in rows for m in d.get("mentions", [])],
    )
    return {
        "items": rows[:ENVIRONMENT_SHOWN],
        "total": len(rows),
        "counts": dict(counts),
        "src": sid,
    }


POLICY_WORDS = (
    "policy",
    "policies",
    "plan",
    "regulation",
    "guideline",
    "政策",
    "规划",
    "条例",
    "办法",
)


def _policy_kind(kind: str, title: str | None, title_zh: str | None) -> str:
    text = f"{title or ''} {title_zh or ''}".casefold()
    if kind in ("report", "standard") and any(w in text for w in POLICY_WORDS):
        return "policy"
    return kind


def technology(store: Store, subject: dict[str, Any], tr: Tracer) -> dict[str, Any]:
    if subject["kind"] == "technology":
        tech = subject["iri"]
        view = technology_chain(store, tech)
        yearly: dict[int, dict[str, int]] = {}
        for r in store.select(load("chains/tech_yearly"), _p(tech=tech)):
            try:
                y = int(py(r["year"]))
            except (TypeError, ValueError):
                continue
            row = yearly.setdefault(y, {"works": 0, "patents": 0})
            row["works"] += int(py(r["n"]) or 0)
            row["patents"] += int(py(r["patents"]) or 0)
        cmd = f"ikg chain technology {subject['id']} --json"
        view["src"] = tr.add(
            "technology chain (depends on / enables) and maturity",
            zh="技术链（依赖 / 支撑）与成熟度",
            query="chains/tech_edges, chains/tech_yearly, chains/tech_info, chains/tech_industries",
            params={"tech": _iri(tech)},
            command=cmd,
            iris=[tech] + [n["iri"] for n in view["nodes"]],
        )
        view["yearly"] = {y: yearly[y] for y in sorted(yearly)}
        view["yearly_src"] = tr.add(
            "papers and patents per year",
            zh="每年论文与专利数",
            query="chains/tech_yearly",
            params={"tech": _iri(tech)},
            command=cmd,
            iris=[tech],
        )
        return view
    # a chain: the maturity of each technology it uses, as `ikg chain industry` gives it
    data = industry_chain(store, subject["iri"], with_maturity=True)
    seen: dict[str, dict[str, Any]] = {}
    for seg in data["segments"]:
        for node in [seg, *seg["items"]]:
            for t in node["technologies"]:
                seen.setdefault(t["iri"], dict(t))
    techs = sorted(seen.values(), key=lambda t: t["label"].casefold())
    src = tr.add(
        "technologies of the chain with life-cycle stage, TRL and works",
        zh="产业链所用技术：生命周期阶段、技术成熟度等级（TRL）与成果数",
        query="chains/technologies, chains/tech_yearly, chains/tech_info",
        params={"chain": _iri(subject["iri"])},
        command=f"ikg chain industry {subject['id'] or subject['iri']} --json",
        iris=[t["iri"] for t in techs],
    )
    return {"technologies": techs, "src": src}


def industry(store: Store, subject: dict[str, Any], home: str, tr: Tracer) -> dict[str, Any]:
    if subject["kind"] == "chain":
        targets = {subject["iri"]: None}  # None: every segment
    else:
        targets = defaultdict(set)
        for r in store.select(load("briefing/tech_chains"), _p(tech=subject["iri"])):
            targets[py(r["chain"])].add(py(r["node"]))
    chains = []
    for chain_iri, nodes in targets.items():
        data, wl = chain_views(store, chain_iri, home=home, with_maturity=False)
        cid = data["chain"]["id"] or chain_iri
        segs = []
        for seg in data["segments"]:
            members = [it for it in seg["items"] if nodes is None or it["iri"] in nodes]
            if nodes is not None and seg["iri"] not in nodes and not members:
                continue
            segs.append({**seg, "items": members if nodes is not None else seg["items"]})
        keep = {s["iri"] for s in segs} | {it["iri"] for s in segs for it in s["items"]}
        rows = [r for r in wl["rows"] if r["iri"] in keep]
        prov_src = tr.add(
            f"providers of {data['chain']['label']}",
            zh=f"{data['chain'].get('label_zh') or data['chain']['label']}的供应方",
            query="chains/segments, chains/items, chains/shares",
            params={"chain": _iri(chain_iri)},
            command=f"ikg chain industry {cid} --json",
            iris=sorted(keep) + [p["iri"] for n in segs for p in n["providers"]],
        )
        for r in rows:
            r["src"] = tr.add(
                f"weak link {r['label']}",
                zh=f"薄弱环节：{find_node(data, r['iri']).get('label_zh') or r['label']}",
                query="chains/shares, chains/tech_domestic",
                params={"chain": _iri(chain_iri), "home": home},
                command=f"ikg chain weak-links {cid} --home {home} --limit 0 --json",
                iris=[r["iri"]],
            )
        chains.append(
            {"chain": data["chain"], "segments": segs, "weak_links": rows, "src": prov_src}
        )
    return {"chains": chains, "home": home}


def experts(
    store: Store, subject: dict[str, Any], tr: Tracer, lang: str, limit: int
) -> dict[str, Any]:

    def label_of(tech: str) -> str:
        if tech == subject["iri"]:
            en, zh = subject["label"], subject.get("label_zh")
        else:
            en, zh = tech_label(store, tech)
        return (zh if lang == "zh" and zh else None) or en

    groups = []
    per = limit if subject["kind"] == "technology" else max(1, min(3, limit))
    for tech in subject["technologies"]:
        query = label_of(tech)
        try:
            data = search(store, query, limit=per)
        except KGError as e:
            groups.append({"technology": tech, "query": query, "results": [], "error": str(e)})
            continue
        for r in data["results"]:
            r["src"] = tr.add(
                f"expert {r['name']} for {query}",
                zh=f"专家 {r.get('name_zh') or r['name']}（查询：{query}）",
                query="experts/* (kg.experts.rank.search)",
                params={"query": query, "limit": str(per)},
                command=f'ikg experts "{query}" --limit {per} --json',
                iris=[r["iri"]] + [e["iri"] for e in r["evidence"]],
            )
        groups.append({"technology": tech, "query": query, "results": data["results"]})
    return {"groups": groups}


# --- the briefing -------------------------------------------------------------------------


def build(
    store: Store,
    name: str,
    *,
    lang: str = "en",
    home: str = "CHN",
    experts_limit: int = EXPERTS_SHOWN,
    competitors_limit: int = COMPETITORS_SHOWN,
) -> dict[str, Any]:
    """The briefing data of a technology sub-field or an industry chain (see module doc)."""
    lang = "zh" if lang == "zh" else "en"
    home = (home or "CHN").strip().upper()
    subject = resolve_subject(store, name)
    tr = Tracer(lang)
    techs = subject["technologies"]
    sections: dict[str, Any] = {
        "environment": environment(store, techs, tr, lang),
        "technology": technology(store, subject, tr),
        "competitors": competitors(store, techs, home, tr, lang, competitors_limit),
        "industry": industry(store, subject, home, tr),
        "experts": experts(store, subject, tr, lang, experts_limit),
    }
    return {
        "subject": {k: v for k, v in subject.items() if k != "technologies"},
        "technologies": techs,
        "lang": lang,
        "home": home,
        "generated": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "store_version": store.current_version(),
        "sections": sections,
        "missing": missing(sections),
        "trace": tr.items,
    }


def missing(sections: dict[str, Any]) -> list[str]:
    """Section keys with no data (the report says so instead of failing)."""
    out = []
    if not sections["environment"]["items"]:
        out.append("environment")
    t = sections["technology"]
    if "technologies" in t:
        if not t["technologies"]:
            out.append("technology")
    elif not (t["maturity"]["works"] or t["edges"] or t["maturity"].get("trl")):
        out.append("technology")
    c = sections["competitors"]
    if not c["total"]:
        out.append("competitors")
    if not sections["industry"]["chains"]:
        out.append("industry")
    if not any(g["results"] for g in sections["experts"]["groups"]):
        out.append("experts")
    return out


def chain_names(store: Store) -> list[dict[str, Any]]:
    """Chains for pickers (the app): iri, id, label, label_zh."""
    return [vars(c) for c in list_chains(store)]
