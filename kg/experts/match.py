"""Demand matching (``ikg match DEMAND | --text T``): technologies, experts and institutions.

A demand's text (titles @en/@zh, description, keywords) is the query; its dcterms:subject
technologies join the technologies the text names (label/altLabel match) for the taxonomy
expansion and the subject bonus. Technologies are ranked by

    score(t) = 1.0 [a subject of the demand] + 0.8 [named in its text]
             + 0.6 × (Σ relevance of the 50 most relevant works with subject t) / (best such sum)

experts exactly as ``ikg experts`` ranks them, and institutions like experts, over the works
they are affiliated with or assigned (type weight × recency × relevance; no role factor),
mean of the top-k plus the breadth term. The requesting institution and its experts are left
out unless ``include_requester``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from kg import queries, vocab
from kg.errors import InputError, NotFoundError
from kg.experts.filters import Filters, resolve, with_children
from kg.experts.index import ExpertIndex, get_index
from kg.experts.rank import (
    RankSettings,
    check_query,
    matched_terms,
    parse_query,
    rank,
    recency,
    relevance,
    result_json,
)
from kg.store.base import Store

TOP_WORKS_FOR_TECH = 50


def load_demand(store: Store, ref: str) -> dict[str, Any]:
    """A demand by IRI or local id: text, subjects, requester."""
    rows = store.select(queries.load("experts/demands"))
    ref = ref.strip()
    iris = {r["d"].value for r in rows}
    hit = ref if ref in iris else None
    if hit is None:
        cands = [d for d in iris if d.rsplit("/", 1)[-1].lower() == ref.lower()]
        if len(cands) > 1:
            raise NotFoundError(f"demand id {ref!r} is ambiguous: {', '.join(sorted(cands))}")
        hit = cands[0] if cands else None
    if hit is None:
        raise NotFoundError(f"no demand {ref!r}; give a demand IRI or its demand_id")
    d: dict[str, Any] = {"iri": hit, "titles": [], "texts": [], "subjects": [], "requester": []}
    for r in rows:
        if r["d"].value != hit:
            continue
        p, v = r["prop"].value, r["value"]
        if p == vocab.TITLE.value:
            d["titles"].append(v.value)
            d["texts"].insert(0, v.value)
        elif p in (vocab.DESCRIPTION.value, vocab.KEYWORD.value):
            d["texts"].append(v.value)
        elif p == vocab.SUBJECT.value:
            d["subjects"].append(v.value)
        elif p == vocab.REQUESTER.value:
            d["requester"].append(v.value)
    return d


def _truncate(text: str, s: RankSettings) -> str:
    return text if len(text) <= s.max_query_chars else text[: s.max_query_chars]


def match(
    store: Store,
    demand: str | None = None,
    *,
    text: str | None = None,
    limit: int = 10,
    settings: RankSettings | None = None,
    include_requester: bool = False,
    index: ExpertIndex | None = None,
) -> dict[str, Any]:
    s = settings or RankSettings()
    ix = index or get_index(store)
    if (demand is None) == (text is None):
        raise InputError("give a demand (IRI or demand_id) or --text, not both")
    subjects: set[str] = set()
    requester: list[str] = []
    if demand is not None:
        d = load_demand(store, demand)
        qtext = _truncate(" ".join(d["texts"]), s)
        subjects = set(d["subjects"])
        requester = [ix.inst_aliases.get(r, r) for r in d["requester"]]
        head = {"iri": d["iri"], "title": d["titles"][0] if d["titles"] else "", "text": qtext}
        check_query(qtext or " ".join(ix.taxonomy.label(t) for t in subjects), s)
    else:
        qtext = check_query(text or "", s)
        head = {"iri": None, "title": "", "text": qtext}
    if requester:
        head["requester"] = requester
    q = parse_query(ix, qtext, s, subjects)
    named = ix.taxonomy.match(qtext)
    res = None
    excluded: set[str] = set()
    if requester and not include_requester:
        excluded = with_children(ix, {r for r in requester if r in ix.inst})
        if excluded:
            res = resolve(store, ix, Filters(exclude_institutions=sorted(excluded)))
    ranked = rank(ix, q, s, res)
    experts = [result_json(ix, r, q, s) for r in (ranked[:limit] if limit else ranked)]

    rel = relevance(ix, q, s)
    techs: dict[str, float] = {}
    for t in subjects:
        techs[t] = techs.get(t, 0) + 1.0
    for t in named:
        techs[t] = techs.get(t, 0) + 0.8
    top = np.argsort(-rel)[:TOP_WORKS_FOR_TECH]
    via: dict[str, float] = {}
    for w in top.tolist():
        if rel[w] <= 0:
            break
        for t in ix.work_subjects[w]:
            via[t] = via.get(t, 0.0) + float(rel[w])
    best = max(via.values(), default=0.0)
    for t, v in via.items():
        techs[t] = techs.get(t, 0) + 0.6 * v / best
    tech_rows = [
        {"iri": t, "label": ix.taxonomy.label(t, q.lang), "score": round(v, 6)}
        for t, v in sorted(techs.items(), key=lambda kv: (-kv[1], kv[0]))
    ]

    institutions = _institutions(ix, q, rel, s, excluded)
    if limit:
        tech_rows, institutions = tech_rows[:limit], institutions[:limit]
    return {
        "demand": head,
        "technologies": tech_rows,
        "experts": experts,
        "institutions": institutions,
    }


def _institutions(
    ix: ExpertIndex, q: Any, rel: np.ndarray, s: RankSettings, excluded: set[str]
) -> list[dict[str, Any]]:
    weights = recency(ix, s) * np.array([s.type_weights.get(t, 1.0) for t in ix.work_type])
    per: dict[str, list[tuple[float, int, str]]] = {}
    for w in np.nonzero(rel >= s.min_relevance)[0].tolist():
        sc = float(rel[w] * weights[w])
        insts = {i: "affiliated institution" for i in ix.work_insts[w]}
        if ix.work_type[w] == "patent":
            insts = {i: "assignee" for i in ix.work_insts[w]}
        for c in ix.work_contribs[w]:
            for i in ix.expert_insts[c.expert]:
                insts.setdefault(i, f"via {ix.expert_name(c.expert)}")
        for i, how in insts.items():
            if i not in excluded:
                per.setdefault(i, []).append((sc, w, how))
    rows = []
    for i, ev in per.items():
        ev.sort(key=lambda x: -x[0])
        score = sum(x[0] for x in ev[: s.top_k]) / s.top_k + s.breadth_weight * math.log1p(len(ev))
        rows.append(
            {
                "iri": i,
                "name": ix.inst_name(i, q.lang),
                "score": round(score, 6),
                "type": sorted(ix.inst.get(i, {}).get("types", {"institution"}))[0],
                "evidence": [
                    {
                        "iri": ix.work_iris[w],
                        "title": ix.work_display_title(w, q.lang),
                        "type": ix.work_type[w],
                        "year": int(ix.work_year[w]) or None,
                        "contribution": how,
                        "score": round(sc / s.top_k, 6),
                        "matched": matched_terms(ix, q, w),
                    }
                    for sc, w, how in ev[: s.max_evidence]
                ],
            }
        )
    rows.sort(key=lambda r: (-r["score"], r["name"]))
    return rows
