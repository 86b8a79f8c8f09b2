"""Expert finding: ranked experts with evidence (``ikg experts QUERY``).

Model (every number lives in ``RankSettings``; documented in the README, "Expert finding"):

    keywords (a short query):
    relevance(work)   = (1 − keyword_dense_weight) × lexical + keyword_dense_weight × dense
      lexical         = BM25(query terms) + expand_weight × BM25(narrower-concept label terms),
                        divided by the best work's value (so in [0, 1]),
                        + subject_bonus when the work's dcterms:subject is a technology the query
                          names (narrower_subject_bonus when it is a narrower one)
    evidence(e, work) = relevance × contribution(e, work) × recency(year) × type_weight(type)
    score(e)          = Σ of e's top_k evidence / top_k  +  breadth_weight × ln(1 + #evidence)
                        + expertise_weight when e declares (ikg:hasExpertise) a named technology
    text (an abstract, a demand, any longer query; ``kg.experts.hybrid``):
    relevance(work)   = dense_weight × z(dense cosine) + (1 − dense_weight) × z(TF-IDF cosine),
                        z = standard deviations from the mean over the index's works; dense is
                        all-MiniLM-L6-v2 where request and work are English, else
                        multilingual-e5-small (``kg.experts.semantic``)
    evidence(e, work) = relevance + ln(contribution × recency × type_weight)
    score(e)          = mean of e's best text_top_k evidence (all of it when fewer)
                        + expertise_weight when e declares (ikg:hasExpertise) a named technology

Contribution: first author 1.0, last 0.8, middle 0.6 (single author 1.0); first inventor 1.0,
other inventors 0.8; principal investigator 1.0, project member 0.5; creator without a role 0.7;
a person mentioned in a report 0.5. Recency: 0.5 ** (age / half_life_years).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from kg.errors import InputError
from kg.experts import hybrid
from kg.experts.contrib import ROLE_CLASSES, Contrib
from kg.experts.filters import Filters, Resolved, resolve
from kg.experts.index import ExpertIndex, get_index
from kg.experts.query import Query, check_query, narrower_tokens, parse_query
from kg.experts.topk import group_rows, top_k_sums
from kg.experts.weights import RankSettings, contribution_weight, recency, type_weight_array
from kg.store.base import Store
from kg.textindex import STOP, tokenize


@dataclass
class Evidence:
    work: int
    score: float
    contrib: Contrib
    weight: float
    matched: list[str]


@dataclass
class Ranked:
    expert: int
    score: float
    evidence: list[Evidence]  # best first (the top few; n_evidence counts them all)
    expertise: list[str]  # declared expertise technologies that matched
    n_evidence: int = -1

    @property
    def evidence_count(self) -> int:
        return len(self.evidence) if self.n_evidence < 0 else self.n_evidence


def relevance(ix: ExpertIndex, q: Query, s: RankSettings) -> np.ndarray:
    """Per work: the hybrid relevance of the module doc (keyword or whole-text mode)."""
    quantile = s.text_floor_quantile if q.mode == "text" else s.keyword_floor_quantile
    cos, dense = hybrid.dense_scores(ix, q.vector, quantile, q.vector_en, s.english_share)
    q.work_cos = cos
    n = len(ix.work_iris)
    q.work_lex = ix.text.cosine(q.lex_weights) if ix.text is not None else np.zeros(n)
    if q.mode == "text":
        return s.dense_weight * dense + (1 - s.dense_weight) * q.work_lex
    lexical = keyword_relevance(ix, q, s)
    return (1 - s.keyword_dense_weight) * lexical + s.keyword_dense_weight * dense


def text_relevance(ix: ExpertIndex, q: Query, s: RankSettings) -> np.ndarray:
    """Per work, for a whole-text request: dense_weight × dense + the rest × TF-IDF cosine, each
    in standard deviations over the index's works (``hybrid.standardize``), so that a person's
    scores for two requests are comparable whatever the request's length and vocabulary."""
    cos, dense = hybrid.dense_z(ix, q.vector, q.vector_en, s.english_share)
    n = len(ix.work_iris)
    q.work_cos = cos
    q.work_lex = ix.text.cosine(q.lex_weights) if ix.text is not None else np.zeros(n)
    return s.dense_weight * dense + (1 - s.dense_weight) * hybrid.standardize(q.work_lex)


def work_relevance(ix: ExpertIndex, q: Query, s: RankSettings) -> np.ndarray:
    """Per work, the relevance ``ikg experts`` ranks by: ``text_relevance`` for a whole-text
    request (standard deviations above the store's typical work), else ``relevance``
    (keywords, in [0, 1] plus bonuses). Watch lists match works with it."""
    return text_relevance(ix, q, s) if q.mode == "text" else relevance(ix, q, s)


