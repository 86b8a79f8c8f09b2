"""Named chain queries: each SPARQL file parses and has a Cypher twin with the same parameters."""

from __future__ import annotations

import re

from kg.queries import available, load, parameters
from kg.store.oxigraph import OxigraphStore


def test_chains_queries_have_cypher_twins(tmp_path) -> None:
    names = [n for n in available("rq") if n.startswith("chains/")]
    assert len(names) >= 12
    twins = set(available("cypher"))
    store = OxigraphStore(tmp_path / "empty")
    for name in names:
        assert name in twins, f"{name}.cypher is missing"
        rq, cy = load(name), load(name, "cypher")
        cy_params = re.findall(r"^//\s*param:\s*([A-Za-z_]\w*)", cy, flags=re.M)
        assert parameters(rq) == cy_params, name
        for p in cy_params:
            assert f"${p}" in cy, (name, p)
        params = {p: "<https://example.org/x>" if p != "home" else "CHN" for p in parameters(rq)}
        if "q" in params:
            params["q"] = "x"
        # on an empty store a query answers nothing but its own inputs (or a zero count)
        for row in store.select(rq, params):
            for value in row.values():
                assert value is None or value.value in ("https://example.org/x", "0"), (name, row)
