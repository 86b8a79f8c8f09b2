"""`ikg eval experts --gold` on the reviewer-expertise protocol, and its loss."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.experts import protocol
from kg.experts.rank import RankSettings, check_query, parse_query, rank

GOLD = Path(__file__).parent / "data" / "experts_protocol_gold.json"


def test_experts_protocol_pair_loss_weighs_wrong_pairs():
    ratings = [
        {"person": "a", "query": "q1", "rating": 3},
        {"person": "a", "query": "q2", "rating": 1},
        {"person": "a", "query": "q3", "rating": 0},
        {"person": "b", "query": "q1", "rating": 2},
        {"person": "b", "query": "q2", "rating": 0},
    ]
    # a's pairs (weight): q1>q2 (2) wrong, q1>q3 (3) right, q2>q3 (1) right; b's q1>q2 (2) tie
    scores = {("a", "q1"): 0.5, ("a", "q2"): 0.9, ("a", "q3"): 0.1}
    scores |= {("b", "q1"): 0.4, ("b", "q2"): 0.4}
    assert protocol.pair_loss(scores, ratings) == pytest.approx((2 + 2 / 2) / (6 + 2))
    perfect = {("a", "q1"): 3.0, ("a", "q2"): 2.0, ("a", "q3"): 1.0, ("b", "q1"): 1.0}
    assert protocol.pair_loss(perfect, ratings) == 0.0  # b's unscored q2 counts as 0


def test_experts_protocol_gold_shape_is_checked(tmp_path):
    bad = json.loads(GOLD.read_text("utf-8"))
    bad["ratings"].append({"person": "nobody", "query": "q-pyro", "rating": 1})
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(bad), "utf-8")
    with pytest.raises(InputError, match=r"ratings\[12\]"):
        protocol.load(p)


def test_experts_protocol_eval_beats_tfidf_on_small_gold():
    res = protocol.evaluate(protocol.load(GOLD))
    assert res["people"] == 3 and res["queries"] == 4 and res["ratings"] == 12
    assert res["model"] == "multilingual-e5-small-q4+all-MiniLM-L6-v2-int8"
    loss = res["loss"]
    # the Chinese query shares no word with the English profiles: TF-IDF ties everyone
    assert loss["ikg"] < loss["tfidf_max"]
    assert loss["ikg"] <= 0.1


def test_experts_protocol_halves_split_queries():
    data = protocol.load(GOLD)
    even = protocol.evaluate(data, "even")
    odd = protocol.evaluate(data, "odd")
    assert even["queries"] == 2 and odd["queries"] == 2
    assert even["ratings"] + odd["ratings"] == 12


def test_experts_chinese_request_finds_english_works():
    ix, _ = protocol.build_index(protocol.load(GOLD))
    s = RankSettings()
    q = parse_query(ix, check_query("煤气化炉渣的粘度与灰熔融温度", s), s)
    top = rank(ix, q, s, None, 1)[0]
    assert ix.expert_iris[top.expert] == "p-coal"


def test_experts_cli_eval_gold_prints_both_losses(cli):
    r = cli("eval", "experts", "--gold", str(GOLD), "--json")
    assert r.code == 0, r.stderr
    data = r.json()
    assert set(data["loss"]) == {"ikg", "tfidf_max", "tfidf_mean3"}
    text = cli("eval", "experts", "--gold", str(GOLD))
    assert text.code == 0, text.stderr
    assert "ikg" in text.stdout and "tfidf" in text.stdout.lower()