def keyword_relevance(ix: ExpertIndex, q: Query, s: RankSettings) -> np.ndarray:
    """Per work: (normalised BM25 + subject bonus) × coverage ** coord_power (module doc)."""
    n = len(ix.work_iris)
    if not n or ix.text is None:
        return np.zeros(n)
    raw = np.zeros(n)
    hit: dict[str, np.ndarray] = {}
    for t in q.main:
        sc = ix.text.term_scores(t)
        if sc is not None:
            raw += sc
            hit[t] = sc > 0
    exp_hit: dict[str, np.ndarray] = {}
    for tech, toks in q.tech_expansion.items():
        # only the works that have a term, summed in one pass (hundreds for a top concept)
        cols = [c for c in map(ix.text.term_column, sorted(toks)) if c is not None]
        mask = np.zeros(n, dtype=bool)
        if cols:
            rows = np.concatenate([c[0] for c in cols])
            raw += s.expand_weight * np.bincount(
                rows, weights=np.concatenate([c[1] for c in cols]), minlength=n
            )
            mask[rows] = True
        exp_hit[tech] = mask
    top = raw.max() if raw.size else 0.0
    rel = raw / top if top > 0 else raw
    covered = np.zeros((len(q.main), n), dtype=bool)
    for k, t in enumerate(q.main):
        if t in hit:
            covered[k] |= hit[t]
    if q.scope:
        tw = ix.tech_works
        empty = np.zeros(0, dtype=np.int64)

        def works_of(techs: set[str]) -> np.ndarray:  # positions to set (repeats are harmless)
            parts = [tw[t] for t in techs if t in tw]
            return np.concatenate(parts) if parts else empty

        bonus = np.zeros(n)
        bonus[works_of(q.scope)] = s.narrower_subject_bonus
        bonus[works_of(set(q.techs))] = s.subject_bonus
        rel = rel + bonus
        for t in q.techs:  # a work about a named technology covers the words of its label
            mask = exp_hit.get(t, np.zeros(n, dtype=bool)).copy()
            mask[works_of(ix.taxonomy.closure([t]))] = True
            for k, tok in enumerate(q.main):
                if tok in q.tech_tokens.get(t, ()):
                    covered[k] |= mask
    if q.main:
        coverage = covered.sum(axis=0) / len(q.main)
        rel = rel * coverage**s.coord_power
    return rel


def rank(
    ix: ExpertIndex,
    q: Query,
    s: RankSettings,
    res: Resolved | None = None,
    limit: int = 0,
) -> list[Ranked]:
    """Every expert with evidence for ``q`` (after filters), best first; vectorised over the
    flattened contributions. Evidence objects are built for the first ``limit`` (0: all)."""
    text = q.mode == "text"
    sc, keep, class_w = contribution_scores(ix, q, s, res)
    n_exp = len(ix.expert_iris)
    rows, starts, group_expert = rows_by_expert(ix)
    k = s.text_top_k if text else s.top_k
    group_sums, group_counts = top_k_sums(np.where(keep, sc, -np.inf)[rows], starts, k)
    sums = np.zeros(n_exp)
    counts = np.zeros(n_exp, dtype=np.int64)
    sums[group_expert], counts[group_expert] = group_sums, group_counts
    if text:  # the mean of the person's best k works (or of all, when fewer)
        score = sums / np.maximum(np.minimum(counts, k), 1)
    else:
        score = sums / max(k, 1) + s.breadth_weight * np.log1p(counts)
    scope = sorted(q.scope)
    tech_pos, declared = expertise_pairs(ix, scope)  # declared expertise in the query's scope
    if res is not None and res.allowed is not None:
        ok = np.isin(declared, np.fromiter(res.allowed, dtype=np.int64, count=len(res.allowed)))
        tech_pos, declared = tech_pos[ok], declared[ok]
    experts_declaring = np.unique(declared)
    score[experts_declaring] += s.expertise_weight
    is_cand = counts > 0
    is_cand[experts_declaring] = True
    cands = np.flatnonzero(is_cand)
    ordered = cands[np.lexsort((cands, -np.round(score[cands], 9)))].tolist()  # ties: by IRI
    if limit:
        ordered = ordered[:limit]
    evidence = _evidence(ix, sc, keep, class_w, ordered, max(s.max_evidence, k))
    listed = np.zeros(n_exp, dtype=bool)
    listed[ordered] = True
    expertise: dict[int, list[str]] = {}
    sel = listed[declared]
    for i, e in zip(tech_pos[sel].tolist(), declared[sel].tolist(), strict=True):
        expertise.setdefault(e, []).append(scope[i])
    return [
        Ranked(e, float(score[e]), evidence.get(e, []), sorted(expertise.get(e, [])), int(c))
        for e, c in zip(ordered, counts[ordered].tolist(), strict=True)
    ]


