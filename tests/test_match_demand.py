"""`ikg match`: a demand or free text matched to technologies, experts and institutions."""

from __future__ import annotations

from kg.experts.match import match


def test_match_demand_shape_and_requester(samples_store, cli):
    data = match(samples_store, "dem-001", limit=5)
    assert set(data) == {"demand", "technologies", "experts", "institutions"}
    labels = [t["label"] for t in data["technologies"][:3]]
    assert any("蒸汽爆破" in x or "Steam explosion" in x for x in labels)
    for t in data["technologies"]:
        assert set(t) >= {"iri", "label", "score"}
    assert data["experts"] and all(
        {"iri", "name", "score", "institutions", "evidence"} <= set(e) for e in data["experts"]
    )
    req = data["demand"]["requester"][0]
    for e in data["experts"]:
        assert req not in [i["iri"] for i in e["institutions"]]
    assert req not in [i["iri"] for i in data["institutions"]]
    for i in data["institutions"]:
        assert {"iri", "name", "score", "evidence"} <= set(i) and i["evidence"]


def test_match_text_and_errors(samples_store, cli):
    data = match(samples_store, text="煤矿瓦斯抽采", limit=3)
    assert data["technologies"][0]["iri"].endswith("coal-mining-methane")
    r = cli("match", "--text", "的 了 和", "--store", str(samples_store.path), "--json")
    assert r.code == 2 and "stop-words" in r.stderr
    r = cli("match", "no-such-demand", "--store", str(samples_store.path))
    assert r.code == 2 and "no demand" in r.stderr
