"""experts/candidates on the embedded store: the technology binds inside the path's subquery."""

from __future__ import annotations

import pytest
from test_neo4j_push import TECH, build_sample_store

from kg import queries
from kg.store.base import bind_params


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("candidates")
    return build_sample_store(tmp / "store", tmp)


def _rows(store, tech: str) -> list[tuple[str, int]]:
    rows = store.select(queries.load("experts/candidates"), {"tech": TECH + tech})
    return [(r["e"].value.rsplit("/", 1)[1], int(r["works"].value)) for r in rows]


def test_queries_candidates_counts_works_under_the_bound_technology_only(store):
    # w1 is on bm-pre-steam (e1, e2), w2 on bm-pre-acid and bm-pre-steam (e1, e3); both
    # narrower than bm-pre. Were ?tech not bound inside the subquery, every technology with a
    # path would count (e2 would appear under bm-pre-acid).
    assert sorted(_rows(store, "bm-pre")) == [("e1", 2), ("e2", 1), ("e3", 1)]
    assert sorted(_rows(store, "bm-pre-acid")) == [("e1", 1), ("e3", 1)]
    assert _rows(store, "bm-pre-steam")[0] == ("e1", 2)
    assert _rows(store, "no-such-technology") == []


def test_queries_candidates_tech_is_bound_in_the_subquery():
    bound = bind_params(queries.load("experts/candidates"), {"tech": TECH + "bm-pre"})
    inner = bound[bound.index("SELECT DISTINCT ?sub") :]
    assert inner.index("VALUES (?tech)") < inner.index("skos:broader*") < inner.index("LIMIT")
