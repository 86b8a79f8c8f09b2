"""Similar experts (expertise-profile cosine) and the collaboration network of an expert."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

import numpy as np

from kg.errors import NotFoundError
from kg.experts.filters import _norm
from kg.experts.index import ExpertIndex
from kg.experts.rank import RankSettings, contribution_weight, institutions_json
from kg.textindex import tokenize

if TYPE_CHECKING:
    from scipy import sparse


def resolve_expert(ix: ExpertIndex, ref: str) -> int:
    """An expert position from an IRI, a local id (last IRI segment) or a name (en/zh)."""
    ref = ref.strip()
    pos = ix.expert_pos(ref)
    if pos is not None:
        return pos
    key = _norm(ref)
    hits = [i for i, iri in enumerate(ix.expert_iris) if iri.rsplit("/", 1)[-1].lower() == key]
    hits += [
        p
        for a, c in ix.aliases.items()
        if a.rsplit("/", 1)[-1].lower() == key
        and (p := ix.expert_pos(c)) is not None
        and p not in hits
    ]
    if not hits:
        hits = [
            i for i, names in enumerate(ix.expert_all_names) if key in {_norm(n) for n in names}
        ]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        opts = "; ".join(f"{ix.expert_name(i)} <{ix.expert_iris[i]}>" for i in hits[:5])
        raise NotFoundError(f"{ref!r} names {len(hits)} experts ({opts}); give the IRI")
    raise NotFoundError(f"no expert {ref!r}; give an expert IRI, id or name as stored")


def _profiles(ix: ExpertIndex, s: RankSettings) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Row-normalised technology and TF-IDF text profiles of every expert."""
    cached = ix.profiles_cache
    if cached is not None:
        return cached
    from scipy import sparse  # here: its import costs every `ikg` start ~0.2 s

    tech_ids: dict[str, int] = {}
    rows, cols, vals = [], [], []
    tx = ix.taxonomy

    def add(e: int, tech: str, w: float) -> None:
        # a technology also counts, halved per level, for its broader concepts
        level, frontier, seen = 0, [tech], set()
        while frontier and level < 4:
            nxt = []
            for t in frontier:
                if t in seen:
                    continue
                seen.add(t)
                rows.append(e)
                cols.append(tech_ids.setdefault(t, len(tech_ids)))
                vals.append(w * 0.5**level)
                nxt.extend(tx.broader.get(t, ()))
            frontier, level = nxt, level + 1

    trows, tcols, tvals = [], [], []
    vocab_ids: dict[str, int] = {}
    for e, works in enumerate(ix.expert_works):
        for t in ix.expert_expertise[e]:
            add(e, t, 1.0)
        counts: Counter[str] = Counter()
        for w in works:
            c = next(c for c in ix.work_contribs[w] if c.expert == e)
            cw, _ = contribution_weight(c, s)
            for t in ix.work_subjects[w]:
                add(e, t, cw)
            counts.update(tokenize(ix.work_text[w]))
        for tok, n in counts.items():
            trows.append(e)
            tcols.append(vocab_ids.setdefault(tok, len(vocab_ids)))
            tvals.append(1.0 + math.log(n))
    n = len(ix.expert_iris)
    tech = sparse.csr_matrix((vals, (rows, cols)), shape=(n, max(len(tech_ids), 1)))
    text = sparse.csr_matrix((tvals, (trows, tcols)), shape=(n, max(len(vocab_ids), 1)))
    df = np.bincount(text.indices, minlength=text.shape[1]).astype(np.float64)
    idf = np.log((1 + n) / (1 + df)) + 1.0
    text = text @ sparse.diags(idf)
    out = (_normalise(tech), _normalise(text))
    ix.profiles_cache = out
    return out


def _normalise(m: sparse.csr_matrix) -> sparse.csr_matrix:
    from scipy import sparse

    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)


def similar(
    ix: ExpertIndex,
    ref: str,
    *,
    limit: int = 10,
    tech_weight: float = 0.5,
    settings: RankSettings | None = None,
) -> dict[str, Any]:
    """Experts whose profile is closest: tech_weight × tech cosine + (1-tech_weight) × text."""
    s = settings or RankSettings()
    e = resolve_expert(ix, ref)
    tech, text = _profiles(ix, s)
    sim_t = (tech @ tech[e].T).toarray().ravel()
    sim_x = (text @ text[e].T).toarray().ravel()
    sim = tech_weight * sim_t + (1 - tech_weight) * sim_x
    sim[e] = -1
    order = [int(i) for i in np.argsort(-sim) if sim[i] > 0]
    if limit:
        order = order[:limit]
    return {
        "expert": {"iri": ix.expert_iris[e], "name": ix.expert_name(e)},
        "results": [
            {
                "iri": ix.expert_iris[i],
                "name": ix.expert_name(i),
                "score": round(float(sim[i]), 6),
                "technology_similarity": round(float(sim_t[i]), 6),
                "text_similarity": round(float(sim_x[i]), 6),
                "institutions": institutions_json(ix, i),
                "shared_technologies": sorted(
                    {ix.taxonomy.label(t) for t in _techs(ix, e) & _techs(ix, i)}
                ),
            }
            for i in order
        ],
    }


def _techs(ix: ExpertIndex, e: int) -> set[str]:
    out = set(ix.expert_expertise[e])
    for w in ix.expert_works[e]:
        out.update(ix.work_subjects[w])
    return out


KIND_OF = {
    "paper": "coauthored",
    "patent": "coinvented",
    "project": "projects",
    "report": "reports",
}


def network(ix: ExpertIndex, ref: str, *, limit: int = 0) -> dict[str, Any]:
    """Co-authors, co-inventors and shared projects (and reports) with counts."""
    e = resolve_expert(ix, ref)
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    shared: dict[int, list[str]] = defaultdict(list)
    for w in ix.expert_works[e]:
        kind = KIND_OF.get(ix.work_type[w], "other")
        for c in ix.work_contribs[w]:
            if c.expert != e:
                counts[c.expert][kind] += 1
                shared[c.expert].append(ix.work_iris[w])
    own_types = {t for i in ix.expert_insts[e] for t in ix.inst.get(i, {}).get("types", ())}
    rows = []
    for o, cnt in counts.items():
        insts = institutions_json(ix, o)
        other_types = {i["type"] for i in insts}
        rows.append(
            {
                "iri": ix.expert_iris[o],
                "name": ix.expert_name(o),
                "institutions": insts,
                "works": len(set(shared[o])),
                **{k: cnt.get(k, 0) for k in ("coauthored", "coinvented", "projects", "reports")},
                "same_institution": bool(set(ix.expert_insts[e]) & set(ix.expert_insts[o])),
                "cross_sector": bool(own_types and other_types and not own_types & other_types),
                "shared_works": sorted(set(shared[o])),
            }
        )
    rows.sort(key=lambda r: (-r["works"], r["name"]))
    if limit:
        rows = rows[:limit]
    return {
        "expert": {
            "iri": ix.expert_iris[e],
            "name": ix.expert_name(e),
            "institutions": institutions_json(ix, e),
        },
        "collaborators": rows,
    }