def rows_by_expert(ix: ExpertIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The flattened contributions grouped by person (``kg.experts.topk.group_rows``): (rows,
    start of each person's rows, that person), made once per index."""
    if ix.expert_rows is None or len(ix.expert_rows[0]) != len(ix.cf_expert):
        ix.expert_rows = group_rows(ix.cf_expert)
    return ix.expert_rows


def expertise_pairs(ix: ExpertIndex, techs: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(position in ``techs``, expert) of every declared expertise (ikg:hasExpertise) in
    ``techs``, as arrays: a top concept's scope holds hundreds of technologies."""
    arrays = ix.tech_expert_arrays
    if arrays is None:
        arrays = {t: np.array(v, dtype=np.int64) for t, v in ix.tech_experts.items()}
        ix.tech_expert_arrays = arrays
    parts = [(i, arrays[t]) for i, t in enumerate(techs) if t in arrays]
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    pos = np.repeat([i for i, _ in parts], [len(a) for _, a in parts])
    return pos.astype(np.int64), np.concatenate([a for _, a in parts])


def contribution_scores(
    ix: ExpertIndex, q: Query, s: RankSettings, res: Resolved | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per flattened contribution: (its evidence score, whether it is evidence after the
    filters), and the role-class weights (module doc)."""
    text = q.mode == "text"
    rel = work_relevance(ix, q, s)
    weights = recency(ix, s, q.mode) * type_weight_array(ix, s)
    ok = np.ones(len(rel), dtype=bool)
    if res is not None and (res.year_from is not None or res.year_to is not None):
        yrs = ix.work_year
        ok = yrs > 0
        if res.year_from is not None:
            ok &= yrs >= res.year_from
        if res.year_to is not None:
            ok &= yrs <= res.year_to
    if not text:
        rel = np.where(ok & (rel >= s.min_relevance), rel, 0.0)
        nz = np.count_nonzero(rel)
        if nz > s.max_works:
            cut = np.partition(rel, -s.max_works)[-s.max_works]
            rel = np.where(rel >= cut, rel, 0.0)
    class_w = np.array([getattr(s, c) for c in ROLE_CLASSES], dtype=np.float64)
    if text:  # standardized relevance: the weights shift it (a product in exp space)
        with np.errstate(divide="ignore"):  # a weight of 0 gives -inf: not evidence
            sc = rel[ix.cf_work] + np.log(weights[ix.cf_work] * class_w[ix.cf_class])
        keep = ok[ix.cf_work] & np.isfinite(sc)
    else:
        sc = rel[ix.cf_work] * weights[ix.cf_work] * class_w[ix.cf_class]
        keep = sc > 0
    if res is not None and res.allowed is not None:
        allowed_mask = np.zeros(len(ix.expert_iris), dtype=bool)
        allowed_mask[list(res.allowed)] = True
        keep &= allowed_mask[ix.cf_expert]
    return sc, keep, class_w


def _evidence(
    ix: ExpertIndex,
    sc: np.ndarray,
    keep: np.ndarray,
    class_w: np.ndarray,
    experts: list[int],
    keep_n: int,
) -> dict[int, list[Evidence]]:
    """The best ``keep_n`` evidence of each of ``experts``, best first (ties: by work)."""
    listed = np.zeros(len(ix.expert_iris), dtype=bool)
    listed[experts] = True
    idx = np.flatnonzero(keep & listed[ix.cf_expert])
    ce, scv = ix.cf_expert[idx], sc[idx]
    order = np.lexsort((-scv, ce))
    idx, ce, scv = idx[order], ce[order], scv[order]
    starts = np.flatnonzero(np.r_[True, ce[1:] != ce[:-1]]) if ce.size else np.zeros(0, int)
    rank_in = np.arange(ce.size) - np.repeat(starts, np.diff(np.r_[starts, ce.size]))
    top = rank_in < keep_n
    idx, ce, scv = idx[top], ce[top], scv[top]
    out: dict[int, list[Evidence]] = {}
    for row, e, v in zip(idx.tolist(), ce.tolist(), scv.tolist(), strict=True):
        w = int(ix.cf_work[row])
        c = ix.work_contribs[w][int(ix.cf_slot[row])]
        out.setdefault(e, []).append(Evidence(w, v, c, float(class_w[ix.cf_class[row]]), []))
    return out


def matched_terms(ix: ExpertIndex, q: Query, w: int) -> list[str]:
    # the work's terms from the lexical index (no re-tokenising, no jieba at query time)
    toks = ix.text.doc_terms(w) if ix.text is not None else set(tokenize(ix.work_text[w]))
    found = [q.display[t] for t in q.terms if t in toks]
    for t in ix.work_subjects[w]:
        if t in q.scope:
            found.append(f"subject: {ix.taxonomy.label(t, q.lang)}")
    return list(dict.fromkeys(found))


def institutions_json(ix: ExpertIndex, e: int, lang: str = "en") -> list[dict[str, Any]]:
    out = []
    for iri in ix.expert_insts[e]:
        info = ix.inst.get(iri, {})
        out.append(
            {
                "iri": iri,
                "name": ix.inst_name(iri, lang),
                "type": sorted(info.get("types", {"institution"}))[0],
            }
        )
    return out


def evidence_json(ix: ExpertIndex, q: Query | None, ev: Evidence, s: RankSettings) -> dict:
    w = ev.work
    _, desc = contribution_weight(ev.contrib, s)
    year = int(ix.work_year[w]) or None
    item: dict[str, Any] = {
        "iri": ix.work_iris[w],
        "title": ix.work_display_title(w, q.lang if q else "en"),
        "type": ix.work_type[w],
        "year": year,
        "contribution": desc,
        "score": round(
            ev.score / (1 if q is not None and q.mode == "text" else max(s.top_k, 1)), 6
        ),
        "role": ev.contrib.role,
        "matched": matched_terms(ix, q, w) if q else [],
    }
    if q is not None and q.work_cos is not None and w < len(q.work_cos):
        item["similarity"] = round(float(q.work_cos[w]), 4)
    if q is not None and q.work_lex is not None and w < len(q.work_lex):
        item["lexical"] = round(float(q.work_lex[w]), 4)
    if ev.contrib.sentence:
        item["sentence"] = ev.contrib.sentence
    return item


def result_json(ix: ExpertIndex, r: Ranked, q: Query | None, s: RankSettings) -> dict:
    e = r.expert
    lang = q.lang if q else "en"
    evidence = [evidence_json(ix, q, ev, s) for ev in r.evidence[: s.max_evidence]]
    for t in r.expertise:
        evidence.append(
            {
                "iri": t,
                "title": ix.taxonomy.label(t, lang),
                "type": "expertise",
                "year": None,
                "contribution": "declared expertise (ikg:hasExpertise)",
                "score": s.expertise_weight,
                "role": "expertise",
                "matched": [ix.taxonomy.label(t, lang)],
            }
        )
    out: dict[str, Any] = {
        "iri": ix.expert_iris[e],
        "name": ix.expert_name(e, "en"),
        "score": round(r.score, 6),
        "institutions": institutions_json(ix, e, lang),
        "evidence": evidence,
    }
    zh = ix.expert_names[e].get("zh")
    if zh and zh != out["name"]:
        out["name_zh"] = zh
    out["evidence_count"] = r.evidence_count
    return out


def search(
    store: Store,
    query: str,
    *,
    limit: int = 10,
    filters: Filters | None = None,
    settings: RankSettings | None = None,
    extra_techs: set[str] = frozenset(),
    index: ExpertIndex | None = None,
) -> dict[str, Any]:
    """``{"query", "results": [...]}``: the ``ikg experts --json`` contract."""
    s = settings or RankSettings()
    text = check_query(query, s)
    if limit < 0:
        raise InputError(f"--limit {limit}: give 0 or more (0 lists every candidate)")
    ix = index or get_index(store)
    res = resolve(store, ix, filters) if filters and filters.active() else None
    q = parse_query(ix, text, s, set(extra_techs))
    ranked = rank(ix, q, s, res, limit)
    if limit:
        ranked = ranked[:limit]
    return {
        "query": text,
        "query_used": q.used,
        "results": [result_json(ix, r, q, s) for r in ranked],
    }


def settings_json(s: RankSettings | None = None) -> dict[str, Any]:
    return asdict(s or RankSettings())


__all__ = [
    "Query",
    "narrower_tokens",
    "Filters",
    "RankSettings",
    "STOP",
    "check_query",
    "contribution_weight",
    "parse_query",
    "rank",
    "recency",
    "search",
    "type_weight_array",
]
