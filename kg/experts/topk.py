"""Per-person sums of the best few scores, vectorised over the flattened contributions.

``rank`` scores a person by their best ``k`` works (``RankSettings.top_k`` / ``text_top_k``).
Sorting all contribution rows by (person, score) costs a two-key sort of up to every row per
query (~100k rows on a 1M-triple store, tens of ms); here the rows are grouped by person once
per index (``kg.experts.rank.rows_by_expert``) and each of the ``k`` rounds takes every group's
maximum with ``np.maximum.reduceat`` and removes it: ``k`` linear passes, no sort.
"""

from __future__ import annotations

import numpy as np


def group_rows(group_of_row: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows ordered by group, stable; start of each non-empty group in that order; the group
    id of each start)."""
    order = np.argsort(group_of_row, kind="stable")
    g = group_of_row[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]]) if g.size else np.zeros(0, np.int64)
    return order, starts, g[starts]


def top_k_sums(values: np.ndarray, starts: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per group (rows ``starts[i]`` up to the next start, groups non-empty): the sum of its
    best ``k`` finite values, added best first, and its number of finite values (``-inf``
    marks a row that is not evidence)."""
    n = values.size
    sums = np.zeros(len(starts), dtype=np.float64)
    if not n or not len(starts):
        return sums, np.zeros(len(starts), dtype=np.int64)
    finite = np.isfinite(values)
    counts = np.add.reduceat(finite.astype(np.int64), starts)
    v = np.where(finite, values, -np.inf).astype(np.float64)
    sizes = np.diff(np.r_[starts, n])
    pos = np.arange(n)
    for _ in range(min(k, int(counts.max()))):
        best = np.maximum.reduceat(v, starts)
        ok = np.isfinite(best)
        sums[ok] += best[ok]
        first = np.minimum.reduceat(np.where(v == np.repeat(best, sizes), pos, n), starts)
        v[first[ok]] = -np.inf
    return sums, counts
