"""The expert index on disk: rows parsed on access, vectors memory-mapped, older files read."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kg.experts import storage
from kg.experts.contrib import Contrib
from kg.experts.index import ExpertIndex, get_index
from kg.experts.rank import search
from kg.experts.semantic import DenseVectors
from kg.experts.storage import LazyRows
from kg.experts.topk import group_rows


def test_experts_storage_lazy_rows_convert_once_on_access() -> None:
    calls: list[int] = []

    def get(i: int) -> str:
        calls.append(i)
        return f"row{i}"

    rows = LazyRows(4, get)
    assert len(rows) == 4 and calls == []
    assert rows[2] == "row2" and rows[2] == "row2" and rows[-1] == "row3"
    assert calls == [2, 3]  # the second read of row 2 was not converted again
    assert rows[1:3] == ["row1", "row2"] and list(rows) == ["row0", "row1", "row2", "row3"]
    with pytest.raises(IndexError):
        rows[4]


def test_experts_storage_dense_vectors_memory_mapped(tmp_path: Path) -> None:
    v = np.random.default_rng(1).standard_normal((5, 8)).astype(np.float32)
    v[2] = 0  # a work without text
    DenseVectors("m", list("abcde"), list("12345"), v).save(tmp_path / "dense.npz")
    with np.load(tmp_path / "dense.npz") as z:  # saved: a query process does not scan vectors
        assert z["has"].tolist() == [True, True, False, True, True]
        pairs = z["pairs"]  # random pairs' cosines (the dense floor), none with the zero row
    fresh = DenseVectors("m", list("abcde"), list("12345"), v).pair_cosines
    assert len(pairs) > 100 and np.array_equal(pairs, fresh)
    assert not np.isclose(pairs, 0).any()  # pairs with the zero row were dropped
    back = DenseVectors.load(tmp_path / "dense.npz")
    assert back.size == 5 and back.has_vector.tolist() == [True, True, False, True, True]
    assert back.model == "m" and back.keys == list("abcde") and back.hashes == list("12345")
    assert isinstance(back.vectors, np.memmap) and np.array_equal(back.vectors, v)


def test_experts_storage_reads_older_float16_vectors(tmp_path: Path) -> None:
    """An index written before the .npy (format 1) still carries its vectors over."""
    v = np.eye(3, 4, dtype=np.float32)
    np.savez(
        tmp_path / "old.npz",
        format=np.array(1),
        model=np.array("m"),
        keys=np.array(["a", "b", "c"]),
        hashes=np.array(["1", "2", "3"]),
        vectors=v.astype(np.float16),
    )
    old = DenseVectors.load(tmp_path / "old.npz")
    assert old.vectors.dtype == np.float32 and np.array_equal(old.vectors, v)


def test_experts_storage_round_trip_keeps_work_lists_and_groups(samples_store, tmp_path) -> None:
    ix = get_index(samples_store)
    storage.save(ix, tmp_path / "v")
    with np.load(tmp_path / "v" / "arrays.npz") as z:  # the lists live in arrays, not JSON
        assert {"expert_works", "tech_works", "expert_rows"} <= set(z.files)
    back = ExpertIndex()
    assert storage.load(back, tmp_path / "v", Contrib)
    assert [list(w) for w in back.expert_works] == [list(w) for w in ix.expert_works]
    assert back.tech_works.keys() == ix.tech_works.keys()
    assert all(np.array_equal(back.tech_works[k], v) for k, v in ix.tech_works.items())
    want = group_rows(ix.cf_expert)
    assert back.expert_rows is not None
    assert all(np.array_equal(a, b) for a, b in zip(back.expert_rows, want, strict=True))
    assert back.taxonomy.label_index == ix.taxonomy.label_index
    assert list(back.work_type) == list(ix.work_type) and back.type_codes is not None
    assert back.type_codes[0] == sorted(set(ix.work_type))  # codes read by weights.py
    last = len(ix.work_iris) - 1  # works.jsonl memory-mapped: rows parsed on access
    assert back.work_title[last] == ix.work_title[last]
    assert back.work_contribs[last] == ix.work_contribs[last]
    query = "cellulosic ethanol pretreatment"
    assert search(samples_store, query, index=back) == search(samples_store, query, index=ix)
