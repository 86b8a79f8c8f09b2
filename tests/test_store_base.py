"""kg.store.base: one row order whatever the store, and list parameters as VALUES rows."""

from __future__ import annotations

import random

import pyoxigraph as ox

from kg.store.base import bind_params, stable_rows
from kg.store.oxigraph import OxigraphStore

EX = "https://example.org/"


def _rows() -> list[dict]:
    a, b = ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b")
    return [
        {"s": b, "label": ox.Literal("乙", language="zh")},
        {"s": a, "label": ox.Literal("Zeta", language="en")},
        {"s": a, "label": ox.Literal("甲", language="zh")},
        {"s": a, "label": ox.Literal("alpha")},
        {"s": a, "label": ox.Literal("Alpha", language="en")},
        {"s": a, "label": None},
        {"s": b, "label": ox.Literal("Beta", language="de")},
    ]


def test_store_base_stable_rows_one_order_for_any_input_order() -> None:
    want = stable_rows(_rows())
    for seed in range(5):
        shuffled = _rows()
        random.Random(seed).shuffle(shuffled)
        assert stable_rows(shuffled) == want
    labels = [r["label"].value if r["label"] else None for r in want]
    # per subject: unbound, then English (lexical), untagged, other languages
    assert labels == [None, "Alpha", "Zeta", "alpha", "甲", "Beta", "乙"]


def test_store_base_stable_rows_preferred_language() -> None:
    first = stable_rows(_rows(), lang="zh")[1]["label"]
    assert first.value == "甲"


def test_store_base_bind_params_list_is_one_row_per_value(tmp_path) -> None:
    st = OxigraphStore(tmp_path / "s")
    with st.writer() as w:
        w.update(
            f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}p> 1 . <{EX}b> <{EX}p> 2 . "
            f"<{EX}c> <{EX}p> 3 . }} }}"
        )
    q = "SELECT ?s ?o WHERE { ?s ?p ?o }"
    got = st.select(q, {"s": [EX + "c", EX + "a"]})
    assert sorted((r["s"].value, int(r["o"].value)) for r in got) == [(EX + "a", 1), (EX + "c", 3)]
    assert st.select(q, {"s": []}) == []  # no value: no row
    text = bind_params(q, {"s": [EX + "b", EX + "a"], "p": EX + "p"})
    assert f"(<{EX}a> <{EX}p>) (<{EX}b> <{EX}p>)" in text
