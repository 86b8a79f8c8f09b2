"""kg.experts.topk: per-person sums of the best k scores without sorting."""

from __future__ import annotations

import numpy as np

from kg.experts.topk import group_rows, top_k_sums


def _naive(values: np.ndarray, groups: np.ndarray, k: int) -> dict[int, tuple[float, int]]:
    out = {}
    for g in np.unique(groups):
        v = sorted((x for x in values[groups == g] if np.isfinite(x)), reverse=True)
        out[int(g)] = (float(sum(v[:k])), len(v))
    return out


def test_experts_topk_sums_match_a_sort_per_group_with_ties_and_non_evidence():
    rng = np.random.default_rng(3)
    groups = rng.integers(0, 40, 600)
    values = np.round(rng.normal(size=600), 1)  # rounded: many ties inside a group
    values[rng.random(600) < 0.3] = -np.inf  # rows that are not evidence
    rows, starts, group_of = group_rows(groups)
    for k in (1, 3, 5, 50):
        sums, counts = top_k_sums(values[rows], starts, k)
        want = _naive(values, groups, k)
        for g, s, c in zip(group_of.tolist(), sums.tolist(), counts.tolist(), strict=True):
            assert c == want[g][1]
            assert abs(s - want[g][0]) < 1e-9


def test_experts_topk_group_rows_keeps_row_order_inside_a_group():
    rows, starts, group_of = group_rows(np.array([2, 0, 2, 1, 0, 2]))
    assert rows.tolist() == [1, 4, 3, 0, 2, 5]
    assert starts.tolist() == [0, 2, 3]
    assert group_of.tolist() == [0, 1, 2]


def test_experts_topk_group_of_only_non_evidence_sums_to_zero():
    rows, starts, _ = group_rows(np.array([0, 0, 1]))
    sums, counts = top_k_sums(np.array([-np.inf, -np.inf, 2.0]), starts, 3)
    assert sums.tolist() == [0.0, 2.0]
    assert counts.tolist() == [0, 1]


def test_experts_topk_sums_exact_for_groups_of_very_different_sizes():
    # one person with 300 rows beside many with one to three (buckets of widths 1 to 512):
    # each sum is the best-first sum of a sort, to the last bit
    rng = np.random.default_rng(5)
    groups = np.r_[np.zeros(300, dtype=np.int64), rng.integers(1, 200, 300)]
    values = rng.normal(size=600)
    values[rng.random(600) < 0.2] = -np.inf
    rows, starts, group_of = group_rows(groups)
    for k in (1, 5, 400):
        sums, counts = top_k_sums(values[rows], starts, k)
        for g, s, c in zip(group_of.tolist(), sums.tolist(), counts.tolist(), strict=True):
            best = sorted((x for x in values[groups == g] if np.isfinite(x)), reverse=True)[:k]
            total = 0.0
            for x in best:
                total += x
            assert s == total and c == int(np.isfinite(values[groups == g]).sum())
