"""Evaluation of expert finding against a graded gold file, with a TF-IDF baseline.

Gold file (JSON; format in the README)::

    {"description": "...",
     "queries": [{"id": "q01", "query": "cellulosic ethanol pretreatment", "lang": "en",
                  "filters": {"exclude_institutions": ["..."]},        # optional
                  "relevant": {"exp-032": 3, "https://w3id.org/ikg/id/expert/x/y": 2, "exp-9": 0}}]}

Grades 0-3 (3 = a leading expert on exactly this, 2 = substantial evidence, 1 = marginal,
0 = judged not relevant). Experts are given by IRI or by local id (the last IRI segment).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from kg.errors import InputError
from kg.experts.filters import Filters, resolve
from kg.experts.index import ExpertIndex
from kg.experts.rank import RankSettings, check_query, parse_query, rank
from kg.store.base import Store
from kg.textindex import tokenize

RELEVANT_GRADE = 2  # P@5 counts grades >= this


def load_gold(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as e:
        raise InputError(f"cannot read gold file {path}: {e}") from None
    qs = data.get("queries") if isinstance(data, dict) else None
    if not isinstance(qs, list) or not qs:
        raise InputError(f'{path}: expected {{"queries": [...]}} with at least one query')
    for i, q in enumerate(qs):
        if not isinstance(q, dict) or not q.get("query") or not isinstance(q.get("relevant"), dict):
            raise InputError(
                f'{path}: query #{i + 1} needs "query" and "relevant" {{expert: grade}}'
            )
        for k, g in q["relevant"].items():
            if not isinstance(g, int) or not 0 <= g <= 3:
                raise InputError(f"{path}: query {q.get('id', i + 1)}: grade of {k} must be 0..3")
    return qs


def _gold_positions(ix: ExpertIndex, relevant: dict[str, int]) -> dict[int, int]:
    by_local = {iri.rsplit("/", 1)[-1]: i for i, iri in enumerate(ix.expert_iris)}
    for alias, c in ix.aliases.items():
        p = ix.expert_pos(c)
        if p is not None:
            by_local.setdefault(alias.rsplit("/", 1)[-1], p)
    out = {}
    for k, g in relevant.items():
        pos = ix.expert_pos(k)
        if pos is None:
            pos = by_local.get(k)
        if pos is not None:
            out[pos] = g
    return out


def ndcg_at(ranking: list[int], grades: dict[int, int], k: int = 10) -> float:
    dcg = sum((2 ** grades.get(e, 0) - 1) / math.log2(i + 2) for i, e in enumerate(ranking[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def precision_at(ranking: list[int], grades: dict[int, int], k: int = 5) -> float:
    return sum(1 for e in ranking[:k] if grades.get(e, 0) >= RELEVANT_GRADE) / k


def misranking(ranking: list[int], grades: dict[int, int]) -> float:
    """Fraction of judged pairs with different grades ordered wrongly (unranked = last; a tie
    between two unranked experts counts half)."""
    pos = {e: i for i, e in enumerate(ranking)}
    judged = list(grades)
    wrong = total = 0.0
    for a in range(len(judged)):
        for b in range(a + 1, len(judged)):
            x, y = judged[a], judged[b]
            if grades[x] == grades[y]:
                continue
            hi, lo = (x, y) if grades[x] > grades[y] else (y, x)
            total += 1
            ph, pl = pos.get(hi, math.inf), pos.get(lo, math.inf)
            if ph == pl:
                wrong += 0.5
            elif ph > pl:
                wrong += 1
    return wrong / total if total else 0.0


class TfidfBaseline:
    """Cosine between the query and each expert's concatenated work texts (TF-IDF, same
    tokeniser, no taxonomy, no roles, no recency)."""

    def __init__(self, ix: ExpertIndex) -> None:
        from scipy import sparse  # here: its import costs every `ikg` start ~0.2 s

        vocab: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for e, works in enumerate(ix.expert_works):
            counts: dict[str, int] = {}
            for w in works:
                for t in tokenize(ix.work_text[w]):
                    counts[t] = counts.get(t, 0) + 1
            for t, n in counts.items():
                rows.append(e)
                cols.append(vocab.setdefault(t, len(vocab)))
                vals.append(1.0 + math.log(n))
        n = len(ix.expert_iris)
        m = sparse.csr_matrix((vals, (rows, cols)), shape=(n, max(len(vocab), 1)))
        df = np.bincount(m.indices, minlength=m.shape[1]).astype(np.float64)
        self.idf = np.log((1 + n) / (1 + df)) + 1.0
        m = sparse.csr_matrix(m @ sparse.diags(self.idf))
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        self.m = sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)
        self.vocab = vocab

    def rank(self, query: str, allowed: set[int] | None = None) -> list[int]:
        q = np.zeros(self.m.shape[1])
        for t in tokenize(query):
            j = self.vocab.get(t)
            if j is not None:
                q[j] += self.idf[j]
        if not q.any():
            return []
        sims = self.m @ q
        order = [int(i) for i in np.argsort(-sims, kind="stable") if sims[i] > 0]
        return [i for i in order if allowed is None or i in allowed]


def evaluate(
    store: Store, ix: ExpertIndex, gold: list[dict[str, Any]], settings: RankSettings | None = None
) -> dict[str, Any]:
    s = settings or RankSettings()
    base = TfidfBaseline(ix)
    per_query = []
    sums = {"ikg": np.zeros(3), "tfidf": np.zeros(3)}
    for i, g in enumerate(gold):
        grades = _gold_positions(ix, g["relevant"])
        f = Filters(**g.get("filters", {})) if g.get("filters") else None
        res = resolve(store, ix, f) if f and f.active() else None
        text = check_query(g["query"], s)
        ours = [r.expert for r in rank(ix, parse_query(ix, text, s), s, res)]
        theirs = base.rank(text, res.allowed if res else None)
        row: dict[str, Any] = {
            "id": g.get("id", f"q{i + 1}"),
            "query": g["query"],
            "judged": len(grades),
        }
        for name, ranking in (("ikg", ours), ("tfidf", theirs)):
            m = np.array(
                [
                    ndcg_at(ranking, grades),
                    precision_at(ranking, grades),
                    misranking(ranking, grades),
                ]
            )
            sums[name] += m
            row[name] = {
                "ndcg@10": round(m[0], 4),
                "p@5": round(m[1], 4),
                "misranking": round(m[2], 4),
            }
        per_query.append(row)
    n = max(len(gold), 1)
    summary = {
        name: {
            "ndcg@10": round(v[0] / n, 4),
            "p@5": round(v[1] / n, 4),
            "misranking": round(v[2] / n, 4),
        }
        for name, v in sums.items()
    }
    return {"queries": len(gold), "summary": summary, "per_query": per_query}
