"""Whole-text requests: standardized relevance and the mean of a person's best works."""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from kg.experts import hybrid, protocol
from kg.experts.rank import (
    RankSettings,
    check_query,
    contribution_weight,
    parse_query,
    rank,
    text_relevance,
)

GOLD = Path(__file__).parent / "data" / "experts_protocol_gold.json"
REQUEST = (
    "We need help with fast pyrolysis of lignocellulosic biomass: bio-oil yield, char and "
    "the reactor temperature, and upgrading the oil for fuel use."
)


def test_experts_textmode_standardize_is_in_standard_deviations() -> None:
    x = np.array([1.0, 2.0, 3.0, 10.0])
    z = hybrid.standardize(x, np.array([True, True, True, False]))
    assert z[:3] == pytest.approx([-1.2247449, 0.0, 1.2247449])  # mean 2, sd 0.8165 of the first 3
    assert hybrid.standardize(np.ones(4)).tolist() == [0.0] * 4  # no spread: nothing stands out


def test_experts_textmode_score_is_mean_of_best_works() -> None:
    ix, _ = protocol.build_index(protocol.load(GOLD))
    s = replace(RankSettings(), text_top_k=2)
    q = parse_query(ix, check_query(REQUEST, s), s)
    assert q.mode == "text"
    rel = text_relevance(ix, q, s)
    assert abs(float(rel.mean())) < 1e-6  # standardized over the index's works
    ranked = rank(ix, q, s, None, 0)
    assert ix.expert_iris[ranked[0].expert] == "p-pyro"
    for r in ranked:  # papers, no recency in text mode: relevance + ln(contribution weight)
        mine = [
            float(rel[w]) + np.log(contribution_weight(c, s)[0])
            for w, cs in enumerate(ix.work_contribs)
            for c in cs
            if c.expert == r.expert
        ]
        best = sorted(mine, reverse=True)[:2]
        assert r.score == pytest.approx(sum(best) / len(best), abs=1e-6)


def test_experts_textmode_scores_do_not_depend_on_request_length() -> None:
    """A request and the same request twice over: the same standardized scores (an absolute
    cosine would move with the request's vocabulary)."""
    ix, _ = protocol.build_index(protocol.load(GOLD))
    s = RankSettings()
    one = {r.expert: r.score for r in rank(ix, parse_query(ix, REQUEST, s), s)}
    two = {r.expert: r.score for r in rank(ix, parse_query(ix, f"{REQUEST} {REQUEST}", s), s)}
    assert one.keys() == two.keys()
    for e in one:
        assert two[e] == pytest.approx(one[e], abs=0.35)
    assert sorted(one, key=one.get) == sorted(two, key=two.get)


def test_experts_textmode_english_request_needs_no_e5_on_english_works() -> None:
    ix, _ = protocol.build_index(protocol.load(GOLD))  # every work English
    s = RankSettings()
    q = parse_query(ix, REQUEST, s)
    assert q.vector is None and q.vector_en is not None
    assert q.used["model"] == "all-MiniLM-L6-v2-int8"
    zh = parse_query(ix, "煤气化炉渣的粘度与灰熔融温度，以及气化炉的运行和排渣问题", s, mode="text")
    assert zh.vector is not None and zh.vector_en is None  # Chinese: e5 meets English works
    assert zh.used["model"] == "multilingual-e5-small-q4"
    mixed = replace(s, english_share=0.5)  # e5 takes part: it is encoded
    assert parse_query(ix, REQUEST, mixed).vector is not None


def test_experts_textmode_zero_weight_type_is_not_evidence() -> None:
    ix, _ = protocol.build_index(protocol.load(GOLD))  # every work is a paper
    s = replace(RankSettings(), type_weights={"paper": 0.0})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no divide-by-zero warning reaches the user
        assert rank(ix, parse_query(ix, REQUEST, s), s) == []
